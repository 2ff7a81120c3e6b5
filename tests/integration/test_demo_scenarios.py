"""The gateway and the pump-fleet simulator (`titrate pump-sim`) end to end, one scenario at a time:
one ketamine order for a patient at bed 1 (0.5 mg/kg, 80 kg, 40 min: 40 mg = 40 mL at 60 mL/h),
the simulator running the infusion at 600 simulated seconds per second, then the FHIR API's
contents: the MedicationAdministration's status, its version history, the delivered volume and
dose, the DetectedIssue alerts, and the vital-sign and pump Observations."""

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
import urllib.parse
import urllib.request

from harness import REPO, TITRATE_BIN, Gateway, MllpConnection, field, wait_for_events
from test_pipeline import adt_with_weight, hl7_now, message, msh

SPEED = "600"
MRN_SYSTEM = "urn:titrate:authority:NORTHCLINIC"
LOCATION = "INF^CHAIR1^1"
PUMP_P1 = "00A1B2C3D4E5F601"
ENDED = {"completed", "stopped", "not-done"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admit(control_id, mrn, weight_kg="80"):
    """ADT^A04 with a weight, at bed 1 (where the simulator's pump P1 stands)."""
    text = adt_with_weight(control_id, mrn, weight_kg).decode()
    return text.replace("INF^CHAIR3^1", LOCATION).encode()


def order(control_id, mrn, placer, dose="0.5", minutes="40"):
    rxe = ["RXE", "", "6130^ketamine^RXNORM", dose, "", "mg/kg"] + [""] * 21 + \
          ["F33.1^Major depressive disorder, recurrent, moderate^I10"] + [""] * 5 + ["500", "mL"]
    rxe[25], rxe[26] = "500", "mg"
    return message(msh(control_id, "RDE^O11^RDE_O11"),
                   f"PID|1||{mrn}^^^NORTHCLINIC^MR||Testpatient^Alex||19800101|U",
                   f"PV1|1|O|{LOCATION}||||||||||||||||V{mrn}^^^NORTHCLINIC^VN",
                   f"ORC|NW|{placer}^NORTHCLINIC|||||||{hl7_now()}|||1234^Prescriber^Pat",
                   "|".join(rxe), f"TQ1|1||||||||||||{minutes}^min", "RXR|IV^Intravenous^HL70162")


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


class PumpSim:
    """One `titrate pump-sim` process; its stdout lines are kept for the checks."""

    def __init__(self, listen_port, gateway_port, scenario, pumps=1):
        self.lines = []
        self._queue = queue.Queue()
        self.log_path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"pump-sim-{listen_port}.log")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [TITRATE_BIN, "pump-sim", "--listen", str(listen_port), "--gateway",
                 f"127.0.0.1:{gateway_port}", "--pumps", str(pumps), "--speed", SPEED,
                 "--scenario", scenario, "--seed", "11"],
                stdout=subprocess.PIPE, stderr=log)
        threading.Thread(target=self._read, daemon=True).start()
        first = self._next_line(20.0)
        if first != f"listening pump-sim 127.0.0.1:{listen_port}":
            raise AssertionError(f"pump-sim said {first!r} first; log: {self.log()}")

    def _read(self):
        with self.process.stdout:
            for line in self.process.stdout:
                self._queue.put(line.decode().rstrip("\n"))

    def _next_line(self, timeout):
        try:
            line = self._queue.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"pump-sim printed nothing within {timeout} s; log: {self.log()}")
        self.lines.append(line)
        return line

    def drain(self):
        while True:
            try:
                self.lines.append(self._queue.get_nowait())
            except queue.Empty:
                return self.lines

    def wait_for_line(self, pattern, timeout=60.0):
        deadline = time.time() + timeout
        for line in self.drain():
            if re.search(pattern, line):
                return line
        while time.time() < deadline:
            try:
                line = self._next_line(max(0.05, deadline - time.time()))
            except AssertionError:
                break
            if re.search(pattern, line):
                return line
        raise AssertionError(f"pump-sim never printed /{pattern}/: {self.drain()}")

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=20)


