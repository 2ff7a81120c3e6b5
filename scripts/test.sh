#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, conformance, integration).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-deps.sh"
"$root/scripts/install-test-deps.sh"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure --timeout 600 -j"$(nproc)" "$@"

# A short fuzzing pass (TITRATE_FUZZ_SECONDS per target; scripts/fuzz.sh 60 for a longer one).
if command -v clang++ >/dev/null; then
  "$root/scripts/fuzz.sh" "${TITRATE_FUZZ_SECONDS:-20}"
else
  echo "clang++ not found: fuzzing skipped"
fi
