"""Inbound mapping in the running gateway: HL7v2 over MLLP and FHIR over REST, per-sender
profiles, failures journaled and replayed after the profile is fixed, SIGHUP reload."""

import json
import os
import shutil
import signal
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from harness import MAPPINGS_DIR, Gateway, MllpConnection, field, segments_of


def segment(name, fields):
    """A segment from {field number: value}; the fields not given are empty."""
    values = [""] * max(fields)
    for number, value in fields.items():
        values[number - 1] = value
    return "|".join([name] + values)


def rde(control_id, sender="CLINICEHR", dose="0.5", visit="V1001"):
    """Ketamine for depression: 0.5 mg/kg over 40 min, a series of 6, 1 mg/mL."""
    segments = [
        f"MSH|^~\\&|{sender}|NORTHCLINIC|TITRATE|INFUSION|20261121083000-0500||RDE^O11^RDE_O11|{control_id}|P|2.5.1",
        "PID|1||MRN5531^^^NORTHCLINIC^MR||Testpatient^Robin||19750212|F",
        segment("PV1", {1: "1", 2: "O", 3: "INF^02^B", 19: visit}),
        segment("ORC", {1: "NW", 2: "ORD-7781^CLINICEHR", 12: "1234^Prescriber^Pat"}),
        segment("RXE", {2: "KETAMINE^Ketamine^L", 3: dose, 5: "mg/kg", 25: "1", 26: "mg", 33: "1", 34: "mL"}),
        segment("TQ1", {1: "1", 7: "20261121090000-0500", 13: "40^min", 14: "6"}),
        "RXR|IV^Intravenous^HL70162",
    ]
    return ("\r".join(segments) + "\r").encode()


class MappingPipelineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mappings = tempfile.mkdtemp(prefix="titrate-mappings-")
        for name in os.listdir(MAPPINGS_DIR):
            if name.endswith(".json"):
                shutil.copy(os.path.join(MAPPINGS_DIR, name), cls.mappings)
        cls.write_strict_profile(required=["PV1-19"])
        cls.gw = Gateway(extra={"mappings_dir": cls.mappings}).start()

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()

    @classmethod
    def write_strict_profile(cls, required, broken=False):
        profile = {"name": "strict-ehr", "match": {"sending_application": "STRICTEHR"}, "required": required}
        if broken:
            profile["requried"] = []
        with open(os.path.join(cls.mappings, "strict-ehr.json"), "w") as f:
            json.dump(profile, f)

    def mllp(self, payload):
        c = MllpConnection(self.gw.port())
        try:
            return c.exchange(payload)
        finally:
            c.close()

    def post(self, path, body, headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.gw.http_port}{path}", data=data, method="POST",
                                         headers={"Content-Type": "application/fhir+json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def row(self, control_id):
        rows = [r for r in self.gw.journal_rows() if r["control_id"] == control_id]
        self.assertEqual(len(rows), 1, rows)
        return rows[0]

    def test_a_mappable_order_is_accepted_and_counted(self):
        ack = self.mllp(rde("MAP-OK-1"))
        self.assertEqual(field(ack, "MSA", 1), "AA")
        self.assertEqual(self.row("MAP-OK-1")["state"], "accepted")
        metrics = urllib.request.urlopen(f"http://127.0.0.1:{self.gw.http_port}/metrics", timeout=5).read().decode()
        orders = [l for l in metrics.splitlines() if l.startswith("titrate_mapped_orders_total ")]
        self.assertGreaterEqual(int(orders[0].split()[1]), 1)

    def test_an_unmappable_order_gets_ae_naming_the_field_and_stays_failed(self):
        ack = self.mllp(rde("MAP-BAD-1", dose="lots"))
        self.assertEqual(field(ack, "MSA", 1), "AE")
        errs = [s for s in segments_of(ack) if s[0] == b"ERR"]
        self.assertTrue(errs)
        self.assertTrue(errs[0][2].startswith(b"RXE^1^3"), errs[0])
        self.assertEqual(self.row("MAP-BAD-1")["state"], "failed")

    def test_fix_the_profile_then_replay_and_sighup(self):
        ack = self.mllp(rde("STRICT-1", sender="STRICTEHR", visit=""))
        self.assertEqual(field(ack, "MSA", 1), "AE")
        self.assertIn(b"PV1^1^19", ack)
        entry = self.row("STRICT-1")
        self.assertEqual(entry["state"], "failed")

        # A broken profile is refused on SIGHUP; the previous profiles stay in force.
        self.write_strict_profile(required=["PV1-19"], broken=True)
        self.gw.process.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        self.assertIn("not reloaded", self.gw.log())
        self.assertEqual(field(self.mllp(rde("STRICT-2", sender="STRICTEHR", visit="")), "MSA", 1), "AE")

        # Fixed: the journaled message replays, and new messages map after SIGHUP.
        self.write_strict_profile(required=[])
        result = self.gw.cli("journal", "replay", str(entry["id"]))
        self.assertIn(b"accepted", result.stdout)
        self.assertEqual(self.row("STRICT-1")["state"], "accepted")
        self.gw.process.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        self.assertIn("mapping profiles reloaded", self.gw.log())
        self.assertEqual(field(self.mllp(rde("STRICT-3", sender="STRICTEHR", visit="")), "MSA", 1), "AA")

    def test_fhir_patient_is_created(self):
        status, headers, body = self.post("/fhir/Patient", {
            "resourceType": "Patient",
            "identifier": [{"system": "urn:oid:2.16.840.1.113883.3.9999.1", "value": "MRN9001",
                            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]}}],
            "name": [{"family": "Testpatient", "given": ["Quinn"]}], "gender": "female", "birthDate": "1982-04-01"})
        self.assertEqual(status, 201, body)
        created = json.loads(body)
        self.assertEqual(created["resourceType"], "Patient")
        self.assertTrue(created["id"])
        self.assertEqual(created["meta"]["versionId"], "1")
        self.assertEqual(headers["Location"], f"/fhir/Patient/{created['id']}/_history/1")
        self.assertIn("fhir+json", headers["Content-Type"])

    def test_fhir_invalid_medication_request_gets_422_with_the_expression(self):
        status, _, body = self.post("/fhir/MedicationRequest", {
            "resourceType": "MedicationRequest", "status": "active", "intent": "order",
            "medicationCodeableConcept": {"text": "ketamine"}})
        self.assertEqual(status, 422, body)
        outcome = json.loads(body)
        self.assertEqual(outcome["resourceType"], "OperationOutcome")
        expressions = [e for i in outcome["issue"] for e in i.get("expression", [])]
        self.assertIn("MedicationRequest.subject", expressions)

    def test_fhir_wrong_url_unparseable_and_unsupported(self):
        status, _, body = self.post("/fhir/Patient", {"resourceType": "Observation", "status": "final"})
        self.assertEqual(status, 400, body)
        status, _, _ = self.post("/fhir/Patient", b"{not json")
        self.assertEqual(status, 400)
        status, _, _ = self.post("/fhir/Device", {"resourceType": "Device"})
        self.assertEqual(status, 404)
        status, _, _ = self.post("/fhir/Patient", {"resourceType": "Patient"}, {"Content-Type": "text/plain"})
        self.assertEqual(status, 415)

    def test_fhir_transaction_bundle_and_if_none_exist(self):
        bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
            {"fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
             "resource": {"resourceType": "Patient", "identifier": [{"value": "MRN9002", "type": {"coding": [
                 {"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]}}]},
             "request": {"method": "POST", "url": "Patient"}},
            {"fullUrl": "urn:uuid:88f151c0-a954-468a-88bd-5ae15c08e059",
             "resource": {"resourceType": "MedicationRequest", "status": "active", "intent": "order",
                          "subject": {"reference": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"},
                          "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130", "display": "ketamine"}]},
                          "dosageInstruction": [{"doseAndRate": [{"rateQuantity": {"value": 22, "unit": "mg/h", "system": "http://unitsofmeasure.org", "code": "mg/h"}}]}]},
             "request": {"method": "POST", "url": "MedicationRequest"}}]}
        headers = {"If-None-Exist": "identifier=MRN9002"}
        status, _, body = self.post("/fhir", bundle, headers)
        self.assertEqual(status, 200, body)
        response = json.loads(body)
        self.assertEqual(response["type"], "transaction-response")
        self.assertEqual([e["response"]["status"] for e in response["entry"]], ["201 Created", "201 Created"])
        again_status, _, again = self.post("/fhir", bundle, headers)
        self.assertEqual(again_status, 200)
        self.assertEqual(again, body)
        bundles = [r for r in self.gw.journal_rows() if r["type"] == "Bundle^transaction"]
        self.assertEqual(len(bundles), 1)

    def test_oversized_fhir_body(self):
        status, _, _ = self.post("/fhir/Patient", b"{" + b" " * (5 << 20) + b"}")
        self.assertEqual(status, 413)


if __name__ == "__main__":
    unittest.main()
