#!/usr/bin/env bash
# Experiment: where the tunnel's CPU goes, against bore's. For `hook relay` +
# `hook tunnel` (both --quiet) and for bore, under the same wrk -t2 -c16 load
# in front of bare-hyper: requests/s, user and system CPU per request of each
# of the two processes, voluntary context switches per request, and how
# idle the whole machine was.
#
#   bash bench/tunnel-cpu.sh
#
# A benchmark, not a test: it prints a Markdown table and exits 0 whatever the
# numbers are. Not part of bench/all.sh: it explains the tunnel's c16 row
# (BENCHMARKS.md, "Why the tunnel's c16 row falls short of bore"), it does not
# judge a target.
#
# Knobs: DURATION [8] seconds per measured run, WARMUP [2], ROUNDS [2],
# HOOK_BIN, BORE_BIN (as bench/tunnel.sh).
#
# Method: CPU from /proc/PID/stat (utime, stime: every thread, in clock
# ticks), context switches from /proc/PID/task/*/status, idle time from the
# `cpu` line of /proc/stat, each read just before and after the measured wrk
# run; per-request figures divide by the requests wrk counted. Even rounds
# measure bore first.
set -euo pipefail

DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-2}
SECRET=bench-secret

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
tunnel_tools
github_lua "$TMP" "$SECRET"
start_bare "$TMP"

start_relay relay --quiet
RELAY_PID=$STARTED_PID
HOOK_URL=$STARTED_URL/bench/
"$HOOK" tunnel --relay "$STARTED_URL" --token "$TOKEN" --channel bench -f "$BARE_PORT" --json --quiet \
    >"$TMP/tunnel.out" 2>"$TMP/tunnel.err" &
TUNNEL_PID=$!
track "$TUNNEL_PID"
wait_line "$TMP/tunnel.out" '"type":"ready"' >/dev/null || { cat "$TMP/tunnel.err" >&2; exit 1; }

(exec 3<>"/dev/tcp/127.0.0.1/$BORE_CONTROL_PORT") 2>/dev/null && { log "port $BORE_CONTROL_PORT is in use"; exit 1; }
"$BORE" server --bind-addr 127.0.0.1 --min-port 20000 --max-port 20100 >"$TMP/bore-server.out" 2>&1 &
BORE_SERVER_PID=$!
track "$BORE_SERVER_PID"
wait_ready "$BORE_SERVER_PID" "$BORE_CONTROL_PORT"
"$BORE" local "$BARE_PORT" --local-host 127.0.0.1 --to 127.0.0.1 >"$TMP/bore-local.out" 2>&1 &
BORE_LOCAL_PID=$!
track "$BORE_LOCAL_PID"
BORE_PORT=$(wait_line "$TMP/bore-local.out" 'listening at 127\.0\.0\.1:[0-9]+' | sed -E 's/.*listening at 127\.0\.0\.1:([0-9]+).*/\1/')

stat_field() { awk -v f="$2" '{print $f}' "/proc/$1/stat"; } # stat_field PID N
switches() { # switches PID: voluntary context switches of all its threads
    cat /proc/"$1"/task/*/status | awk '/^voluntary_ctxt_switches/ {n += $2} END {print n}'
}
idle_ticks() { awk '/^cpu / {print $5}' /proc/stat; }

# measure NAME URL PID1 PID2: warm-up, then one measured run; prints a table row.
measure() {
    local name=$1 url=$2 a=$3 b=$4
    run_wrk "$TMP/warm" 2 16 "$WARMUP" "$url" "$TMP/post.lua"
    local au=$(stat_field "$a" 14) as=$(stat_field "$a" 15) bu=$(stat_field "$b" 14) bs=$(stat_field "$b" 15)
    local ac=$(switches "$a") bc=$(switches "$b") idle=$(idle_ticks)
    run_wrk "$TMP/run" 2 16 "$DURATION" "$url" "$TMP/post.lua"
    local req hz cores
    req=$(field "$TMP/run" requests)
    hz=$(getconf CLK_TCK)
    cores=$(nproc)
    # ticks → µs per request: ticks × 1e6 / hz / requests
    per() { calc %.1f "($1) * 1000000 / $hz / $req"; }
    printf '| %s | %s | %s | %s + %s µs | %s + %s µs | %s, %s | %s %% |\n' "$r" "$name" "$(wrk_rps "$TMP/run")" \
        "$(per "$(stat_field "$a" 14) - $au")" "$(per "$(stat_field "$a" 15) - $as")" \
        "$(per "$(stat_field "$b" 14) - $bu")" "$(per "$(stat_field "$b" 15) - $bs")" \
        "$(calc %.2f "($(switches "$a") - $ac) / $req")" "$(calc %.2f "($(switches "$b") - $bc) / $req")" \
        "$(calc %.0f "($(idle_ticks) - $idle) * 100 / ($hz * $DURATION * $cores)")"
}

echo "## bench/tunnel-cpu.sh"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); hook $(hook_version), $("$BORE" --version 2>&1 | head -1); wrk -t2 -c16, ${DURATION}s runs, 1 KiB github/push POST"
echo
echo "| round | path | requests/s | relay / bore server: user + system per request | tunnel / bore local: user + system per request | voluntary context switches per request | machine idle |"
echo "| ---: | --- | ---: | --- | --- | --- | ---: |"
for r in $(seq "$ROUNDS"); do
    if ((r % 2)); then
        measure "hook relay + tunnel --quiet" "$HOOK_URL" "$RELAY_PID" "$TUNNEL_PID"
        measure "bore server + local" "http://127.0.0.1:$BORE_PORT/" "$BORE_SERVER_PID" "$BORE_LOCAL_PID"
    else
        measure "bore server + local" "http://127.0.0.1:$BORE_PORT/" "$BORE_SERVER_PID" "$BORE_LOCAL_PID"
        measure "hook relay + tunnel --quiet" "$HOOK_URL" "$RELAY_PID" "$TUNNEL_PID"
    fi
done
