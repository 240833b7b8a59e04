#!/usr/bin/env bash
# Workers benchmark: the first sync of three IMAP mailboxes of COUNT order emails each (every one
# a distinct order: its own Message-ID and PO number), by `intake run` workers sharing the store:
#   (a) 1 worker on SQLite (the baseline), (b) 1, (c) 2 and (d) 3 workers on one PostgreSQL
#   database (a fresh one each run). Every worker is its own `intake run` process with its own
#   configuration folder and data_dir, the same three mailbox sources, `poll_interval_seconds: 1`,
#   `lease_seconds: 10` and delivery to a directory (nothing sent). A worker polls a source only
#   while it holds the source's lease, so three sources can be synced by up to three workers.
#   Leases go to whichever worker asks first, so (c′) and (d′) also run 2 and 3 workers with the
#   sources split between their configurations (2 + 1, one each): the spread the leases allow.
# Timed from the workers' start until every item is stored and processed (the store's latest
# processed_at; the store is looked at once a second, then the workers get SIGTERM). Reports
# messages per second, the ratios 2 / 1 and 3 / 1 workers and PostgreSQL / SQLite, CPU time per
# message of the workers, the PostgreSQL server and Dovecot, the share of two cores they kept
# busy, which worker took which source's lease, how many write transactions lost a race (the
# server's log) and how many source polls failed (a failed source waits 30 s, then longer), and
# checks that every item was processed once into one order. Dovecot, PostgreSQL and the workers
# all share this machine's cores.
# usage: bench/workers/run.sh [COUNT=3000] [ROUNDS=1]
#   ROUNDS > 1 runs the six cases again, in reverse order every other round, and reports medians.
#   INTAKE_BENCH_BINARY=PATH measures another build (it must have the Postgres trait).
#   BENCH_LOGS=DIR keeps every worker's log there (DIR/CASE-ROUND/wN.log), and the PostgreSQL
#   server's (DIR/postgres-server.log).
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-3000}"
rounds="${2:-1}"
lease_seconds=10
total=$(( 3 * count ))
for tool in sqlite3 psql; do command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 postgresql-client >/dev/null; break; }; done
echo "== load before: $(uptime)"
bench_began=$(date +%s.%N)

# The PostgreSQL store is a build trait: build it (static runtime, as for servers) before
# bench_start, which then takes this binary instead of building the default one.
if [ -z "${INTAKE_BENCH_BINARY:-}" ]; then
  swift build -c release --static-swift-stdlib --traits Postgres --product intake --build-path .build-static-postgres >/dev/null
  export INTAKE_BENCH_BINARY=.build-static-postgres/release/intake
fi
source bench/testbed-lib.sh
bench_start workers
# PostgreSQL runs as its own account, which must reach its folder: not inside the 0700 state.
pg=$(mktemp -d /tmp/intake-bench-workers-pg.XXXXXX)
worker_pids=()
stop_all() {
  local pid
  for pid in "${worker_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  scripts/postgres.sh stop "$pg" >/dev/null 2>&1 || true
  if [ -n "${BENCH_LOGS:-}" ] && [ -f "$pg/server.log" ]; then mkdir -p "$BENCH_LOGS" && cp "$pg/server.log" "$BENCH_LOGS/postgres-server.log"; fi
  rm -rf "$pg"
  scripts/testbed.sh stop "$state" >/dev/null 2>&1 || true; rm -rf "$state"
}
trap stop_all EXIT
scripts/postgres.sh start "$pg" >/dev/null
set -a
# shellcheck disable=SC1091
source "$pg/postgres.env"
set +a
export PGPASSWORD="$INTAKE_POSTGRES_PASSWORD" BENCH_ORDERS_PASS="$TESTBED_PASS_ORDERS"
pg_base="postgres://intake@127.0.0.1:$INTAKE_POSTGRES_PORT"
read -r dovecot_pid _ < "$state/pids/dovecot.pid"
read -r postgres_pid < "$pg/data/postmaster.pid"

echo "== seeding 3 mailboxes x $count order emails (examples/inbox/003-northwind-order.eml, each its own Message-ID and PO)"
for box in 1 2 3; do
  scripts/testbed.sh seed-bulk "$state" "$TESTBED_USER_ORDERS" "bench$box" "$count" examples/inbox/003-northwind-order.eml
  maildir=$(/usr/bin/doveadm -c "$state/dovecot/dovecot.conf" mailbox path -u "$TESTBED_USER_ORDERS" "bench$box")
  python3 bench/workers/seed.py "$maildir/new" "$box" >/dev/null
done

