#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts the local mail servers (Dovecot, Postfix,
# sshd, vsftpd on 127.0.0.1, see scripts/testbed.sh), builds with warnings as errors, runs every
# test, and stops exactly the servers it started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh --test

state=$(mktemp -d /tmp/intake-testbed.XXXXXX)
cleanup() { scripts/testbed.sh stop "$state" >/dev/null 2>&1 || true; rm -rf "$state"; }
trap cleanup EXIT
scripts/testbed.sh start "$state" >/dev/null
export INTAKE_TESTBED_JSON="$state/testbed.json" INTAKE_REQUIRE_TESTBED=1

swift build -Xswiftc -warnings-as-errors
swift test -Xswiftc -warnings-as-errors "$@"
