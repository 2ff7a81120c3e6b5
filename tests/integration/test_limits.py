"""Abuse limits against a real gateway: rate limits, header limits, slow clients and connection
caps on the HTTP listener and the MLLP channels, each refused clearly and counted in /metrics.

Clients on other loopback addresses (127.0.0.2, 127.0.0.3) stand for other hosts: limits are
per client address."""

import http.client
import json
import re
import socket
import time
import unittest

from harness import Gateway, MllpConnection, default_channel, field, frame, make_message


def http_request(port, method, path, headers=None, source="127.0.0.1", body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def metric(port, name, labels, source="127.0.0.9"):
    """The value of one sample of /metrics (read from an address no test limits)."""
    status, _, body = http_request(port, "GET", "/metrics", source=source)
    if status != 200:
        raise AssertionError(f"/metrics answered {status}")
    text = body.decode()
    for line in text.splitlines():
        if line.startswith(f"titrate_{name}{labels} "):
            return int(line.split()[-1])
    raise AssertionError(f"no titrate_{name}{labels} in /metrics:\n{text}")


def wait_until(predicate, timeout=10.0, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def read_until_closed(sock, limit_seconds):
    """Everything the server sends until it closes; fails when it is still open after the limit."""
    sock.settimeout(limit_seconds)
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


class HttpRateLimitTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = Gateway(extra={"http": {"bind": "127.0.0.1", "port": 0,
                                         "rate_limit": {"requests_per_second": 1, "burst": 3}}}).start()

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()

    def test_burst_past_the_limit_gets_429_with_retry_after_and_is_counted(self):
        port = self.gw.http_port
        before = metric(port, "http_refused_total", '{reason="rate_limit"}')
        statuses = [http_request(port, "GET", "/health", source="127.0.0.2")[0] for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 200])
        status, headers, body = http_request(port, "GET", "/health", source="127.0.0.2")
        self.assertEqual(status, 429)
        self.assertGreaterEqual(int(headers["Retry-After"]), 1)
        self.assertIn(b"rate limit exceeded", body)
        # Under /fhir the refusal is an OperationOutcome.
        status, headers, body = http_request(port, "GET", "/fhir/metadata", source="127.0.0.2")
        self.assertEqual(status, 429)
        self.assertIn("Retry-After", headers)
        outcome = json.loads(body)
        self.assertEqual(outcome["resourceType"], "OperationOutcome")
        self.assertEqual(outcome["issue"][0]["code"], "throttled")
        # Another client has its own bucket.
        self.assertEqual(http_request(port, "GET", "/health", source="127.0.0.3")[0], 200)
        self.assertEqual(metric(port, "http_refused_total", '{reason="rate_limit"}'), before + 2)
        self.assertRegex(self.gw.log(), r"refused rate_limit from 127\.0\.0\.2")
        # The bucket refills: one request a second.
        wait_until(lambda: http_request(port, "GET", "/health", source="127.0.0.2")[0] == 200,
                   timeout=5, what="the bucket to refill")


class HttpHeaderAndSlowClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = Gateway(extra={"http": {"bind": "127.0.0.1", "port": 0,
                                         "max_header_fields": 20, "max_header_bytes": 4096,
                                         "request_header_timeout_seconds": 2,
                                         "request_body_timeout_seconds": 2,
                                         "request_timeout_seconds": 30,
                                         "max_connections_per_client": 2}}).start()

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()

    def test_too_many_header_fields_gets_431_naming_the_limit(self):
        port = self.gw.http_port
        before = metric(port, "http_refused_total", '{reason="header_limit"}')
        headers = {f"X-Field-{i}": "v" for i in range(30)}
        status, _, body = http_request(port, "GET", "/health", headers=headers, source="127.0.0.4")
        self.assertEqual(status, 431)
        self.assertIn(b"max_header_fields (20)", body)
        # Past POCO's own limit of 100 fields: still a 431 with the reason, not a bare 400.
        headers = {f"X-Field-{i}": "v" for i in range(150)}
        status, _, body = http_request(port, "GET", "/fhir/metadata", headers=headers, source="127.0.0.4")
        self.assertEqual(status, 431)
        self.assertIn(b"Too many header fields", body)
        # Too many header bytes under /fhir: an OperationOutcome.
        status, _, body = http_request(port, "GET", "/fhir/metadata", headers={"X-Big": "a" * 5000},
                                       source="127.0.0.4")
        self.assertEqual(status, 431)
        outcome = json.loads(body)
        self.assertEqual(outcome["issue"][0]["code"], "too-long")
        self.assertIn("max_header_bytes (4096)", outcome["issue"][0]["diagnostics"])
        # A request line over POCO's 16 KiB URI limit: 414, not a bare 400.
        status, _, body = http_request(port, "GET", "/fhir/Patient?name=" + "a" * 20000, source="127.0.0.4")
        self.assertEqual(status, 414)
        self.assertIn(b"URI", body)
        self.assertEqual(metric(port, "http_refused_total", '{reason="header_limit"}'), before + 4)

    def test_slowloris_headers_get_408_within_the_deadline(self):
        port = self.gw.http_port
        before = metric(port, "http_refused_total", '{reason="slow_client"}')
        sock = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.5", 0))
        started = time.time()
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        # One header line every 0.3 s: each read is well within request_timeout_seconds (30 s).
        answer = b""
        sock.settimeout(0.3)
        try:
            for i in range(40):
                try:
                    sock.sendall(f"X-Slow-{i}: v\r\n".encode())
                except OSError:
                    break
                try:
                    chunk = sock.recv(65536)
                except socket.timeout:
                    continue
                if not chunk:
                    break
                answer += chunk
            answer += read_until_closed(sock, 5)
        except OSError:
            pass
        finally:
            sock.close()
        elapsed = time.time() - started
        self.assertTrue(answer.startswith(b"HTTP/1.1 408"), answer)
        self.assertIn(b"request_header_timeout_seconds", answer)
        self.assertLess(elapsed, 5.0)
        self.assertGreaterEqual(elapsed, 1.8)
        self.assertEqual(metric(port, "http_refused_total", '{reason="slow_client"}'), before + 1)

    def test_a_connection_that_sends_nothing_is_closed_at_the_header_deadline(self):
        port = self.gw.http_port
        before = metric(port, "http_refused_total", '{reason="slow_client"}')
        sock = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.10", 0))
        started = time.time()
        try:
            answer = read_until_closed(sock, 6)
        finally:
            sock.close()
        elapsed = time.time() - started
        # request_timeout_seconds (POCO's per-read timeout) is 30 s: the deadline is what ends it.
        self.assertTrue(answer.startswith(b"HTTP/1.1 408"), answer)
        self.assertLess(elapsed, 4.0)
        self.assertGreaterEqual(elapsed, 1.8)
        self.assertEqual(metric(port, "http_refused_total", '{reason="slow_client"}'), before + 1)

    def test_dribbled_body_gets_408(self):
        port = self.gw.http_port
        before = metric(port, "http_refused_total", '{reason="slow_client"}')
        sock = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.6", 0))
        started = time.time()
        sock.sendall(b"POST /fhir/Bundle HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
                     b"Content-Length: 1000\r\n\r\n{")
        answer = b""
        sock.settimeout(0.3)
        try:
            for _ in range(40):
                try:
                    sock.sendall(b" ")
                except OSError:
                    break
                try:
                    chunk = sock.recv(65536)
                except socket.timeout:
                    continue
                if not chunk:
                    break
                answer += chunk
            answer += read_until_closed(sock, 5)
        except OSError:
            pass
        finally:
            sock.close()
        self.assertTrue(answer.startswith(b"HTTP/1.1 408"), answer)
        self.assertIn(b"request_body_timeout_seconds", answer)
        self.assertLess(time.time() - started, 5.0)
        self.assertEqual(metric(port, "http_refused_total", '{reason="slow_client"}'), before + 1)

    def test_connections_per_client_are_capped(self):
        port = self.gw.http_port
        before = metric(port, "http_refused_total", '{reason="max_connections_per_client"}')
        held = []
        try:
            for _ in range(2):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                                  source_address=("127.0.0.7", 0))
                conn.request("GET", "/health")
                response = conn.getresponse()
                response.read()
                self.assertEqual(response.status, 200)
                held.append(conn)  # kept alive: the connection stays open
            status, headers, body = http_request(port, "GET", "/health", source="127.0.0.7")
            self.assertEqual(status, 429)
            self.assertIn(b"max_connections_per_client 2", body)
            self.assertEqual(
                metric(port, "http_refused_total", '{reason="max_connections_per_client"}'), before + 1)
            # Other clients are not affected.
            self.assertEqual(http_request(port, "GET", "/health", source="127.0.0.8")[0], 200)
        finally:
            for conn in held:
                conn.close()
        # Closed connections free their slots.
        wait_until(lambda: http_request(port, "GET", "/health", source="127.0.0.7")[0] == 200,
                   what="the slots to be released")

    def test_metrics_families_have_help_and_type_once(self):
        _, _, body = http_request(self.gw.http_port, "GET", "/metrics", source="127.0.0.9")
        text = body.decode()
        for family in ("http_refused_total", "mllp_refused_total"):
            self.assertEqual(text.count(f"# HELP titrate_{family} "), 1, family)
            self.assertEqual(text.count(f"# TYPE titrate_{family} counter"), 1, family)
        for reason in ("rate_limit", "max_connections_per_client", "body_too_large", "header_limit",
                       "slow_client", "bad_request"):
            self.assertRegex(text, rf'titrate_http_refused_total{{reason="{reason}"}} \d+')


class MllpLimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = Gateway(channels=[
            default_channel(rate_limit={"messages_per_second": 1, "burst": 2}),
            default_channel(name="capped", max_connections_per_client=2),
            default_channel(name="dribble", frame_timeout_seconds=2, idle_timeout_seconds=30),
        ]).start()

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()

    def test_burst_past_the_rate_limit_gets_ae_and_is_not_journaled(self):
        port = self.gw.http_port
        before = metric(port, "mllp_refused_total", '{channel="ehr",reason="rate_limit"}')
        conn = MllpConnection(self.gw.port("ehr"))
        try:
            acks = [conn.exchange(make_message(f"RATE{i:04d}")) for i in range(3)]
            self.assertEqual([field(a, "MSA", 1) for a in acks[:2]], ["AA", "AA"])
            self.assertEqual(field(acks[2], "MSA", 1), "AE")
            self.assertEqual(field(acks[2], "MSA", 2), "RATE0002")
            self.assertIn("rate limit exceeded", field(acks[2], "ERR", 8))
            self.assertIn("resend later", field(acks[2], "ERR", 8))
            self.assertTrue(field(acks[2], "ERR", 3).startswith("207"))
            rows = [r["control_id"] for r in self.gw.journal_rows() if r["control_id"].startswith("RATE")]
            self.assertEqual(sorted(rows), ["RATE0000", "RATE0001"])
            self.assertEqual(metric(port, "mllp_refused_total", '{channel="ehr",reason="rate_limit"}'),
                             before + 1)
            # The sender resends until a token is back: then accepted, not answered as a
            # duplicate of the refusal.
            deadline = time.time() + 5
            ack = conn.exchange(make_message("RATE0002"))
            while field(ack, "MSA", 1) == "AE" and time.time() < deadline:
                time.sleep(0.1)
                ack = conn.exchange(make_message("RATE0002"))
            self.assertEqual(field(ack, "MSA", 1), "AA")
        finally:
            conn.close()
        self.assertRegex(self.gw.log(), r"channel ehr: refused message from 127\.0\.0\.1:\d+: rate limit")

    def test_connections_per_client_are_capped(self):
        port = self.gw.http_port
        before = metric(port, "mllp_refused_total", '{channel="capped",reason="max_connections_per_client"}')
        held = [MllpConnection(self.gw.port("capped")) for _ in range(2)]
        try:
            for i, conn in enumerate(held):
                self.assertEqual(field(conn.exchange(make_message(f"CAP{i:04d}")), "MSA", 1), "AA")
            third = socket.create_connection(("127.0.0.1", self.gw.port("capped")), timeout=10)
            self.assertEqual(read_until_closed(third, 5), b"")  # closed without an answer
            third.close()
            other = MllpConnection(None, sock=socket.create_connection(
                ("127.0.0.1", self.gw.port("capped")), timeout=10, source_address=("127.0.0.2", 0)))
            self.assertEqual(field(other.exchange(make_message("CAPOTHER")), "MSA", 1), "AA")
            other.close()
        finally:
            for conn in held:
                conn.close()
        self.assertEqual(
            metric(port, "mllp_refused_total", '{channel="capped",reason="max_connections_per_client"}'),
            before + 1)
        self.assertIn("max_connections_per_client", self.gw.log())

    def test_dribbled_frame_is_closed_after_frame_timeout(self):
        port = self.gw.http_port
        before = metric(port, "mllp_refused_total", '{channel="dribble",reason="frame_timeout"}')
        sock = socket.create_connection(("127.0.0.1", self.gw.port("dribble")))
        started = time.time()
        payload = frame(make_message("DRIB0001"))
        sock.settimeout(0.3)
        closed = False
        # One byte every 0.3 s: far inside idle_timeout_seconds (30 s) for every read.
        for i in range(len(payload) - 2):
            try:
                sock.sendall(payload[i:i + 1])
                if sock.recv(1) == b"":
                    closed = True
                    break
            except socket.timeout:
                continue
            except OSError:
                closed = True
                break
            if time.time() - started > 6:
                break
        sock.close()
        elapsed = time.time() - started
        self.assertTrue(closed, "the dribbling connection was not closed")
        self.assertLess(elapsed, 4.0)
        self.assertGreaterEqual(elapsed, 1.8)
        self.assertEqual(metric(port, "mllp_refused_total", '{channel="dribble",reason="frame_timeout"}'),
                         before + 1)
        self.assertIn("frame_timeout_seconds", self.gw.log())
        # A prompt sender on the same channel is unaffected.
        conn = MllpConnection(self.gw.port("dribble"))
        self.assertEqual(field(conn.exchange(make_message("DRIB0002")), "MSA", 1), "AA")
        conn.close()


if __name__ == "__main__":
    unittest.main()
