"""`scripts/run.sh --demo` without installing or building (TITRATE_DEMO_NO_BUILD=1, the build in
TITRATE_BUILD_DIR), on free ports and at 600 simulated seconds per second: what it prints, the FHIR
URLs it prints answering with the resources the demo promises, and a clean stop on SIGTERM."""

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.request

from harness import REPO, TITRATE_BIN


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def resources(url):
    out = []
    while url:
        bundle = get_json(url)
        out += [e["resource"] for e in bundle.get("entry", [])]
        url = next((link["url"] for link in bundle.get("link", []) if link["relation"] == "next"), None)
    return out


class DemoScriptTest(unittest.TestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="titrate-demo-")
        self.addCleanup(shutil.rmtree, self.data, True)
        env = dict(os.environ, TITRATE_DEMO_NO_BUILD="1",
                   TITRATE_BUILD_DIR=os.path.dirname(os.path.abspath(TITRATE_BIN)),
                   TITRATE_DEMO_DATA_DIR=os.path.join(self.data, "demo"),
                   TITRATE_DEMO_MLLP_PORT="0", TITRATE_DEMO_HTTP_PORT="0", TITRATE_DEMO_PUMP_PORT="0",
                   TITRATE_DEMO_SPEED="600")
        self.process = subprocess.Popen([os.path.join(REPO, "scripts", "run.sh"), "--demo"], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.addCleanup(self.kill_leftovers)
        self.lines = []
        self._queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        with self.process.stdout:
            for line in self.process.stdout:
                self._queue.put(line.decode(errors="replace").rstrip("\n"))
        self._queue.put(None)

    def kill_leftovers(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def wait_for_line(self, pattern, timeout=90.0):
        for line in self.lines:
            if re.search(pattern, line):
                return line
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                line = self._queue.get(timeout=max(0.05, deadline - time.time()))
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"the demo never printed /{pattern}/:\n" + "\n".join(self.lines))

    def wait_until(self, predicate, what, timeout=90.0):
        deadline = time.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.time() > deadline:
                raise AssertionError(f"timed out waiting for {what}:\n" + "\n".join(self.lines))
            time.sleep(0.3)

    def test_demo_feeds_the_gateway_and_its_urls_answer(self):
        mllp = re.search(r"MLLP on (\S+):(\d+)", self.wait_for_line(r"listens for HL7v2 over MLLP on"))
        self.wait_for_line(r"simulator listens on 127\.0\.0\.1:\d+")
        # The held order is released by the weight sent after the hold showed.
        held = self.wait_for_line(r"order ORD1006 .*on-hold.*weight-missing")
        weight = self.wait_for_line(r"ADT\^A08 with a weight .*acknowledged AA")
        self.assertLess(self.lines.index(held), self.lines.index(weight))
        self.wait_for_line(r"order ORD1007 .*on-hold.*soft-limit")
        self.wait_for_line(r"order ORD1008 .*cancelled.*hard-limit")
        urls = [re.search(r"curl -s '([^']+)'", line).group(1)
                for line in self.lines + [self.wait_for_line(r"curl -s .*/Patient'")] if "curl -s '" in line]
        by_query = {url.split("/fhir/", 1)[1]: url for url in urls}
        self.assertGreaterEqual(set(by_query), {"MedicationRequest", "MedicationAdministration", "DetectedIssue",
                                                "ServiceRequest", "Patient"})

        # The pump lines of the simulator are shown.
        self.wait_for_line(r"^  \[pumps\] P\d ")
        orders = {r["identifier"][0]["value"]: r for r in resources(by_query["MedicationRequest"])}
        self.assertEqual(orders["ORD1007"]["status"], "on-hold")
        self.assertEqual(orders["ORD1008"]["status"], "cancelled")
        self.assertIn("hard-limit", {c["code"] for c in orders["ORD1008"]["statusReason"]["coding"]})

        def administrations_settled():
            mas = resources(by_query["MedicationAdministration"])
            by_order = {m["request"]["identifier"]["value"]: m["status"] for m in mas}
            done = [o for o, s in by_order.items() if s == "completed"]
            return by_order if len(by_order) == 6 and len(done) >= 5 else None

        by_order = self.wait_until(administrations_settled, "six infusions, five of them completed")
        self.assertEqual(set(by_order), {f"ORD100{n}" for n in range(1, 7)})
        self.assertEqual(by_order["ORD1002"], "on-hold", "the occlusion on chair 2 stops the pump")
        self.assertEqual(by_order["ORD1006"], "completed", "the order held for its weight ran")
        alerts = self.wait_until(lambda: {a["code"]["coding"][0]["code"] for a in resources(by_query["DetectedIssue"])}
                                 >= {"pump-alarm", "vital-sign"} and resources(by_query["DetectedIssue"]),
                                 "pump-alarm and vital-sign alerts")
        details = " ".join(a.get("detail", "") for a in alerts)
        self.assertRegex(details, r"(?i)occl|196940")
        self.assertRegex(details, r"(?i)systolic|diastolic")
        self.assertRegex(details, r"(?i)spo2|sat")
        vitals_url = next(u for q, u in by_query.items() if q.startswith("Observation?category=vital-signs"))
        self.assertGreater(len(get_json(vitals_url).get("entry", [])), 0)
        referrals = {r["identifier"][0]["value"] for r in resources(by_query["ServiceRequest"])}
        self.assertEqual(referrals, {"REF1009", "REF1010"})

        # SIGTERM stops the demo, the simulator and the gateway cleanly.
        self.process.send_signal(signal.SIGTERM)
        self.assertEqual(self.process.wait(timeout=30), 0, "\n".join(self.lines))
        self.wait_for_line(r"^Stopped\.")
        with self.assertRaises(OSError):
            socket.create_connection((mllp.group(1), int(mllp.group(2))), timeout=2).close()


if __name__ == "__main__":
    unittest.main()
