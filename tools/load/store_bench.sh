#!/usr/bin/env bash
# Load test of POST /api/credit/analyze on loopback with wrk: the service without a store,
# with the SQLite store, and with PostgreSQL (a throwaway cluster) when its binaries exist.
# Usage: tools/load/store_bench.sh [DURATION] [CONNECTIONS]   (after cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-20s}
connections=${2:-64}
bin=target/release/credito
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

run() {
    local label=$1 store=$2 port=$3
    "$bin" serve --addr "127.0.0.1:$port" --store "$store" 2>"$work/$label.log" &
    local pid=$!
    for _ in $(seq 1 100); do
        curl -s "http://127.0.0.1:$port/api/credit/health" >/dev/null 2>&1 && break
        sleep 0.1
    done
    # Warm up, then measure.
    wrk -t2 -c"$connections" -d3s -s tools/load/analyze.lua "http://127.0.0.1:$port/api/credit/analyze" >/dev/null
    echo "== $label ($store), $connections connections, $duration"
    wrk -t2 -c"$connections" -d"$duration" --latency -s tools/load/analyze.lua \
        "http://127.0.0.1:$port/api/credit/analyze" | grep -E "RESULT|Latency|Requests/sec"
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

run none none 18601
run sqlite "sqlite://$work/bench.db" 18602
if pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1) && [ -n "$pg_bin" ]; then
    pgdir="$work/pg"; mkdir -p "$pgdir"
    as=""
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$work"; as="runuser -u postgres --"; fi
    $as "$pg_bin/initdb" -D "$pgdir/data" -U credito --auth=trust -E UTF8 >/dev/null
    $as "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
        -o "-p 18699 -k $pgdir -c listen_addresses=127.0.0.1" start >/dev/null
    run postgres "postgres://credito@127.0.0.1:18699/postgres" 18603
    $as "$pg_bin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null
fi
