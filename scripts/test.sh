#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds with warnings as errors, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh --test
swift build -Xswiftc -warnings-as-errors
swift test -Xswiftc -warnings-as-errors "$@"
