#!/usr/bin/env bash
# Installs Debian's Virtuoso server (virtuoso-t) for the store tests (tests/test_stores.py) when it is missing.
# Only the binaries: the tests start their own server on a free loopback port, with a database and an ini
# file of their own, so nothing is configured or started here (the full package would start a system service).
set -euo pipefail
if [ -x /usr/bin/virtuoso-t ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
echo "installing Debian's virtuoso-opensource server for the store tests"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >/dev/null
