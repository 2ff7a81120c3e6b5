"""A quick smoke run of bench/peer_bench.py with tiny sizes: every figure of the table comes out
as a real measurement, for Titrate and for each peer this machine has (the others are named as
left out, and their rows are not checked)."""

import os
import re
import subprocess
import sys
import unittest

from harness import REPO, TITRATE_BIN

BUILD = os.path.dirname(os.path.abspath(TITRATE_BIN))
TOOLS = ("titrate", "titrate_mllp_load", "titrate_peer_parse", "titrate_bench_pipeline")


def table_rows(out):
    rows = []
    for line in out.splitlines():
        if line.startswith("| (") and line.endswith(" |"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def number(text, unit):
    """The figure in front of `unit` ("2.41 k acks/s" -> 2410.0)."""
    m = re.search(r"([\d.]+)( [kM])? " + re.escape(unit), text)
    if not m:
        raise AssertionError(f"no figure in {unit} in {text!r}")
    return float(m.group(1)) * {None: 1, " k": 1e3, " M": 1e6}[m.group(2)]


@unittest.skipUnless(all(os.access(os.path.join(BUILD, t), os.X_OK) for t in TOOLS),
                     f"the benchmarks are not built in {BUILD}")
class PeerBenchSmokeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        result = subprocess.run(
            [sys.executable, os.path.join(REPO, "bench", "peer_bench.py"), "--quick", "--build", BUILD,
             "--parse-seconds", "0.05", "--messages", "64", "--patients", "12", "--kafka-patients", "6"],
            capture_output=True, timeout=280)
        cls.out = result.stdout.decode()
        cls.err = result.stderr.decode()
        if result.returncode != 0:
            raise AssertionError(f"peer_bench.py failed ({result.returncode}):\n{cls.err}\n{cls.out}")
        cls.rows = table_rows(cls.out)
        cls.left_out = set(re.findall(r"^left out: (\S+):", cls.out, re.M))

    def rows_of(self, prefix):
        return [r for r in self.rows if r[0].startswith(prefix)]

    def test_every_row_is_a_median_of_three_runs(self):
        self.assertIn("median of 3 runs", self.out)
        self.assertTrue(all(len(r) == 5 for r in self.rows), self.rows)

    def test_parse_rows_compare_titrate_with_each_installed_parser(self):
        rows = self.rows_of("(a)")
        peers = {r[2].split()[0] for r in rows}
        for peer in ("python-hl7", "simple-hl7", "hl7-standard"):
            if peer not in self.left_out:
                self.assertIn(peer, peers)
        for titrate, peer, figure, ratio in ((r[1], r[2], r[3], r[4]) for r in rows if r[2] != "no peer"):
            ours, theirs = number(titrate, "MB/s"), number(figure, "MB/s")
            self.assertGreater(ours, 0)
            self.assertGreater(theirs, 0, peer)
            shown = float(ratio.rstrip("×"))
            self.assertAlmostEqual(shown, ours / theirs, delta=max(0.01 * shown, 0.01 * ours / theirs) + 0.5)

    def test_mllp_rows_at_one_and_sixteen_connections_say_the_peer_does_not_persist(self):
        rows = self.rows_of("(b)")
        self.assertEqual([("1 connection" in r[0], "16 connections" in r[0]) for r in rows],
                         [(True, False), (False, True)])
        for r in rows:
            self.assertGreater(number(r[1], "acks/s"), 0)
            self.assertRegex(r[1], r"p50 [\d.]+ ms, p99 [\d.]+ ms")
            if "node-hl7-server" not in self.left_out:
                self.assertIn("no persistence", r[2])
                self.assertGreater(number(r[3], "acks/s"), 0)
                self.assertRegex(r[4], r"acks/s [\d.]+×, p50 [\d.]+×, p99 [\d.]+×")

    def test_end_to_end_rows_count_completed_administrations_on_both_buses(self):
        rows = self.rows_of("(c)")
        self.assertEqual(len(rows), 2, rows)
        self.assertIn("embedded bus, 12 orders", rows[0][0])
        self.assertIn("Kafka mock cluster, 6 orders", rows[1][0])
        for r in rows:
            self.assertGreater(number(r[1], "MAs/s"), 0)

    def test_peak_memory_of_each_server(self):
        rows = self.rows_of("(d)")
        self.assertEqual(len(rows), 2, rows)
        for r in rows:
            self.assertGreater(number(r[1], "MiB"), 1)
            if "node-hl7-server" not in self.left_out:
                self.assertGreater(number(r[3], "MiB"), 1)

    def test_prints_the_command_lines_it_ran(self):
        commands = self.out.split("commands:", 1)[1]
        for tool in ("titrate_peer_parse", "titrate_mllp_load", "titrate serve",
                     "titrate_bench_pipeline --end-to-end"):
            self.assertIn(tool, commands)


if __name__ == "__main__":
    unittest.main()
