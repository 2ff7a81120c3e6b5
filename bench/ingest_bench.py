#!/usr/bin/env python3
"""Durable MLLP ingest benchmark: starts `titrate serve` on a fresh data directory and drives it
with titrate_mllp_load at 1 and 16 connections, several runs each, and prints the medians.

    python3 bench/ingest_bench.py [--runs 5] [--messages 20000] [--kafka]

By default the gateway runs every role in one process on the embedded bus (dosing and pump
control consume what ingest writes, on the same cores). --kafka runs `--role ingest` alone with
its outbox relay to a librdkafka mock cluster (titrate_kafka_mock, started here).
"""

import argparse
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import tempfile
import json

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("TITRATE_BUILD_DIR", os.path.join(ROOT, "build"))


def start_kafka_mock():
    mock = subprocess.Popen([os.path.join(BUILD, "titrate_kafka_mock"), "--brokers", "3", "--partitions", "4",
                             "titrate.orders.v1", "titrate.pump-events.v1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = mock.stdout.readline().decode().split()
    if len(line) != 2 or line[0] != "bootstrap":
        raise SystemExit("titrate_kafka_mock did not start")
    return mock, line[1]


def start_gateway(workdir, extra_args=(), audit=True):
    config = {"data_dir": "data", "log_level": "warning", "mappings_dir": os.path.join(ROOT, "config", "mappings"),
              "drug_library": os.path.join(ROOT, "config", "drug-library.json"),
              "fhir_profiles": os.path.join(ROOT, "fhir-profiles"),
              "pump_control": os.path.join(ROOT, "config", "pump-control.json"),
              "channels": [{"name": "bench", "type": "mllp", "bind": "127.0.0.1", "port": 0,
                            "max_connections": 64}],
              "audit": {"enabled": audit}}
    path = os.path.join(workdir, "gateway.json")
    with open(path, "w") as f:
        json.dump(config, f)
    proc = subprocess.Popen([os.path.join(BUILD, "titrate"), "serve", "--config", path, *extra_args],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    while True:
        select.select([proc.stdout], [], [], 10)
        line = proc.stdout.readline().decode()
        m = re.match(r"listening mllp \S+ (\S+)", line)
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            raise SystemExit("gateway did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--messages", type=int, default=20000, help="messages per run, split over the connections")
    parser.add_argument("--kafka", action="store_true", help="ingest role alone, relaying to a Kafka mock cluster")
    parser.add_argument("--no-audit", action="store_true", help="without the audit trail (audit.enabled false)")
    args = parser.parse_args()
    mock, extra_args = None, ()
    if args.kafka:
        mock, bootstrap = start_kafka_mock()
        extra_args = ("--bus", "kafka", "--kafka-bootstrap", bootstrap, "--role", "ingest")
    for connections in (1, 16):
        results = []
        for _ in range(args.runs):
            workdir = tempfile.mkdtemp(prefix="titrate-bench-")
            proc, target = start_gateway(workdir, extra_args, audit=not args.no_audit)
            out = subprocess.run([os.path.join(BUILD, "titrate_mllp_load"), target, "--connections", str(connections),
                                  "--messages", str(args.messages // connections)],
                                 capture_output=True, check=True).stdout.decode()
            proc.send_signal(signal.SIGTERM)
            proc.wait()
            shutil.rmtree(workdir)
            results.append({k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", out)})
        med = lambda key: statistics.median(r[key] for r in results)
        print(f"connections={connections:2d} runs={args.runs} median: acks/s={med('acks_per_s'):.0f} "
              f"p50={med('p50_us'):.0f}us p99={med('p99_us'):.0f}us")
    if mock:
        mock.stdin.close()
        mock.terminate()
        mock.wait()


if __name__ == "__main__":
    main()