class ScenarioRun:
    """A gateway and a one-pump simulator running `scenario`, with one order for a patient at bed 1."""

    def __init__(self, test, scenario):
        self.test = test
        self.mrn = "DEMO" + re.sub(r"[^A-Z0-9]", "", scenario.upper())
        sim_port = free_port()
        self.gateway = Gateway(extra={
            "pump_control": os.path.join(REPO, "config", "demo", "pump-control.json"),
            "pump_endpoint": {"host": "127.0.0.1", "port": sim_port, "timeout_seconds": 5, "attempts": 3}})
        self.gateway.start()
        test.addCleanup(self.gateway.terminate)
        self.sim = PumpSim(sim_port, self.gateway.port(), scenario)
        test.addCleanup(self.stop_sim)
        self.base = f"http://127.0.0.1:{self.gateway.http_port}/fhir"
        self.patient = urllib.parse.quote(f"{MRN_SYSTEM}|{self.mrn}", safe="")

    def stop_sim(self):
        self.test.assertEqual(self.sim.stop(), 0, "pump-sim exits 0 on SIGTERM")

    def send_order(self):
        # The simulator's first PCD-01 tells the gateway where pump P1 stands.
        self.gateway.wait_for_events("titrate.pump-events.v1", lambda es: len(es) >= 1)
        conn = MllpConnection(self.gateway.port())
        try:
            for payload in (admit("A-" + self.mrn, self.mrn), order("R-" + self.mrn, self.mrn, "ORD" + self.mrn)):
                ack = conn.exchange(payload)
                self.test.assertEqual(field(ack, "MSA", 1), "AA", ack)
        finally:
            conn.close()

    def search(self, query):
        resources, url = [], f"{self.base}/{query}"
        while url:
            bundle = get_json(url)
            resources += [e["resource"] for e in bundle.get("entry", [])]
            url = next((link["url"] for link in bundle.get("link", []) if link["relation"] == "next"), None)
        return resources

    def administrations(self):
        return self.search(f"MedicationAdministration?patient={self.patient}")

    def wait_for_administration(self, predicate, what, timeout=90.0):
        return wait_for_events(self.administrations, what, lambda mas: len(mas) == 1 and predicate(mas[0]),
                               timeout, 0.2)[0]

    def history(self, administration):
        """The statuses of every version of the administration, oldest first."""
        latest = int(administration["meta"]["versionId"])
        return [get_json(f"{self.base}/MedicationAdministration/{administration['id']}/_history/{v}")["status"]
                for v in range(1, latest + 1)]

    def alerts(self):
        return [r for r in self.search("DetectedIssue?_count=500")
                if r.get("patient", {}).get("identifier", {}).get("value") == self.mrn]

    def vitals(self):
        return self.search(f"Observation?patient={self.patient}&category=vital-signs&_count=500")


def codes(observation):
    return {c["code"] for c in observation["code"]["coding"]}


def values(observations, code):
    """valueQuantity values of the observations with `code`, or of their components with it."""
    out = []
    for o in observations:
        if code in codes(o) and "valueQuantity" in o:
            out.append(float(o["valueQuantity"]["value"]))
        for component in o.get("component", []):
            if code in codes(component) and "valueQuantity" in component:
                out.append(float(component["valueQuantity"]["value"]))
    return out


def delivered_volume_ml(administration):
    """The volume the dosage text reports ("...; 40 mg (40.0 mL) delivered")."""
    m = re.search(r"\(([\d.]+) mL\) delivered", administration["dosage"]["text"])
    if not m:
        raise AssertionError(f"no delivered volume in {administration['dosage']['text']!r}")
    return float(m.group(1))


