"""python-hl7's side of the peer parse benchmark (bench/peer_bench.py): parses every message of
the set (one HL7v2 message a line, segments ended by CR) again and again on one thread until at
least --seconds have passed, and prints one JSON line like titrate_peer_parse.

    /usr/bin/python3 python_hl7_parse.py FILE [--seconds S]
"""

import argparse
import json
import time

import hl7


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    with open(args.file, "rb") as f:
        raw = f.read()
    messages = [m.decode("utf-8", "surrogateescape") for m in raw.split(b"\n") if m]
    set_bytes = len(raw) - raw.count(b"\n")

    passes = errors = segments = 0
    started = time.perf_counter()
    while True:
        for m in messages:
            try:
                segments += len(hl7.parse(m))
            except Exception:
                errors += 1
        passes += 1
        seconds = time.perf_counter() - started
        if seconds >= args.seconds:
            break
    print(json.dumps({"parser": "python-hl7", "messages": passes * len(messages), "bytes": passes * set_bytes,
                      "seconds": seconds, "passes": passes, "errors": errors // passes,
                      "segments": segments // passes}))


if __name__ == "__main__":
    main()
