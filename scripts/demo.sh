#!/usr/bin/env bash
# The main job on the bundled example desk: the sample inbox folder is taken in, orders land in
# SQLite (data/example-desk/), the review queue is shown, and confirmations of the approved orders
# are written as .eml files into data/example-desk/outgoing/. Run it again: nothing is added twice.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh
swift build --product intake 2>&1 | tail -n 1
intake=.build/debug/intake
echo
echo "\$ intake --config examples/config run --once"
"$intake" --config examples/config run --once
echo
echo "\$ intake --config examples/config queue list"
"$intake" --config examples/config queue list
echo
echo "\$ intake --config examples/config outbox list"
"$intake" --config examples/config outbox list
echo
echo "Confirmations written to data/example-desk/outgoing/; the queue is yours: see README.md."
