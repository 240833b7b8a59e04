#!/usr/bin/env bash
# MIME benchmark: the same work (parse; decode every text part to a string and every attachment
# to bytes; decode subject, from, to, date, message-id) in IntakeMIME, GMime 3 and Python's email
# package, over one generated corpus, in one run. Prints per-program medians of ROUNDS rounds,
# peak memory, and the ratios against IntakeMIME.
#
# usage: bench/mime/run.sh [COUNT=10000] [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-10000}"
rounds="${2:-5}"
work=.build-bench/mime
corpus="$work/corpus-$count"
mkdir -p "$work"

packages=(libgmime-3.0-dev pkg-config gcc)
missing=()
for package in "${packages[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ -d "$corpus" ] || python3 bench/mime/make_corpus.py "$corpus" "$count"
gcc -O2 -o "$work/gmime_bench" bench/mime/gmime_bench.c $(pkg-config --cflags --libs gmime-3.0)
swift build -c release --product intake-mime-bench >/dev/null
cp .build/release/intake-mime-bench "$work/"

sizes=$(find "$corpus" -name '*.eml' -printf '%s\n' | sort -n)
echo "corpus: $(echo "$sizes" | wc -l) messages, $(du -sh "$corpus" | cut -f1), median $(echo "$sizes" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') bytes, largest $(echo "$sizes" | tail -1) bytes"

declare -A programs=(
  [intakemime]="$work/intake-mime-bench $corpus"
  [gmime]="$work/gmime_bench $corpus"
  [python-default]="python3 bench/mime/python_bench.py default $corpus"
  [python-compat32]="python3 bench/mime/python_bench.py compat32 $corpus"
)
order=(intakemime gmime python-default python-compat32)
declare -A median memory times
# Rounds alternate between the programs, so that drift in a shared machine's speed falls on all alike.
for round in $(seq 1 "$rounds"); do
  for name in "${order[@]}"; do
    read -r messages seconds rss checksum < <(${programs[$name]})
    times[$name]="${times[$name]:-} $seconds"
    memory[$name]=$rss
  done
done
for name in "${order[@]}"; do
  median[$name]=$(printf '%s\n' ${times[$name]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-16s median %8.3f s over %d rounds (%s)  peak RSS %7d KB  messages %s\n' "$name" "${median[$name]}" "$rounds" "${times[$name]# }" "${memory[$name]}" "$messages"
done
echo
for name in gmime python-default python-compat32; do
  awk -v a="${median[intakemime]}" -v b="${median[$name]}" -v n="$name" 'BEGIN { printf "IntakeMIME time / %-16s = %.2f  (%s is %.1fx the time of IntakeMIME)\n", n, a / b, n, b / a }'
done
# Memory: the runtime and libraries take a fixed amount; what the corpus adds on top must stay
# within 2x the largest message whatever the number of messages.
empty=$(mktemp -d); one=$(mktemp -d); largest=$(mktemp -d)
cp "$corpus/$(ls -S "$corpus" | tail -1)" "$one/"
cp "$corpus/$(ls -S "$corpus" | head -1)" "$largest/"
base_empty=$("$work/intake-mime-bench" "$empty" | awk '{print $3}')
base_one=$("$work/intake-mime-bench" "$one" | awk '{print $3}')
largest_bytes=$(stat -c %s "$largest"/*.eml)
largest_rss=$("$work/intake-mime-bench" "$largest" | awk '{print $3}')
above=$(( memory[intakemime] - base_one ))
echo "IntakeMIME peak RSS: no message $base_empty KB; one small message $base_one KB (working baseline); the largest message alone $largest_rss KB; the whole corpus ${memory[intakemime]} KB"
awk -v above="$above" -v largest="$largest_bytes" 'BEGIN { printf "IntakeMIME memory above the working baseline on the whole corpus: %d KB = %.2fx the largest message (%d bytes)\n", above, above * 1024 / largest, largest }'
rm -rf "$empty" "$one" "$largest"
