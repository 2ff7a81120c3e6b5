"""MLLP over TLS 1.2+, with and without client-certificate verification."""

import json
import os
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

from harness import TITRATE_BIN, Gateway, MllpConnection, default_channel, field, make_message


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


NORTH_SUBJECT = "/CN=clinic-ehr/O=North Clinic"
SOUTH_SUBJECT = "/CN=south-ehr/O=South Clinic"


def certificate_subject(path):
    """The subject as the gateway reads it, by the command the README gives for certificate_subject."""
    out = subprocess.run(["openssl", "x509", "-in", path, "-noout", "-subject", "-nameopt", "RFC2253,-dn_rev"],
                         check=True, capture_output=True, text=True).stdout.strip()
    return out.removeprefix("subject=")


def make_pki(directory):
    """A CA; from it a server certificate for 127.0.0.1, a server certificate for another name
    (wrongname), two client certificates with different subjects (client, south); and a
    self-signed rogue."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=Titrate Test CA", cwd=directory)
    for name, subject, ext in [("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
                               ("wrongname", "/CN=ehr.example", "subjectAltName=DNS:ehr.example"),
                               ("client", NORTH_SUBJECT, "extendedKeyUsage=clientAuth"),
                               ("south", SOUTH_SUBJECT, "extendedKeyUsage=clientAuth")]:
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
        north = certificate_subject(p("client.pem"))
        assert north == "CN=clinic-ehr,O=North Clinic", north
        bound_senders = [{"application": "CLINICEHR", "facility": "NORTHCLINIC", "certificate_subject": north},
                         {"application": "SOUTHEHR"}]
        cls.gw = Gateway(channels=[
            default_channel(name="mtls", tls=dict(tls_base, require_client_certificate=True)),
            default_channel(name="tls", tls=dict(tls_base)),
            default_channel(name="bound", tls=dict(tls_base, require_client_certificate=True),
                            allowed_senders=bound_senders),
            default_channel(name="wrongname", tls=dict(tls_base, certificate=p("wrongname.pem"),
                                                       private_key=p("wrongname.key"))),
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
        # Each refusal is audited as a node authentication failure (DCM 110126), with the address.
        url = (f"http://127.0.0.1:{self.gw.http_port}/fhir/AuditEvent?subtype="
               + urllib.parse.quote("http://dicom.nema.org/resources/ontology/DCM|110126"))
        deadline, events = time.time() + 20, []
        while time.time() < deadline and len(events) < 2:
            with urllib.request.urlopen(url, timeout=10) as response:
                events = [e["resource"] for e in json.loads(response.read()).get("entry", [])]
            time.sleep(0.1)
        self.assertGreaterEqual(len(events), 2)
        self.assertEqual({e["outcome"] for e in events}, {"4"})
        self.assertEqual(events[0]["agent"][0]["network"]["address"], "127.0.0.1")
        self.assertIn("channel mtls", {e["entity"][0]["name"] for e in events})

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

    def journal_state(self, control_id):
        rows = [r for r in self.gw.journal_rows() if r["control_id"] == control_id]
        self.assertEqual(len(rows), 1, rows)
        return rows[0]["state"]

    def test_a_bound_sender_is_accepted_with_its_certificate(self):
        c = self.tls_connection("bound", cert="client")
        self.assertEqual(field(c.exchange(make_message("BOUND01")), "MSA", 1), "AA")
        c.close()
        self.assertEqual(self.journal_state("BOUND01"), "accepted")

    def test_a_bound_sender_with_another_certificate_of_the_same_ca_is_rejected(self):
        c = self.tls_connection("bound", cert="south")
        ack = c.exchange(make_message("BOUND02"))
        self.assertEqual(field(ack, "MSA", 1), "AR")
        self.assertIn("not allowed on channel bound with this client certificate", field(ack, "ERR", 8))
        # The connection stays usable: the same peer may send as the sender it is.
        self.assertEqual(field(c.exchange(make_message("BOUND03", sender="SOUTHEHR")), "MSA", 1), "AA")
        c.close()
        self.assertEqual(self.journal_state("BOUND02"), "rejected")
        self.assertEqual(self.journal_state("BOUND03"), "accepted")

    def titrate_send(self, channel, control_id, ca):
        msg = os.path.join(self.pki, f"{control_id}.hl7")
        with open(msg, "wb") as f:
            f.write(make_message(control_id))
        return subprocess.run([TITRATE_BIN, "send", f"127.0.0.1:{self.gw.port(channel)}", msg,
                               "--tls-ca", os.path.join(self.pki, ca)], capture_output=True, timeout=30)

    def test_titrate_send_refuses_a_server_the_ca_does_not_vouch_for(self):
        result = self.titrate_send("tls", "SEND-WRONGCA", "rogue.pem")
        self.assertNotEqual(result.returncode, 0)
        self.assertNotIn(b"MSA|", result.stdout)
        self.assertEqual([r for r in self.gw.journal_rows() if r["control_id"] == "SEND-WRONGCA"], [])

    def test_titrate_send_refuses_a_server_whose_name_does_not_match(self):
        # Signed by the trusted CA, but for ehr.example, not 127.0.0.1.
        result = self.titrate_send("wrongname", "SEND-WRONGNAME", "ca.pem")
        self.assertNotEqual(result.returncode, 0)
        self.assertNotIn(b"MSA|", result.stdout)
        self.assertIn(b"certificate", result.stderr.lower())
        self.assertEqual([r for r in self.gw.journal_rows() if r["control_id"] == "SEND-WRONGNAME"], [])
        # The control: the same client and CA against a server certificate for 127.0.0.1.
        result = self.titrate_send("tls", "SEND-RIGHTNAME", "ca.pem")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertIn(b"MSA|AA|SEND-RIGHTNAME", result.stdout.replace(b"\n", b"\r"))

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
