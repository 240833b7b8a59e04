#!/usr/bin/env bash
# Extraction throughput: `intake extract` over the example and evaluation messages (every
# language, charset and layout the fixtures hold), copied COUNT times in all, against Python's
# `email` parsing and decoding the same files in the same run (a peer that does less: no
# classification, no fields, no lines, so the ratio says what understanding costs over
# reading). Prints messages per second for each and the ratio. No assertion: a benchmark.
#
# usage: bench/extract/run.sh [COUNT=5000] [ROUNDS=3]
#        INTAKE_BENCH_BINARY=PATH to measure another build (default: a release build made here)
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-5000}
rounds=${2:-3}
binary=${INTAKE_BENCH_BINARY:-}
if [ -z "$binary" ]; then
    swift build -c release --product intake >/dev/null
    binary=.build/release/intake
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/messages"
sources=(examples/inbox/* fixtures/eval/messages/*)
n=0
while [ "$n" -lt "$count" ]; do
    for file in "${sources[@]}"; do
        [ "$n" -ge "$count" ] && break
        base=$(basename "$file")
        cp "$file" "$work/messages/$(printf '%06d' "$n")-$base"
        n=$((n + 1))
    done
done
echo "extract: $count messages from ${#sources[@]} fixtures, $rounds rounds, binary $binary"
python3 - "$binary" "$work/messages" "$rounds" <<'PY'
import email, email.policy, os, subprocess, sys, time
binary, folder, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(os.path.join(folder, name) for name in os.listdir(folder))
def intake():
    # Chunks of 1,000 files per process, as a drop folder sync would read them.
    for start in range(0, len(files), 1000):
        out = subprocess.run([binary, "--config", "examples/config", "extract", *files[start:start + 1000]], capture_output=True)
        if out.returncode not in (0, 1) or out.stdout.count(b"\n") != len(files[start:start + 1000]):
            sys.exit(f"intake extract failed: {out.stderr[:500]!r}")
def python_email():
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        if not path.endswith(".eml"):
            data.decode("utf-8", "replace")
            continue
        message = email.message_from_bytes(data, policy=email.policy.default)
        for header in ("subject", "from", "to", "date", "message-id"):
            str(message.get(header, ""))
        for part in message.walk():
            if part.is_multipart():
                continue
            try:
                part.get_content()
            except Exception:
                part.get_payload(decode=True)
results = {"intake extract": [], "python email (parse + decode only)": []}
for _ in range(rounds):
    for name, run in (("intake extract", intake), ("python email (parse + decode only)", python_email)):
        start = time.perf_counter()
        run()
        results[name].append(time.perf_counter() - start)
for name, times in results.items():
    best = min(times)
    print(f"  {name:<36} best {best:6.2f} s = {len(files) / best:8,.0f} msg/s   rounds: {' '.join(f'{t:.2f}' for t in times)}")
ratio = min(results["python email (parse + decode only)"]) / min(results["intake extract"])
print(f"  ratio: intake extract is {ratio:.2f}x the speed of Python's email parsing the same files")
PY