desk() { # folder boxes [store section] -> a configuration folder with those mailbox sources ("1 2 3")
  mkdir -p "$1/config"
  cp examples/config/catalog.csv examples/config/customers.csv "$1/config/"
  {
    cat <<YAML
desk: {name: Bench, from: "Bench <orders@desk.example>", timezone: Asia/Taipei, language: en}
data_dir: ../data
templates_dir: $PWD/templates
poll_interval_seconds: 1
delivery: {method: directory}
sources:
YAML
    for box in $2; do
      echo "  - {name: box$box, url: \"imap://127.0.0.1:$TESTBED_IMAP_PORT/bench$box\", username: $TESTBED_USER_ORDERS, password_env: BENCH_ORDERS_PASS, ca_file: $TESTBED_CA_CERT, after: none}"
    done
    [ -z "${3:-}" ] || printf '%s\n' "$3"
  } > "$1/config/intake.yaml"
}

# Dovecot indexes and caches a mailbox on its first full fetch, and the page cache warms: one
# unmeasured sync of the three mailboxes first, so that no case pays for it.
desk "$state/warm" "1 2 3"
"$intake" --config "$state/warm/config" poll >/dev/null
echo "== warm-up sync done: $(sqlite3 "$state/warm/data/intake.sqlite" "select count(*) from items") items"

