"""The FHIR R4 read API end to end: data fed through the real pipeline (HL7v2 ADT, RDE and ORM
over MLLP, a FHIR transaction, pump and monitor events from the fake pump fleet), then every
search parameter of every resource type queried with the real curl binary: a hit and a miss
each, paging through next links, sorting, ETag / If-None-Match, Last-Modified, vread, errors
as OperationOutcomes and /fhir/metadata."""

import email.utils
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.parse

from harness import (REPO, TITRATE_BIN, FakePumpFleet, Gateway, MllpConnection, check_fhir_schema,
                     fhir_resources, field)
from test_pipeline import adt_with_weight, hl7_now, message, msh, pcd10, pid, pump_status, rde

MRN_SYSTEM = "urn:titrate:authority:NORTHCLINIC"
FHIR_MRN_SYSTEM = "https://fhir.northwind.example/mrn"
NEVER = "urn:nowhere|nobody"


def orm_obr(control_id, mrn, placer):
    """ORM^O01 with ORC + OBR (no RXO): a referral, returned as a ServiceRequest."""
    return message(msh(control_id, "ORM^O01^ORM_O01"), pid(mrn),
                   f"PV1|1|O|INF^CHAIR9^1||||||||||||||||V{mrn}^^^NORTHCLINIC^VN",
                   f"ORC|NW|{placer}^NORTHCLINIC|||||||{hl7_now()}",
                   f"OBR|1|{placer}^NORTHCLINIC||6130^ketamine^RXNORM||||||||||||4401^Welby^Marcus"
                   "|||||||||||^Q1W^^20261123090000+0000",
                   "DG1|1||F33.2^Major depressive disorder, recurrent severe^I10")


def monitor_vitals(control_id, mrn):
    """The PCD-01 monitor fixture for another patient: BP panel, heart rate, resp rate, SpO2."""
    with open(os.path.join(REPO, "tests", "fixtures", "pcd", "pcd01_monitor_vitals.hl7"), "rb") as f:
        text = f.read().decode()
    text = text.replace("KM0001", control_id).replace("KT100234", mrn)
    return text.encode()


def referral_bundle():
    patient = {"resourceType": "Patient",
               "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                                    "code": "MR"}]},
                               "system": FHIR_MRN_SYSTEM, "value": "MRN-0042117"}],
               "name": [{"family": "Quill", "given": ["Rowan"]}], "gender": "female",
               "birthDate": "1986-04-17"}
    referral = {"resourceType": "ServiceRequest",
                "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                                     "code": "PLAC"}]},
                                "system": "https://fhir.northwind.example/referrals", "value": "REF-7781"}],
                "status": "active", "intent": "order", "code": {"text": "Ketamine infusion series"},
                "orderDetail": [{"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                                             "code": "6130", "display": "ketamine"}]}],
                "subject": {"reference": "urn:uuid:0c3e4f5a-0000-4000-8000-000000000001"},
                "authoredOn": "2026-11-19T15:12:00+00:00"}
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:0c3e4f5a-0000-4000-8000-000000000001", "resource": patient,
         "request": {"method": "POST", "url": "Patient"}},
        {"fullUrl": "urn:uuid:0c3e4f5a-0000-4000-8000-000000000002", "resource": referral,
         "request": {"method": "POST", "url": "ServiceRequest"}}]}


class Curl:
    """The real curl binary: status, headers (lower-case names) and body of one request."""

    def __init__(self, base):
        self.base = base
        self.dir = tempfile.mkdtemp(prefix="titrate-curl-")

    def __call__(self, path_or_url, headers=(), method="GET", data=None):
        url = path_or_url if path_or_url.startswith("http") else self.base + path_or_url
        head, body = os.path.join(self.dir, "head"), os.path.join(self.dir, "body")
        for stale in (head, body):  # curl leaves the file alone when there is no body
            if os.path.exists(stale):
                os.remove(stale)
        args = ["curl", "-sS", "-g", "-X", method, "-D", head, "-o", body, "-w", "%{http_code}",
                "--max-time", "20"]
        for h in headers:
            args += ["-H", h]
        if data is not None:
            args += ["--data-binary", "@-"]
        result = subprocess.run(args + [url], input=data, capture_output=True, timeout=30)
        if result.returncode != 0:
            raise AssertionError(f"curl {url} failed: {result.stderr.decode()}")
        with open(head, errors="replace") as f:
            lines = f.read().splitlines()
        header_map = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                header_map[name.strip().lower()] = value.strip()
        content = b""
        if os.path.exists(body):
            with open(body, "rb") as f:
                content = f.read()
        return int(result.stdout), header_map, content

    def json(self, path, expect=200, headers=()):
        status, _, content = self(path, headers)
        if status != expect:
            raise AssertionError(f"GET {path}: {status} (expected {expect}): {content[:2000]}")
        return json.loads(content)


