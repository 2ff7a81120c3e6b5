"""The audit trail end to end: a gateway with bearer auth, two MLLP channels and a push
destination; one interaction of every kind (messages accepted and rejected, FHIR reads, searches,
refusals, a push, a configuration reload, start and stop), then the AuditEvents searched through
/fhir/AuditEvent, checked against both FHIR validators, and still there after a restart."""

import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from fake_ehr import FakeEhr
from harness import TITRATE_BIN, Gateway, MllpConnection, check_fhir_schema, default_channel, field, make_message
from test_auth import AUDIENCE, ISSUER, Signer

DCM = "http://dicom.nema.org/resources/ontology/DCM"


class AuditTrailTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="titrate-audit-")
        cls.signer = Signer(cls.folder, "rsa-1", "RS384")
        jwks = os.path.join(cls.folder, "jwks.json")
        with open(jwks, "w") as f:
            json.dump({"keys": [cls.signer.jwk]}, f)
        cls.ehr = FakeEhr()
        push = {"name": "north-ehr", "base_url": cls.ehr.base_url, "resource_types": ["Patient"],
                "initial_backoff_ms": 20, "max_backoff_ms": 200}
        cls.gw = Gateway(
            channels=[default_channel(),
                      default_channel(name="strict", allowed_senders=[{"application": "LAB"}])],
            extra={"auth": {"jwks_file": jwks, "issuer": ISSUER, "audience": AUDIENCE},
                   "push": [push]},
            args=["--auth", "required"]).start()
        cls.base = f"http://127.0.0.1:{cls.gw.http_port}/fhir"
        cls.reader = cls.signer.token("system/*.rs")
        cls.auditor = cls.signer.token("system/AuditEvent.rs")
        cls.drive_every_interaction()

    @classmethod
    def tearDownClass(cls):
        if cls.gw.process.poll() is None:
            cls.gw.terminate()
        cls.ehr.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    @classmethod
    def get(cls, path, token=None):
        headers = {"Accept": "application/fhir+json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        request = urllib.request.Request(cls.base + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    @classmethod
    def wait_for(cls, predicate, what, timeout=20.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if predicate():
                return
            time.sleep(0.1)
        raise AssertionError("timed out waiting for " + what)

    @classmethod
    def drive_every_interaction(cls):
        conn = MllpConnection(cls.gw.port())
        cls.accepted_ack = conn.exchange(make_message("AUD1"))
        conn.close()
        conn = MllpConnection(cls.gw.port("strict"))
        cls.rejected_ack = conn.exchange(make_message("AUD2"))
        conn.close()
        cls.wait_for(lambda: any(t == "Patient" for t, _ in cls.ehr.snapshot()[1]), "the push")
        cls.patient_query = "identifier=" + urllib.parse.quote("urn:titrate:authority:NORTHCLINIC|MRNAUD1")
        status, bundle = cls.get("/Patient?" + cls.patient_query, cls.reader)
        assert status == 200 and bundle["total"] == 1, bundle
        cls.patient_id = bundle["entry"][0]["resource"]["id"]
        assert cls.get("/Patient/" + cls.patient_id, cls.reader)[0] == 200
        cls.unauthenticated = cls.get("/MedicationAdministration")[0]
        cls.forbidden = cls.get("/Patient/" + cls.patient_id, cls.signer.token("system/Observation.rs"))[0]
        writer = urllib.request.Request(
            cls.base + "/Patient", data=b'{"resourceType": "Patient", "gender": "no-such-code"}',
            method="POST", headers={"Content-Type": "application/fhir+json",
                                    "Authorization": "Bearer " + cls.signer.token("system/*.cruds")})
        try:
            urllib.request.urlopen(writer, timeout=10)
            cls.write_status = 201
        except urllib.error.HTTPError as e:
            cls.write_status = e.code
        cls.gw.process.send_signal(signal.SIGHUP)
        cls.wait_for(lambda: "mapping profiles reloaded" in cls.gw.log(), "the reload")

    def search(self, query, expected=None):
        """The AuditEvents matching `query`, waiting (the trail writes in the background) until there
        are `expected` of them."""
        found = []

        def fetch():
            nonlocal found
            status, bundle = self.get("/AuditEvent?_count=500&" + query, self.auditor)
            self.assertEqual(status, 200, bundle)
            found = [entry["resource"] for entry in bundle.get("entry", [])]
            return expected is None or len(found) >= expected

        self.wait_for(fetch, query)
        return found

    @staticmethod
    def details(event):
        return {d["type"]: d["valueString"] for e in event.get("entity", []) for d in e.get("detail", [])}

    def test_inbound_messages_accepted_and_rejected(self):
        self.assertEqual(field(self.accepted_ack, "MSA", 1), "AA")
        self.assertEqual(field(self.rejected_ack, "MSA", 1), "AR")
        events = self.search("type=" + urllib.parse.quote(DCM + "|110107"), expected=2)
        by_control_id = {self.details(e)["MSH-10"]: e for e in events}
        self.assertEqual(set(by_control_id), {"AUD1", "AUD2"})
        accepted, rejected = by_control_id["AUD1"], by_control_id["AUD2"]
        self.assertEqual((accepted["outcome"], rejected["outcome"]), ("0", "4"))
        self.assertEqual(accepted["action"], "C")
        self.assertEqual(accepted["subtype"][0]["code"], "A04")
        self.assertEqual(accepted["agent"][0]["name"], "CLINICEHR|NORTHCLINIC")
        self.assertEqual(accepted["agent"][0]["network"], {"address": "127.0.0.1", "type": "2"})
        self.assertEqual(self.details(rejected)["channel"], "strict")
        # The record names the message, never its content.
        self.assertNotIn("Testpatient", json.dumps(events))

    def test_fhir_reads_and_searches_name_the_client_and_what_was_read(self):
        reads = self.search("subtype=read&entity=Patient/" + self.patient_id, expected=1)
        ok = [e for e in reads if e["outcome"] == "0"]
        self.assertEqual(len(ok), 1)
        self.assertEqual(ok[0]["action"], "R")
        self.assertEqual(ok[0]["agent"][0]["name"], "ehr-backend")
        self.assertTrue(ok[0]["agent"][0]["requestor"])
        self.assertEqual(ok[0]["entity"][0]["what"]["reference"], f"Patient/{self.patient_id}/_history/1")
        searches = self.search("subtype=search-type&agent-name=ehr-backend", expected=1)
        queries = [base64.b64decode(e["entity"][0]["query"]).decode() for e in searches]
        self.assertIn(self.patient_query, queries)

    def test_refused_requests_are_recorded(self):
        self.assertEqual((self.unauthenticated, self.forbidden), (401, 403))
        refused = self.search("outcome=4&type=rest", expected=2)
        by_text = {e["outcomeDesc"]: e for e in refused}
        self.assertIn("HTTP 401", by_text)
        self.assertIn("HTTP 403", by_text)
        self.assertNotIn("name", by_text["HTTP 401"]["agent"][0])  # no valid token: only the address
        self.assertEqual(by_text["HTTP 403"]["agent"][0]["name"], "ehr-backend")

    def test_fhir_writes_are_recorded_with_their_outcome(self):
        writes = self.search("subtype=create", expected=1)
        self.assertEqual(len(writes), 1)
        self.assertEqual(writes[0]["action"], "C")
        self.assertEqual(writes[0]["outcome"], "0" if self.write_status < 400 else "4")
        self.assertEqual(writes[0]["agent"][0]["name"], "ehr-backend")

    def test_pushes_are_exports(self):
        exports = self.search("type=" + urllib.parse.quote(DCM + "|110106") + "&outcome=0", expected=1)
        self.assertTrue(any(e["entity"][0]["what"]["reference"].startswith(f"Patient/{self.patient_id}/_history/")
                            for e in exports), exports)
        self.assertEqual(exports[0]["agent"][1]["name"], "north-ehr")

    def test_configuration_reload_and_start(self):
        reloads = self.search("subtype=" + urllib.parse.quote(DCM + "|110131"), expected=1)
        self.assertEqual(reloads[0]["outcome"], "0")
        self.assertEqual(len(self.search("subtype=" + urllib.parse.quote(DCM + "|110120"), expected=1)), 1)

    def test_the_audit_trail_needs_its_own_scope(self):
        status, _ = self.get("/AuditEvent", self.signer.token("system/Patient.rs"))
        self.assertEqual(status, 403)

    def test_every_audit_event_passes_both_validators(self):
        self.search("subtype=" + urllib.parse.quote(DCM + "|110131"), expected=1)
        events = self.search("")
        self.assertGreaterEqual(len(events), 8)
        check_fhir_schema(self, events)
        folder = tempfile.mkdtemp(prefix="titrate-audit-events-")
        files = []
        for i, event in enumerate(events):
            files.append(os.path.join(folder, f"{i}.json"))
            with open(files[-1], "w") as f:
                json.dump(event, f)
        result = subprocess.run([TITRATE_BIN, "validate", "--config", self.gw.config_path, *files],
                                capture_output=True, text=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_zz_the_trail_survives_a_restart_with_the_stop_recorded(self):
        self.search("subtype=" + urllib.parse.quote(DCM + "|110131"), expected=1)
        self.assertEqual(self.gw.terminate(), 0)
        self.gw.start()
        type(self).base = f"http://127.0.0.1:{self.gw.http_port}/fhir"
        self.assertEqual(len(self.search("subtype=" + urllib.parse.quote(DCM + "|110121"), expected=1)), 1)
        self.assertEqual(len(self.search("subtype=" + urllib.parse.quote(DCM + "|110120"), expected=2)), 2)
        self.assertGreaterEqual(len(self.search("type=" + urllib.parse.quote(DCM + "|110107"))), 2)


if __name__ == "__main__":
    unittest.main()
