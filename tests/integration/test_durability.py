"""No acknowledged message is ever lost: not on SIGKILL, not on SIGTERM."""

import threading
import unittest

from harness import Gateway, MllpConnection, field, make_message


def send_many(port, prefix, count, acked, lock):
    c = MllpConnection(port)
    for i in range(count):
        control_id = f"{prefix}{i:05d}"
        ack = c.exchange(make_message(control_id))
        if field(ack, "MSA", 1) == "AA":
            with lock:
                acked.add(control_id)
    c.close()


class DurabilityTest(unittest.TestCase):
    def test_every_acknowledged_message_survives_sigkill(self):
        gw = Gateway().start()
        acked, lock = set(), threading.Lock()
        threads = [threading.Thread(target=send_many, args=(gw.port(), f"K{t:02d}-", 150, acked, lock))
                   for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        gw.kill()  # right after the last ACK: nothing gets a chance to flush
        self.assertEqual(len(acked), 8 * 150)
        journaled = {r["control_id"] for r in gw.journal_rows()}
        self.assertEqual(acked - journaled, set())

        # After a restart the gateway still knows them: a resend is a duplicate.
        gw.start()
        c = MllpConnection(gw.port())
        ack = c.exchange(make_message("K00-00000"))
        c.close()
        self.assertEqual(field(ack, "MSA", 1), "AA")
        self.assertEqual(len([r for r in gw.journal_rows() if r["control_id"] == "K00-00000"]), 1)
        self.assertEqual(gw.terminate(), 0)

    def test_sigterm_shuts_down_cleanly_and_keeps_everything(self):
        gw = Gateway().start()
        acked, lock = set(), threading.Lock()
        send_many(gw.port(), "T-", 50, acked, lock)
        self.assertEqual(gw.terminate(), 0)
        self.assertIn("shutting down", gw.log())
        journaled = {r["control_id"] for r in gw.journal_rows()}
        self.assertEqual(acked - journaled, set())


if __name__ == "__main__":
    unittest.main()
