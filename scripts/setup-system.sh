#!/usr/bin/env bash
# Installs the system packages OrderIntake builds and tests with, if they are missing.
# Debian/Ubuntu; run as root or with sudo available. Safe to run again: it installs nothing twice.
set -euo pipefail

packages=(libcurl4-openssl-dev libsqlite3-dev pkg-config)
if [ "${1:-}" = "--test" ]; then
  # chromium: the report page is checked in a real headless browser. fonts-noto-cjk: without a
  # CJK font Chromium draws the page's Chinese as empty boxes; fontconfig's fc-list tells the
  # test which fonts hold which characters.
  # postgresql: the shared store's tests run against a real server (scripts/postgres.sh starts
  # one of their own; the package's own cluster is not used).
  packages+=(python3 chromium fonts-noto-cjk fontconfig postgresql)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  # The tests check our JSON against the contract's schema with a real validator.
  if ! python3 -c "import jsonschema" >/dev/null 2>&1; then
    echo "setup: installing the Python jsonschema package" >&2
    python3 -m pip install --quiet jsonschema
  fi
fi
