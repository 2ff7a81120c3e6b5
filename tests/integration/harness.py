"""Starts the real titrate executable on loopback and talks to it, for integration tests."""

import json
import os
import re
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

TITRATE_BIN = os.environ.get("TITRATE_BIN", os.path.join(os.path.dirname(__file__), "../../build/titrate"))
VT, FS, CR = b"\x0b", b"\x1c", b"\x0d"
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
MAPPINGS_DIR = os.path.join(REPO, "config", "mappings")
CORPUS_DIR = os.environ.get("TITRATE_CORPUS_DIR", os.path.join(REPO, "..", "shared", "corpus"))
FHIR_SCHEMA = os.path.join(CORPUS_DIR, "schema", "fhir.schema.json")
SCHEMA_CHECK = os.path.join(REPO, "tests", "conformance", "fhir-schema")


def make_message(control_id, event="A04", sender="CLINICEHR", facility="NORTHCLINIC",
                 extra_msh="", family="Testpatient"):
    """A small ADT with a fictitious patient; segments end with CR."""
    segments = [
        f"MSH|^~\\&|{sender}|{facility}|TITRATE|INFUSION|20261121083000||ADT^{event}^ADT_A01|{control_id}|P|2.5.1{extra_msh}",
        f"EVN|{event}|20261121083000",
        f"PID|1||MRN{control_id}^^^NORTHCLINIC^MR||{family}^Alex||19800101|U",
        "PV1|1|O|INF^01^A",
        "OBX|1|NM|29463-7^Body weight^LN||72.5|kg|||||F",
    ]
    return ("\r".join(segments) + "\r").encode()


def frame(payload: bytes) -> bytes:
    return VT + payload + FS + CR


def segments_of(ack: bytes):
    return [s.split(b"|") for s in ack.split(b"\r") if s]


def field(ack: bytes, segment: str, number: int) -> str:
    """Field `number` of the first `segment` (MSH numbering: MSH-1 is the separator)."""
    for fields in segments_of(ack):
        if fields[0] == segment.encode():
            index = number - 1 if segment == "MSH" else number
            return fields[index].decode() if index < len(fields) else ""
    raise AssertionError(f"no {segment} in ack {ack!r}")


class MllpConnection:
    def __init__(self, port, timeout=10.0, sock=None):
        self.sock = sock or socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.settimeout(timeout)
        self.buffer = b""

    def send(self, payload: bytes):
        self.sock.sendall(frame(payload))

    def receive(self) -> bytes:
        while True:
            start = self.buffer.find(VT)
            end = self.buffer.find(FS + CR, start + 1 if start >= 0 else 0)
            if start >= 0 and end > start:
                payload = self.buffer[start + 1:end]
                self.buffer = self.buffer[end + 2:]
                return payload
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed by the server")
            self.buffer += chunk

    def exchange(self, payload: bytes) -> bytes:
        self.send(payload)
        return self.receive()

    def close(self):
        self.sock.close()


def wait_for_events(fetch, topic, predicate, timeout, interval):
    """Calls fetch() until predicate(events) is true; returns the events."""
    deadline = time.time() + timeout
    while True:
        events = fetch()
        if predicate(events):
            return events
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting on {topic}: {json.dumps(events)[:3000]}")
        time.sleep(interval)


def default_channel(**overrides):
    channel = {"name": "ehr", "type": "mllp", "bind": "127.0.0.1", "port": 0,
               "max_connections": 32, "idle_timeout_seconds": 30, "max_frame_bytes": 1048576}
    channel.update(overrides)
    return channel


