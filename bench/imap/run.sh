#!/usr/bin/env bash
# IMAP benchmark against a local Dovecot (scripts/testbed.sh):
#  1. first sync of COUNT order emails into the store (fetch, store, parse, extract), against
#     Python imaplib + email fetching and parsing the same messages, in the same run: fetching
#     1,000 per command as intake does, and one per command as most scripts do; SYNC_ROUNDS
#     rounds alternating the three, each intake round into a fresh store, medians reported;
#  2. an idle poll (nothing new) of mailboxes of 100 and COUNT messages, against one curl CLI
#     `UID SEARCH` on the same mailbox: time per poll and the IMAP commands it sends.
# usage: bench/imap/run.sh [COUNT=10000] [IDLE_ROUNDS=20] [SYNC_ROUNDS=3]
#   MESSAGE="a.eml [b.eml ...]" picks the emails the mailboxes are filled with, in equal shares.
#   Default: the example inbox's seven order emails (Big5, GBK, English multipart, a table, HTML,
#   prose, an unknown product), because the ratio depends on the mail: Python's parse is slow on
#   base64 multipart and fast on short plain text. E.g. MESSAGE=examples/inbox/003-northwind-order.eml
#   for the English order the runs before 2026-12-06 used alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-10000}"
rounds="${2:-20}"
sync_rounds="${3:-3}"
read -r -a messages <<< "${MESSAGE:-$(ls examples/inbox/00[1-7]-*.eml | tr '\n' ' ')}"
for message in "${messages[@]}"; do [ -f "$message" ] || { echo "bench: no message file $message" >&2; exit 1; }; done
for tool in sqlite3 strace; do command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 strace >/dev/null; break; }; done
source bench/testbed-lib.sh
bench_start imap

# Equal shares of the messages, the first taking what the division leaves.
for index in "${!messages[@]}"; do
  share=$(( count / ${#messages[@]} )); [ "$index" = 0 ] && share=$(( share + count % ${#messages[@]} ))
  small=$(( 100 / ${#messages[@]} )); [ "$index" = 0 ] && small=$(( small + 100 % ${#messages[@]} ))
  scripts/testbed.sh seed-bulk "$state" "$TESTBED_USER_ORDERS" INBOX "$share" "${messages[$index]}"
  scripts/testbed.sh seed-bulk "$state" "$TESTBED_USER_BUYER" INBOX "$small" "${messages[$index]}"
done

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
small=$(desk "$TESTBED_USER_BUYER" BENCH_BUYER_PASS)

echo "== first sync of $count messages (${messages[*]}), $sync_rounds rounds"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$state/intake.times"; : > "$state/batched.times"; : > "$state/each.times"
for round in $(seq "$sync_rounds"); do
  for mode in batched each; do
    read -r py_count py_seconds py_rss < <(python3 bench/imap/python_sync.py 127.0.0.1 "$TESTBED_IMAP_PORT" "$TESTBED_USER_ORDERS" "$TESTBED_PASS_ORDERS" "$TESTBED_CA_CERT" INBOX "$mode")
    echo "$py_seconds" >> "$state/$mode.times"
    echo "round $round: python ($mode): $py_count messages in $py_seconds s, peak RSS $py_rss KB"
  done
  fresh=$(desk "$TESTBED_USER_ORDERS" BENCH_ORDERS_PASS)
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$state/rss" "$intake" --config "$fresh" poll >/dev/null
  intake_seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.3f", b-a}')
  read -r intake_rss intake_user intake_sys < "$state/rss"
  stored=$(sqlite3 "$(dirname "$fresh")/data/intake.sqlite" "select count(*) from items" 2>/dev/null || echo "?")
  echo "$intake_seconds" >> "$state/intake.times"
  echo "round $round: intake (fetch, store, parse, extract): $stored of $count items in $intake_seconds s (CPU $intake_user user + $intake_sys sys), peak RSS $intake_rss KB"
done
awk -v n="$count" -v a="$(median < "$state/intake.times")" -v b="$(median < "$state/batched.times")" -v c="$(median < "$state/each.times")" 'BEGIN {
  printf "median: intake %.2f s = %.0f msg/s; python, 1000 per fetch %.2f s = %.0f msg/s; python, one per fetch %.2f s = %.0f msg/s\n", a, n / a, b, n / b, c, n / c
  printf "ratio: intake is %.2fx the Python rate fetching as intake does (1000 per command), %.2fx fetching one per command\n", b / a, c / a }'
# The idle polls below run against the last round's store.
big=$fresh

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
