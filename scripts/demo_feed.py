#!/usr/bin/env python3
"""The demo's traffic and narration (started by scripts/demo.sh): sends the referrals and orders in
config/demo/traffic (HL7v2 with `titrate send`, FHIR with POST /fhir), then watches the FHIR API
and says in plain words what happens to each order, infusion and alert. All patients invented."""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

# (file, what it is, the order state to wait for before sending it). Chair N is bed
# INF^CHAIR<N>^1, where the simulator's pump PN stands; with --scenario mixed pump N plays the
# N-th scenario.
STEPS = [
    ("01_referral_orm.hl7", "HL7v2 ORM^O01 referral REF1009 (ketamine series, depression)", None),
    ("02_referral.json", "FHIR transaction: Patient + ServiceRequest referral REF1010 (CRPS)", None),
    ("10_chair1_normal.hl7", "HL7v2 ADT^A04 (80 kg) + RDE^O11 ORD1001: 0.5 mg/kg over 40 min, chair 1", None),
    ("20_chair2_admit.hl7", "HL7v2 ADT^A04 admitting a patient to chair 2 (no weight yet)", None),
    ("21_chair2_order.json", "FHIR transaction: weight 86 kg + MedicationRequest ORD1002, chair 2", None),
    ("30_chair3_pause_resume.hl7", "HL7v2 ADT^A04 (64 kg) + RDE^O11 ORD1003, chair 3", None),
    ("40_chair4_hypertension.hl7", "HL7v2 ADT^A04 (92 kg) + RDE^O11 ORD1004, chair 4", None),
    ("50_chair5_spo2_drop.hl7", "HL7v2 ADT^A04 (70 kg) + RDE^O11 ORD1005, chair 5", None),
    ("60_chair6_order_without_weight.hl7", "HL7v2 RDE^O11 ORD1006 for chair 6, no body weight known", None),
    ("70_soft_limit.hl7", "HL7v2 ADT^A04 (75 kg) + RDE^O11 ORD1007: 0.8 mg/kg (soft maximum 0.75)", None),
    ("80_hard_limit.hl7", "HL7v2 ADT^A04 (66 kg) + RDE^O11 ORD1008: 5 mg/kg (hard maximum 1)", None),
    ("61_chair6_weight.hl7", "HL7v2 ADT^A08 with a weight of 58 kg for the chair 6 patient",
     ("ORD1006", "weight-missing")),
]
REFERRALS = {"REF1009", "REF1010"}
ORDER_WORDS = {"active": "accepted and planned", "on-hold": "held", "cancelled": "rejected",
               "completed": "completed", "stopped": "stopped"}

CHAIRS = {f"ORD100{n}": f"chair {n}" for n in range(1, 9)}
SCENARIOS = {"chair 1": "normal", "chair 2": "occlusion", "chair 3": "pause-resume",
             "chair 4": "hypertension", "chair 5": "spo2-drop", "chair 6": "disconnect"}


def say(text=""):
    print(text, flush=True)


def render(path, now):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return (text.replace("@NOW@", now.strftime("%Y%m%d%H%M%S+0000"))
            .replace("@NOW_ISO@", now.strftime("%Y-%m-%dT%H:%M:%S+00:00")))


