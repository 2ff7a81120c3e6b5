#!/usr/bin/env python3
"""Titrate side by side with the HL7v2 tools people use today, in one run on the same input:

  (a) HL7v2 parse throughput, one core, on one message set (the corpus in ../shared/corpus/hl7v2
      when present, else tests/fixtures/hl7v2): titrate_peer_parse, python-hl7 (Debian's
      python3-hl7) and the npm parsers simple-hl7 and hl7-standard;
  (b) MLLP ack throughput and p50/p99 latency at 1 and 16 connections, titrate_mllp_load driving
      `titrate serve` (durable journal, every role) and node-hl7-server answering AA with no
      persistence;
  (c) orders -> completed MedicationAdministrations per second (titrate_bench_pipeline
      --end-to-end), embedded bus and Kafka mock cluster;
  (d) peak memory (VmHWM) of each server process during (b).

    python3 bench/peer_bench.py [--runs 5] [--quick] [--build DIR]

Each figure is the median of --runs runs (3 with --quick, which also uses small sizes). Every
driver is native or runs in a process of its own, so this script only starts them and reads
what they print. The npm peers are installed into bench/peers with `npm ci` from the committed
lock (once); a peer that cannot be had is left out of the table, with the reason.
"""

import argparse
import json
import os
import re
import select
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile

import ingest_bench

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(ROOT, "bench", "peers")
PEER_PYTHON = os.environ.get("TITRATE_PEER_PYTHON", "/usr/bin/python3")  # where python3-hl7 lives

COMMANDS = []  # every distinct command line run, printed at the end


def log(text):
    print(text, file=sys.stderr, flush=True)


def note_command(cmd, cwd=None):
    line = " ".join(shlex.quote(c) for c in cmd)
    # The same command in every run: a fresh port and work folder each time.
    line = re.sub(r"\b127\.0\.0\.1:\d+", "127.0.0.1:PORT", line)
    line = re.sub(r"/\S*/titrate-peer-bench-[^/\s]+/", "$WORK/", line)
    line = line.replace(ROOT + "/", "")
    if cwd:
        line = f"(cd {shlex.quote(os.path.relpath(cwd, ROOT))} && {line})"
    if line not in COMMANDS:
        COMMANDS.append(line)


def run(cmd, cwd=None, timeout=None):
    note_command(cmd, cwd)
    return subprocess.run(cmd, cwd=cwd, capture_output=True, check=True, timeout=timeout).stdout.decode()


# --- the message set ------------------------------------------------------------------------------

BATCH_SEGMENTS = (b"FHS", b"BHS", b"BTS", b"FTS")


