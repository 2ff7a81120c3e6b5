"""No patient data in operational logs: `titrate serve` at log level debug with a push destination
(a fake EHR) and the pump simulator (`titrate pump-sim`, speed 600), fed a fictitious patient with
distinctive names, identifiers, birth date, address and phone over every inbound path (ADT A04/A08,
RDE, ORM, malformed and oversized HL7v2, a FHIR transaction, invalid FHIR, FHIR searches, PCD-10
pump events) and through the CLI listings. Then every log file and the stdout/stderr of every
process is scanned for each value (and its case and date-format variants).

Not scanned, because they are data rather than logs and legitimately return PHI: `journal show`,
`bus events --json`, `journal list --json` / `outbox list --json` read by the harness, and the
FHIR API's responses."""

import datetime
import json
import os
import re
import signal
import socket
import subprocess
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from fake_ehr import FakeEhr
from harness import TITRATE_BIN, Gateway, MllpConnection, default_channel, field, wait_for_events

FAMILY, GIVEN, MIDDLE = "Zzyzxphi", "Quillonphi", "Marvphi"
MRN = "MRNPHI7731"
SSN = "987-65-4329"
BIRTH = "19470203"
STREET, CITY = "742 Phiwood Lane", "Phicity"
PHONE = "555-867-5309"
MOTHER = "Mothphina"

# Each known value and the variants a log line might carry it in.
PHI_VALUES = [FAMILY, GIVEN, MIDDLE, MRN, SSN, SSN.replace("-", ""), BIRTH, "1947-02-03", "03.02.1947",
              "Phiwood", CITY, PHONE, PHONE.replace("-", ""), MOTHER]

LOCATION = "INF^CHAIR1^1"  # pump-sim's bed 1
MRN_SYSTEM = "urn:titrate:authority:NORTHCLINIC"


def hl7_now(minutes=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    return t.strftime("%Y%m%d%H%M%S+0000")


def message(*segments):
    return ("\r".join(segments) + "\r").encode()


def msh(control_id, kind, sender="CLINICEHR", facility="NORTHCLINIC", version="2.5.1"):
    return f"MSH|^~\\&|{sender}|{facility}|TITRATE|INFUSION|{hl7_now()}||{kind}|{control_id}|P|{version}"


def pid(birth=BIRTH, family=FAMILY):
    return (f"PID|1||{MRN}^^^NORTHCLINIC^MR~{SSN}^^^SSA^SS||{family}^{GIVEN}^{MIDDLE}||{birth}|F|||"
            f"{STREET}^^{CITY}^CA^90210^USA||{PHONE}^PRN^PH|||||||{SSN}|||||||||||||||{MOTHER}")


def pv1():
    return f"PV1|1|O|{LOCATION}||||||||||||||||V{MRN}^^^NORTHCLINIC^VN"


def adt(control_id, event="A04", birth=BIRTH):
    return message(msh(control_id, f"ADT^{event}^ADT_A01"), f"EVN|{event}|{hl7_now()}", pid(birth), pv1(),
                   f"OBX|1|NM|29463-7^Body weight^LN||80|kg|||||F|||{hl7_now(-30)}")


def rde(control_id, placer):
    """0.5 mg/kg over 40 min from a 500 mg / 500 mL bag (40 mL at 60 mL/h for 80 kg)."""
    rxe = ["RXE", "", "6130^ketamine^RXNORM", "0.5", "", "mg/kg"] + [""] * 21 + \
          ["F33.1^Major depressive disorder, recurrent, moderate^I10"] + [""] * 5 + ["500", "mL"]
    rxe[25], rxe[26] = "500", "mg"
    return message(msh(control_id, "RDE^O11^RDE_O11"), pid(), pv1(),
                   f"ORC|NW|{placer}^NORTHCLINIC|||||||{hl7_now()}|||1234^Prescriber^Pat",
                   "|".join(rxe), "TQ1|1||||||||||||40^min", "RXR|IV^Intravenous^HL70162")


def orm(control_id, placer):
    return message(msh(control_id, "ORM^O01^ORM_O01"), pid(), pv1(),
                   f"ORC|NW|{placer}^NORTHCLINIC|||||||{hl7_now()}",
                   f"OBR|1|{placer}^NORTHCLINIC||6130^ketamine^RXNORM||||||||||||4401^Welby^Marcus"
                   "|||||||||||^Q1W^^20261123090000+0000",
                   "DG1|1||F33.2^Major depressive disorder, recurrent severe^I10")


def pcd10_unknown_program(control_id, volume):
    """A pump event for a program the gateway never sent, naming the patient."""
    pump = "00A1B2C3D4E5F6FF"
    return message(
        msh(control_id, "ORU^R42^ORU_R01", "PUMPGW", "PUMPVENDOR", "2.6"), pid(), f"PV1||O|{LOCATION}",
        f"OBR|1|TPFFFFFFFFFFFFFFFF^TITRATE|{pump}^PUMPGW^{pump}^EUI-64|6130^ketamine|||{hl7_now()}",
        f"OBX|1||70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|1.0.0.0|||||||X|||||||{pump}^^{pump}^EUI-64",
        "OBX|2|CWE|68487^MDC_ATTR_EVT_COND^MDC|1.0.0.2|197288^MDC_EVT_PUMP_DELIV_START^MDC||||||R",
        f"OBX|3|NM|157993^MDC_VOL_FLUID_DELIV_TOTAL^MDC|1.1.2.7|{volume}|263762^MDC_DIM_MILLI_L^MDC^mL^mL^UCUM"
        "|||||R")


def fhir_patient(**overrides):
    patient = {"resourceType": "Patient",
               "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                                    "code": "MR"}]},
                               "system": "https://fhir.northwind.example/mrn", "value": MRN},
                              {"system": "http://hl7.org/fhir/sid/us-ssn", "value": SSN}],
               "name": [{"family": FAMILY, "given": [GIVEN, MIDDLE]}], "gender": "female",
               "birthDate": "1947-02-03",
               "address": [{"line": [STREET], "city": CITY, "postalCode": "90210"}],
               "telecom": [{"system": "phone", "value": PHONE}]}
    patient.update(overrides)
    return patient


