"""`titrate pump-sim` against a real gateway: the gateway programs the simulated pump at bed 1 over
PCD-03, the simulator runs the infusion at 600x and reports PCD-10/PCD-01 back, and the FHIR API
ends up with a completed MedicationAdministration with the planned volume and dose, and the
bedside monitor's vital signs as Observations."""

import datetime
import json
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import unittest
import urllib.request

from harness import TITRATE_BIN, Gateway, MllpConnection, default_channel, field, wait_for_events

LOCATION = "INF^CHAIR1^1"
MRN = "MRN900"


def hl7_now(minutes=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    return t.strftime("%Y%m%d%H%M%S+0000")


def message(*segments):
    return ("\r".join(segments) + "\r").encode()


def msh(control_id, kind):
    return f"MSH|^~\\&|CLINICEHR|NORTHCLINIC|TITRATE|INFUSION|{hl7_now()}||{kind}|{control_id}|P|2.5.1"


def pid_pv1(mrn):
    return (f"PID|1||{mrn}^^^NORTHCLINIC^MR||Testpatient^Alex||19800101|U",
            f"PV1|1|O|{LOCATION}||||||||||||||||V{mrn}^^^NORTHCLINIC^VN")


def adt_with_weight(control_id, mrn):
    return message(msh(control_id, "ADT^A04^ADT_A01"), f"EVN|A04|{hl7_now()}", *pid_pv1(mrn),
                   f"OBX|1|NM|29463-7^Body weight^LN||80|kg|||||F|||{hl7_now(-30)}")


def rde(control_id, mrn, placer):
    """0.5 mg/kg over 40 min from a 500 mg / 500 mL bag: 40 mg, 40 mL at 60 mL/h for 80 kg."""
    rxe = ["RXE", "", "6130^ketamine^RXNORM", "0.5", "", "mg/kg"] + [""] * 21 + \
          ["F33.1^Major depressive disorder, recurrent, moderate^I10"] + [""] * 5 + ["500", "mL"]
    rxe[25], rxe[26] = "500", "mg"
    return message(msh(control_id, "RDE^O11^RDE_O11"), *pid_pv1(mrn),
                   f"ORC|NW|{placer}^NORTHCLINIC|||||||{hl7_now()}|||1234^Prescriber^Pat",
                   "|".join(rxe), "TQ1|1||||||||||||40^min", "RXR|IV^Intravenous^HL70162")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fhir_get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


class PumpSim:
    """One `titrate pump-sim` process; its stdout lines are collected."""

    def __init__(self, gateway_port, *args):
        self.process = subprocess.Popen(
            [TITRATE_BIN, "pump-sim", "--listen", "0", "--gateway", f"127.0.0.1:{gateway_port}", *args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.lines = []
        self._queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        first = self._queue.get(timeout=20)
        m = re.fullmatch(r"listening pump-sim 127\.0\.0\.1:(\d+)", first)
        if not m:
            raise AssertionError(f"first line {first!r}")
        self.port = int(m.group(1))

    def _read(self):
        for raw in self.process.stdout:
            line = raw.decode().rstrip("\n")
            self.lines.append(line)
            self._queue.put(line)

    def wait_for_line(self, pattern, timeout=60.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for line in list(self.lines):
                if re.search(pattern, line):
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in {self.lines[-40:]}")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=20)
        self.process.stdout.close()
        return code


class PumpSimTest(unittest.TestCase):
    def setUp(self):
        gateway_port = free_port()
        self.sim = PumpSim(gateway_port, "--speed", "600", "--pumps", "2", "--seed", "7")
        self.gateway = Gateway(channels=[default_channel(port=gateway_port)],
                               args=["--pump-endpoint", f"127.0.0.1:{self.sim.port}"])
        self.gateway.start()
        self.conn = MllpConnection(self.gateway.port())

    def tearDown(self):
        self.conn.close()
        self.assertEqual(self.sim.stop(), 0)
        self.gateway.terminate()

    def send(self, payload):
        ack = self.conn.exchange(payload)
        self.assertIn(field(ack, "MSA", 1), ("AA", "CA"), ack)

    def test_an_order_runs_on_the_simulated_pump_to_completion(self):
        gw = self.gateway
        base = f"http://127.0.0.1:{gw.http_port}/fhir"
        # The pumps announce where they are at start (PCD-01 without a patient).
        announced = gw.wait_for_events("titrate.pump-events.v1", lambda es: len(es) >= 2, 30.0)
        self.assertEqual(sorted(e["body"]["device"] for e in announced[:2]),
                         ["00A1B2C3D4E5F601", "00A1B2C3D4E5F602"])
        self.assertEqual(sorted(e["body"]["location"] for e in announced[:2]),
                         ["INF^CHAIR1^1", "INF^CHAIR2^1"])

        self.send(adt_with_weight("A1", MRN))
        self.send(rde("R1", MRN, "ORD900"))

        accepted = self.sim.wait_for_line(r"^P1 program \S+ accepted: 40 mL at 60 mL/h$")
        program_id = accepted.split()[2]
        self.sim.wait_for_line(r"^P1 started$")
        self.sim.wait_for_line(r"^P1 completed 40 mL$")

        url = f"{base}/MedicationAdministration?patient=urn:titrate:authority:NORTHCLINIC|{MRN}"
        bundle = wait_for_events(lambda: fhir_get(url), url,
                                 lambda b: b["total"] == 1 and b["entry"][0]["resource"]["status"] == "completed",
                                 30.0, 0.2)
        administration = bundle["entry"][0]["resource"]
        self.assertEqual(float(administration["dosage"]["dose"]["value"]), 40.0)
        self.assertEqual(administration["dosage"]["dose"]["unit"], "mg")
        self.assertEqual(float(administration["dosage"]["rateQuantity"]["value"]), 60.0)
        self.assertIn("(40.0 mL) delivered", administration["dosage"]["text"])
        self.assertNotIn("note", administration)  # no delivered-versus-planned deviation
        start = datetime.datetime.fromisoformat(administration["effectivePeriod"]["start"])
        end = datetime.datetime.fromisoformat(administration["effectivePeriod"]["end"])
        self.assertEqual(end - start, datetime.timedelta(minutes=40))  # pump clock: 40 mL at 60 mL/h

        complete = [e["body"] for e in gw.bus_events("titrate.administrations.v1")]
        self.assertEqual([e["action"] for e in complete], ["start", "complete"])
        self.assertEqual(float(complete[-1]["volume_delivered"]["value"]), 40.0)
        # The program id the pump echoes (OBR-2) is the one pump control gave the plan.
        self.assertRegex(program_id, r"^TP[0-9a-fA-F]{16}$")
        self.assertTrue(any(e["body"].get("program_id") == program_id
                            for e in gw.bus_events("titrate.pump-events.v1")))

        # The bedside monitor reported vital signs for the patient, and they vary.
        obs_url = (f"{base}/Observation?patient=urn:titrate:authority:NORTHCLINIC|{MRN}"
                   "&category=vital-signs&_count=200")
        observations = wait_for_events(lambda: fhir_get(obs_url), obs_url, lambda b: b["total"] >= 20, 30.0, 0.2)
        spo2 = [e["resource"]["valueQuantity"]["value"] for e in observations["entry"]
                if e["resource"]["code"]["coding"][0]["code"] == "59408-5"]
        self.assertTrue(spo2)
        self.assertTrue(all(90 <= v <= 100 for v in spo2), spo2)
        # Normal scenario: no vital-sign or delivery alert.
        issues = fhir_get(f"{base}/DetectedIssue?patient=urn:titrate:authority:NORTHCLINIC|{MRN}")
        self.assertEqual(issues["total"], 0, json.dumps(issues)[:2000])
        # The second pump never got a program, and no line names the patient.
        self.assertFalse(any(line.startswith("P2 program") for line in self.sim.lines))
        self.assertFalse(any(MRN in line or "Testpatient" in line for line in self.sim.lines))


if __name__ == "__main__":
    unittest.main()
