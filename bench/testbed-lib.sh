# Sourced by the benchmarks that need the mail servers: a fresh testbed on a free port base,
# stopped and removed on exit, and intake built the way the README recommends for servers (the
# Swift runtime linked in statically, in its own build folder so that the everyday debug and
# release builds are left alone). Sets `state` and `intake` and sources the testbed's variables.
bench_start() { # NAME
    state=$(mktemp -d "/tmp/intake-bench-$1.XXXXXX")
    trap 'scripts/testbed.sh stop "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
    local attempt
    for attempt in 1 2 3 4 5; do
        # Another testbed (a test run, a second benchmark) may hold a base; try another one.
        export TESTBED_PORT_BASE=$(( 20000 + (RANDOM % 40) * 1000 ))
        scripts/testbed.sh start "$state" >/dev/null 2>&1 && break
        if [ "$attempt" = 5 ]; then echo "bench: the testbed did not start on five port bases" >&2; exit 1; fi
    done
    # shellcheck disable=SC1091
    source "$state/testbed.env"
    # INTAKE_BENCH_BINARY: measure another build (an earlier commit's, for a before/after) instead.
    if [ -n "${INTAKE_BENCH_BINARY:-}" ]; then
        intake=$INTAKE_BENCH_BINARY
        return
    fi
    swift build -c release --static-swift-stdlib --product intake --build-path .build-static >/dev/null
    intake=.build-static/release/intake
}
