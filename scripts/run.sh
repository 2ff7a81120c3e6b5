#!/usr/bin/env bash
# Installs what is missing, builds, and runs the gateway on the embedded default
# (config/gateway.json: SQLite journal in data/). Arguments go to `titrate serve`;
# `--demo` runs the end-to-end demo instead (scripts/demo.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# --demo: the gateway, the pump fleet simulator and sample traffic (scripts/demo.sh, which names
# its settings). TITRATE_DEMO_NO_BUILD=1 skips installing and building (TITRATE_BUILD_DIR then
# names the build to use).
if [[ "${1:-}" == "--demo" ]]; then
  if [[ "${TITRATE_DEMO_NO_BUILD:-0}" != 1 ]]; then
    "$root/scripts/install-deps.sh"
    "$root/scripts/build.sh"
  fi
  exec "$root/scripts/demo.sh"
fi

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$root"
exec "$root/build/titrate" serve --config "$root/config/gateway.json" "$@"
