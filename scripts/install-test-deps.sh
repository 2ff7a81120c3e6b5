#!/usr/bin/env bash
# Installs what the tests need beyond the build: a PostgreSQL server (the store's PostgreSQL
# variant starts its own on loopback) and Node.js with npm (the independent FHIR JSON-schema
# check). Idempotent: only what is missing is installed.
set -euo pipefail

packages=(postgresql clang)  # clang: libFuzzer for scripts/fuzz.sh
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js may come from Debian (nodejs + npm) or from a vendor package that bundles npm.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]} > 0)); then
  echo "installing for the tests: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    sudo=sudo
  else
    sudo=
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The JSON-schema validator (Ajv, from npm) at the versions package-lock.json pins.
schema_check="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/conformance/fhir-schema"
if [[ ! -f "$schema_check/node_modules/ajv/package.json" ]]; then
  echo "installing the FHIR JSON-schema check (npm ci)"
  npm ci --prefix "$schema_check" --no-audit --no-fund --loglevel=error
fi
