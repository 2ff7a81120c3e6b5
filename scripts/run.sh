#!/usr/bin/env bash
# Installs what is missing, builds, and runs the gateway on the embedded default
# (config/gateway.json: SQLite journal in data/). Arguments go to `titrate serve`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ "${1:-}" == "--demo" ]]; then
  echo "run.sh --demo: the simulated pump fleet and sample traffic are not built yet." >&2
  echo "Run scripts/run.sh, then send the sample messages in tests/fixtures/hl7v2 with" >&2
  echo "  build/titrate send 127.0.0.1:2575 tests/fixtures/hl7v2/adt_a01_standard.hl7" >&2
  exit 2
fi

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$root"
exec "$root/build/titrate" serve --config "$root/config/gateway.json" "$@"