# One case: fresh store(s), WORKERS processes started together, timed until all items are
# processed. Appends "case round seconds intake_cpu postgres_cpu dovecot_cpu races failures
# holders..." to results.
store_count() { # case db-or-file -> "done total"
  local query="select coalesce(sum(status <> 'stored'), 0), count(*) from items"
  if [ "$1" = sqlite ]; then sqlite3 -separator ' ' "$2" "$query" 2>/dev/null || echo "0 0"
  else psql "$pg_base/$2" -Atq -F ' ' -c "select count(*) filter (where status <> 'stored'), count(*) from items" 2>/dev/null || echo "0 0"; fi
}
store_sql() { # case db-or-file sql
  if [ "$1" = sqlite ]; then sqlite3 -separator ' ' "$2" "$3"; else psql "$pg_base/$2" -Atq -F ' ' -c "$3"; fi
}
: > "$state/results"
run_case() { # sqlite|postgres workers same|split round
  local kind=$1 workers=$2 spread=$3 round=$4 name dir k target db="" store_yaml="" pids=() boxes
  name="$kind-$workers-$spread-r$round"
  dir="$state/$name"
  if [ "$kind" = postgres ]; then
    db="bench_${workers}_${spread}_r$round"
    psql "$pg_base/intake" -Atq -c "CREATE DATABASE $db"
  fi
  for k in $(seq "$workers"); do
    if [ "$kind" = postgres ]; then
      store_yaml="store: {url: \"$pg_base/$db\", password_env: INTAKE_POSTGRES_PASSWORD, tls: disable, lease_seconds: $lease_seconds, worker: w$k}"
    fi
    boxes="1 2 3"
    # split: each worker configured with its own share of the sources (2 workers: 1 2 | 3).
    if [ "$spread" = split ]; then boxes=$( [ "$workers" = 3 ] && echo "$k" || { [ "$k" = 1 ] && echo "1 2" || echo 3; }); fi
    desk "$dir/w$k" "$boxes" "$store_yaml"
  done
  # The schema is made before the clock starts, so that the workers start on equal terms (the
  # first to migrate would otherwise start first) and SQLite's first open is not timed either.
  "$intake" --config "$dir/w1/config" store migrate >/dev/null
  target=$([ "$kind" = sqlite ] && echo "$dir/w1/data/intake.sqlite" || echo "$db")
  local pg_cpu0 dc_cpu0 log_lines
  read -r pg_cpu0 dc_cpu0 < <(python3 bench/workers/cpu.py "$postgres_pid" "$dovecot_pid")
  log_lines=$(wc -l < "$pg/server.log")
  local start; start=$(date +%s.%N)
  for k in $(seq "$workers"); do
    "$intake" --config "$dir/w$k/config" run > "$dir/w$k.log" 2>&1 &
    pids+=("$!")
  done
  worker_pids=("${pids[@]}")
  # Wait: once a second, and give up when nothing has moved for 120 s (reported: a hang, or a
  # failed source's pause grown that long).
  local processed=0 stored=0 last=-1 still=0 pid
  while :; do
    sleep 1
    read -r processed stored < <(store_count "$kind" "$target")
    [ "$processed" -ge "$total" ] && break
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "bench: worker $pid of $name exited early; see its log below" >&2; break 2; }; done
    if [ "$processed" = "$last" ]; then still=$(( still + 1 )); else still=0; last=$processed; fi
    if [ "$still" -ge 120 ]; then echo "bench: $name: no progress for 120 s at $processed of $total processed ($stored stored)" >&2; break; fi
  done
  local cpus; cpus=$(python3 bench/workers/cpu.py "${pids[@]}" "$postgres_pid" "$dovecot_pid")
  # Stop: SIGTERM, and the time each worker takes to give its leases up and exit.
  local stop_start; stop_start=$(date +%s.%N)
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "bench: worker $pid of $name still running 30 s after SIGTERM; killed" >&2; kill -KILL "$pid"; fi
    wait "$pid" 2>/dev/null || true
  done
  worker_pids=()
  local stop_seconds; stop_seconds=$(awk -v a="$stop_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  # The end is the last item's processed_at: exact, whatever the once-a-second look.
  local end
  if [ "$kind" = sqlite ]; then end=$(store_sql sqlite "$target" "select (julianday(max(processed_at)) - 2440587.5) * 86400.0 from items")
  else end=$(store_sql postgres "$target" "select extract(epoch from max(processed_at)) from items"); fi
  # Write transactions are SERIALIZABLE and run again when they lose a race; the server logs each loss.
  local races
  races=$(tail -n +"$(( log_lines + 1 ))" "$pg/server.log" | grep -cE 'could not serialize access|deadlock detected' || true)
  # A poll that fails (e.g. a transaction that lost its race 12 times) waits 30 s before the next.
  local failures
  failures=$(cat "$dir"/w*.log | grep -cE 'warning .*source box[0-9] failed' || true)
  local statuses orders ids leases_left=0
  statuses=$(store_sql "$kind" "$target" "select status || ':' || count(*) from items group by status order by status" | tr '\n' ' ')
  orders=$(store_sql "$kind" "$target" "select count(*) from orders")
  ids=$(store_sql "$kind" "$target" "select count(distinct message_id) from items")
  [ "$kind" = postgres ] && leases_left=$(store_sql postgres "$target" "select count(*) from source_leases")
  # Which worker took which source (each worker logs "took the lease on SOURCE").
  local holders="" taken
  if [ "$kind" = postgres ]; then
    for k in $(seq "$workers"); do
      taken=$( (grep -o 'took the lease on box[0-9]' "$dir/w$k.log" || true) | awk '{print $NF}' | sort | tr '\n' ',' | sed 's/,$//')
      holders="$holders w$k:${taken:--}"
    done
  else holders=" w1:box1,box2,box3"; fi
  local seconds; seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
  read -r -a cpu <<< "$cpus"
  local intake_cpu; intake_cpu=$(printf '%s\n' "${cpu[@]:0:$workers}" | awk '{ s += $1 } END { printf "%.2f", s }')
  local pg_cpu dc_cpu
  pg_cpu=$(awk -v a="$pg_cpu0" -v b="${cpu[$workers]}" 'BEGIN { printf "%.2f", b - a }')
  dc_cpu=$(awk -v a="$dc_cpu0" -v b="${cpu[$(( workers + 1 ))]}" 'BEGIN { printf "%.2f", b - a }')
  [ "$kind" = sqlite ] && pg_cpu=0
  local problems=""
  [ "$processed" -ge "$total" ] || problems="$problems; NOT FINISHED: $processed of $total processed"
  [ "$statuses" = "processed:$total " ] || problems="$problems; statuses $statuses"
  [ "$orders" = "$total" ] || problems="$problems; $orders orders"
  [ "$ids" = "$total" ] || problems="$problems; $ids distinct Message-IDs"
  [ "$leases_left" = 0 ] || problems="$problems; $leases_left leases left after SIGTERM"
  printf '%s: %s of %s processed in %s s = %.0f msg/s; CPU: workers %s s (%s), PostgreSQL %s s, Dovecot %s s; leases%s; transactions run again: %s; source polls failed: %s; stopped in %s s%s\n' \
    "$name" "$processed" "$total" "$seconds" "$(awk -v n="$total" -v s="$seconds" 'BEGIN { print n / s }')" \
    "$intake_cpu" "${cpu[*]:0:$workers}" "$pg_cpu" "$dc_cpu" "$holders" "$races" "$failures" "$stop_seconds" "$problems"
  if [ -n "${BENCH_LOGS:-}" ]; then mkdir -p "$BENCH_LOGS/$name" && cp "$dir"/w*.log "$BENCH_LOGS/$name/"; fi
  echo "$kind-$workers-$spread $round $seconds $intake_cpu $pg_cpu $dc_cpu $races $failures ${holders# }" >> "$state/results"
  if [ -n "$problems" ] || grep -qiE 'error|warning|critical' "$dir"/w*.log; then
    for k in $(seq "$workers"); do echo "-- $name w$k log (errors and warnings):"; grep -iE 'error|warning|critical' "$dir/w$k.log" | head -20 || true; done
  fi
}

