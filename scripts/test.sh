#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts the local mail servers (Dovecot, Postfix,
# sshd, vsftpd on 127.0.0.1, see scripts/testbed.sh) and a PostgreSQL server of its own
# (scripts/postgres.sh), builds with warnings as errors (the default build, then the one with the
# PostgreSQL store), runs every test, and stops exactly the servers it started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh --test

state=$(mktemp -d /tmp/intake-testbed.XXXXXX)
pgstate=$(mktemp -d /tmp/intake-postgres.XXXXXX)
cleanup() {
  scripts/testbed.sh stop "$state" >/dev/null 2>&1 || true
  scripts/postgres.sh stop "$pgstate" >/dev/null 2>&1 || true
  rm -rf "$state" "$pgstate"
}
trap cleanup EXIT
# A port base of its own, so that a developer's running testbed (or another run) is no obstacle.
started=0
for attempt in 1 2 3 4 5; do
  export TESTBED_PORT_BASE=$(( 20000 + (RANDOM % 12) * 1000 ))
  if scripts/testbed.sh start "$state" >/dev/null 2>"$state.log"; then started=1; break; fi
  scripts/testbed.sh stop "$state" >/dev/null 2>&1 || true
done
[ "$started" = 1 ] || { cat "$state.log" >&2; echo "test.sh: the testbed did not start" >&2; exit 1; }
rm -f "$state.log"
export INTAKE_TESTBED_JSON="$state/testbed.json" INTAKE_REQUIRE_TESTBED=1

started=0
for attempt in 1 2 3; do
  rm -rf "$pgstate" && mkdir -p "$pgstate"
  if scripts/postgres.sh start "$pgstate" >/dev/null 2>"$pgstate.log"; then started=1; break; fi
  scripts/postgres.sh stop "$pgstate" >/dev/null 2>&1 || true
done
[ "$started" = 1 ] || { cat "$pgstate.log" >&2; echo "test.sh: PostgreSQL did not start" >&2; exit 1; }
rm -f "$pgstate.log"
set -a; . "$pgstate/postgres.env"; set +a

# The default build (what a one-machine desk runs) must build on its own; the tests run on the
# build with the PostgreSQL store, which is the default build plus IntakeStorePostgres.
swift build -Xswiftc -warnings-as-errors
swift build --traits Postgres -Xswiftc -warnings-as-errors
swift test --traits Postgres -Xswiftc -warnings-as-errors "$@"
