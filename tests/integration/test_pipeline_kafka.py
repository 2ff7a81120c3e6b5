"""The whole pipeline across processes on Kafka: librdkafka's mock cluster in a process of its own,
and four gateways with their own data directories, one per role (ingest, dosing, pump control,
outbound). The same flow as test_pipeline on the embedded bus; the outputs are read from the
topics and from the outbound process's FHIR API."""

import collections
import json
import time
import unittest
import urllib.request

from harness import FakePumpFleet, Gateway, KafkaMock, MllpConnection, WorkerGateway, field, wait_for_events
from test_pipeline import adt_with_weight, body, pcd10, pump_status, rde, received_program_id

TOPICS = ["titrate.orders.v1", "titrate.plans.v1", "titrate.order-status.v1", "titrate.pump-events.v1",
          "titrate.administrations.v1", "titrate.observations.v1", "titrate.alerts.v1",
          "titrate.dead-letter.v1"]


def fhir_get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def states_of(events, mrn):
    """The order states reported for one patient's orders, in order (one key, one partition)."""
    return [body(e)["state"] for e in events if e["key"].endswith("|" + mrn)]


# librdkafka's mock coordinator waits session.timeout.ms - 1 s before it seats a member that joins
# a group its last member has just left (a real broker takes group.initial.rebalance.delay.ms);
# a short session keeps the restart of the dosing worker quick. Frequent commits make "the worker
# has handled everything" (committed offsets at the end) quick to observe.
WORKER_KAFKA = {"properties": {"session.timeout.ms": "6000", "heartbeat.interval.ms": "500",
                               "auto.commit.interval.ms": "200"}}


