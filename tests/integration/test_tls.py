"""MLLP over TLS 1.2+, with and without client-certificate verification."""

import os
import socket
import ssl
import subprocess
import tempfile
import unittest

from harness import TITRATE_BIN, Gateway, MllpConnection, default_channel, field, make_message


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(directory):
    """A CA, a server certificate for 127.0.0.1, a client certificate, and a rogue client."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=Titrate Test CA", cwd=directory)
    for name, subject, ext in [("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
                               ("client", "/CN=clinic-ehr/O=North Clinic", "extendedKeyUsage=clientAuth")]:
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                "-subj", subject, cwd=directory)
        with open(os.path.join(directory, f"{name}.ext"), "w") as f:
            f.write(ext + "\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext", cwd=directory)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rogue.key", "-out", "rogue.pem",
            "-days", "2", "-subj", "/CN=rogue", cwd=directory)


class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = tempfile.mkdtemp(prefix="titrate-pki-")
        make_pki(cls.pki)
        p = lambda name: os.path.join(cls.pki, name)
        tls_base = {"certificate": p("server.pem"), "private_key": p("server.key"), "ca": p("ca.pem")}
        cls.gw = Gateway(channels=[
            default_channel(name="mtls", tls=dict(tls_base, require_client_certificate=True)),
            default_channel(name="tls", tls=dict(tls_base)),
        ]).start()

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()

    def client_context(self, cert=None, maximum=None):
        ctx = ssl.create_default_context(cafile=os.path.join(self.pki, "ca.pem"))
        if cert:
            ctx.load_cert_chain(os.path.join(self.pki, f"{cert}.pem"), os.path.join(self.pki, f"{cert}.key"))
        if maximum:
            ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            ctx.maximum_version = maximum
            ctx.set_ciphers("ALL:@SECLEVEL=0")
        return ctx

    def tls_connection(self, channel, cert=None, maximum=None):
        raw = socket.create_connection(("127.0.0.1", self.gw.port(channel)), timeout=10)
        wrapped = self.client_context(cert, maximum).wrap_socket(raw, server_hostname="127.0.0.1")
        return MllpConnection(0, sock=wrapped)

    def assert_refused(self, channel, cert=None, maximum=None):
        with self.assertRaises((ssl.SSLError, ConnectionError, OSError)):
            c = self.tls_connection(channel, cert, maximum)
            # TLS 1.3 reports a rejected client certificate only on the first read.
            c.exchange(make_message("REFUSED"))

    def test_mutual_tls_with_a_client_certificate(self):
        c = self.tls_connection("mtls", cert="client")
        self.assertEqual(field(c.exchange(make_message("MTLS001")), "MSA", 1), "AA")
        c.close()

    def test_mutual_tls_refuses_a_missing_or_unknown_certificate(self):
        self.assert_refused("mtls")
        self.assert_refused("mtls", cert="rogue")
        self.assertIn("TLS handshake", self.gw.log())

    def test_tls_without_client_verification(self):
        c = self.tls_connection("tls")
        self.assertEqual(field(c.exchange(make_message("TLS0001")), "MSA", 1), "AA")
        c.close()

    def test_tls_1_1_is_refused(self):
        self.assert_refused("tls", maximum=ssl.TLSVersion.TLSv1_1)

    def test_plaintext_on_a_tls_channel_gets_nothing(self):
        c = MllpConnection(self.gw.port("tls"))
        with self.assertRaises((ConnectionError, OSError)):
            c.exchange(make_message("PLAIN01"))
        c.close()

    def test_titrate_send_over_mutual_tls(self):
        msg = os.path.join(self.pki, "message.hl7")
        with open(msg, "wb") as f:
            f.write(make_message("SEND-TLS-1"))
        result = subprocess.run(
            [TITRATE_BIN, "send", f"127.0.0.1:{self.gw.port('mtls')}", msg,
             "--tls-ca", os.path.join(self.pki, "ca.pem"), "--tls-cert", os.path.join(self.pki, "client.pem"),
             "--tls-key", os.path.join(self.pki, "client.key")], capture_output=True, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertIn(b"MSA|AA|SEND-TLS-1", result.stdout.replace(b"\n", b"\r"))


if __name__ == "__main__":
    unittest.main()