class DemoScenarioTest(unittest.TestCase):
    def run_scenario(self, scenario):
        run = ScenarioRun(self, scenario)
        run.send_order()
        return run

    def check_delivery(self, administration, volume_ml):
        """Dose = volume × 1 mg/mL, in mg, and the volume is what the scenario implies."""
        dose = administration["dosage"]["dose"]
        self.assertEqual(dose["unit"], "mg")
        volume = delivered_volume_ml(administration)
        self.assertAlmostEqual(float(dose["value"]), volume, places=2)
        if volume_ml is not None:
            self.assertAlmostEqual(volume, volume_ml, delta=0.05)
        return volume

    def check_vitals(self, run, minimum=5):
        """Realistic readings that move: every kind present, within physiological ranges, not constant."""
        vitals = run.vitals()
        ranges = {"8867-4": (40, 180), "8480-6": (70, 240), "8462-4": (30, 150), "9279-1": (4, 40),
                  "59408-5": (70, 100)}
        for code, (low, high) in ranges.items():
            readings = values(vitals, code)
            self.assertGreaterEqual(len(readings), minimum, f"{code} readings: {readings}")
            self.assertTrue(all(low <= v <= high for v in readings), f"{code} out of range: {readings}")
        for code in ("8867-4", "8480-6"):
            self.assertGreater(len(set(values(vitals, code))), 2, f"{code} never moves")
        for systolic_diastolic in vitals:
            sys_ = values([systolic_diastolic], "8480-6")
            dia = values([systolic_diastolic], "8462-4")
            if sys_ and dia:
                self.assertGreater(sys_[0], dia[0])
        return vitals

    def alert_codes(self, run):
        return sorted(a["code"]["coding"][0]["code"] for a in run.alerts())

    # --- the scenarios -----------------------------------------------------------------------

    def test_normal_infusion_completes_with_the_whole_dose(self):
        run = self.run_scenario("normal")
        ma = run.wait_for_administration(lambda m: m["status"] == "completed", "a completed administration")
        self.check_delivery(ma, 40.0)
        self.assertEqual(ma["request"]["identifier"]["value"], "ORD" + run.mrn)
        self.assertEqual(ma["device"][0]["identifier"]["value"], PUMP_P1)
        self.assertEqual(run.history(ma)[0], "in-progress")
        self.assertNotIn("on-hold", run.history(ma))
        self.check_vitals(run)
        self.assertEqual(self.alert_codes(run), [], "a normal infusion raises no alert")
        run.sim.wait_for_line(r"^P1 completed 40(\.0)? mL")
        devices = run.search("Observation?category=device&_count=500")
        self.assertGreater(len(devices), 0, "pump readings (PCD-01) are stored as device observations")

    def test_occlusion_alarm_pauses_the_infusion_midway(self):
        run = self.run_scenario("occlusion")
        ma = run.wait_for_administration(lambda m: m["status"] == "on-hold", "an administration on hold")
        run.sim.wait_for_line(r"^P1 occlusion")
        alerts = wait_for_events(run.alerts, "DetectedIssue", lambda a: any(
            x["code"]["coding"][0]["code"] == "pump-alarm" for x in a), 30.0, 0.2)
        alarm = next(a for a in alerts if a["code"]["coding"][0]["code"] == "pump-alarm")
        self.assertRegex(alarm["detail"], r"(?i)occl|196940")
        self.assertEqual(alarm["severity"], "high")
        # The pump never completes: for longer than the planned 40 minutes (4 s at speed 600) the
        # administration stays on hold with part of the dose delivered.
        deadline = time.time() + 8
        while time.time() < deadline:
            ma = run.administrations()[0]
            self.assertEqual(ma["status"], "on-hold")
            time.sleep(0.5)
        volume = self.check_delivery(ma, None)
        self.assertGreater(volume, 0.0)
        self.assertLess(volume, 40.0)
        self.assertIn("in-progress", run.history(ma))
        self.check_vitals(run)

    def test_pause_and_resume_still_completes(self):
        run = self.run_scenario("pause-resume")
        ma = run.wait_for_administration(lambda m: m["status"] == "completed", "a completed administration")
        self.check_delivery(ma, 40.0)
        history = run.history(ma)
        self.assertIn("on-hold", history)
        self.assertGreater(history.index("on-hold"), history.index("in-progress"))
        self.assertIn("in-progress", history[history.index("on-hold"):], "resumed after the pause")
        self.assertEqual(self.alert_codes(run), [], "a pause by the clinician raises no alert")
        self.check_vitals(run)

    def test_hypertensive_episode_raises_a_vital_sign_alert(self):
        run = self.run_scenario("hypertension")
        ma = run.wait_for_administration(lambda m: m["status"] == "completed", "a completed administration")
        self.check_delivery(ma, 40.0)
        vitals = self.check_vitals(run)
        self.assertGreater(max(values(vitals, "8480-6")), 180, "the systolic pressure passes 180")
        self.assertLess(min(values(vitals, "8480-6")), 170, "and is lower outside the episode")
        alerts = [a for a in run.alerts() if a["code"]["coding"][0]["code"] == "vital-sign"]
        self.assertGreaterEqual(len(alerts), 1)
        self.assertTrue(any(re.search(r"(?i)systolic|diastolic", a["detail"]) for a in alerts),
                        [a["detail"] for a in alerts])
        self.assertEqual({a["severity"] for a in alerts}, {"high"})
        self.assertNotIn("pump-alarm", self.alert_codes(run))

    def test_spo2_drop_raises_an_alert_asking_to_pause(self):
        run = self.run_scenario("spo2-drop")
        ma = run.wait_for_administration(lambda m: m["status"] in ENDED, "an ended administration")
        self.assertEqual(ma["status"], "completed")
        self.check_delivery(ma, 40.0)
        vitals = self.check_vitals(run)
        self.assertLess(min(values(vitals, "59408-5")), 92, "SpO2 drops below 92 %")
        self.assertGreaterEqual(max(values(vitals, "59408-5")), 94, "and is normal outside the episode")
        alerts = [a for a in run.alerts() if a["code"]["coding"][0]["code"] == "vital-sign"]
        spo2 = [a for a in alerts if re.search(r"(?i)spo2|sat|59408-5|2708-6", a["detail"])]
        self.assertEqual(len(spo2), 1, [a["detail"] for a in alerts])
        self.assertEqual(spo2[0]["mitigation"][0]["action"]["coding"][0]["code"], "pause-infusion")

    def test_pump_disconnect_and_reconnect_still_completes(self):
        run = self.run_scenario("disconnect")
        ma = run.wait_for_administration(lambda m: m["status"] == "completed", "a completed administration")
        self.check_delivery(ma, 40.0)
        self.assertEqual(ma["device"][0]["identifier"]["value"], PUMP_P1)
        self.assertNotIn("pump-alarm", self.alert_codes(run))
        self.check_vitals(run)
        run.sim.wait_for_line(r"(?i)^P1 .*disconnect")
        run.sim.wait_for_line(r"(?i)^P1 .*reconnect")
        # Nothing the simulator sent around the break was refused or lost.
        rows = run.gateway.journal_rows()
        self.assertTrue(all(r["state"] == "accepted" for r in rows), rows[:5])


if __name__ == "__main__":
    unittest.main()
