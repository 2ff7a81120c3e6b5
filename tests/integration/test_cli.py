"""The titrate command line: send, journal list/show/replay, config errors."""

import json
import os
import subprocess
import tempfile
import unittest

import shutil

from harness import REPO, TITRATE_BIN, Gateway, make_message

FIXTURES = os.path.join(REPO, "tests", "fixtures", "mapping")


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = Gateway().start()
        cls.dir = tempfile.mkdtemp(prefix="titrate-cli-")

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()

    def write(self, name, data: bytes):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def send(self, *files):
        return subprocess.run([TITRATE_BIN, "send", f"127.0.0.1:{self.gw.port()}", *files],
                              capture_output=True, timeout=30)

    def test_send_prints_each_ack_and_exits_zero(self):
        path = self.write("two.hl7", make_message("CLI0001") + make_message("CLI0002"))
        result = self.send(path)
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertIn("#1: AA", out)
        self.assertIn("#2: AA", out)
        self.assertIn("MSA|AA|CLI0002", out)

    def test_send_exits_non_zero_on_a_rejection(self):
        path = self.write("bad.hl7", make_message("X").replace(b"|X|P|", b"||P|"))
        result = self.send(path)
        self.assertEqual(result.returncode, 1)
        self.assertIn("AR", result.stdout.decode())

    def test_journal_list_has_no_patient_data_and_show_has_the_message(self):
        path = self.write("phi.hl7", make_message("PHI0001", family="Zyxwvutsonian"))
        self.assertEqual(self.send(path).returncode, 0)
        listing = self.gw.cli("journal", "list").stdout.decode()
        self.assertIn("PHI0001", listing)
        self.assertNotIn("Zyxwvutsonian", listing)
        self.assertNotIn("Zyxwvutsonian", self.gw.log())
        row = [r for r in self.gw.journal_rows() if r["control_id"] == "PHI0001"][0]
        shown = self.gw.cli("journal", "show", str(row["id"])).stdout.decode()
        self.assertIn("Zyxwvutsonian", shown)
        self.assertIn("state:       accepted", shown)
        self.assertIn("MSA|AA|PHI0001", shown)

    def test_replay_records_the_outcome(self):
        path = self.write("replay.hl7", make_message("RPL0001"))
        self.assertEqual(self.send(path).returncode, 0)
        row = [r for r in self.gw.journal_rows() if r["control_id"] == "RPL0001"][0]
        result = self.gw.cli("journal", "replay", str(row["id"]))
        self.assertIn("accepted", result.stdout.decode())
        row = [r for r in self.gw.journal_rows() if r["control_id"] == "RPL0001"][0]
        self.assertEqual(row["replays"], 1)

    def test_journal_show_unknown_id(self):
        result = self.gw.cli("journal", "show", "999999", check=False)
        self.assertEqual(result.returncode, 1)

    def test_bad_config_is_refused_with_file_and_pointer(self):
        path = self.write("bad.json", json.dumps({"channels": [{"name": "x", "type": "mllp", "port": "2575"}]}).encode())
        result = subprocess.run([TITRATE_BIN, "serve", "--config", path], capture_output=True, timeout=30)
        self.assertEqual(result.returncode, 78)
        err = result.stderr.decode()
        self.assertIn(path, err)
        self.assertIn("/channels/0/port", err)
        self.assertIn("expected an integer", err)

    def test_unknown_config_key_is_refused(self):
        path = self.write("typo.json", json.dumps({"chanels": []}).encode())
        result = subprocess.run([TITRATE_BIN, "serve", "--config", path], capture_output=True, timeout=30)
        self.assertEqual(result.returncode, 78)
        self.assertIn("/chanels: unknown key", result.stderr.decode())

    def map(self, *args):
        return subprocess.run([TITRATE_BIN, "map", "--config", os.path.join(REPO, "config", "gateway.json"),
                               "--mappings", os.path.join(FIXTURES, "profiles"), *args], capture_output=True, timeout=30)

    def test_map_prints_the_model_and_located_problems(self):
        ok = self.map(os.path.join(FIXTURES, "hl7v2", "rde_o11_depression_series.hl7"))
        self.assertEqual(ok.returncode, 0, ok.stderr)
        out = ok.stdout.decode()
        self.assertIn("(profile: riverside-pharmacy)", out)
        self.assertIn('"code": "6130"', out)
        self.assertIn("result: mapped", out)
        bad = self.map(os.path.join(FIXTURES, "hl7v2", "rde_o11_bad_dose_text.hl7"))
        self.assertEqual(bad.returncode, 1)
        self.assertIn("RXE[1]-3", bad.stdout.decode())
        self.assertIn("result: REJECTED", bad.stdout.decode())

    def test_map_check_shows_a_readable_diff(self):
        work = tempfile.mkdtemp(prefix="titrate-golden-")
        shutil.copy(os.path.join(FIXTURES, "hl7v2", "rde_o11_crps.hl7"), work)
        with open(os.path.join(FIXTURES, "hl7v2", "rde_o11_crps.expected.json")) as f:
            golden = f.read()
        self.assertIn('"value": 22,', golden)
        with open(os.path.join(work, "rde_o11_crps.expected.json"), "w") as f:
            f.write(golden.replace('"value": 22,', '"value": 2.2,'))
        result = self.map("--check", work)
        self.assertEqual(result.returncode, 1)
        out = result.stdout.decode()
        self.assertIn("DIFFERS  rde_o11_crps.hl7", out)
        self.assertIn('-         "value": 2.2,', out)
        self.assertIn('+         "value": 22,', out)
        self.assertIn("1 checked, 1 differ", out)

    def validate(self, *args):
        return subprocess.run([TITRATE_BIN, "validate", "--profiles", os.path.join(REPO, "fhir-profiles"),
                               *args], capture_output=True, timeout=60)

    def test_validate_locates_each_problem_by_json_pointer(self):
        good = {"resourceType": "Observation", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                "subject": {"reference": "Patient/p1"},
                "valueQuantity": {"value": 72, "unit": "/min", "system": "http://unitsofmeasure.org",
                                  "code": "/min"}}
        bad = dict(good, status="finished", subject={"reference": "Medication/m1"}, interpretaton=[])
        good_path = self.write("good.json", json.dumps(good).encode())
        bad_path = self.write("bad.json", json.dumps(bad).encode())
        result = self.validate(good_path)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout.decode(), f"{good_path}: valid\n")
        result = self.validate(good_path, bad_path)
        self.assertEqual(result.returncode, 1)
        out = result.stdout.decode()
        self.assertIn(f"{bad_path}: /status: ", out)
        self.assertIn("observation-status", out)
        self.assertIn(f"{bad_path}: /subject/reference: ", out)
        self.assertIn(f"{bad_path}: /interpretaton: ", out)
        self.assertNotIn("finished", out)  # values are never echoed (they may be patient data)
        result = self.validate("--profile", "http://example.org/nope", good_path)
        self.assertEqual(result.returncode, 2)

    def test_usage_errors(self):
        result = subprocess.run([TITRATE_BIN, "serve", "--bogus"], capture_output=True, timeout=30)
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown option --bogus", result.stderr.decode())


if __name__ == "__main__":
    unittest.main()