def split_messages(data):
    """Messages of one file as titrate's hl7v2::split_messages cuts them: at segment starts
    named MSH, without FHS/BHS/BTS/FTS batch segments and a leading UTF-8 BOM. Segments are ended
    by CR in the result, whatever the file used."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    segments = [s for s in re.split(rb"\r\n|\r|\n", data) if s.strip()]
    messages, current = [], []
    for segment in segments:
        if segment[:3] in BATCH_SEGMENTS:
            continue
        if segment.startswith(b"MSH") and current:
            messages.append(current)
            current = []
        current.append(segment)
    if current:
        messages.append(current)
    return [b"\r".join(m) + b"\r" for m in messages if m[0].startswith(b"MSH")]


def message_set_dir():
    corpus = os.path.join(os.environ.get("TITRATE_CORPUS_DIR", os.path.join(ROOT, "..", "shared", "corpus")),
                          "hl7v2")
    if os.path.isdir(corpus) and any(f.endswith(".hl7") for f in os.listdir(corpus)):
        return os.path.normpath(corpus), "corpus"
    return os.path.join(ROOT, "tests", "fixtures", "hl7v2"), "fixtures"


def write_message_set(source_dir, path):
    messages = []
    for name in sorted(os.listdir(source_dir)):
        if name.endswith(".hl7"):
            with open(os.path.join(source_dir, name), "rb") as f:
                messages.extend(split_messages(f.read()))
    # One message a line: no message holds a LF once its segments end with CR.
    with open(path, "wb") as f:
        f.write(b"".join(m + b"\n" for m in messages))
    return len(messages), sum(len(m) for m in messages)


# --- the peers ------------------------------------------------------------------------------------

def npm_version(package):
    try:
        with open(os.path.join(PEERS, "node_modules", package, "package.json")) as f:
            return json.load(f)["version"]
    except OSError:
        return None


def install_npm_peers():
    """npm ci from the committed lock, once. Returns None or why the npm peers are missing."""
    if not shutil.which("node") or not shutil.which("npm"):
        return "node/npm not installed"
    wanted = json.load(open(os.path.join(PEERS, "package.json")))["dependencies"]
    if any(npm_version(p) != v for p, v in wanted.items()):
        log("installing the npm peers into bench/peers (npm ci)")
        try:
            run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PEERS, timeout=300)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            return f"npm ci failed: {getattr(e, 'stderr', b'') or e}"
    return patch_node_hl7_server()


# node-hl7-server 2.5.0 (the latest release) never clears its receive buffer after a message, so
# on a connection kept open every message is parsed again together with all earlier ones and
# acknowledged with the first one's control id (upstream issue #102, fixed in its source but not
# released). We apply that upstream one-line fix so the peer is measured as its authors intend.
NODE_SERVER_UNFIXED = ("                    }\n                }\n            }\n"
                       "            catch (err) {\n                this.emit('data.error', err);")
NODE_SERVER_FIXED = ("                    }\n                    loadedMessage = ''; // titrate peer_bench: upstream #102\n"
                     "                }\n            }\n"
                     "            catch (err) {\n                this.emit('data.error', err);")


def patch_node_hl7_server():
    path = os.path.join(PEERS, "node_modules", "node-hl7-server", "lib", "cjs", "server", "inbound.js")
    with open(path) as f:
        source = f.read()
    if "titrate peer_bench: upstream #102" in source:
        return None
    if source.count(NODE_SERVER_UNFIXED) != 1:
        return "node-hl7-server: cannot apply the fix for its issue #102 (unexpected version?)"
    with open(path, "w") as f:
        f.write(source.replace(NODE_SERVER_UNFIXED, NODE_SERVER_FIXED))
    return None


def python_hl7_missing():
    try:
        subprocess.run([PEER_PYTHON, "-c", "import hl7"], check=True, capture_output=True)
        return None
    except (OSError, subprocess.CalledProcessError):
        return f"python3-hl7 not importable by {PEER_PYTHON} (apt-get install python3-hl7)"


def python_hl7_version():
    try:
        return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "python3-hl7"], capture_output=True,
                              check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return "?"


# --- (a) parse ------------------------------------------------------------------------------------

def parse_figures(cmd, runs):
    results = [json.loads(run(cmd).strip().splitlines()[-1]) for _ in range(runs)]
    return {
        "mb_s": statistics.median(r["bytes"] / r["seconds"] / 1e6 for r in results),
        "msg_s": statistics.median(r["messages"] / r["seconds"] for r in results),
        "errors": results[0]["errors"],
    }


# --- (b) and (d) MLLP ack throughput and peak memory ----------------------------------------------

def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for {pid}")


def start_node_server():
    cmd = ["node", "hl7_server.js", "--port", "0"]
    note_command(cmd, PEERS)
    proc = subprocess.Popen(cmd, cwd=PEERS, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    line = proc.stdout.readline().decode() if ready else ""
    m = re.match(r"listening mllp \S+ (\S+)", line)
    if not m:
        proc.kill()
        raise RuntimeError("node-hl7-server did not start")
    return proc, m.group(1)


def start_titrate(workdir):
    proc, target = ingest_bench.start_gateway(workdir)
    # The config ingest_bench.py writes: every role, embedded bus, durable journal, port 0.
    note_command([os.path.join(ingest_bench.BUILD, "titrate"), "serve", "--config", f"{workdir}/gateway.json"])
    return proc, target


def mllp_figures(server, connections, messages, runs, build):
    results = []
    for _ in range(runs):
        workdir = tempfile.mkdtemp(prefix="titrate-peer-bench-")
        try:
            proc, target = start_titrate(workdir) if server == "titrate" else start_node_server()
            try:
                out = run([os.path.join(build, "titrate_mllp_load"), target, "--connections", str(connections),
                           "--messages", str(messages // connections)], timeout=600)
                figures = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", out)}
                figures["vm_hwm_kib"] = vm_hwm_kib(proc.pid)
                results.append(figures)
            finally:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    return {k: statistics.median(r[k] for r in results) for k in ("acks_per_s", "p50_us", "p99_us", "vm_hwm_kib")}


# --- (c) end to end -------------------------------------------------------------------------------

def end_to_end_figures(build, runs, patients, kafka_patients):
    out = run([os.path.join(build, "titrate_bench_pipeline"), "--end-to-end", "--runs", str(runs),
               "--patients", str(patients), "--kafka-patients", str(kafka_patients)], timeout=3600)
    rows = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in ("embedded", "kafka"):
            rows[cells[0]] = {"orders": int(cells[1]), "per_s": float(cells[4])}
    return rows


# --- the table ------------------------------------------------------------------------------------

def ratio(a, b):
    if not b:
        return "—"
    r = a / b
    return f"{r:.0f}×" if r >= 100 else f"{r:.1f}×" if r >= 10 else f"{r:.2f}×"


def si(value, unit):
    if value >= 1e6:
        return f"{value / 1e6:.2f} M {unit}"
    if value >= 1e4:
        return f"{value / 1e3:.1f} k {unit}"
    return f"{value:.0f} {unit}"


def mb(value):
    return f"{value:.0f} MB/s" if value >= 100 else f"{value:.2f} MB/s"


def ms(us):
    return f"{us / 1000:.2f} ms"


def mib(kib):
    return f"{kib / 1024:.0f} MiB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="runs per figure (default 5, 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="3 runs and small sizes")
    parser.add_argument("--build", default=os.environ.get("TITRATE_BUILD_DIR", os.path.join(ROOT, "build")))
    parser.add_argument("--parse-seconds", type=float, help="each parse run lasts at least this (1, quick 0.2)")
    parser.add_argument("--messages", type=int, help="MLLP messages per run (20000, quick 1600)")
    parser.add_argument("--patients", type=int, help="end-to-end orders, embedded bus (2000, quick 100)")
    parser.add_argument("--kafka-patients", type=int, help="end-to-end orders, Kafka mock (500, quick 50)")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 5)
    parse_seconds = args.parse_seconds or (0.2 if args.quick else 1.0)
    messages = args.messages or (1600 if args.quick else 20000)
    patients = args.patients or (100 if args.quick else 2000)
    kafka_patients = args.kafka_patients or (50 if args.quick else 500)
    build = os.path.abspath(args.build)
    ingest_bench.BUILD = build
    for tool in ("titrate", "titrate_mllp_load", "titrate_peer_parse", "titrate_bench_pipeline"):
        if not os.access(os.path.join(build, tool), os.X_OK):
            raise SystemExit(f"peer_bench: {build}/{tool} is missing: build it first (scripts/build.sh)")

    missing = {}
    npm_problem = install_npm_peers()
    for peer in ("simple-hl7", "hl7-standard", "node-hl7-server"):
        if npm_problem:
            missing[peer] = npm_problem
    if python_hl7_missing():
        missing["python-hl7"] = python_hl7_missing()

    rows = []
    workdir = tempfile.mkdtemp(prefix="titrate-peer-bench-")
    try:
        set_path = os.path.join(workdir, "messages.hl7")
        source, source_kind = message_set_dir()
        count, size = write_message_set(source, set_path)
        log(f"(a) parse: {count} messages, {size} bytes from the {source_kind}, {runs} runs each")
        seconds = ["--seconds", str(parse_seconds)]
        parse = {"Titrate": parse_figures([os.path.join(build, "titrate_peer_parse"), set_path, *seconds], runs)}
        if "python-hl7" not in missing:
            parse[f"python-hl7 {python_hl7_version()}"] = parse_figures(
                [PEER_PYTHON, os.path.join(PEERS, "python_hl7_parse.py"), set_path, *seconds], runs)
        for peer in ("simple-hl7", "hl7-standard"):
            if peer not in missing:
                parse[f"{peer} {npm_version(peer)}"] = parse_figures(
                    ["node", os.path.join(PEERS, "node_parse.js"), peer, set_path, *seconds], runs)
        ours = parse["Titrate"]
        what = f"(a) HL7v2 parse, one core, {count} {source_kind} messages ({size / 1000:.1f} kB)"
        for peer, fig in parse.items():
            if peer == "Titrate":
                continue
            rows.append((what, f"{mb(ours['mb_s'])}, {si(ours['msg_s'], 'msg/s')}"
                         + (f" ({ours['errors']} of {count} refused)" if ours["errors"] else ""), peer,
                         f"{mb(fig['mb_s'])}, {si(fig['msg_s'], 'msg/s')}"
                         + (f" ({fig['errors']} of {count} refused)" if fig["errors"] else ""),
                         ratio(ours["mb_s"], fig["mb_s"])))
        if len(parse) == 1:
            rows.append((what, f"{mb(ours['mb_s'])}, {si(ours['msg_s'], 'msg/s')}", "no peer", "—", "—"))

        mllp = {}
        servers = ["titrate"] + ([] if "node-hl7-server" in missing else ["node"])
        for connections in (1, 16):
            for server in servers:
                log(f"(b) MLLP: {server}, {connections} connection(s), {messages} messages, {runs} runs")
                mllp[(server, connections)] = mllp_figures(server, connections, messages, runs, build)
        peer_name = f"node-hl7-server {npm_version('node-hl7-server')} (AA, **no persistence**)"
        for connections in (1, 16):
            t = mllp[("titrate", connections)]
            what = f"(b) MLLP acks, {connections} connection{'s' if connections > 1 else ''}, 1 KB ADT"
            ours = f"{si(t['acks_per_s'], 'acks/s')}, p50 {ms(t['p50_us'])}, p99 {ms(t['p99_us'])}"
            if ("node", connections) in mllp:
                n = mllp[("node", connections)]
                rows.append((what, ours, peer_name,
                             f"{si(n['acks_per_s'], 'acks/s')}, p50 {ms(n['p50_us'])}, p99 {ms(n['p99_us'])}",
                             f"acks/s {ratio(t['acks_per_s'], n['acks_per_s'])}, p50 {ratio(t['p50_us'], n['p50_us'])}, "
                             f"p99 {ratio(t['p99_us'], n['p99_us'])}"))
            else:
                rows.append((what, ours, "node-hl7-server", missing["node-hl7-server"], "—"))

        log(f"(c) end to end: {patients} orders embedded, {kafka_patients} on the Kafka mock, {runs} runs")
        e2e = end_to_end_figures(build, runs, patients, kafka_patients)
        for bus, label in (("embedded", "embedded bus"), ("kafka", "Kafka mock cluster")):
            if bus in e2e:
                rows.append((f"(c) orders → completed MedicationAdministrations, {label}, {e2e[bus]['orders']} orders",
                             si(e2e[bus]["per_s"], "MAs/s"), "no peer does this", "—", "—"))

        for connections in (1, 16):
            t = mllp[("titrate", connections)]
            what = f"(d) peak memory (VmHWM) of the server during (b), {connections} connection{'s' if connections > 1 else ''}"
            if ("node", connections) in mllp:
                n = mllp[("node", connections)]
                rows.append((what, mib(t["vm_hwm_kib"]), "node-hl7-server", mib(n["vm_hwm_kib"]),
                             ratio(t["vm_hwm_kib"], n["vm_hwm_kib"])))
            else:
                rows.append((what, mib(t["vm_hwm_kib"]), "node-hl7-server", missing["node-hl7-server"], "—"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    node = subprocess.run(["node", "--version"], capture_output=True).stdout.decode().strip() if shutil.which("node") else "none"
    print(f"\nmedian of {runs} runs; Titrate ÷ peer (above 1 is better for throughput, worse for latency and memory); "
          f"node {node}\n")
    print("| measure | Titrate | peer | peer's figure | Titrate ÷ peer |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\nTitrate's MLLP server journals every message durably (one fdatasync per group commit) before its ACK, "
          "maps it and runs every module in the same process; node-hl7-server keeps nothing and does no fsync.")
    if "node-hl7-server" not in missing:
        print("node-hl7-server 2.5.0 runs with its upstream fix for issue #102 (receive buffer never cleared) applied "
              "by this script; without it every message on a connection is parsed again with all earlier ones.")
    for peer, why in missing.items():
        print(f"left out: {peer}: {why}")
    print("\ncommands:\n")
    for line in COMMANDS:
        print(f"    {line}")


if __name__ == "__main__":
    main()
