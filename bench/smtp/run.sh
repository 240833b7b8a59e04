#!/usr/bin/env bash
# SMTP benchmark against the local Postfix (scripts/testbed.sh), which delivers into Dovecot:
# COUNT confirmations are queued by a desk (COUNT order emails taken in, auto-approved, confirmed),
# then sent by `intake outbox send` over one reused connection, and the same messages by Python's
# smtplib, in the same run, ROUNDS times with the order alternating (each intake round starts from
# the same queued outbox). Both are timed as whole processes (start-up, login, reading the queue,
# sending). Target: intake at least as fast as the Python script.
# usage: bench/smtp/run.sh [COUNT=1000] [ROUNDS=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-1000}"
rounds="${2:-2}"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
source bench/testbed-lib.sh
bench_start smtp

desk="$state/desk"
mkdir -p "$desk/config" "$desk/inbox"
cp examples/config/catalog.csv "$desk/config/"
cp examples/config/customers.csv "$desk/config/"
echo "$TESTBED_USER_BUYER,Bench Buyer,Bench Co,,en,bank_transfer,\"1200 Harbor Ave, Seattle\"" >> "$desk/config/customers.csv"
python3 - "$desk/inbox" "$count" "$TESTBED_USER_BUYER" <<'PY'
import sys
folder, count, buyer = sys.argv[1], int(sys.argv[2]), sys.argv[3]
template = open("examples/inbox/003-northwind-order.eml", encoding="utf-8").read()
template = template.replace("Sarah Miller <purchasing@northwind.example>", f"Bench Buyer <{buyer}>")
for n in range(count):
    text = template.replace("<nw-88231.1764001800@northwind.example>", f"<bench-{n}@customer.example>")
    open(f"{folder}/order-{n:05d}.eml", "w", encoding="utf-8").write(text)
PY
cat > "$desk/config/intake.yaml" <<YAML
desk: {name: Bench, from: "Bench Orders <$TESTBED_USER_ORDERS>", timezone: Asia/Taipei, language: en}
data_dir: ../data
templates_dir: $PWD/templates
sources:
  - {name: inbox, url: ../inbox, settle_seconds: 0}
delivery:
  method: smtp
  smtp:
    url: smtp://127.0.0.1:$TESTBED_SUBMISSION_PORT
    username: $TESTBED_USER_ORDERS
    password_env: BENCH_SMTP_PASS
    ca_file: $TESTBED_CA_CERT
    max_per_recipient_per_hour: 10000
review: {auto_approve: true, min_confidence: 0}
YAML
export BENCH_SMTP_PASS="$TESTBED_PASS_ORDERS"
"$intake" --config "$desk/config" poll >/dev/null
"$intake" --config "$desk/config" confirm >/dev/null
queued=$(sqlite3 "$desk/data/intake.sqlite" "select count(*) from outbox where state = 'queued'")
echo "== $queued confirmations queued; sending them $rounds times each way"
# The database goes through SQLite's backup, not `cp -a`: a WAL file that its last connection
# removes while the folder is being copied once failed a run ("cannot stat intake.sqlite-wal").
copy_data() {
  mkdir -p "$2"
  (cd "$1" && find . -mindepth 1 -maxdepth 1 ! -name 'intake.sqlite*' -exec cp -a {} "$2/" \;)
  sqlite3 "$1/intake.sqlite" ".backup '$2/intake.sqlite'"
}
copy_data "$desk/data" "$state/queued-data"

run_intake() {
  rm -rf "$desk/data" && copy_data "$state/queued-data" "$desk/data"
  local start end
  start=$(date +%s.%N)
  # CPU time too: on a shared machine the wall time of a round swings with the neighbours' load.
  /usr/bin/time -f "%U %S" -o "$state/cpu" "$intake" --config "$desk/config" outbox send >/dev/null
  end=$(date +%s.%N)
  local sent user sys
  sent=$(sqlite3 "$desk/data/intake.sqlite" "select count(*) from outbox where state = 'sent'")
  read -r user sys < "$state/cpu"
  awk -v a="$start" -v b="$end" -v n="$sent" -v u="$user" -v s="$sys" \
    'BEGIN { printf "intake outbox send: %d sent in %.2f s = %.0f msg/s (CPU %.2f user + %.2f sys)\n", n, b - a, n / (b - a), u, s }'
  echo "$start $end $sent" >> "$state/intake.times"
}
run_python() {
  local start end n
  start=$(date +%s.%N)
  read -r n _ < <(python3 bench/smtp/python_send.py 127.0.0.1 "$TESTBED_SUBMISSION_PORT" "$TESTBED_USER_ORDERS" "$TESTBED_PASS_ORDERS" \
    "$TESTBED_CA_CERT" "$TESTBED_USER_ORDERS" "$state/queued-data/intake.sqlite")
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v n="$n" 'BEGIN { printf "python smtplib:     %d sent in %.2f s = %.0f msg/s\n", n, b - a, n / (b - a) }'
  echo "$n $(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" >> "$state/python.times"
}
for round in $(seq "$rounds"); do
  if (( round % 2 )); then run_intake; run_python; else run_python; run_intake; fi
done
awk 'NR==FNR { i += $3 / ($2 - $1); ni++; next } { p += $1 / $2; np++ } END {
  printf "mean rates: intake %.0f msg/s, python %.0f msg/s, ratio %.2f (target >= 1)\n", i / ni, p / np, (i / ni) / (p / np) }' "$state/intake.times" "$state/python.times"