cases=("sqlite 1 same" "postgres 1 same" "postgres 2 same" "postgres 3 same" "postgres 2 split" "postgres 3 split")
echo "== first sync of 3 x $count messages, $rounds round(s)"
for round in $(seq "$rounds"); do
  order=("${cases[@]}")
  if (( round % 2 == 0 )); then order=(); for (( i = ${#cases[@]} - 1; i >= 0; i-- )); do order+=("${cases[$i]}"); done; fi
  for case in "${order[@]}"; do
    # shellcheck disable=SC2086
    run_case $case "$round"
  done
done

echo "== load after: $(uptime)"
echo "== bench took $(awk -v a="$bench_began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s (build, testbed, seeding, warm-up and the runs)"
echo
awk -v n="$total" -v count="$count" -v rounds="$rounds" '
  function median(list,   parts, k, i, j, t) {
    k = split(list, parts, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (parts[j] + 0 < parts[i] + 0) { t = parts[i]; parts[i] = parts[j]; parts[j] = t }
    return k % 2 ? parts[(k + 1) / 2] : (parts[k / 2] + parts[k / 2 + 1]) / 2
  }
  { key = $1; secs[key] = secs[key] " " $3; icpu[key] = icpu[key] " " $4; pcpu[key] = pcpu[key] " " $5; dcpu[key] = dcpu[key] " " $6; race[key] = race[key] " " $7; fail[key] = fail[key] " " $8
    h = ""; for (i = 9; i <= NF; i++) h = h (h == "" ? "" : " ") $i; held[key] = held[key] (held[key] == "" ? "" : " / ") h }
  END {
    label["sqlite-1-same"] = "(a) SQLite, 1 worker"; label["postgres-1-same"] = "(b) PostgreSQL, 1 worker"
    label["postgres-2-same"] = "(c) PostgreSQL, 2 workers"; label["postgres-3-same"] = "(d) PostgreSQL, 3 workers"
    label["postgres-2-split"] = "(c′) PostgreSQL, 2 workers, sources split 2 + 1 in the configs"
    label["postgres-3-split"] = "(d′) PostgreSQL, 3 workers, one source each in the configs"
    split("sqlite-1-same postgres-1-same postgres-2-same postgres-3-same postgres-2-split postgres-3-split", keys, " ")
    for (i = 1; i <= 6; i++) { k = keys[i]; s[k] = median(secs[k]); rate[k] = n / s[k] }
    printf "First sync of 3 mailboxes x %d messages = %d, %s round(s)%s\n\n", count, n, rounds, (rounds > 1 ? " (medians)" : "")
    print "| case | time | msg/s | vs SQLite 1 | vs PostgreSQL 1 | CPU ms/msg: workers | PostgreSQL | Dovecot | cores busy | races lost | polls failed | leases taken |"
    print "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= 6; i++) {
      k = keys[i]; ic = median(icpu[k]); pc = k == "sqlite-1-same" ? 0 : median(pcpu[k]); dc = median(dcpu[k])
      printf "| %s | %.2f s | %.0f | %.2f× | %s | %.2f | %s | %.2f | %.2f | %s | %s | %s |\n", label[k], s[k], rate[k], rate[k] / rate["sqlite-1-same"],
        k == "sqlite-1-same" ? "" : sprintf("%.2f×", rate[k] / rate["postgres-1-same"]),
        ic * 1000 / n, k == "sqlite-1-same" ? "" : sprintf("%.2f", pc * 1000 / n), dc * 1000 / n, (ic + pc + dc) / s[k], k == "sqlite-1-same" ? "" : median(race[k]), median(fail[k]), held[k]
    }
    printf "\nScaling on PostgreSQL: 2 workers / 1 = %.2f×, 3 workers / 1 = %.2f× (sources split in the configs: %.2f×, %.2f×); PostgreSQL 1 worker / SQLite 1 worker = %.2f×\n",
      rate["postgres-2-same"] / rate["postgres-1-same"], rate["postgres-3-same"] / rate["postgres-1-same"],
      rate["postgres-2-split"] / rate["postgres-1-same"], rate["postgres-3-split"] / rate["postgres-1-same"], rate["postgres-1-same"] / rate["sqlite-1-same"]
  }' "$state/results"