def send_hl7(titrate, mllp, text):
    with tempfile.NamedTemporaryFile("w", suffix=".hl7", delete=False) as f:
        f.write(text)
    try:
        result = subprocess.run([titrate, "send", mllp, f.name], capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(f.name)
    codes = [line.split(": ", 1)[1] for line in result.stdout.splitlines() if " #" in line and ": " in line]
    if result.returncode != 0:
        return False, f"titrate send failed: {result.stdout.strip()} {result.stderr.strip()}"
    return True, "acknowledged " + ", ".join(codes)


def post_fhir(base, text):
    request = urllib.request.Request(base, data=text.encode(), method="POST",
                                     headers={"Content-Type": "application/fhir+json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            bundle = json.loads(response.read())
    except urllib.error.HTTPError as e:
        return False, f"HTTP {e.code}: {e.read()[:500].decode(errors='replace')}"
    statuses = [e.get("response", {}).get("status", "?") for e in bundle.get("entry", [])]
    return True, "answered " + ", ".join(statuses)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def resources(base, query):
    """Every resource a search returns, following the next links."""
    out, url = [], f"{base}/{query}"
    while url:
        bundle = get(url)
        out += [e["resource"] for e in bundle.get("entry", [])]
        url = next((link["url"] for link in bundle.get("link", []) if link["relation"] == "next"), None)
    return out


def reason_codes(resource):
    reason = resource.get("statusReason") or {}
    return list(dict.fromkeys(c["code"] for c in reason.get("coding", []) if "code" in c))


def reason_text(resource):
    """ "hard-limit, cumulative-limit: dose_per_kg 5 mg/kg is above ... (and 3 more)" """
    codes = reason_codes(resource)
    words = [w for w in (resource.get("statusReason") or {}).get("text", "").split("; ") if w]
    if not codes and not words:
        return ""
    more = f" (and {len(words) - 1} more)" if len(words) > 1 else ""
    return " — " + ": ".join(filter(None, [", ".join(codes), (words[0] if words else "") + more]))


def where(placer):
    chair = CHAIRS.get(placer)
    if chair is None:
        return ""
    scenario = SCENARIOS.get(chair)
    return f" [{chair}{', scenario ' + scenario if scenario else ''}]"


class Watcher:
    """Polls the FHIR API and prints each change once."""

    def __init__(self, base):
        self.base = base
        self.seen = {}
        self.orders = {}
        self.observations = None
        self.last_infusion_change = 0.0

    def changed(self, key, value):
        if self.seen.get(key) == value:
            return False
        self.seen[key] = value
        return True

    def poll(self):
        for r in resources(self.base, "ServiceRequest?_count=100"):
            placer = r["identifier"][0]["value"]
            if self.changed(("ServiceRequest", r["id"]), r["status"]):
                say(f"  referral {placer}: stored as ServiceRequest/{r['id']}, status {r['status']}")
        for r in resources(self.base, "MedicationRequest?_count=100"):
            placer = r["identifier"][0]["value"]
            self.orders[placer] = r
            line = f"{ORDER_WORDS.get(r['status'], r['status'])} (MedicationRequest {r['status']}){reason_text(r)}"
            if not self.changed(("MedicationRequest", r["id"]), line):
                continue
            if placer in REFERRALS:
                say(f"  referral {placer} as an order: {line} (a referral names the drug, not a dose)")
            else:
                say(f"  order {placer}{where(placer)}: {line}")
        for r in resources(self.base, "MedicationAdministration?_count=100"):
            placer = r.get("request", {}).get("identifier", {}).get("value", "")
            text = r.get("dosage", {}).get("text", "")
            if self.changed(("MedicationAdministration", r["id"]), r["status"]):
                self.last_infusion_change = time.time()
                say(f"  infusion {placer}{where(placer)}: {r['status']} — {text}")
        for r in resources(self.base, "DetectedIssue?_count=100"):
            if self.changed(("DetectedIssue", r["id"]), r["id"]):
                code = r["code"]["coding"][0]
                display = code.get("display") or code["code"]
                mrn = r.get("patient", {}).get("identifier", {}).get("value", "")
                chair = f" [chair {mrn[-1]}]" if re.fullmatch(r"DEMO100\d", mrn) else ""
                say(f"  ALERT{chair} ({r.get('severity', 'unknown severity')}) {display}: {r.get('detail', '')}")
        count = {c: get(f"{self.base}/Observation?category={c}&_count=0").get("total", 0)
                 for c in ("vital-signs", "device")}
        if count != self.observations and (self.observations is None or time.time() - self.seen.get("obs-time", 0) > 10):
            self.observations = count
            self.seen["obs-time"] = time.time()
            say(f"  observations stored so far: {count['vital-signs']} vital signs, {count['device']} pump readings")

    def settled(self):
        """Six or more infusions, each ended or on hold, none changed for 10 s: a summary, or None."""
        states = [v for k, v in self.seen.items() if isinstance(k, tuple) and k[0] == "MedicationAdministration"]
        if len(states) < 6 or any(s not in {"completed", "stopped", "not-done", "on-hold"} for s in states):
            return None
        if time.time() - self.last_infusion_change < 10:
            return None
        return ", ".join(f"{states.count(s)} {s}" for s in sorted(set(states)))


def wait_for_order(watcher, placer, reason, timeout=30.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        watcher.poll()
        order = watcher.orders.get(placer)
        if order is not None and reason in reason_codes(order):
            return True
        time.sleep(0.5)
    say(f"  (order {placer} did not show {reason} within {timeout:.0f} s)")
    return False


def print_urls(base):
    patient = "urn:titrate:authority:NORTHCLINIC%7CDEMO1004"
    say("Open these FHIR URLs (or paste the curl lines):")
    for query in ("MedicationRequest", "MedicationAdministration",
                  "MedicationAdministration?status=completed",
                  "DetectedIssue",
                  "Observation?category=vital-signs&_sort=-_lastUpdated&_count=10",
                  f"Observation?patient={patient}&code=http://loinc.org%7C85354-9",
                  "ServiceRequest", "Patient"):
        say(f"  curl -s '{base}/{query}'")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--titrate", required=True, help="the titrate executable")
    parser.add_argument("--mllp", required=True, help="the gateway's MLLP channel, HOST:PORT")
    parser.add_argument("--fhir", required=True, help="the gateway's FHIR base URL")
    parser.add_argument("--traffic", default=os.path.join(REPO, "config", "demo", "traffic"))
    parser.add_argument("--watch-seconds", type=float, default=0, help="0: until interrupted")
    args = parser.parse_args()

    say("Sending referrals and orders (all patients invented); what the gateway makes of them follows")
    say("as the FHIR API shows it:")
    watcher = Watcher(args.fhir)
    now = datetime.datetime.now(datetime.timezone.utc)
    for name, words, wait_for in STEPS:
        if wait_for:
            wait_for_order(watcher, *wait_for)
        text = render(os.path.join(args.traffic, name), now)
        ok, outcome = (post_fhir(args.fhir, text) if name.endswith(".json")
                       else send_hl7(args.titrate, args.mllp, text))
        say(f"-> {words}: {outcome}")
        if not ok:
            return 1
    watcher.poll()
    say()
    print_urls(args.fhir)
    say()
    say("Infusions, alerts and observations as they happen (Ctrl-C stops the demo):")
    deadline = time.time() + args.watch_seconds if args.watch_seconds > 0 else None
    announced = False
    while deadline is None or time.time() < deadline:
        try:
            watcher.poll()
        except (urllib.error.URLError, ConnectionError) as e:
            say(f"  (FHIR API not answering: {e})")
        summary = None if announced else watcher.settled()
        if summary:
            announced = True
            say()
            say(f"The infusions have settled ({summary}; on hold = stopped by an alarm, a person")
            say("must clear the pump). The gateway and the simulator keep running until Ctrl-C.")
            print_urls(args.fhir)
        time.sleep(1)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
