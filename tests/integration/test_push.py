"""The push to an EHR: `titrate serve` with a FHIR push destination pointing at a fake EHR on
loopback, an order driven through to administrations, and every resource of the gateway's store
arriving at the EHR exactly once at its final version, through failures and dead letters."""

import json
import time
import unittest
import urllib.request

from fake_ehr import FakeEhr
from harness import FakePumpFleet, Gateway, MllpConnection, fhir_resources, field, wait_for_events
from test_pipeline import adt_with_weight, pcd10, pump_status, rde, received_program_id

PUSHED_TYPES = ["MedicationAdministration", "Observation", "DetectedIssue", "MedicationRequest",
                "ServiceRequest", "Patient", "Device"]


def fhir_get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def without_meta(resource):
    return {k: v for k, v in resource.items() if k != "meta"}


class OrderDriver:
    """Sends an order through to a completed infusion (needs self.conn, self.pumps, self.gateway)."""

    def send(self, payload):
        ack = self.conn.exchange(payload)
        self.assertIn(field(ack, "MSA", 1), ("AA", "CA"), ack)

    def drive_order_to_completion(self, mrn="MRN300", placer="ORD300"):
        self.send(pump_status("P1"))
        self.send(adt_with_weight("A1", mrn))
        self.send(rde("R1", mrn, placer))
        program_id = received_program_id(self, self.pumps)
        self.send(pcd10("E1", mrn, program_id, "START", "0.0"))
        self.send(pcd10("E2", mrn, program_id, "COMP", "40.0", status="not-delivering"))
        url = (f"http://127.0.0.1:{self.gateway.http_port}/fhir/MedicationAdministration"
               f"?patient=urn:titrate:authority:NORTHCLINIC|{mrn}&status=completed")
        wait_for_events(lambda: fhir_get(url), url, lambda b: b["total"] == 1, 20.0, 0.1)


class PushTest(OrderDriver, unittest.TestCase):
    def start(self, ehr, **destination):
        self.ehr = ehr
        self.pumps = FakePumpFleet()
        push = {"name": "ehr", "base_url": ehr.base_url, "initial_backoff_ms": 20,
                "max_backoff_ms": 200, "max_attempts": 50, "timeout_seconds": 5}
        push.update(destination)
        self.gateway = Gateway(extra={"pump_endpoint": {"host": "127.0.0.1", "port": self.pumps.port,
                                                        "timeout_seconds": 5, "attempts": 2},
                                      "push": [push]})
        self.gateway.start()
        self.conn = MllpConnection(self.gateway.port())

    def tearDown(self):
        self.conn.close()
        self.gateway.terminate()
        self.pumps.close()
        self.ehr.close()

    def stored_resources(self):
        """{(type, id): resource} of every current resource in the gateway's store."""
        stored = {}
        base = f"http://127.0.0.1:{self.gateway.http_port}/fhir"
        for type_ in PUSHED_TYPES:
            for resource in fhir_resources(base, type_):
                stored[(type_, resource["id"])] = resource
        return stored

    def outbox(self, *args):
        return json.loads(self.gateway.cli("outbox", "list", "--json", "--limit", "100000", *args).stdout)

    def wait_until_pushed(self, timeout=30.0):
        """Waits until the outbox has nothing pending and the EHR holds every stored resource at
        its current version; returns the stored resources."""
        deadline = time.time() + timeout
        while True:
            stored = self.stored_resources()
            _, accepted = self.ehr.snapshot()
            arrived = all(key in accepted and without_meta(accepted[key][-1]) == without_meta(resource)
                          for key, resource in stored.items())
            if arrived and not self.outbox("--state", "pending"):
                return stored
            if time.time() > deadline:
                raise AssertionError(f"not pushed: outbox {self.outbox()}, EHR has {sorted(accepted)}")
            time.sleep(0.1)

    def test_every_resource_arrives_once_at_its_final_version_through_failures(self):
        self.start(FakeEhr(fail_first=3))
        self.drive_order_to_completion()
        stored = self.wait_until_pushed()
        # No push arrives late: the outbox and the store agree after a moment's quiet.
        time.sleep(0.5)

        attempts, accepted = self.ehr.snapshot()
        self.assertEqual([a[2] for a in attempts[:3]], [503, 503, 503])
        self.assertEqual(set(accepted), set(stored))
        self.assertIn("MedicationAdministration", {type_ for type_, _ in stored})
        self.assertIn("Device", {type_ for type_, _ in stored})
        for key, versions in accepted.items():
            self.assertEqual(without_meta(versions[-1]), without_meta(stored[key]), key)
            # Never the same version twice once it was taken.
            bodies = [json.dumps(v, sort_keys=True) for v in versions]
            self.assertEqual(len(bodies), len(set(bodies)), f"{key} pushed twice")

        rows = self.outbox()
        self.assertTrue(rows)
        self.assertEqual({r["state"] for r in rows} - {"delivered", "superseded"}, set(), rows)
        delivered = [r for r in rows if r["state"] == "delivered"]
        self.assertEqual(len(delivered), sum(len(v) for v in accepted.values()))
        self.assertEqual({(r["resource_type"], r["resource_id"]) for r in delivered}, set(stored))
        self.assertTrue(any(r["attempts"] > 0 for r in delivered))  # the 503s were retried

        table = self.gateway.cli("outbox", "list", "--state", "delivered").stdout.decode()
        self.assertIn("MedicationAdministration", table)
        self.assertNotIn("Testpatient", table)  # listings show no payloads

    def test_a_rejected_resource_is_dead_lettered_until_retried(self):
        reject = {"on": True}
        self.start(FakeEhr(status_for=lambda type_, id_, resource:
                           400 if reject["on"] and type_ == "MedicationRequest" else 200))
        self.drive_order_to_completion(mrn="MRN400", placer="ORD400")

        def dead_rows():
            return self.outbox("--state", "dead", "--destination", "ehr")

        dead = wait_for_events(dead_rows, "dead", lambda rows: rows, 20.0, 0.1)
        self.assertTrue(all(r["resource_type"] == "MedicationRequest" for r in dead), dead)
        self.assertEqual(dead[0]["last_error"], "HTTP 400")
        self.assertEqual(dead[0]["attempts"], 1)  # rejected: not retried

        # Everything else still goes through.
        accepted = wait_for_events(lambda: self.ehr.snapshot()[1], "EHR",
                                   lambda a: "MedicationAdministration" in {t for t, _ in a}, 20.0, 0.1)
        self.assertNotIn("MedicationRequest", {type_ for type_, _ in accepted})

        reject["on"] = False  # the EHR is fixed
        out = self.gateway.cli("outbox", "retry", str(dead[0]["id"])).stdout.decode()
        self.assertIn(f"item {dead[0]['id']}", out)
        self.gateway.cli("outbox", "retry", "--dead", "--destination", "ehr")
        self.wait_until_pushed()
        self.assertEqual(dead_rows(), [])

        not_dead = self.gateway.cli("outbox", "retry", str(dead[0]["id"]), check=False)
        self.assertEqual(not_dead.returncode, 1)


