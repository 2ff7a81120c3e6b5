#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang (address + undefined-behaviour
# sanitizers) and runs each for SECONDS (default 60) on a corpus seeded from the project's
# fixtures. Exits non-zero when a target crashes, leaks, times out or runs out of memory; the
# input that did it is left under <build>/artifacts/<target>/ and its path is printed.
#   scripts/fuzz.sh [SECONDS]           all targets
#   FUZZ_TARGETS="hl7v2_parse mllp_frames" scripts/fuzz.sh 30
# Environment: TITRATE_FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (build jobs, default nproc).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-${TITRATE_FUZZ_SECONDS:-60}}"
build="${TITRATE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
fixtures="$root/tests/fixtures"

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found (scripts/install-test-deps.sh installs it)" >&2
  exit 2
fi

sanitizers="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
sanitizers+=" -fsanitize-ignorelist=$root/tests/fuzz/ubsan-ignorelist.txt"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g -fno-omit-frame-pointer" \
  -DCMAKE_CXX_FLAGS="$sanitizers" -DTITRATE_BUILD_FUZZ=ON -DTITRATE_BUILD_TESTS=OFF \
  -DTITRATE_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" --target titrate_fuzz -j"${FUZZ_JOBS:-$(nproc)}"

# Seeds: the fixtures each target reads in production form. Copied (never moved) into the
# working corpus, which keeps what earlier runs found.
seed() {
  local target="$1"
  shift
  mkdir -p "$build/corpus/$target"
  local f
  for f in "$@"; do
    [[ -f "$f" ]] && cp -n "$f" "$build/corpus/$target/" 2>/dev/null || true
  done
}
shopt -s nullglob
hl7=("$fixtures"/hl7v2/*.hl7 "$fixtures"/pcd/*.hl7 "$fixtures"/mapping/hl7v2/*.hl7)
seed hl7v2_parse "${hl7[@]}"
mkdir -p "$build/corpus/mllp_frames"
for f in "${hl7[@]}"; do
  framed="$build/corpus/mllp_frames/framed-$(basename "$f")"
  # Two frames back to back, then a stray byte, so every decoder state is in the seeds.
  [[ -f "$framed" ]] || { printf '\v'; cat "$f"; printf '\x1c\r\v'; cat "$f"; printf '\x1c\rx'; } >"$framed"
done
fhir=()
for f in "$fixtures"/mapping/fhir/*.json; do
  [[ "$f" == *.expected.json ]] || fhir+=("$f")
done
seed fhir_map "${fhir[@]}"
seed fhir_validate "${fhir[@]}"
seed config_gateway "$root"/config/gateway.json "$root"/config/demo/gateway.json
seed config_mapping_profile "$root"/config/mappings/*.json "$fixtures"/mapping/profiles/*.json
seed config_drug_library "$root"/config/drug-library.json "$fixtures"/dosing/*.json
seed config_pump_control "$root"/config/pump-control.json "$root"/config/demo/pump-control.json

targets=(${FUZZ_TARGETS:-hl7v2_parse mllp_frames fhir_map fhir_validate config_gateway config_mapping_profile
                          config_drug_library config_pump_control})
failed=()
for t in "${targets[@]}"; do
  exe="$build/titrate_fuzz_$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$artifacts" "$build/corpus/$t"
  dict=()
  [[ -f "$root/tests/fuzz/$t.dict" ]] && dict=(-dict="$root/tests/fuzz/$t.dict")
  echo "== fuzzing $t for ${seconds}s"
  if ! "$exe" "$build/corpus/$t" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" 2>"$build/$t.log"; then
    failed+=("$t")
    tail -n 60 "$build/$t.log"
    echo "fuzz.sh: $t FAILED; the input is in $artifacts/:" >&2
    ls -1t "$artifacts"/* 2>/dev/null | head -n 3 >&2
  else
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$build/$t.log" || true
  fi
done
if ((${#failed[@]} > 0)); then
  echo "fuzz.sh: crashes in: ${failed[*]} (logs: $build/<target>.log)" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets ran ${seconds}s each without a crash"
