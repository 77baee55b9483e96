#!/usr/bin/env bash
# Installs everything the build, tests and benchmarks need on Debian 12.
# Idempotent: when every package is present it only checks and exits quickly.
# Usage: scripts/install-deps.sh [--no-npm]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  clang libclang-rt-14-dev llvm
  zlib1g-dev libzstd-dev libbz2-dev liblz4-dev libsnappy-dev libbrotli-dev libdeflate-dev
  libsimdjson-dev nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libfmt-dev
  libsqlite3-dev libpq-dev postgresql libre2-dev libssl-dev libxxhash-dev libcctz-dev tzdata libedit-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nodejs npm time
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere than Debian's packages; accept working binaries.
    case "$p" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

# npm test peers (DuckDB as oracle and benchmark rival) go to a git-ignored folder.
if [ "${1:-}" != "--no-npm" ]; then
  if [ ! -f peers/node_modules/@duckdb/node-api/package.json ]; then
    echo "install-deps: installing npm test peers into peers/"
    (cd peers && npm install --no-audit --no-fund --loglevel=error)
  else
    echo "install-deps: npm test peers present"
  fi
fi