class Gateway:
    """One `titrate serve` process with its own config and data directory."""

    def __init__(self, channels=None, workdir=None, http=True, extra=None, args=()):
        self.args = list(args)
        self.workdir = workdir or tempfile.mkdtemp(prefix="titrate-it-")
        self.data_dir = os.path.join(self.workdir, "data")
        self.config_path = os.path.join(self.workdir, "gateway.json")
        config = {"data_dir": "data", "mappings_dir": MAPPINGS_DIR,
                  "drug_library": os.path.join(REPO, "config", "drug-library.json"),
                  "pump_control": os.path.join(REPO, "config", "pump-control.json"),
                  "fhir_profiles": os.path.join(REPO, "fhir-profiles"),
                  "channels": channels or [default_channel()]}
        if http:
            config["http"] = {"bind": "127.0.0.1", "port": 0}
        config.update(extra or {})
        with open(self.config_path, "w") as f:
            json.dump(config, f, indent=2)
        self.log_path = os.path.join(self.workdir, "titrate.log")
        self.process = None
        self.ports = {}
        self.http_port = None

    def start(self):
        self.ports = {}
        self.http_port = None
        self.http_scheme = "http"
        with open(self.config_path) as f:
            config = json.load(f)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [TITRATE_BIN, "serve", "--config", self.config_path, "--data-dir", self.data_dir]
                + self.args,
                stdout=subprocess.PIPE, stderr=log)
        lines = queue.Queue()
        threading.Thread(target=self._read_stdout, args=(self.process.stdout, lines), daemon=True).start()
        role = self.args[self.args.index("--role") + 1] if "--role" in self.args else "all"
        roles = role.split(",")
        # Only an ingest process listens on the MLLP channels; an outbound one serves the FHIR API.
        channels = len(config["channels"]) if "all" in roles or "ingest" in roles else 0
        http = "http" in config and ({"all", "ingest", "outbound"} & set(roles))
        deadline = time.time() + 20
        while len(self.ports) < channels or (http and self.http_port is None):
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("gateway did not start: " + self.log())
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            m = re.match(r"listening mllp (\S+) (\S+):(\d+)", line)
            if m:
                self.ports[m.group(1)] = int(m.group(3))
            m = re.match(r"listening (https?) (\S+):(\d+)", line)
            if m:
                self.http_scheme = m.group(1)
                self.http_port = int(m.group(3))
        return self

    @staticmethod
    def _read_stdout(stream, lines):
        with stream:
            for line in stream:
                lines.put(line.decode())

    def port(self, channel="ehr"):
        return self.ports[channel]

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def terminate(self, timeout=20):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def cli(self, *args, check=True):
        result = subprocess.run([TITRATE_BIN, *args, "--config", self.config_path, "--data-dir", self.data_dir],
                                capture_output=True, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError(f"titrate {' '.join(args)} exited {result.returncode}: {result.stderr.decode()}")
        return result

    def journal_rows(self, *extra):
        out = self.cli("journal", "list", "--json", "--limit", "1000000", *extra).stdout
        return json.loads(out)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.terminate()

    def bus_events(self, topic):
        """The envelopes on an embedded-bus topic, oldest first."""
        out = self.cli("bus", "events", topic, "--json", "--limit", "1000000").stdout
        return [row["event"] for row in json.loads(out)]

    def wait_for_events(self, topic, predicate, timeout=20.0):
        """Polls the topic until predicate(events) is true; returns the events."""
        return wait_for_events(lambda: self.bus_events(topic), topic, predicate, timeout, 0.1)


class FakePumpFleet:
    """An IHE PCD-03 infusion order consumer (IOC) on loopback: records each RGV^O15 it receives
    and answers ACK^O15 with MSA-1 from `answer(message)` (default CA)."""

    def __init__(self, answer=None):
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self.answer = answer or (lambda message: ("CA", ""))
        self.programs = []
        self.lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                sock, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._connection, args=(sock,), daemon=True).start()

    def _connection(self, sock):
        conn = MllpConnection(0, sock=sock, timeout=60)
        try:
            while True:
                message = conn.receive()
                with self.lock:
                    self.programs.append(message)
                code, err = self.answer(message)
                control_id = field(message, "MSH", 10)
                ack = (f"MSH|^~\\&|PUMPS|PUMPS|TITRATE|TITRATE|20261121083000||ACK^O15^ACK|A{control_id}|P|2.6"
                       f"\rMSA|{code}|{control_id}\r")
                if err:
                    ack += f"ERR|||207^Application internal error^HL70357|E|{err}\r"
                conn.send(ack.encode())
        except (ConnectionError, OSError):
            return

    def wait_for_programs(self, count, timeout=20.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.programs) >= count:
                    return list(self.programs)
            time.sleep(0.05)
        raise AssertionError(f"the pump fleet received {len(self.programs)} programs, expected {count}")

    def close(self):
        self.server.close()


KAFKA_MOCK_BIN = os.environ.get("TITRATE_KAFKA_MOCK",
                                os.path.join(os.path.dirname(__file__), "../../build/titrate_kafka_mock"))