def q(value):
    return urllib.parse.quote(value, safe="")


def token(identifier):
    return q(f"{identifier['system']}|{identifier['value']}")


class FhirApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pumps = FakePumpFleet()
        extra = {"pump_endpoint": {"host": "127.0.0.1", "port": cls.pumps.port,
                                   "timeout_seconds": 5, "attempts": 2}}
        cls.gateway = Gateway(extra=extra).start()
        cls.base = f"http://127.0.0.1:{cls.gateway.http_port}/fhir"
        cls.curl = Curl(cls.base)
        cls.feed()

    @classmethod
    def tearDownClass(cls):
        cls.gateway.terminate()
        cls.pumps.close()

    @classmethod
    def send(cls, conn, payload):
        ack = conn.exchange(payload)
        assert field(ack, "MSA", 1) in ("AA", "CA"), ack

    @classmethod
    def feed(cls):
        gw = cls.gateway
        conn = MllpConnection(gw.port())
        try:
            cls.send(conn, pump_status("P1"))
            cls.send(conn, adt_with_weight("A1", "MRN100"))
            cls.send(conn, rde("R1", "MRN100", "ORD100"))
            program = cls.pumps.wait_for_programs(1)[0]
            program_id = field(program, "ORC", 2).split("^")[0]
            cls.send(conn, pcd10("E1", "MRN100", program_id, "START", "0.0"))
            cls.send(conn, pcd10("E2", "MRN100", program_id, "COMP", "40.0", status="not-delivering"))
            cls.send(conn, monitor_vitals("V1", "MRN100"))
            cls.send(conn, adt_with_weight("A2", "MRN200"))
            cls.send(conn, rde("R2", "MRN200", "ORD200", dose="5"))  # a hard limit: rejected
            cls.send(conn, orm_obr("O1", "MRN300", "PLC300"))
        finally:
            conn.close()
        status, _, content = cls.curl("", ["Content-Type: application/fhir+json"], "POST",
                                      json.dumps(referral_bundle()).encode())
        assert status == 200, content
        cls.wait_for(lambda: cls.total("/MedicationAdministration?status=completed") == 1
                     and cls.total("/MedicationRequest?status=cancelled") >= 1
                     and cls.total("/ServiceRequest") == 2
                     and cls.total("/Patient") >= 4
                     and cls.total("/Observation?category=vital-signs") >= 4, "the store to fill")

    @classmethod
    def total(cls, path):
        return cls.curl.json(path)["total"]

    @staticmethod
    def wait_for(predicate, what, timeout=30.0):
        deadline = time.time() + timeout
        while not predicate():
            if time.time() > deadline:
                raise AssertionError("timed out waiting for " + what)
            time.sleep(0.1)

    def search(self, type_and_query):
        return self.curl.json("/" + type_and_query)

    def ids(self, type_and_query):
        return {e["resource"]["id"] for e in self.search(type_and_query).get("entry", [])}

    def hit_and_miss(self, resource_type, name, hit, miss, expect_id):
        hits = self.ids(f"{resource_type}?{name}={hit}")
        self.assertIn(expect_id, hits, f"{resource_type}?{name}={hit}")
        misses = self.ids(f"{resource_type}?{name}={miss}")
        self.assertNotIn(expect_id, misses, f"{resource_type}?{name}={miss}")

    def all_of(self, resource_type):
        return [e["resource"] for e in self.search(f"{resource_type}?_count=500").get("entry", [])]

    def check_last_updated(self, resource_type, resource):
        updated = resource["meta"]["lastUpdated"]
        self.hit_and_miss(resource_type, "_lastUpdated", q("ge" + updated), "lt2000-01-01", resource["id"])

    # --- what the store holds ----------------------------------------------------------------

    def test_every_stored_resource_is_valid_for_both_validators(self):
        resources = [r for t in ("MedicationAdministration", "Observation", "MedicationRequest",
                                 "ServiceRequest", "Patient", "DetectedIssue", "Device")
                     for r in fhir_resources(self.base, t)]
        self.assertGreaterEqual(len({r["resourceType"] for r in resources}), 6)
        check_fhir_schema(self, resources)  # the official R4 JSON schema, with Ajv
        folder = tempfile.mkdtemp(prefix="titrate-stored-")
        files = []
        for i, resource in enumerate(resources):
            files.append(os.path.join(folder, f"{i:04d}.json"))
            with open(files[-1], "w") as f:
                json.dump(resource, f)
        result = subprocess.run([TITRATE_BIN, "validate", "--profiles", os.path.join(REPO, "fhir-profiles"),
                                 *files], capture_output=True, text=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    # --- search parameters, per type ---------------------------------------------------------

    def test_medication_administration_search_parameters(self):
        ma = self.search("MedicationAdministration?status=completed")["entry"][0]["resource"]
        subject = ma["subject"]["identifier"]
        for name in ("patient", "subject"):
            self.hit_and_miss("MedicationAdministration", name, token(subject), q(NEVER), ma["id"])
        self.hit_and_miss("MedicationAdministration", "status", "completed", "in-progress", ma["id"])
        self.hit_and_miss("MedicationAdministration", "request", token(ma["request"]["identifier"]),
                          q(NEVER), ma["id"])
        start = ma["effectivePeriod"]["start"]
        self.hit_and_miss("MedicationAdministration", "effective-time", start[:10], "1999-01-01", ma["id"])
        self.hit_and_miss("MedicationAdministration", "device", token(ma["device"][0]["identifier"]),
                          q(NEVER), ma["id"])
        self.check_last_updated("MedicationAdministration", ma)

    def test_observation_search_parameters(self):
        vitals = self.search("Observation?category=vital-signs&_count=500")["entry"]
        heart = next(e["resource"] for e in vitals
                     if any(c["code"] == "8867-4" for c in e["resource"]["code"]["coding"]))
        subject = heart["subject"]["identifier"]
        for name in ("patient", "subject"):
            self.hit_and_miss("Observation", name, token(subject), q(NEVER), heart["id"])
        category = heart["category"][0]["coding"][0]
        self.hit_and_miss("Observation", "category", q(f"{category['system']}|{category['code']}"),
                          "laboratory", heart["id"])
        self.hit_and_miss("Observation", "code", q("http://loinc.org|8867-4"), q("http://loinc.org|9279-1"),
                          heart["id"])
        # The MDC code (the second coding) finds it too.
        self.assertIn(heart["id"], self.ids("Observation?code=" + q("urn:iso:std:iso:11073:10101|147842")))
        when = heart["effectiveDateTime"]
        self.hit_and_miss("Observation", "date", q(when), "gt2100-01-01", heart["id"])
        self.hit_and_miss("Observation", "date", q("le" + when), q("lt" + when[:4]), heart["id"])
        self.hit_and_miss("Observation", "device", token(heart["device"]["identifier"]), q(NEVER), heart["id"])
        self.check_last_updated("Observation", heart)

    def test_medication_request_search_parameters(self):
        requests = self.all_of("MedicationRequest")
        programmed = next(r for r in requests if r["identifier"][0]["value"] == "ORD100")
        rejected = next(r for r in requests if r["identifier"][0]["value"] == "ORD200")
        # The full order, with Titrate's status applied to it.
        self.assertIn(programmed["status"], ("active", "completed"))
        self.assertIn("dosageInstruction", programmed)
        self.assertEqual(rejected["status"], "cancelled")
        self.assertEqual(rejected["statusReason"]["coding"][0]["code"], "hard-limit")
        self.assertIn("dosageInstruction", rejected)
        self.hit_and_miss("MedicationRequest", "identifier", token(programmed["identifier"][0]),
                          q(NEVER), programmed["id"])
        self.hit_and_miss("MedicationRequest", "patient", token(programmed["subject"]["identifier"]),
                          q(NEVER), programmed["id"])
        self.hit_and_miss("MedicationRequest", "status", programmed["status"], "cancelled", programmed["id"])
        self.hit_and_miss("MedicationRequest", "status", "cancelled", "active", rejected["id"])
        self.check_last_updated("MedicationRequest", programmed)

    def test_service_request_search_parameters(self):
        referrals = self.all_of("ServiceRequest")
        orm = next(r for r in referrals if r["identifier"][0]["value"] == "PLC300")
        fhir = next(r for r in referrals if r["identifier"][0]["value"] == "REF-7781")
        self.assertEqual(orm["code"]["coding"][0]["code"], "6130")
        self.hit_and_miss("ServiceRequest", "identifier", token(orm["identifier"][0]), q(NEVER), orm["id"])
        self.hit_and_miss("ServiceRequest", "identifier", "REF-7781", "REF-0000", fhir["id"])
        self.hit_and_miss("ServiceRequest", "patient", token(fhir["subject"]["identifier"]), q(NEVER), fhir["id"])
        self.hit_and_miss("ServiceRequest", "status", "active", "revoked", orm["id"])
        self.hit_and_miss("ServiceRequest", "authored", "2026-11-19", "2026-11-18", fhir["id"])
        self.check_last_updated("ServiceRequest", fhir)

    def test_patient_search_parameters(self):
        patients = self.all_of("Patient")
        quill = next(p for p in patients if p["identifier"][0]["system"] == FHIR_MRN_SYSTEM)
        self.assertNotIn("telecom", quill)
        self.hit_and_miss("Patient", "identifier", token(quill["identifier"][0]), q(NEVER), quill["id"])
        self.hit_and_miss("Patient", "identifier", "MRN-0042117", "MRN-0000000", quill["id"])
        self.hit_and_miss("Patient", "family", "quil", "Smith", quill["id"])
        self.hit_and_miss("Patient", "name", "rowan", "Alex", quill["id"])
        self.hit_and_miss("Patient", "birthdate", "1986-04-17", "1986-04-18", quill["id"])
        self.hit_and_miss("Patient", "gender", "female", "male", quill["id"])
        self.check_last_updated("Patient", quill)

    def test_device_search_parameters(self):
        device = self.all_of("Device")[0]
        self.hit_and_miss("Device", "identifier", token(device["identifier"][0]), q(NEVER), device["id"])

    def test_several_values_or_and_several_params_and(self):
        both = self.ids("MedicationRequest?identifier=ORD100,ORD200")
        self.assertEqual(len(both), 2)
        self.assertEqual(len(self.ids("MedicationRequest?identifier=ORD100,ORD200&status=cancelled")), 1)

    # --- paging and sorting ------------------------------------------------------------------

    def test_paging_through_next_links_until_exhausted(self):
        for resource_type, count in (("Observation", 2), ("Patient", 1), ("MedicationRequest", 1)):
            total = self.total(f"/{resource_type}")
            seen, url, pages = [], f"{self.base}/{resource_type}?_count={count}", 0
            while url:
                bundle = self.curl.json(url)
                self.assertEqual(bundle["type"], "searchset")
                self.assertEqual(bundle["total"], total)
                entries = bundle.get("entry", [])
                self.assertLessEqual(len(entries), count)
                seen += [e["resource"]["id"] for e in entries]
                links = {link["relation"]: link["url"] for link in bundle["link"]}
                url = links.get("next")
                pages += 1
                self.assertLess(pages, 1000)
            self.assertEqual(len(seen), total, resource_type)
            self.assertEqual(len(set(seen)), total, f"{resource_type}: duplicates across pages")
            self.assertGreater(pages, 1 if total > count else 0)

    def test_sort_by_last_updated_both_ways(self):
        ascending = self.search("Observation?_sort=_lastUpdated&_count=500")["entry"]
        times = [e["resource"]["meta"]["lastUpdated"] for e in ascending]
        self.assertGreater(len(times), 2)
        self.assertEqual(times, sorted(times))
        descending = self.search("Observation?_sort=-_lastUpdated&_count=500")["entry"]
        self.assertEqual([e["resource"]["meta"]["lastUpdated"] for e in descending], sorted(times, reverse=True))
        self.assertEqual(self.curl("/Observation?_sort=colour")[0], 400)

    # --- read, vread, conditional read -------------------------------------------------------

    def test_read_etag_if_none_match_last_modified_and_vread(self):
        ma = self.search("MedicationAdministration?status=completed")["entry"][0]["resource"]
        status, headers, body = self.curl(f"/MedicationAdministration/{ma['id']}")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("application/fhir+json"))
        version = json.loads(body)["meta"]["versionId"]
        self.assertEqual(headers["etag"], f'W/"{version}"')
        modified = email.utils.parsedate_to_datetime(headers["last-modified"])
        self.assertEqual(modified.year, int(ma["meta"]["lastUpdated"][:4]))
        status, _, body = self.curl(f"/MedicationAdministration/{ma['id']}",
                                    [f"If-None-Match: {headers['etag']}"])
        self.assertEqual((status, body), (304, b""))
        self.assertEqual(self.curl(f"/MedicationAdministration/{ma['id']}", ['If-None-Match: W/"0"'])[0], 200)
        # The session was started then completed: version 1 is the in-progress one.
        self.assertGreater(int(version), 1)
        first = self.curl.json(f"/MedicationAdministration/{ma['id']}/_history/1")
        self.assertEqual(first["meta"]["versionId"], "1")
        self.assertEqual(first["status"], "in-progress")
        self.assertEqual(self.curl(f"/MedicationAdministration/{ma['id']}/_history/999")[0], 404)

    # --- errors ------------------------------------------------------------------------------

    def outcome(self, path, expect_status, expect_code, method="GET", headers=()):
        status, response_headers, body = self.curl(path, headers, method)
        self.assertEqual(status, expect_status, body)
        self.assertTrue(response_headers["content-type"].startswith("application/fhir+json"))
        outcome = json.loads(body)
        self.assertEqual(outcome["resourceType"], "OperationOutcome")
        self.assertEqual(outcome["issue"][0]["code"], expect_code)
        return outcome

    def test_errors_are_operation_outcomes_with_their_status(self):
        self.outcome("/Patient/no-such-patient", 404, "not-found")
        self.outcome("/Basic/1", 404, "not-supported")
        self.outcome("/Observation?colour=red", 400, "invalid")
        self.outcome("/Observation?date=not-a-date", 400, "invalid")
        self.outcome("/Observation?_count=-1", 400, "invalid")
        self.outcome("/Patient", 406, "not-supported", headers=["Accept: application/fhir+xml"])
        self.outcome("/Patient?_format=xml", 406, "not-supported")
        self.outcome("/Patient/x", 405, "not-supported", method="PUT")
        self.outcome("/Patient/x", 405, "not-supported", method="DELETE")

    # --- metadata ----------------------------------------------------------------------------

    def test_metadata(self):
        for path in ("/metadata", "/metadata?_format=json"):
            status, headers, body = self.curl(path)
            self.assertEqual(status, 200, body)
            self.assertTrue(headers["content-type"].startswith("application/fhir+json"))
            statement = json.loads(body)
            self.assertEqual(statement["resourceType"], "CapabilityStatement")
            self.assertEqual(statement["fhirVersion"], "4.0.1")
            self.assertEqual(statement["implementation"]["url"], self.base)
            self.assertRegex(statement["software"]["version"], r"^\d+\.\d+\.\d+")
            self.assertRegex(statement["date"], r"^\d{4}-\d\d-\d\dT")
            types = {r["type"] for r in statement["rest"][0]["resource"]}
            self.assertGreaterEqual(types, {"MedicationAdministration", "Observation", "MedicationRequest"})


if __name__ == "__main__":
    unittest.main()
