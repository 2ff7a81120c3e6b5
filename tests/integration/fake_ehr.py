"""A FHIR endpoint on loopback standing in for an EHR that Titrate pushes to: accepts
PUT /fhir/<type>/<id>, fails the first `fail_first` PUTs with 503, answers others with
`status_for(type, id, resource)` (default 200), and records everything it received."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeEhr:
    def __init__(self, fail_first=0, status_for=None):
        self.fail_first = fail_first
        self.status_for = status_for or (lambda type_, id_, resource: 200)
        self.lock = threading.Lock()
        self.attempts = []   # (type, id, status) of every PUT, in order
        self.accepted = {}   # (type, id) -> the resources accepted (2xx), in order
        ehr = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive

            def do_PUT(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                parts = self.path.split("/")
                if len(parts) != 4 or parts[1] != "fhir":
                    return self._answer(404)
                _, _, type_, id_ = parts
                status = ehr._decide(type_, id_, json.loads(body), self.headers.get("Content-Type"))
                self._answer(status)

            def _answer(self, status):
                payload = b'{"resourceType":"OperationOutcome","issue":[]}'
                self.send_response(status)
                self.send_header("Content-Type", "application/fhir+json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/fhir"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _decide(self, type_, id_, resource, content_type):
        with self.lock:
            if content_type != "application/fhir+json":
                status = 415
            elif self.fail_first > 0:
                self.fail_first -= 1
                status = 503
            else:
                status = self.status_for(type_, id_, resource)
            self.attempts.append((type_, id_, status))
            if 200 <= status < 300:
                self.accepted.setdefault((type_, id_), []).append(resource)
            return status

    def snapshot(self):
        with self.lock:
            return list(self.attempts), {k: list(v) for k, v in self.accepted.items()}

    def close(self):
        self.server.shutdown()
        self.server.server_close()
