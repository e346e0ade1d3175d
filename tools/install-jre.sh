#!/usr/bin/env bash
# Installs Debian's headless Java runtime for the OWL 2 DL reasoner test (HermiT, run by owlready2 in
# tests/test_owl.py) when no java is on the PATH.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
echo "installing Debian's headless Java runtime for the reasoner test"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
