#!/usr/bin/env bash
# Fuzzes IntakeMIME with libFuzzer and AddressSanitizer (leak detection included) for SECONDS
# (default 1800). Seeds: fuzz/corpus/mime (committed) plus the example inbox. New inputs that
# libFuzzer finds go to .build-fuzz/corpus; crashes to .build-fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-1800}"
out=.build-fuzz
mkdir -p "$out/corpus"
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name IntakeMIME \
  Sources/IntakeMIME/*.swift fuzz/MIMEFuzz.swift -o "$out/fuzz-mime"
"$out/fuzz-mime" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/" -print_final_stats=1 "$out/corpus" fuzz/corpus/mime examples/inbox
