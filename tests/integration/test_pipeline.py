"""The whole pipeline on the embedded bus: ADT with a weight and an RDE order in, a dosing plan,
a PCD-03 program received by a pump fleet on loopback, PCD-10 events back, administrations out."""

import datetime
import json
import re
import unittest
import urllib.error
import urllib.request

from harness import (FakePumpFleet, Gateway, MllpConnection, check_fhir_schema, fhir_resources, field,
                     wait_for_events)

PUMP = "00122100000000A7"
LOCATION = "INF^CHAIR3^1"


def hl7_now(minutes=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    return t.strftime("%Y%m%d%H%M%S+0000")


def message(*segments):
    return ("\r".join(segments) + "\r").encode()


def msh(control_id, kind, sender="CLINICEHR", facility="NORTHCLINIC", version="2.5.1", extra=""):
    return f"MSH|^~\\&|{sender}|{facility}|TITRATE|INFUSION|{hl7_now()}||{kind}|{control_id}|P|{version}{extra}"


def pid(mrn):
    return f"PID|1||{mrn}^^^NORTHCLINIC^MR||Testpatient^Alex||19800101|U"


def pv1(visit):
    return f"PV1|1|O|{LOCATION}||||||||||||||||{visit}^^^NORTHCLINIC^VN"


def adt_with_weight(control_id, mrn, weight_kg="80", weight_time=None):
    return message(msh(control_id, "ADT^A04^ADT_A01"), f"EVN|A04|{hl7_now()}", pid(mrn), pv1("V" + mrn),
                   f"OBX|1|NM|29463-7^Body weight^LN||{weight_kg}|kg|||||F|||{weight_time or hl7_now(-30)}")


def rde(control_id, mrn, placer, dose="0.5", minutes="40", order_control="NW"):
    rxe = ["RXE", "", "6130^ketamine^RXNORM", dose, "", "mg/kg"] + [""] * 21 + \
          ["F33.1^Major depressive disorder, recurrent, moderate^I10"] + [""] * 5 + ["500", "mL"]
    rxe[25], rxe[26] = "500", "mg"
    return message(msh(control_id, "RDE^O11^RDE_O11"), pid(mrn), pv1("V" + mrn),
                   f"ORC|{order_control}|{placer}^NORTHCLINIC|||||||{hl7_now()}|||1234^Prescriber^Pat",
                   "|".join(rxe), f"TQ1|1||||||||||||{minutes}^min", "RXR|IV^Intravenous^HL70162")


def pump_status(control_id):
    """A PCD-01 from the pump at the chair, so pump control learns where it is."""
    return message(
        msh(control_id, "ORU^R01^ORU_R01", "PUMPGW", "PUMPVENDOR", "2.6",
            "|||AL|NE||UNICODE UTF-8|||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO"),
        f"PV1||O|{LOCATION}",
        f"OBR|1||{PUMP}^PUMPGW^{PUMP}^EUI-64|69986^MDC_DEV_PUMP_INFUS_VMD^MDC|||{hl7_now()}",
        f"OBX|1||70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|1.0.0.0|||||||X|||||||{PUMP}^^{PUMP}^EUI-64",
        "OBX|2|CWE|184519^MDC_PUMP_INFUSING_STATUS^MDC|1.1.1.1|^pump-status-not-infusing||||||R")


def pcd10(control_id, mrn, program_id, event, volume, rate="60.0", status="delivering", when=None):
    codes = {"START": "197288^MDC_EVT_PUMP_DELIV_START^MDC",
             "STOP": "^MDC_EVT_PUMP_DELIV_STOP^MDC",
             "COMP": "^MDC_EVT_PUMP_DELIV_COMP^MDC"}
    time = when or hl7_now()
    return message(
        msh(control_id, "ORU^R42^ORU_R01", "PUMPGW", "PUMPVENDOR", "2.6",
            "|||AL|NE||UNICODE UTF-8|||IHE_PCD_010^IHE PCD^1.3.6.1.4.1.19376.1.6.4.10^ISO"),
        pid(mrn), f"PV1||O|{LOCATION}",
        f"OBR|1|{program_id}^TITRATE|{PUMP}^PUMPGW^{PUMP}^EUI-64|6130^ketamine|||{time}",
        f"OBX|1||70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|1.0.0.0|||||||X|||||||{PUMP}^^{PUMP}^EUI-64",
        f"OBX|2|CWE|68487^MDC_ATTR_EVT_COND^MDC|1.0.0.2|{codes[event]}||||||R",
        "OBX|3|ST|68488^MDC_ATTR_EVT_SOURCE^MDC|1.0.0.3|1.1.2.0||||||R",
        "OBX|4||70050^MDC_DEV_PUMP_INFUS_LVP_VMD^MDC|1.1.0.0|||||||X",
        "OBX|5||70067^MDC_DEV_PUMP_DELIVERY_INFO^MDC|1.1.1.0|||||||X",
        f"OBX|6|CWE|184519^MDC_PUMP_INFUSING_STATUS^MDC|1.1.1.1|^pump-status-{'infusing' if event == 'START' else 'not-infusing'}||||||R",
        "OBX|7||70071^MDC_DEV_PUMP_INFUSATE_SOURCE_PRIMARY^MDC|1.1.2.0|||||||X",
        f"OBX|8|CWE|158005^MDC_DEV_PUMP_CURRENT_DELIVERY_STATUS^MDC|1.1.2.1|^pump-delivery-status-{status}||||||R",
        f"OBX|9|NM|157784^MDC_FLOW_FLUID_PUMP^MDC|1.1.2.4|{rate}|265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/h^mL/h^UCUM|||||R",
        f"OBX|10|NM|157993^MDC_VOL_FLUID_DELIV_TOTAL^MDC|1.1.2.7|{volume}|263762^MDC_DIM_MILLI_L^MDC^mL^mL^UCUM|||||R")


def body(event):
    return event["body"]


def fhir_get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def received_program_id(test, pumps):
    """Checks the first RGV^O15 the pump fleet received and returns its program id (ORC-2)."""
    program = pumps.wait_for_programs(1)[0]
    test.assertEqual(field(program, "MSH", 9), "RGV^O15^RGV_O15")
    test.assertIn(b"1.3.6.1.4.1.19376.1.6.1.3.1", program)
    test.assertIn(PUMP.encode(), program)
    program_id = field(program, "ORC", 2).split("^")[0]
    test.assertTrue(program_id)
    return program_id


class PipelineTest(unittest.TestCase):
    def setUp(self):
        self.pumps = FakePumpFleet()
        self.gateway = Gateway(extra={"pump_endpoint": {"host": "127.0.0.1", "port": self.pumps.port,
                                                        "timeout_seconds": 5, "attempts": 2}})
        self.gateway.start()
        self.conn = MllpConnection(self.gateway.port())

    def tearDown(self):
        self.conn.close()
        self.gateway.terminate()
        self.pumps.close()

    def send(self, payload):
        ack = self.conn.exchange(payload)
        self.assertIn(field(ack, "MSA", 1), ("AA", "CA"), ack)
        return ack

    def test_order_is_planned_programmed_and_administered(self):
        gw = self.gateway
        self.send(pump_status("P1"))
        self.send(adt_with_weight("A1", "MRN100"))
        self.send(rde("R1", "MRN100", "ORD100"))

        statuses = gw.wait_for_events("titrate.order-status.v1",
                                      lambda es: any(body(e)["state"] == "programmed" for e in es))
        self.assertEqual([body(e)["state"] for e in statuses], ["accepted", "programmed"])
        plan = body(gw.bus_events("titrate.plans.v1")[0])
        self.assertEqual(plan["dose"]["value"]["value"], 40)
        self.assertEqual(plan["duration"]["value"]["value"], 40)
        self.assertEqual(plan["device"] if plan.get("device") else PUMP, PUMP)

        program_id = received_program_id(self, self.pumps)

        self.send(pcd10("E1", "MRN100", program_id, "START", "0.0"))
        self.send(pcd10("E2", "MRN100", program_id, "COMP", "40.0", status="not-delivering"))
        administrations = gw.wait_for_events(
            "titrate.administrations.v1", lambda es: any(body(e)["action"] == "complete" for e in es))
        actions = [body(e)["action"] for e in administrations]
        self.assertEqual(actions, ["start", "complete"])
        complete = body(administrations[-1])
        self.assertEqual(complete["state"], "completed")
        self.assertEqual(float(complete["volume_delivered"]["value"]), 40.0)
        self.assertEqual(float(complete["dose_delivered"]["value"]), 40.0)
        self.assertEqual(complete["dose_delivered"]["unit"], "mg")

        # A duplicate device message is answered with the original ack and changes nothing.
        self.send(pcd10("E2", "MRN100", program_id, "COMP", "40.0", status="not-delivering"))
        self.assertEqual(len(gw.bus_events("titrate.administrations.v1")), 2)

        # The outbound module keeps the session as one MedicationAdministration, now completed.
        url = (f"http://127.0.0.1:{gw.http_port}/fhir/MedicationAdministration"
               "?patient=urn:titrate:authority:NORTHCLINIC|MRN100&status=completed")
        bundle = wait_for_events(lambda: fhir_get(url), url, lambda b: b["total"] == 1, 20.0, 0.1)
        administration = bundle["entry"][0]["resource"]
        self.assertEqual(administration["status"], "completed")
        self.assertEqual(float(administration["dosage"]["dose"]["value"]), 40.0)
        self.assertEqual(administration["dosage"]["dose"]["unit"], "mg")
        read_url = bundle["entry"][0]["fullUrl"]
        self.assertTrue(read_url.startswith(f"http://127.0.0.1:{gw.http_port}/fhir/MedicationAdministration/"))
        request = urllib.request.Request(read_url)
        with urllib.request.urlopen(request, timeout=10) as r:
            etag = r.headers["ETag"]
            self.assertEqual(json.loads(r.read())["meta"]["versionId"], etag.split('"')[1])
        request.add_header("If-None-Match", etag)
        with self.assertRaises(urllib.error.HTTPError) as not_modified:
            urllib.request.urlopen(request, timeout=10)
        self.assertEqual(not_modified.exception.code, 304)

        # Everything the outbound module wrote is valid against the official R4 JSON schema.
        base = f"http://127.0.0.1:{gw.http_port}/fhir"
        resources = [r for t in ("MedicationAdministration", "MedicationRequest", "Observation",
                                 "DetectedIssue", "Device", "Patient", "ServiceRequest")
                     for r in fhir_resources(base, t)]
        self.assertGreaterEqual({r["resourceType"] for r in resources},
                                {"MedicationAdministration", "MedicationRequest", "Device"})
        check_fhir_schema(self, resources)

        with urllib.request.urlopen(f"http://127.0.0.1:{gw.http_port}/metrics", timeout=10) as r:
            metrics = r.read().decode()
        consumed = int(re.search(r"^titrate_bus_consumed_total (\d+)$", metrics, re.M).group(1))
        self.assertGreaterEqual(consumed, 8)  # patient, order, plan, statuses, pump events
        self.assertIn("titrate_bus_dead_lettered_total 0", metrics)

    def test_order_without_weight_is_held_then_released_by_a_weight(self):
        gw = self.gateway
        self.send(rde("R2", "MRN200", "ORD200"))
        statuses = gw.wait_for_events("titrate.order-status.v1", lambda es: len(es) >= 1)
        held = body(statuses[0])
        self.assertEqual(held["state"], "held")
        self.assertEqual(held["reasons"][0]["code"], "weight-missing")
        self.send(adt_with_weight("A2", "MRN200"))
        statuses = gw.wait_for_events("titrate.order-status.v1",
                                      lambda es: any(body(e)["state"] == "accepted" for e in es))
        self.assertEqual(len(gw.bus_events("titrate.plans.v1")), 1)

    def test_pump_system_rejection_arrives_later_as_rrg_o16(self):
        gw = self.gateway
        self.send(pump_status("P4"))
        self.send(adt_with_weight("A4", "MRN400"))
        self.send(rde("R4", "MRN400", "ORD400"))
        program = self.pumps.wait_for_programs(1)[0]
        control_id = field(program, "MSH", 10)
        # The IOC answers the application outcome on a new connection (IHE PCD TF2 3.3.4.4.11).
        rrg = message(
            msh("IOC1", "RRG^O16^RRG_O16", "PUMPGW", "PUMPVENDOR", "2.6",
                "|||AL|NE||UNICODE UTF-8|||IHE_PCD_PIV_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.2^ISO"),
            f"MSA|AR|{control_id}",
            "ERR|||207^Application internal error^HL70357|E|9024^Drug library hard limit exceeded")
        other = MllpConnection(gw.port())
        try:
            ack = other.exchange(rrg)
        finally:
            other.close()
        self.assertEqual(field(ack, "MSH", 9).split("^")[:2], ["ACK", "O16"])
        statuses = gw.wait_for_events(
            "titrate.order-status.v1", lambda es: any(body(e)["state"] == "program-rejected" for e in es))
        rejected = [body(e) for e in statuses if body(e)["state"] == "program-rejected"][0]
        self.assertEqual(rejected["reasons"][0]["code"], "pump-rejected")
        self.assertEqual(rejected["reasons"][0]["detail"]["code"], "9024")

    def test_hard_limit_rejects_and_nothing_is_programmed(self):
        gw = self.gateway
        self.send(adt_with_weight("A3", "MRN300"))
        self.send(rde("R3", "MRN300", "ORD300", dose="5"))
        statuses = gw.wait_for_events("titrate.order-status.v1", lambda es: len(es) >= 1)
        rejected = body(statuses[0])
        self.assertEqual(rejected["state"], "rejected")
        self.assertEqual(rejected["reasons"][0]["code"], "hard-limit")
        self.assertTrue(rejected["reasons"][0]["rule"].startswith("/"))
        self.assertEqual(gw.bus_events("titrate.plans.v1"), [])
        self.assertEqual(self.pumps.programs, [])


if __name__ == "__main__":
    unittest.main()
