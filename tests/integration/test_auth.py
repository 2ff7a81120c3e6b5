"""FHIR API authentication end to end: `titrate serve --auth required` with a JWKS file, and
bearer JWTs made here with the openssl command (RS384 and ES384), sent with urllib."""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from harness import TITRATE_BIN, Gateway

ISSUER = "https://as.hospital.example"
AUDIENCE = "https://titrate.example/fhir"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def openssl(*args, stdin=None, cwd=None):
    return subprocess.run(["openssl", *args], input=stdin, cwd=cwd, capture_output=True,
                          check=True).stdout


def der_ecdsa_to_jose(der: bytes, size: int) -> bytes:
    """SEQUENCE { INTEGER r, INTEGER s } to r || s, each left-padded to `size` bytes."""
    assert der[0] == 0x30
    i = 2 if der[1] < 0x80 else 2 + (der[1] & 0x7F)
    out = b""
    for _ in range(2):
        assert der[i] == 0x02
        length = der[i + 1]
        value = der[i + 2:i + 2 + length].lstrip(b"\x00")
        out += value.rjust(size, b"\x00")
        i += 2 + length
    return out


class Signer:
    """A key made with the openssl command; its JWK; tokens signed with it."""

    def __init__(self, folder, name, alg, kid=None):
        self.alg, self.kid = alg, kid or name
        self.key = os.path.join(folder, name + ".pem")
        if alg == "RS384":
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", self.key)
            modulus = openssl("rsa", "-in", self.key, "-noout", "-modulus").decode().strip().split("=")[1]
            n = bytes.fromhex(modulus)
            self.jwk = {"kty": "RSA", "kid": self.kid, "use": "sig", "alg": "RS384",
                        "n": b64url(n), "e": b64url((65537).to_bytes(3, "big"))}
        else:
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", self.key)
            spki = openssl("pkey", "-in", self.key, "-pubout", "-outform", "DER")
            point = spki[-97:]  # 04 || x || y
            assert point[0] == 4
            self.jwk = {"kty": "EC", "kid": self.kid, "crv": "P-384", "use": "sig",
                        "x": b64url(point[1:49]), "y": b64url(point[49:])}

    def token(self, scope, exp_in=300, nbf_in=None, aud=AUDIENCE, iss=ISSUER, kid=None):
        now = int(time.time())
        claims = {"iss": iss, "aud": aud, "exp": now + exp_in, "iat": now, "client_id": "ehr-backend",
                  "scope": scope, "jti": b64url(os.urandom(12))}
        if nbf_in is not None:
            claims["nbf"] = now + nbf_in
        header = {"alg": self.alg, "kid": kid or self.kid, "typ": "JWT"}
        signing_input = (b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())).encode()
        signature = openssl("dgst", "-sha384", "-sign", self.key, stdin=signing_input)
        if self.alg == "ES384":
            signature = der_ecdsa_to_jose(signature, 48)
        return signing_input.decode() + "." + b64url(signature)


class AuthRequiredTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="titrate-auth-")
        cls.rsa = Signer(cls.folder, "rsa-1", "RS384")
        cls.ec = Signer(cls.folder, "ec-1", "ES384")
        cls.stranger = Signer(cls.folder, "stranger", "RS384", kid="rsa-1")  # a key not in the JWKS
        jwks = os.path.join(cls.folder, "jwks.json")
        with open(jwks, "w") as f:
            json.dump({"keys": [cls.rsa.jwk, cls.ec.jwk]}, f)
        cls.gw = Gateway(extra={"auth": {"jwks_file": jwks, "issuer": ISSUER, "audience": AUDIENCE,
                                         "clock_skew_seconds": 30}},
                         args=["--auth", "required"]).start()
        cls.base = f"http://127.0.0.1:{cls.gw.http_port}"

    @classmethod
    def tearDownClass(cls):
        cls.gw.terminate()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def request(self, path, token=None, method="GET", body=None):
        headers = {"Accept": "application/fhir+json"}
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/fhir+json"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def assert_outcome(self, body, text):
        outcome = json.loads(body)
        self.assertEqual(outcome["resourceType"], "OperationOutcome")
        self.assertIn(text, outcome["issue"][0]["diagnostics"])

    def test_no_token_is_401_with_a_bare_challenge(self):
        status, headers, body = self.request("/fhir/MedicationAdministration")
        self.assertEqual(status, 401)
        self.assertEqual(headers["WWW-Authenticate"], 'Bearer realm="titrate"')
        self.assert_outcome(body, "bearer token is required")

    def test_bad_tokens_are_401_invalid_token(self):
        scope = "system/*.rs"
        cases = {
            "bad signature": self.stranger.token(scope),
            "the token has expired": self.rsa.token(scope, exp_in=-120),
            "the token is not yet valid": self.rsa.token(scope, nbf_in=600),
            "wrong audience": self.rsa.token(scope, aud="https://other.example/fhir"),
            "wrong issuer": self.ec.token(scope, iss="https://evil.example"),
            "unknown kid": self.rsa.token(scope, kid="rsa-9"),
            "alg none": (b64url(b'{"alg":"none","typ":"JWT"}') + "."
                         + self.rsa.token(scope).split(".")[1] + "."),
            "not a compact JWS": "garbage",
        }
        for why, token in cases.items():
            with self.subTest(why):
                status, headers, body = self.request("/fhir/MedicationAdministration", token)
                self.assertEqual(status, 401, body)
                challenge = headers["WWW-Authenticate"]
                self.assertTrue(challenge.startswith('Bearer realm="titrate", error="invalid_token"'), challenge)
                self.assertIn(why, challenge)
                self.assert_outcome(body, why)

    def test_missing_scope_is_403_naming_it(self):
        token = self.rsa.token("system/Observation.rs")
        status, headers, body = self.request("/fhir/MedicationAdministration", token)
        self.assertEqual(status, 403, body)
        self.assert_outcome(body, "system/MedicationAdministration.s")
        self.assertIn('error="insufficient_scope"', headers["WWW-Authenticate"])
        # Read but not search: a search is still refused.
        status, _, body = self.request("/fhir/Observation", self.rsa.token("system/Observation.r"))
        self.assertEqual(status, 403, body)

    def test_granted_scopes_are_served(self):
        for token in (self.rsa.token("system/MedicationAdministration.rs"),
                      self.ec.token("system/*.cruds"),
                      self.rsa.token("system/MedicationAdministration.read")):
            status, _, body = self.request("/fhir/MedicationAdministration", token)
            self.assertEqual(status, 200, body)
            self.assertEqual(json.loads(body)["type"], "searchset")

    def test_create_needs_a_create_scope(self):
        patient = {"resourceType": "Patient",
                   "identifier": [{"system": "urn:oid:2.16.840.1.113883.3.9999.1", "value": "MRN7001",
                                   "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                                        "code": "MR"}]}}],
                   "name": [{"family": "Authtest", "given": ["Robin"]}], "gender": "female",
                   "birthDate": "1980-02-03"}
        status, _, body = self.request("/fhir/Patient", self.rsa.token("system/Patient.rs"), "POST", patient)
        self.assertEqual(status, 403, body)
        self.assert_outcome(body, "system/Patient.c")
        status, _, body = self.request("/fhir/Patient", self.ec.token("system/Patient.c"), "POST", patient)
        self.assertEqual(status, 201, body)

    def test_metadata_health_and_metrics_need_no_token(self):
        status, _, body = self.request("/fhir/metadata")
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["resourceType"], "CapabilityStatement")
        for path in ("/health", "/metrics"):
            status, _, _ = self.request(path)
            self.assertEqual(status, 200, path)

    def test_tokens_never_reach_the_log(self):
        token = self.rsa.token("system/Observation.rs")
        self.request("/fhir/MedicationAdministration", token)
        bad = self.stranger.token("system/*.rs")
        self.request("/fhir/MedicationAdministration", bad)
        log = self.gw.log()
        self.assertIn("auth:", log)  # refusals are logged...
        for t in (token, bad):
            for part in t.split("."):
                self.assertNotIn(part, log)  # ...without any part of the token


class AuthModeTest(unittest.TestCase):
    def test_required_without_keys_refuses_to_start_with_a_located_error(self):
        gw = Gateway(args=["--auth", "required"])
        result = subprocess.run([TITRATE_BIN, "serve", "--config", gw.config_path, "--data-dir", gw.data_dir,
                                 "--auth", "required"], capture_output=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("/auth", result.stderr.decode())

    def test_non_loopback_bind_requires_auth_by_default(self):
        gw = Gateway(extra={"http": {"bind": "0.0.0.0", "port": 0}})
        result = subprocess.run([TITRATE_BIN, "serve", "--config", gw.config_path, "--data-dir", gw.data_dir],
                                capture_output=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)  # stopped at the config, before binding anything
        self.assertIn("/auth", result.stderr.decode())

    def test_auth_off_flag_overrides_the_config(self):
        folder = tempfile.mkdtemp(prefix="titrate-auth-")
        self.addCleanup(shutil.rmtree, folder, True)
        jwks = os.path.join(folder, "jwks.json")
        with open(jwks, "w") as f:
            json.dump({"keys": [Signer(folder, "ec", "ES384").jwk]}, f)
        auth = {"mode": "required", "jwks_file": jwks, "issuer": ISSUER, "audience": AUDIENCE}
        for args, expected in ((["--auth", "off"], 200), ([], 401)):
            gw = Gateway(extra={"auth": auth}, args=args).start()
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{gw.http_port}/fhir/Observation")
                try:
                    status = urllib.request.urlopen(request, timeout=10).status
                except urllib.error.HTTPError as e:
                    status = e.code
                self.assertEqual(status, expected, args)
            finally:
                gw.terminate()


if __name__ == "__main__":
    unittest.main()
