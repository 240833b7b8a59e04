#!/usr/bin/env bash
# JSON encoding benchmark: SortedJSONEncoder against Foundation's JSONEncoder (same options) on
# each fixture item's document, origins and order; checks the bytes are equal first.
# usage: bench/json/run.sh [ROUNDS=7] [REPEAT=40]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product intake-json-bench 2>&1 | grep -E "error|warning: [^']" || true
.build/release/intake-json-bench "$PWD" "${1:-7}" "${2:-40}"
