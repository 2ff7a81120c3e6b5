"""Bearer keys from the authorization server's JWKS endpoint (auth.jwks_url) over HTTPS: fetched at
start-up, fetched again when a token names a kid the set lacks (a key rotation needs no restart),
but not more often than every 10 s whatever tokens arrive; start-up refused with the pointer when
the endpoint cannot be reached, and a plain http:// endpoint refused."""

import json
import os
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import TITRATE_BIN, Gateway
from test_auth import AUDIENCE, ISSUER, Signer
from test_tls import make_pki


class JwksEndpoint:
    """An HTTPS JWKS endpoint on loopback whose key set can be replaced; counts its fetches."""

    def __init__(self, pki, keys):
        self.keys, self.fetches, self.lock = keys, 0, threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with endpoint.lock:
                    endpoint.fetches += 1
                    body = json.dumps({"keys": endpoint.keys}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.path.join(pki, "server.pem"), os.path.join(pki, "server.key"))
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.server.server_address[1]}/jwks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def replace(self, keys):
        with self.lock:
            self.keys = keys

    def count(self):
        with self.lock:
            return self.fetches

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def auth_config(url, pki):
    return {"jwks_url": url, "jwks_tls": {"ca": os.path.join(pki, "ca.pem")},
            "issuer": ISSUER, "audience": AUDIENCE}


class JwksUrlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="titrate-jwks-")
        make_pki(cls.folder)
        cls.first = Signer(cls.folder, "rsa-1", "RS384")
        cls.rotated = Signer(cls.folder, "rsa-2", "RS384")
        cls.stranger = Signer(cls.folder, "stranger", "RS384", kid="who-knows")
        cls.endpoint = JwksEndpoint(cls.folder, [cls.first.jwk])
        cls.gw = Gateway(extra={"auth": auth_config(cls.endpoint.url, cls.folder)},
                         args=["--auth", "required"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()
        cls.endpoint.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def status(self, token):
        request = urllib.request.Request(f"http://127.0.0.1:{self.gw.http_port}/fhir/MedicationAdministration",
                                         headers={"Authorization": "Bearer " + token})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as e:
            return e.code

    def test_a_rotated_key_is_fetched_without_a_restart_and_forged_kids_do_not_hammer_the_endpoint(self):
        self.assertEqual(self.status(self.first.token("system/*.rs")), 200)
        self.endpoint.replace([self.rotated.jwk])
        before = self.endpoint.count()
        for _ in range(20):
            self.assertEqual(self.status(self.stranger.token("system/*.rs")), 401)
        self.assertLessEqual(self.endpoint.count() - before, 1)
        deadline = time.time() + 30
        status = None
        while time.time() < deadline:
            status = self.status(self.rotated.token("system/*.rs"))
            if status == 200:
                break
            time.sleep(0.5)
        self.assertEqual(status, 200, "the rotated key was never fetched")
        self.assertEqual(self.status(self.first.token("system/*.rs")), 401)  # the old key is gone
        self.assertIn("keys from https://127.0.0.1", self.gw.log())


class JwksUrlStartupTest(unittest.TestCase):
    def serve_exit(self, auth):
        gw = Gateway(extra={"auth": auth})
        result = subprocess.run([TITRATE_BIN, "serve", "--config", gw.config_path, "--data-dir", gw.data_dir,
                                 "--auth", "required"], capture_output=True, text=True, timeout=60)
        return result.returncode, result.stderr

    def test_an_unreachable_endpoint_stops_start_up_with_the_pointer(self):
        folder = tempfile.mkdtemp(prefix="titrate-jwks-")
        try:
            make_pki(folder)
            code, err = self.serve_exit(auth_config("https://127.0.0.1:1/jwks", folder))
            self.assertNotEqual(code, 0)
            self.assertIn("/auth/jwks_url", err)
            self.assertIn("unreachable", err)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def test_a_plain_http_endpoint_is_refused(self):
        code, err = self.serve_exit({"jwks_url": "http://127.0.0.1:1/jwks", "issuer": ISSUER, "audience": AUDIENCE})
        self.assertNotEqual(code, 0)
        self.assertIn("/auth/jwks_url", err)
        self.assertIn("https://", err)


if __name__ == "__main__":
    unittest.main()