class Hl7v2PushTest(OrderDriver, unittest.TestCase):
    """An HL7v2-only EHR: ORR^O02 order responses and RAS^O17 administrations over MLLP, through
    the same outbox. The EHR is an MLLP listener that records each message and acknowledges it
    (FakePumpFleet's receiver), answering AE to the first one."""

    def setUp(self):
        self.answers = 0

        def answer(message):
            self.answers += 1
            return ("AE", "busy") if self.answers == 1 else ("AA", "")

        self.ehr = FakePumpFleet(answer=answer)
        self.pumps = FakePumpFleet()
        push = {"name": "ehr-v2", "type": "hl7v2", "host": "127.0.0.1", "port": self.ehr.port,
                "receiving_application": "EHR", "receiving_facility": "NORTH",
                "initial_backoff_ms": 20, "max_backoff_ms": 200, "timeout_seconds": 5}
        self.gateway = Gateway(extra={"pump_endpoint": {"host": "127.0.0.1", "port": self.pumps.port,
                                                        "timeout_seconds": 5, "attempts": 2},
                                      "push": [push]})
        self.gateway.start()
        self.conn = MllpConnection(self.gateway.port())

    def tearDown(self):
        self.conn.close()
        self.gateway.terminate()
        self.pumps.close()
        self.ehr.close()

    def test_order_responses_and_administrations_arrive_in_order(self):
        self.drive_order_to_completion()

        def completed(messages):
            return any(field(m, "MSH", 9).startswith("RAS^O17") and field(m, "RXA", 20) == "CP"
                       for m in messages)

        messages = wait_for_events(lambda: self.ehr.programs, "EHR", completed, 20.0, 0.1)
        # The first message was answered AE and sent again with the same control id.
        control_ids = [field(m, "MSH", 10) for m in messages]
        self.assertEqual(control_ids[0], control_ids[1])
        self.assertEqual(len(set(control_ids)), len(control_ids) - 1)
        for m in messages:
            self.assertEqual(field(m, "MSH", 5), "EHR")
        unique = messages[1:]  # the retry replaced the first
        orr = [m for m in unique if field(m, "MSH", 9).startswith("ORR^O02")]
        ras = [m for m in unique if field(m, "MSH", 9).startswith("RAS^O17")]
        # accepted, programmed (and completed, ORC-5 CM, once the infusion is done)
        self.assertEqual([field(m, "ORC", 1) for m in orr][:2], ["OK", "SC"], orr)
        self.assertTrue(all(field(m, "ORC", 2).startswith("ORD300") for m in orr + ras))
        self.assertEqual(float(field(ras[-1], "RXA", 6)), 40.0)
        self.assertTrue(field(ras[-1], "RXA", 7).startswith("mg"))
        # In enqueue order: the order's responses before its administrations.
        self.assertLess(unique.index(orr[1]), unique.index(ras[0]))
        rows = json.loads(self.gateway.cli("outbox", "list", "--json").stdout)
        self.assertEqual({r["state"] for r in rows}, {"delivered"})
        self.assertTrue(any(r["attempts"] == 1 for r in rows))

if __name__ == "__main__":
    unittest.main()
