#!/usr/bin/env bash
# The end-to-end demo (scripts/run.sh --demo runs it after installing and building): the gateway
# on the embedded default (config/demo/gateway.json, data in data/demo, wiped at start), the pump
# fleet simulator (6 pumps and bedside monitors, an hour a minute, every scenario), then sample
# referrals and orders; it narrates what happens until Ctrl-C, then stops both cleanly.
#
# Settings (environment):
#   TITRATE_BUILD_DIR            where the titrate executable is (default build/)
#   TITRATE_DEMO_DATA_DIR        the demo's data folder (default data/demo; wiped at start)
#   TITRATE_DEMO_MLLP_PORT       the gateway's MLLP port (default 2575; 0 picks a free one)
#   TITRATE_DEMO_HTTP_PORT       the gateway's HTTP port: FHIR API, health (default 8080; 0: free)
#   TITRATE_DEMO_PUMP_PORT       the simulator's PCD-03 port (default 2576; 0: free)
#   TITRATE_DEMO_SPEED           simulated seconds per real second (default 60)
#   TITRATE_DEMO_WATCH_SECONDS   stop narrating after this long (default 0: until Ctrl-C)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
titrate="${TITRATE_BUILD_DIR:-$root/build}/titrate"
data="${TITRATE_DEMO_DATA_DIR:-$root/data/demo}"
mllp_port="${TITRATE_DEMO_MLLP_PORT:-2575}"
http_port="${TITRATE_DEMO_HTTP_PORT:-8080}"
pump_port="${TITRATE_DEMO_PUMP_PORT:-2576}"
speed="${TITRATE_DEMO_SPEED:-60}"
watch_seconds="${TITRATE_DEMO_WATCH_SECONDS:-0}"

if [[ ! -x "$titrate" ]]; then
  echo "demo: no titrate executable at $titrate (build first, or set TITRATE_BUILD_DIR)" >&2
  exit 2
fi

gateway_pid= sim_pid= tail_pid= feed_pid=
# Stops what the demo started; exits with $1, or with the first failing child's status.
stop() {
  local status=$1
  trap - INT TERM EXIT
  echo
  echo "Stopping the simulator and the gateway..."
  for pid in $feed_pid $tail_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $sim_pid $gateway_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $sim_pid $gateway_pid; do
    local child=0
    wait "$pid" 2>/dev/null || child=$?
    if ((status == 0 && child != 0)); then status=$child; fi
  done
  for pid in $feed_pid $tail_pid; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped. The journal and the FHIR store stay in $data."
  exit "$status"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

# Waits until FILE has a line starting with PREFIX while process PID lives; prints that line.
wait_for_line() {
  local file=$1 prefix=$2 pid=$3 what=$4
  for _ in $(seq 1 300); do
    local line
    line=$(grep -m1 "^$prefix" "$file" 2>/dev/null || true)
    if [[ -n "$line" ]]; then
      echo "$line"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "demo: $what exited before it listened; its log:" >&2
      cat "${file%.out}.log" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  echo "demo: $what did not listen within 30 s (log: ${file%.out}.log)" >&2
  return 1
}

if [[ "$pump_port" == 0 ]]; then
  # The gateway needs the simulator's port before the simulator needs the gateway's: pick one.
  pump_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi

if [[ -z "$data" || "$data" == / || "$data" == "$root" ]]; then
  echo "demo: refusing to wipe '$data' (TITRATE_DEMO_DATA_DIR)" >&2
  exit 2
fi
rm -rf "$data"
mkdir -p "$data"
echo "Titrate demo: a gateway, a simulated fleet of 6 infusion pumps with bedside monitors, and sample"
echo "referrals and orders. Data in $data (wiped at start); logs in $data/*.log."
echo

echo "Starting the gateway (embedded bus and SQLite store, config/demo/gateway.json)..."
"$titrate" serve --config "$root/config/demo/gateway.json" --data-dir "$data" \
  --mllp-port "$mllp_port" --http-port "$http_port" --pump-endpoint "127.0.0.1:$pump_port" \
  >"$data/gateway.out" 2>"$data/gateway.log" &
gateway_pid=$!
wait_for_line "$data/gateway.out" "listening http" "$gateway_pid" "the gateway" >/dev/null
mllp=$(grep -m1 "^listening mllp" "$data/gateway.out" | awk '{print $4}')
http=$(grep -m1 "^listening http" "$data/gateway.out" | awk '{print $3}')
echo "  the gateway listens for HL7v2 over MLLP on $mllp and serves FHIR at http://$http/fhir"
echo "  it sends pump programs (IHE PCD-03 RGV^O15) to the simulator at 127.0.0.1:$pump_port"

echo "Starting the pump simulator: pumps P1..P6 at chairs 1..6, $speed simulated seconds per second,"
echo "  one scenario per chair: 1 normal, 2 occlusion alarm, 3 paused and resumed, 4 hypertensive"
echo "  episode, 5 SpO2 drop, 6 pump disconnect and reconnect."
"$titrate" pump-sim --listen "$pump_port" --gateway "$mllp" --pumps 6 --speed "$speed" \
  --scenario mixed --seed 7 >"$data/pump-sim.out" 2>"$data/pump-sim.log" &
sim_pid=$!
wait_for_line "$data/pump-sim.out" "listening pump-sim" "$sim_pid" "the pump simulator" >/dev/null
echo "  the simulator listens on 127.0.0.1:$pump_port and reports pump events and vital signs to $mllp"
echo "  (its lines below start with [pumps])"
echo
tail -n +2 -f --pid="$sim_pid" "$data/pump-sim.out" | sed -u 's/^/  [pumps] /' &
tail_pid=$!

python3 "$root/scripts/demo_feed.py" --titrate "$titrate" --mllp "$mllp" --fhir "http://$http/fhir" \
  --watch-seconds "$watch_seconds" &
feed_pid=$!
# `wait` returns when a trapped signal arrives, so Ctrl-C and SIGTERM stop the demo at once.
feed_status=0
wait "$feed_pid" || feed_status=$?
feed_pid=
if ((feed_status != 0)); then
  echo "demo: feeding the sample traffic failed (exit $feed_status)" >&2
  exit "$feed_status"
fi
stop 0