def fhir_bundle():
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:7d3c1a2b-0000-4000-8000-00000000a001", "resource": fhir_patient(),
         "request": {"method": "POST", "url": "Patient"}},
        {"fullUrl": "urn:uuid:7d3c1a2b-0000-4000-8000-00000000a002",
         "resource": {"resourceType": "MedicationRequest", "status": "active", "intent": "order",
                      "subject": {"reference": "urn:uuid:7d3c1a2b-0000-4000-8000-00000000a001"},
                      "note": [{"text": f"call {GIVEN} {FAMILY} at {PHONE}"}],
                      "medicationCodeableConcept": {"coding": [
                          {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6130",
                           "display": "ketamine"}]},
                      "dosageInstruction": [{"doseAndRate": [{"rateQuantity": {
                          "value": 22, "unit": "mg/h", "system": "http://unitsofmeasure.org", "code": "mg/h"}}]}]},
         "request": {"method": "POST", "url": "MedicationRequest"}}]}


def read_text(path):
    with open(path, errors="replace") as f:
        return f.read()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RecordingGateway(Gateway):
    """A Gateway whose stdout lines are also kept in stdout.log in its workdir."""

    def start(self):
        self.stdout_path = os.path.join(self.workdir, "stdout.log")
        return super().start()

    def _read_stdout(self, stream, lines):
        with stream, open(self.stdout_path, "a") as out:
            for raw in stream:
                line = raw.decode(errors="replace")
                out.write(line)
                out.flush()
                lines.put(line)


