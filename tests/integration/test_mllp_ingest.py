"""An EHR connects over MLLP, sends HL7v2 and gets the right acknowledgement."""

import socket
import time
import unittest
import urllib.request

import hl7
import hl7.client

from harness import (Gateway, MllpConnection, default_channel, field, frame, make_message)


class PythonHl7ClientTest(unittest.TestCase):
    """A third-party client (python-hl7) against the gateway."""

    @classmethod
    def setUpClass(cls):
        cls.gw = Gateway().start()

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()

    def test_python_hl7_client_gets_aa_with_swapped_header(self):
        with hl7.client.MLLPClient("127.0.0.1", self.gw.port()) as client:
            ack_text = client.send_message(make_message("PY0001").decode())
        ack = hl7.parse(ack_text.decode().strip("\x0b\x1c\r"))
        self.assertEqual(str(ack.segment("MSA")[1]), "AA")
        self.assertEqual(str(ack.segment("MSA")[2]), "PY0001")
        msh = ack.segment("MSH")
        self.assertEqual(str(msh[3]), "TITRATE")
        self.assertEqual(str(msh[4]), "INFUSION")
        self.assertEqual(str(msh[5]), "CLINICEHR")
        self.assertEqual(str(msh[6]), "NORTHCLINIC")
        self.assertEqual(str(msh[9]), "ACK^A04^ACK")
        self.assertEqual(str(msh[12]), "2.5.1")
        self.assertNotEqual(str(msh[10]), "PY0001")
        rows = [r for r in self.gw.journal_rows() if r["control_id"] == "PY0001"]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["state"], "accepted")
        self.assertEqual(rows[0]["type"], "ADT^A04")
        self.assertEqual(rows[0]["sender"], "CLINICEHR|NORTHCLINIC")

    def test_many_messages_on_one_connection(self):
        with hl7.client.MLLPClient("127.0.0.1", self.gw.port()) as client:
            for i in range(20):
                ack = client.send_message(make_message(f"PYSEQ{i:04d}"))
                self.assertIn(f"MSA|AA|PYSEQ{i:04d}".encode(), ack)


class IngestBehaviourTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gw = Gateway(channels=[
            default_channel(),
            default_channel(name="small", max_frame_bytes=2048),
            default_channel(name="allow", allowed_senders=[{"application": "CLINICEHR", "facility": "NORTHCLINIC"}]),
            default_channel(name="two", max_connections=2),
            default_channel(name="idle", idle_timeout_seconds=1),
        ]).start()

    @classmethod
    def tearDownClass(cls):
        code = cls.gw.terminate()
        assert code == 0, f"gateway exited {code}"

    def connect(self, channel="ehr"):
        return MllpConnection(self.gw.port(channel))

    def test_duplicate_is_answered_with_the_original_ack_and_stored_once(self):
        c = self.connect()
        first = c.exchange(make_message("DUP0001"))
        second = c.exchange(make_message("DUP0001"))
        c.close()
        self.assertEqual(field(first, "MSA", 1), "AA")
        self.assertEqual(first, second)
        rows = [r for r in self.gw.journal_rows() if r["control_id"] == "DUP0001"]
        self.assertEqual(len(rows), 1)
        # The same control id from another sender is a different message.
        c = self.connect()
        other = c.exchange(make_message("DUP0001", sender="OTHEREHR"))
        c.close()
        self.assertNotEqual(field(other, "MSH", 10), field(first, "MSH", 10))
        self.assertEqual(len([r for r in self.gw.journal_rows() if r["control_id"] == "DUP0001"]), 2)

    def test_unparseable_payload_gets_ar_and_is_journaled(self):
        c = self.connect()
        ack = c.exchange(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        c.close()
        self.assertEqual(field(ack, "MSA", 1), "AR")
        self.assertIn(b"ERR|", ack)
        rejected = self.gw.journal_rows("--state", "rejected")
        self.assertTrue(any(r["channel"] == "ehr" for r in rejected))

    def test_missing_control_id_is_rejected_with_its_location(self):
        msg = make_message("X").replace(b"|X|P|", b"||P|")
        c = self.connect()
        ack = c.exchange(msg)
        c.close()
        self.assertEqual(field(ack, "MSA", 1), "AR")
        err = [s for s in ack.split(b"\r") if s.startswith(b"ERR|")][0].split(b"|")
        self.assertEqual(err[2], b"MSH^1^10")
        self.assertTrue(err[3].startswith(b"101^"), err)

    def test_oversized_frame_gets_ar_naming_the_limit_and_the_server_goes_on(self):
        big = make_message("BIG0001").replace(b"PV1|1|O|", b"NTE|1||" + b"x" * 10000 + b"\rPV1|1|O|")
        c = self.connect("small")
        ack = c.exchange(big)
        self.assertEqual(field(ack, "MSA", 1), "AR")
        self.assertEqual(field(ack, "MSA", 2), "BIG0001")
        self.assertIn(b"max_frame_bytes of 2048", ack)
        ok = c.exchange(make_message("SMALL001"))
        c.close()
        self.assertEqual(field(ok, "MSA", 1), "AA")
        rows = [r for r in self.gw.journal_rows() if r["channel"] == "small" and r["state"] == "rejected"]
        self.assertTrue(rows)

    def test_garbage_between_frames_is_skipped(self):
        c = self.connect()
        c.sock.sendall(b"\x00\xff garbage bytes \x01\x02" + frame(make_message("GARB0001")))
        ack = c.receive()
        c.close()
        self.assertEqual(field(ack, "MSA", 2), "GARB0001")
        self.assertIn("outside MLLP frames", self.gw.log())

    def test_a_peer_sending_only_garbage_is_disconnected_and_the_server_survives(self):
        c = self.connect()
        try:
            for _ in range(64):
                c.sock.sendall(b"\xde\xad\xbe\xef" * 256)
        except OSError:
            pass
        c.sock.settimeout(5)
        try:
            self.assertEqual(c.sock.recv(10), b"")
        except ConnectionResetError:
            pass
        c.close()
        c = self.connect()
        self.assertEqual(field(c.exchange(make_message("AFTERGARB")), "MSA", 1), "AA")
        c.close()

    def test_frames_split_across_reads_and_coalesced_in_one_read(self):
        c = self.connect()
        data = b"".join(frame(make_message(f"COAL{i}")) for i in range(3))
        c.sock.sendall(data)
        acks = [c.receive() for _ in range(3)]
        self.assertEqual([field(a, "MSA", 2) for a in acks], ["COAL0", "COAL1", "COAL2"])
        for byte in frame(make_message("SPLIT01")):
            c.sock.sendall(bytes([byte]))
        self.assertEqual(field(c.receive(), "MSA", 2), "SPLIT01")
        c.close()

    def test_enhanced_mode_accept_ack(self):
        c = self.connect()
        ack = c.exchange(make_message("ENH0001", extra_msh="|||AL|NE"))
        c.close()
        self.assertEqual(field(ack, "MSA", 1), "CA")
        self.assertEqual(field(ack, "MSA", 2), "ENH0001")

    def test_sender_allowlist(self):
        c = self.connect("allow")
        self.assertEqual(field(c.exchange(make_message("ALLOW01")), "MSA", 1), "AA")
        refused = c.exchange(make_message("ALLOW02", sender="STRANGER"))
        c.close()
        self.assertEqual(field(refused, "MSA", 1), "AR")
        self.assertIn(b"not allowed on channel allow", refused)

    def test_connections_over_the_limit_are_refused_and_logged(self):
        a, b = self.connect("two"), self.connect("two")
        self.assertEqual(field(a.exchange(make_message("LIM1")), "MSA", 1), "AA")
        self.assertEqual(field(b.exchange(make_message("LIM2")), "MSA", 1), "AA")
        third = socket.create_connection(("127.0.0.1", self.gw.port("two")), timeout=5)
        try:
            self.assertEqual(third.recv(10), b"")
        except ConnectionResetError:
            pass
        third.close()
        self.assertIn("refused connection", self.gw.log())
        a.close()
        b.close()
        time.sleep(0.5)
        c = self.connect("two")
        self.assertEqual(field(c.exchange(make_message("LIM3")), "MSA", 1), "AA")
        c.close()

    def test_idle_connections_are_closed(self):
        c = self.connect("idle")
        started = time.time()
        c.sock.settimeout(10)
        self.assertEqual(c.sock.recv(10), b"")
        self.assertLess(time.time() - started, 8)
        c.close()

    def test_a_slow_client_does_not_hold_up_others(self):
        slow = self.connect()
        slow.sock.sendall(b"\x0bMSH|^~\\&|SLOW")  # a frame that is never finished
        for i in range(5):
            c = self.connect()
            self.assertEqual(field(c.exchange(make_message(f"FAST{i}")), "MSA", 1), "AA")
            c.close()
            slow.sock.sendall(b"|")
        slow.close()

    def test_metrics_endpoint(self):
        body = urllib.request.urlopen(f"http://127.0.0.1:{self.gw.http_port}/metrics", timeout=5).read().decode()
        self.assertIn("titrate_journal_appended_total", body)
        self.assertIn('titrate_mllp_frames_total{channel="ehr"}', body)
        health = urllib.request.urlopen(f"http://127.0.0.1:{self.gw.http_port}/health", timeout=5).read()
        self.assertIn(b"ok", health)


if __name__ == "__main__":
    unittest.main()
