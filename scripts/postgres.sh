#!/usr/bin/env bash
# postgres.sh - a PostgreSQL server of the tests' own: its own data directory, a free port on
# 127.0.0.1, no system service. The test script starts and stops it as it does the mail servers.
#
#   postgres.sh start   STATE_DIR [PORT]   initdb + pg_ctl start; writes STATE_DIR/postgres.env
#   postgres.sh stop    STATE_DIR          pg_ctl stop (fast)
#   postgres.sh restart STATE_DIR          pg_ctl restart (fault tests: workers must reconnect)
#   postgres.sh status  STATE_DIR          exit 0 when the server answers
#
# postgres.env holds INTAKE_POSTGRES_URL (a role `intake` that may create databases: every test
# gets a database of its own), INTAKE_POSTGRES_PASSWORD and INTAKE_POSTGRES_ADMIN_URL.
# Run as root, the server runs as the `postgres` account (initdb refuses root).
set -euo pipefail

PROG=${0##*/}
die() { printf '%s: ERROR: %s\n' "$PROG" "$*" >&2; exit 1; }

CMD=${1:-}
STATE=${2:-}
[ -n "$CMD" ] && [ -n "$STATE" ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
STATE=$(realpath -m -- "$STATE")

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || die "PostgreSQL is not installed (apt-get install postgresql)"
DATA=$STATE/data

as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$CMD" in
start)
  PORT=${3:-$(( 25000 + RANDOM % 20000 ))}
  mkdir -p "$STATE"
  chmod 0755 "$STATE"
  mkdir -p "$DATA"
  # The server writes its log and socket here, and keeps its data below.
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$STATE" "$DATA"; fi
  chmod 0700 "$DATA"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  as_server "$bindir/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 || { cat "$STATE/initdb.log" >&2; die "initdb failed"; }
  cat >> "$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$STATE'
max_connections = 200
fsync = on
CONF
  as_server "$bindir/pg_ctl" -D "$DATA" -l "$STATE/server.log" -w -t 60 start >/dev/null || { cat "$STATE/server.log" >&2; die "pg_ctl start failed"; }
  as_server "$bindir/psql" -h "$STATE" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE intake LOGIN CREATEDB PASSWORD '$password'" \
    -c "CREATE DATABASE intake OWNER intake" >/dev/null
  cat > "$STATE/postgres.env" <<ENV
INTAKE_POSTGRES_URL=postgres://intake@127.0.0.1:$PORT/intake
INTAKE_POSTGRES_PASSWORD=$password
INTAKE_POSTGRES_PORT=$PORT
INTAKE_POSTGRES_SOCKET=$STATE
ENV
  cat "$STATE/postgres.env"
  ;;
stop)
  [ -f "$DATA/postmaster.pid" ] || exit 0
  as_server "$bindir/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
  ;;
restart)
  as_server "$bindir/pg_ctl" -D "$DATA" -l "$STATE/server.log" -m fast -w -t 60 restart >/dev/null
  ;;
status)
  as_server "$bindir/pg_ctl" -D "$DATA" status >/dev/null
  ;;
*)
  die "unknown command $CMD"
  ;;
esac
