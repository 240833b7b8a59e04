#!/usr/bin/env bash
# IMAP benchmark against a local Dovecot (scripts/testbed.sh):
#  1. first sync of COUNT order emails into the store (fetch, store, parse, extract), against
#     Python imaplib + email fetching and parsing the same messages, in the same run;
#  2. an idle poll (nothing new) of mailboxes of 100 and COUNT messages, against one curl CLI
#     `UID SEARCH` on the same mailbox: time per poll and the IMAP commands it sends.
# usage: bench/imap/run.sh [COUNT=10000] [IDLE_ROUNDS=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-10000}"
rounds="${2:-20}"
for tool in sqlite3 strace; do command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 strace >/dev/null; break; }; done
source bench/testbed-lib.sh
bench_start imap

scripts/testbed.sh seed-bulk "$state" "$TESTBED_USER_ORDERS" INBOX "$count" examples/inbox/003-northwind-order.eml
scripts/testbed.sh seed-bulk "$state" "$TESTBED_USER_BUYER" INBOX 100 examples/inbox/003-northwind-order.eml

desk() { # user password-variable -> config dir
  local dir; dir=$(mktemp -d "$state/desk.XXXX"); mkdir -p "$dir/config"
  cp examples/config/catalog.csv examples/config/customers.csv "$dir/config/"
  cat > "$dir/config/intake.yaml" <<YAML
desk: {name: Bench, from: "Bench <orders@desk.example>", timezone: Asia/Taipei, language: en}
data_dir: ../data
templates_dir: $PWD/templates
sources:
  - name: mailbox
    url: imap://127.0.0.1:$TESTBED_IMAP_PORT/INBOX
    username: $1
    password_env: $2
    ca_file: $TESTBED_CA_CERT
    after: none
YAML
  echo "$dir/config"
}
export BENCH_ORDERS_PASS="$TESTBED_PASS_ORDERS" BENCH_BUYER_PASS="$TESTBED_PASS_BUYER"
big=$(desk "$TESTBED_USER_ORDERS" BENCH_ORDERS_PASS)
small=$(desk "$TESTBED_USER_BUYER" BENCH_BUYER_PASS)

echo "== first sync of $count messages"
read -r py_count py_seconds py_rss < <(python3 bench/imap/python_sync.py 127.0.0.1 "$TESTBED_IMAP_PORT" "$TESTBED_USER_ORDERS" "$TESTBED_PASS_ORDERS" "$TESTBED_CA_CERT" INBOX)
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$state/rss" "$intake" --config "$big" poll >/dev/null
intake_seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.3f", b-a}')
intake_rss=$(cat "$state/rss")
stored=$(sqlite3 "$(dirname "$big")/data/intake.sqlite" "select count(*) from items" 2>/dev/null || echo "?")
awk -v n="$count" -v a="$intake_seconds" -v b="$py_seconds" -v r1="$intake_rss" -v r2="$py_rss" -v s="$stored" 'BEGIN {
  printf "intake (fetch, store, parse, extract): %d of %d items in %.2f s = %.0f msg/s, peak RSS %d KB\n", s, n, a, s / a, r1
  printf "python imaplib + email (fetch, parse):  %d messages in %.2f s = %.0f msg/s, peak RSS %d KB\n", n, b, n / b, r2
  printf "ratio: intake is %.2fx the Python rate\n", (s / a) / (n / b) }'

echo "== idle poll (nothing new), $rounds rounds each"
"$intake" --config "$small" poll >/dev/null
for label in small big; do
  config=${!label}
  user=$([ "$label" = small ] && echo "$TESTBED_USER_BUYER" || echo "$TESTBED_USER_ORDERS")
  pass=$([ "$label" = small ] && echo "$TESTBED_PASS_BUYER" || echo "$TESTBED_PASS_ORDERS")
  size=$([ "$label" = small ] && echo 100 || echo "$count")
  start=$(date +%s.%N)
  for _ in $(seq "$rounds"); do "$intake" --config "$config" poll >/dev/null; done
  intake_each=$(awk -v a="$start" -v b="$(date +%s.%N)" -v n="$rounds" 'BEGIN{printf "%.4f", (b-a)/n}')
  start=$(date +%s.%N)
  for _ in $(seq "$rounds"); do curl -sS --ssl-reqd --cacert "$TESTBED_CA_CERT" -u "$user:$pass" "imap://127.0.0.1:$TESTBED_IMAP_PORT/INBOX" -X "UID SEARCH UID $((size + 1)):*" >/dev/null; done
  curl_each=$(awk -v a="$start" -v b="$(date +%s.%N)" -v n="$rounds" 'BEGIN{printf "%.4f", (b-a)/n}')
  # Count the commands on a plaintext connection (loopback, tls: none), where they can be seen.
  sed -i 's|^    after: none|    after: none\n    tls: none|' "$config/intake.yaml"
  commands=$(strace -f -e trace=write,sendto -s 200 "$intake" --config "$config" poll 2>&1 | grep -oE '"[A-Z][0-9]+ [A-Z]+' | awk '{print $2}' | tr '\n' ' ' || true)
  sed -i '/^    tls: none$/d' "$config/intake.yaml"
  awk -v m="$size" -v a="$intake_each" -v b="$curl_each" -v c="$commands" 'BEGIN {
    printf "mailbox of %6d: intake poll %.1f ms (whole process, IMAP commands: %s), curl UID SEARCH %.1f ms, ratio %.2f\n", m, a * 1000, c, b * 1000, a / b }'
done