class PhiLogsTest(unittest.TestCase):
    def setUp(self):
        self.ehr = FakeEhr()
        gateway_port = free_port()
        push = {"name": "ehr", "base_url": self.ehr.base_url, "initial_backoff_ms": 20,
                "max_backoff_ms": 200, "max_attempts": 50, "timeout_seconds": 5}
        self.gateway = RecordingGateway(
            channels=[default_channel(port=gateway_port, max_frame_bytes=65536)],
            extra={"push": [push], "log_level": "debug"})
        self.sim_stdout = os.path.join(self.gateway.workdir, "pump-sim.stdout")
        self.sim_stderr = os.path.join(self.gateway.workdir, "pump-sim.stderr")
        with open(self.sim_stdout, "wb") as out, open(self.sim_stderr, "wb") as err:
            self.sim = subprocess.Popen(
                [TITRATE_BIN, "pump-sim", "--listen", "0", "--gateway", f"127.0.0.1:{gateway_port}",
                 "--speed", "600", "--pumps", "2", "--seed", "7"], stdout=out, stderr=err)
        first = self.wait_for_sim_line(r"^listening pump-sim 127\.0\.0\.1:(\d+)$", 20.0)
        sim_port = re.match(r"^listening pump-sim 127\.0\.0\.1:(\d+)$", first).group(1)
        self.gateway.args = ["--pump-endpoint", f"127.0.0.1:{sim_port}", "--log-level", "debug"]
        self.gateway.start()
        self.base = f"http://127.0.0.1:{self.gateway.http_port}/fhir"
        self.cli_outputs = []  # (label, text) of every CLI listing run

    def tearDown(self):
        if self.sim.poll() is None:
            self.sim.send_signal(signal.SIGTERM)
            self.sim.wait(timeout=20)
        if self.gateway.process.poll() is None:
            self.gateway.terminate()
        self.ehr.close()

    def wait_for_sim_line(self, pattern, timeout):
        deadline = time.time() + timeout
        while True:
            for line in read_text(self.sim_stdout).splitlines():
                if re.search(pattern, line):
                    return line
            if time.time() > deadline or self.sim.poll() is not None:
                raise AssertionError(f"pump-sim never printed /{pattern}/; stderr: {read_text(self.sim_stderr)[-2000:]}")
            time.sleep(0.05)

    def mllp(self, payload):
        conn = MllpConnection(self.gateway.port())
        try:
            return conn.exchange(payload)
        finally:
            conn.close()

    def post(self, path, body, content_type="application/fhir+json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST",
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as e:
            e.read()
            return e.code

    def get_status(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as e:
            e.read()
            return e.code

    def fhir_total(self, query):
        with urllib.request.urlopen(self.base + query, timeout=10) as response:
            return json.loads(response.read())["total"]

    def cli(self, *args):
        result = self.gateway.cli(*args, check=False)
        self.cli_outputs.append((f"titrate {' '.join(args)} (stdout)", result.stdout.decode(errors="replace")))
        self.cli_outputs.append((f"titrate {' '.join(args)} (stderr)", result.stderr.decode(errors="replace")))
        return result

    def feed_every_path(self):
        gw = self.gateway
        # The simulated pumps announce themselves (PCD-01) before an order can be programmed.
        gw.wait_for_events("titrate.pump-events.v1", lambda es: len(es) >= 2, 30.0)

        self.assertEqual(field(self.mllp(adt("PHI-A04")), "MSA", 1), "AA")
        self.assertEqual(field(self.mllp(adt("PHI-A08", "A08")), "MSA", 1), "AA")
        self.assertEqual(field(self.mllp(rde("PHI-RDE", "ORDPHI1")), "MSA", 1), "AA")
        self.assertEqual(field(self.mllp(orm("PHI-ORM", "ORDPHI2")), "MSA", 1), "AA")

        # Rejected messages: the error paths are where data gets quoted.
        rejected = [
            adt("PHI-BADDATE", birth=f"{BIRTH}{FAMILY}"),  # an unreadable birth date
            adt("PHI-A99", "A99"),  # an unsupported event
            message(f"MSH|^~\\&|CLINICEHR|NORTHCLINIC|TITRATE|INFUSION|{hl7_now()}||||P|2.5.1",
                    pid()),  # no MSH-9 / MSH-10
            message(msh("PHI-BADSEG", "ADT^A04^ADT_A01"), f"P{FAMILY}|{MRN}|{BIRTH}", pid()),
            message(msh("PHI-RDE-BAD", "RDE^O11^RDE_O11"), pid(), pv1(),
                    f"RXE||{FAMILY}^{GIVEN}|{BIRTH}||{MRN}"),  # an order nobody can dose
            f"{FAMILY}^{GIVEN}|{MRN}|{BIRTH}|{STREET}".encode(),  # not HL7 at all
        ]
        for payload in rejected:
            try:
                ack = self.mllp(payload)
            except ConnectionError:
                continue  # a non-HL7 peer may just be disconnected
            self.assertTrue(ack)

        # An oversized frame (over the channel's 64 KiB) full of the patient.
        conn = MllpConnection(self.gateway.port())
        try:
            conn.sock.sendall(b"\x0b" + message(msh("PHI-BIG", "ADT^A04^ADT_A01"), pid(),
                                                 "NTE|1||" + (FAMILY + " ") * 10000) + b"\x1c\x0d")
            try:
                conn.receive()
            except (ConnectionError, OSError):
                pass
        finally:
            conn.close()

        # A pump event for a program nobody sent.
        self.mllp(pcd10_unknown_program("PHI-PCD10", "5.0"))
        self.mllp(pcd10_unknown_program("PHI-PCD10-BAD", FAMILY))  # an unreadable volume

        # FHIR: a transaction, invalid resources, searches carrying the data in the URL.
        self.assertEqual(self.post("", fhir_bundle()), 200)
        self.assertGreaterEqual(self.post("/Patient", fhir_patient(gender=FAMILY, birthDate=f"1947-02-03{FAMILY}")),
                                400)
        self.assertGreaterEqual(self.post("/Patient", f'{{"name": "{FAMILY} {MRN} {BIRTH}",'.encode()), 400)
        self.assertGreaterEqual(self.post("/Patient", fhir_patient(), "text/plain"), 400)
        for query in (f"/Patient?family={FAMILY}", f"/Patient?identifier={MRN}",
                      f"/Patient?birthdate=1947-02-03", f"/Patient?{FAMILY}={MRN}",
                      f"/Patient/{FAMILY}", f"/{FAMILY}?name={GIVEN}",
                      "/MedicationAdministration?patient=" + urllib.parse.quote(f"{MRN_SYSTEM}|{MRN}")):
            self.get_status(query)

        # The order runs on the simulated pump to completion and everything is pushed.
        self.wait_for_sim_line(r"^P1 completed 40 mL$", 60.0)
        url = "/MedicationAdministration?patient=" + urllib.parse.quote(f"{MRN_SYSTEM}|{MRN}") + "&status=completed"
        wait_for_events(lambda: self.fhir_total(url), url, lambda total: total == 1, 30.0, 0.2)
        accepted = wait_for_events(
            lambda: self.ehr.snapshot()[1], "EHR",
            lambda accepted: {"Patient", "MedicationAdministration"} <= {t for t, _ in accepted}, 30.0, 0.1)
        # The data did flow (so its absence from the logs means something).
        self.assertIn(FAMILY, json.dumps([v for (t, _), v in accepted.items() if t == "Patient"]))

        # The CLI listings (tables, not --json) are operational output too.
        self.cli("journal", "list", "--limit", "1000")
        for state in ("accepted", "rejected", "failed"):
            self.cli("journal", "list", "--state", state)
        self.cli("outbox", "list")
        self.cli("outbox", "list", "--state", "delivered")
        for topic in ("titrate.orders.v1", "titrate.plans.v1", "titrate.order-status.v1", "titrate.pump-events.v1",
                      "titrate.administrations.v1", "titrate.observations.v1", "titrate.alerts.v1"):
            self.cli("bus", "events", topic, "--limit", "1000")
        self.cli("bus", "offsets")
        self.cli("bus", "dead-letters")

    def test_no_log_or_listing_names_the_patient(self):
        self.feed_every_path()
        self.sim.send_signal(signal.SIGTERM)
        self.assertEqual(self.sim.wait(timeout=20), 0)
        self.assertEqual(self.gateway.terminate(), 0)

        sources = [(path, read_text(path)) for path in (self.gateway.log_path, self.gateway.stdout_path, self.sim_stdout, self.sim_stderr)]
        sources += self.cli_outputs
        for name in sorted(os.listdir(self.gateway.workdir)):
            path = os.path.join(self.gateway.workdir, name)
            if name.endswith(".log") and path not in (self.gateway.log_path, self.gateway.stdout_path):
                sources.append((path, read_text(path)))

        # The scan can fail: the gateway did log things (at debug), and the listings are not empty.
        self.assertRegex(read_text(self.gateway.log_path), r"(?m)^\S+ debug ")
        self.assertTrue(any("PHI-A04" in text for label, text in self.cli_outputs if "journal list" in label))

        leaks = []
        for label, text in sources:
            for number, line in enumerate(text.splitlines(), 1):
                lowered = line.lower()
                for value in PHI_VALUES:
                    if value.lower() in lowered:
                        leaks.append(f"{label}:{number}: {value!r} in {line[:300]!r}")
        self.assertEqual(leaks, [], "patient data in logs:\n" + "\n".join(leaks))


if __name__ == "__main__":
    unittest.main()
