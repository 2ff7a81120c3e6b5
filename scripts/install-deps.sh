#!/usr/bin/env bash
# Installs the Debian packages Titrate builds, runs and tests with. Idempotent: only what is
# missing is installed, so a second run does nothing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libpoco-dev rapidjson-dev librdkafka-dev libssl-dev libsqlite3-dev libpq-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-hl7 openssl ca-certificates curl
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "installing: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  sudo=sudo
else
  sudo=
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