class KafkaMock:
    """librdkafka's mock Kafka cluster in a titrate_kafka_mock process of its own, and readers of
    its topics (`titrate_kafka_mock dump`). The process also stops when the test process dies
    (its stdin closes)."""

    def __init__(self, topics, brokers=3, partitions=3):
        self.topics = list(topics)
        self.brokers = brokers
        self.partitions = partitions
        self.process = None
        self.bootstrap = None

    def start(self, timeout=20.0):
        self.log_path = os.path.join(tempfile.mkdtemp(prefix="titrate-kafka-mock-"), "mock.log")
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [KAFKA_MOCK_BIN, "--brokers", str(self.brokers), "--partitions", str(self.partitions)]
                + self.topics, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        self._lines = queue.Queue()
        threading.Thread(target=Gateway._read_stdout, args=(self.process.stdout, self._lines),
                         daemon=True).start()
        line = self._next_line(timeout)
        if not line.startswith("bootstrap "):
            raise RuntimeError(f"titrate_kafka_mock said {line!r}")
        self.bootstrap = line.split()[1]
        return self

    def _next_line(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                return self._lines.get(timeout=0.2).strip()
            except queue.Empty:
                if self.process.poll() is not None:
                    break
        with open(self.log_path, errors="replace") as log:
            raise RuntimeError("titrate_kafka_mock did not answer: " + log.read())

    def command(self, line, timeout=10.0):
        """Sends a fault-injection command ("down 2", "up 2") and returns the reply line."""
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()
        return self._next_line(timeout)

    def records(self, topic, timeout=20.0):
        """Every record of the topic: dicts with partition, offset, key, headers and value (text)."""
        result = subprocess.run([KAFKA_MOCK_BIN, "dump", self.bootstrap, topic,
                                 "--timeout-ms", str(int(timeout * 1000))],
                                capture_output=True, timeout=timeout + 10)
        if result.returncode != 0:
            raise AssertionError(f"dump {topic} exited {result.returncode}: {result.stderr.decode()}")
        return [json.loads(line) for line in result.stdout.decode().splitlines() if line]

    def events(self, topic):
        """The envelopes on a topic, each partition oldest first (one key's events stay in order)."""
        records = sorted(self.records(topic), key=lambda r: (r["partition"], r["offset"]))
        return [json.loads(r["value"]) for r in records]

    def group_offsets(self, group, topic, timeout=20.0):
        """{partition: (committed offset or -1, end offset)} of a consumer group on a topic."""
        result = subprocess.run([KAFKA_MOCK_BIN, "offsets", self.bootstrap, group, topic,
                                 "--timeout-ms", str(int(timeout * 1000))],
                                capture_output=True, timeout=timeout + 10)
        if result.returncode != 0:
            raise AssertionError(f"offsets {group} {topic} exited {result.returncode}: {result.stderr.decode()}")
        rows = [json.loads(line) for line in result.stdout.decode().splitlines() if line]
        return {row["partition"]: (row["committed"], row["end"]) for row in rows}

    def wait_for_group(self, group, topic, records, timeout=30.0):
        """Polls until the topic holds `records` records and the group has committed the end of
        every partition (it has handled all of them); returns group_offsets()."""
        deadline = time.time() + timeout
        while True:
            offsets = self.group_offsets(group, topic)
            if (sum(end for _, end in offsets.values()) >= records
                    and all(committed == end for committed, end in offsets.values() if end)):
                return offsets
            if time.time() > deadline:
                raise AssertionError(f"group {group} did not reach the end of {topic}: {offsets}")
            time.sleep(0.2)

    def wait_for_events(self, topic, predicate, timeout=30.0):
        """Polls the topic until predicate(events) is true; returns the events."""
        return wait_for_events(lambda: self.events(topic), topic, predicate, timeout, 0.2)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


class WorkerGateway(Gateway):
    """A `titrate serve --role dosing|pump-control` process: it opens no listeners and is ready
    once it prints its "pipeline ..." line (its bus is connected and its consumers started)."""

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [TITRATE_BIN, "serve", "--config", self.config_path, "--data-dir", self.data_dir]
                + self.args,
                stdout=subprocess.PIPE, stderr=log)
        lines = queue.Queue()
        threading.Thread(target=self._read_stdout, args=(self.process.stdout, lines), daemon=True).start()
        deadline = time.time() + 30
        while True:
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("gateway did not start: " + self.log())
            try:
                if lines.get(timeout=0.2).startswith("pipeline "):
                    return self
            except queue.Empty:
                continue


def fhir_resources(base_url, resource_type):
    """Every current resource of a type on the gateway's FHIR API, following the next links."""
    resources, url = [], f"{base_url}/{resource_type}?_count=500"
    while url:
        with urllib.request.urlopen(url, timeout=10) as response:
            bundle = json.loads(response.read())
        resources += [entry["resource"] for entry in bundle.get("entry", [])]
        url = next((link["url"] for link in bundle.get("link", []) if link["relation"] == "next"), None)
    return resources


def check_fhir_schema(test, resources):
    """Checks resources against the official FHIR R4 JSON schema with an independent validator
    (Ajv, installed by scripts/install-test-deps.sh). Skipped, with a note, when the schema
    (beside the repository) or the validator is not there."""
    validator = os.path.join(SCHEMA_CHECK, "validate.mjs")
    if not os.path.exists(FHIR_SCHEMA) or not os.path.exists(os.path.join(SCHEMA_CHECK, "node_modules", "ajv")):
        print("FHIR JSON-schema check skipped: no schema or no validator installed")
        return
    folder = tempfile.mkdtemp(prefix="titrate-fhir-")
    for i, resource in enumerate(resources):
        with open(os.path.join(folder, f"{i:04d}-{resource['resourceType']}.json"), "w") as f:
            json.dump(resource, f)
    result = subprocess.run(["node", validator, FHIR_SCHEMA, folder], capture_output=True, text=True)
    shutil.rmtree(folder, ignore_errors=True)
    test.assertEqual(result.returncode, 0, result.stdout + result.stderr)
