"""HTTPS on the HTTP listener (FHIR API, /metrics, /health), with and without client
certificates; and pushes to an EHR whose certificate the gateway must not trust."""

import json
import os
import socket
import ssl
import tempfile
import time
import unittest
import urllib.request

from fake_ehr import FakeEhr
from harness import Gateway, MllpConnection, field, make_message
from test_tls import make_pki


def https_listener(pki, **extra):
    tls = {"certificate": os.path.join(pki, "server.pem"), "private_key": os.path.join(pki, "server.key"),
           "ca": os.path.join(pki, "ca.pem")}
    tls.update(extra)
    return {"http": {"bind": "127.0.0.1", "port": 0, "tls": tls}}


class HttpsCase(unittest.TestCase):
    """A PKI shared by the class and a client context helper."""

    @classmethod
    def setUpClass(cls):
        cls.pki = tempfile.mkdtemp(prefix="titrate-pki-")
        make_pki(cls.pki)

    @classmethod
    def path(cls, name):
        return os.path.join(cls.pki, name)

    def context(self, cert=None, maximum=None):
        ctx = ssl.create_default_context(cafile=self.path("ca.pem"))
        if cert:
            ctx.load_cert_chain(self.path(f"{cert}.pem"), self.path(f"{cert}.key"))
        if maximum:
            ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            ctx.maximum_version = maximum
            ctx.set_ciphers("ALL:@SECLEVEL=0")
        return ctx

    def get(self, path, cert=None):
        url = f"https://127.0.0.1:{self.gw.http_port}{path}"
        with urllib.request.urlopen(url, timeout=10, context=self.context(cert)) as response:
            return response.status, response.read()


class HttpsTest(HttpsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gw = Gateway(extra=https_listener(cls.pki)).start()

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()

    def test_serve_says_https(self):
        self.assertEqual(self.gw.http_scheme, "https")

    def test_fhir_metadata_metrics_and_health_over_https(self):
        status, body = self.get("/fhir/metadata")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["resourceType"], "CapabilityStatement")
        self.assertEqual(self.get("/metrics")[0], 200)
        self.assertEqual(self.get("/health")[0], 200)

    def test_links_default_to_https(self):
        c = MllpConnection(self.gw.port())
        self.assertEqual(field(c.exchange(make_message("HTTPS01")), "MSA", 1), "AA")
        c.close()
        status, body = self.get("/fhir/Patient")
        self.assertEqual(status, 200)
        bundle = json.loads(body)
        host = f"127.0.0.1:{self.gw.http_port}"
        self.assertTrue(all(link["url"].startswith(f"https://{host}/fhir/") for link in bundle["link"]), bundle)
        self.assertTrue(bundle["entry"], bundle)
        self.assertTrue(all(e["fullUrl"].startswith(f"https://{host}/fhir/Patient/") for e in bundle["entry"]))

    def test_tls_1_1_is_refused(self):
        with self.assertRaises((ssl.SSLError, ConnectionError, OSError)):
            self.get_with(self.context(maximum=ssl.TLSVersion.TLSv1_1))

    def get_with(self, ctx):
        raw = socket.create_connection(("127.0.0.1", self.gw.http_port), timeout=10)
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return s.recv(100)

    def test_plaintext_http_gets_no_http_answer(self):
        with socket.create_connection(("127.0.0.1", self.gw.http_port), timeout=10) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            try:
                while chunk := s.recv(4096):
                    answer += chunk
            except (ConnectionError, socket.timeout):
                pass
        self.assertFalse(answer.startswith(b"HTTP/"), answer[:100])
        # The listener is still serving TLS clients afterwards.
        self.assertEqual(self.get("/health")[0], 200)


class HttpsMutualTlsTest(HttpsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gw = Gateway(extra=https_listener(cls.pki, require_client_certificate=True)).start()

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()

    def assert_refused(self, cert):
        # TLS 1.3 reports a rejected client certificate only when the client reads.
        with self.assertRaises((ssl.SSLError, ConnectionError, OSError)):
            self.get("/fhir/metadata", cert=cert)

    def test_a_client_certificate_from_the_ca_is_served(self):
        self.assertEqual(self.get("/fhir/metadata", cert="client")[0], 200)
        self.assertEqual(self.get("/metrics", cert="south")[0], 200)

    def test_no_certificate_is_refused_at_the_handshake(self):
        self.assert_refused(None)

    def test_a_certificate_from_another_ca_is_refused(self):
        self.assert_refused("rogue")
        self.assertEqual(self.get("/health", cert="client")[0], 200)


class PushTrustTest(HttpsCase):
    """Pushes to three HTTPS EHRs: one the gateway trusts, one whose certificate is not from the
    configured CA, and one whose certificate names another host. Only the first gets anything;
    the others' items stay in the outbox, retried."""

    def https_ehr(self, cert):
        ehr = FakeEhr()
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.path(f"{cert}.pem"), self.path(f"{cert}.key"))
        ehr.server.socket = ctx.wrap_socket(ehr.server.socket, server_side=True)
        ehr.base_url = f"https://127.0.0.1:{ehr.port}/fhir"
        self.addCleanup(ehr.close)
        return ehr

    def test_only_a_trusted_and_correctly_named_ehr_receives_pushes(self):
        trusted = self.https_ehr("server")
        untrusted = self.https_ehr("rogue")
        misnamed = self.https_ehr("wrongname")
        ca = self.path("ca.pem")
        retry = {"initial_backoff_ms": 20, "max_backoff_ms": 100, "max_attempts": 1000, "timeout_seconds": 5}
        push = [dict(retry, name="trusted", base_url=trusted.base_url, tls={"ca": ca}),
                dict(retry, name="untrusted", base_url=untrusted.base_url, tls={"ca": ca}),
                dict(retry, name="misnamed", base_url=misnamed.base_url, tls={"ca": ca})]
        gw = Gateway(extra={"push": push}).start()
        self.addCleanup(gw.terminate)
        c = MllpConnection(gw.port())
        self.assertEqual(field(c.exchange(make_message("PUSHTLS1")), "MSA", 1), "AA")
        c.close()

        deadline = time.time() + 30
        while True:
            items = {i["destination"]: i for i in json.loads(gw.cli("outbox", "list", "--json").stdout)}
            if (items.get("trusted", {}).get("state") == "delivered"
                    and all(items.get(d, {}).get("attempts", 0) >= 3 for d in ("untrusted", "misnamed"))):
                break
            if time.time() > deadline:
                raise AssertionError(f"outbox: {items}")
            time.sleep(0.1)
        self.assertTrue(trusted.snapshot()[1])
        for name, ehr in (("untrusted", untrusted), ("misnamed", misnamed)):
            self.assertEqual(ehr.snapshot()[0], [], name)
            self.assertNotEqual(items[name]["state"], "delivered", name)
            self.assertIn("certificate", items[name]["last_error"].lower(), items[name])


if __name__ == "__main__":
    unittest.main()