class KafkaPipelineTest(unittest.TestCase):
    def setUp(self):
        self.kafka = KafkaMock(TOPICS).start()
        self.addCleanup(self.kafka.stop)
        self.pumps = FakePumpFleet()
        self.addCleanup(self.pumps.close)
        self.ingest = self.role("ingest", Gateway)
        self.dosing = self.role("dosing", WorkerGateway, extra={"bus": {"kafka": WORKER_KAFKA}})
        pump_endpoint = {"host": "127.0.0.1", "port": self.pumps.port, "timeout_seconds": 5, "attempts": 2}
        self.pump_control = self.role("pump-control", WorkerGateway,
                                      extra={"bus": {"kafka": WORKER_KAFKA}, "pump_endpoint": pump_endpoint})
        self.outbound = self.role("outbound", Gateway, extra={"bus": {"kafka": WORKER_KAFKA}}, http=True)
        self.conn = MllpConnection(self.ingest.port())
        self.addCleanup(self.conn.close)

    def role(self, name, kind, extra=None, http=False):
        gateway = kind(extra=extra, http=http,
                       args=["--bus", "kafka", "--kafka-bootstrap", self.kafka.bootstrap, "--role", name])
        gateway.start()
        self.addCleanup(self.stop, gateway)
        return gateway

    def stop(self, gateway):
        if gateway.process.poll() is None:
            self.assertEqual(gateway.terminate(), 0, gateway.log())

    def send_pump_status(self):
        """The pump's PCD-01, then a wait until pump control has learned where the pump is. On Kafka
        a plan (another topic, another partition) can otherwise be handled before it, and pump
        control answers program-rejected/no-pump for good: it does not retry the plan once it
        learns the pump."""
        self.send(pump_status("P1"))
        self.kafka.wait_for_group("titrate-pump-control", "titrate.pump-events.v1", records=1)

    def send(self, payload):
        ack = self.conn.exchange(payload)
        self.assertIn(field(ack, "MSA", 1), ("AA", "CA"), ack)
        return ack

    def assert_no_duplicate_event_ids(self):
        for topic in TOPICS:
            counts = collections.Counter(e["event_id"] for e in self.kafka.events(topic))
            self.assertEqual([i for i, n in counts.items() if n > 1], [], topic)

    def test_order_is_planned_programmed_and_administered_then_dosing_restarts(self):
        kafka = self.kafka
        self.send_pump_status()
        self.send(adt_with_weight("A1", "MRN100"))
        self.send(rde("R1", "MRN100", "ORD100"))

        statuses = kafka.wait_for_events("titrate.order-status.v1",
                                         lambda es: "programmed" in states_of(es, "MRN100"))
        self.assertEqual(states_of(statuses, "MRN100"), ["accepted", "programmed"])
        self.assertEqual(body(statuses[0])["placer"]["value"], "ORD100")
        plans = kafka.events("titrate.plans.v1")
        self.assertEqual(len(plans), 1)
        plan = body(plans[0])
        self.assertEqual(plan["dose"]["value"]["value"], 40)
        self.assertEqual(plan["duration"]["value"]["value"], 40)

        program_id = received_program_id(self, self.pumps)

        self.send(pcd10("E1", "MRN100", program_id, "START", "0.0"))
        self.send(pcd10("E2", "MRN100", program_id, "COMP", "40.0", status="not-delivering"))
        administrations = kafka.wait_for_events(
            "titrate.administrations.v1", lambda es: any(body(e)["action"] == "complete" for e in es))
        self.assertEqual([body(e)["action"] for e in administrations], ["start", "complete"])
        complete = body(administrations[-1])
        self.assertEqual(complete["state"], "completed")
        self.assertEqual(float(complete["volume_delivered"]["value"]), 40.0)
        self.assertEqual(float(complete["dose_delivered"]["value"]), 40.0)
        self.assertEqual(complete["dose_delivered"]["unit"], "mg")
        statuses = kafka.wait_for_events("titrate.order-status.v1",
                                         lambda es: "completed" in states_of(es, "MRN100"))
        self.assertEqual(states_of(statuses, "MRN100"), ["accepted", "programmed", "completed"])

        # The outbound worker serves the completed administration and the order on its FHIR API.
        base = f"http://127.0.0.1:{self.outbound.http_port}/fhir"
        url = f"{base}/MedicationAdministration?patient=urn:titrate:authority:NORTHCLINIC|MRN100&status=completed"
        bundle = wait_for_events(lambda: fhir_get(url), url, lambda b: b["total"] == 1, 30.0, 0.1)
        self.assertEqual(float(bundle["entry"][0]["resource"]["dosage"]["dose"]["value"]), 40.0)
        order = wait_for_events(lambda: fhir_get(f"{base}/MedicationRequest?identifier=ORD100"), "order",
                                lambda b: b["total"] == 1 and b["entry"][0]["resource"]["status"] == "completed",
                                30.0, 0.1)
        self.assertEqual(order["entry"][0]["resource"]["intent"], "order")

        # A duplicate device message is answered with the original ack and changes nothing.
        self.send(pcd10("E2", "MRN100", program_id, "COMP", "40.0", status="not-delivering"))
        self.assertEqual(len(kafka.events("titrate.administrations.v1")), 2)
        self.assertEqual(kafka.events("titrate.dead-letter.v1"), [])
        self.assert_no_duplicate_event_ids()

        # The dosing worker stops cleanly with its position committed at the end of the orders...
        self.assertEqual(self.dosing.terminate(), 0, self.dosing.log())
        offsets = kafka.group_offsets("titrate-dosing", "titrate.orders.v1")
        self.assertEqual(sum(end for _, end in offsets.values()), 3)  # ADT: patient; RDE: patient, order
        self.assertEqual({p: committed for p, (committed, end) in offsets.items() if end},
                         {p: end for p, (committed, end) in offsets.items() if end})

        # ...so once restarted it plans the second patient's order and nothing earlier again.
        self.dosing.start()
        self.send(adt_with_weight("A2", "MRN101"))
        self.send(rde("R2", "MRN101", "ORD101"))
        statuses = kafka.wait_for_events("titrate.order-status.v1",
                                         lambda es: "programmed" in states_of(es, "MRN101"))
        self.assertEqual(states_of(statuses, "MRN101"), ["accepted", "programmed"])
        self.assertEqual(states_of(statuses, "MRN100"), ["accepted", "programmed", "completed"])
        self.assertEqual(len(statuses), 5)
        self.assertEqual(len(kafka.events("titrate.plans.v1")), 2)
        self.assertEqual(len(self.pumps.wait_for_programs(2)), 2)
        self.assertEqual(kafka.events("titrate.dead-letter.v1"), [])
        self.assert_no_duplicate_event_ids()

    def test_ingest_accepts_while_the_brokers_are_down_and_the_order_flows_once_after(self):
        kafka = self.kafka
        self.send_pump_status()
        self.send(adt_with_weight("A1", "MRN100"))
        kafka.wait_for_events("titrate.orders.v1", lambda es: len(es) == 1)

        for broker in range(1, kafka.brokers + 1):
            self.assertEqual(kafka.command(f"down {broker}"), f"ok down {broker}")
        wait_for_log(self.ingest, "kafka: brokers unreachable")
        # The journal is the outbox: the order is acknowledged while nothing can reach Kafka.
        self.send(rde("R1", "MRN100", "ORD100"))
        for broker in range(1, kafka.brokers + 1):
            self.assertEqual(kafka.command(f"up {broker}"), f"ok up {broker}")

        statuses = kafka.wait_for_events("titrate.order-status.v1",
                                         lambda es: "programmed" in states_of(es, "MRN100"), timeout=60)
        self.assertEqual(states_of(statuses, "MRN100"), ["accepted", "programmed"])
        self.assertEqual(len(kafka.events("titrate.plans.v1")), 1)
        self.assertEqual(len(self.pumps.wait_for_programs(1)), 1)
        self.assertEqual(kafka.events("titrate.dead-letter.v1"), [])
        self.assert_no_duplicate_event_ids()
        wait_for_log(self.ingest, "kafka: brokers at")


def wait_for_log(gateway, text, timeout=30.0):
    deadline = time.time() + timeout
    while text not in gateway.log():
        if time.time() > deadline:
            raise AssertionError(f"no {text!r} in the log: {gateway.log()}")
        time.sleep(0.1)


if __name__ == "__main__":
    unittest.main()
