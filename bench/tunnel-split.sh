#!/usr/bin/env bash
# Experiment: would splitting a tunnel's load over several links pay? The
# upper bound of "several links per tunnel, one thread each at both ends",
# measured without building it: two independent `hook relay` + `hook tunnel`
# pairs, each carrying half of the load at the same time, against one pair
# carrying all of it, against one relay with two tunnels on two channels,
# and against bore. All with --quiet, in front of the same bare-hyper.
#
#   bash bench/tunnel-split.sh
#
# A benchmark, not a test: it prints a Markdown table and exits 0 whatever the
# numbers are (bench/HISTORY.md, tenth session, has its results). Not part of
# bench/all.sh: it answers a design question, not a target.
#
# Knobs: DURATION [8] seconds per measured run, WARMUP [2], ROUNDS [4],
# HOOK_BIN, BORE_BIN (as bench/tunnel.sh).
#
# Per round (even rounds in reverse order), the 1 KiB github/push POST:
#   one pair       wrk -t2 -c16 → relay A → tunnel A
#   two pairs      wrk -t1 -c8 → relay B → tunnel B, and at once wrk -t1 -c8 → relay C → tunnel C
#   one relay, two tunnels   wrk -t1 -c8 → relay D channel x, and at once → relay D channel y
#   bore           wrk -t2 -c16 → bore server → bore local
set -euo pipefail

DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-4}
SECRET=bench-secret

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
tunnel_tools
github_lua "$TMP" "$SECRET"
start_bare "$TMP"

# tunnel NAME RELAY_URL CHANNEL: a quiet tunnel to the app, connected before it returns.
tunnel() {
    "$HOOK" tunnel --relay "$2" --token "$TOKEN" --channel "$3" -f "$BARE_PORT" --json --quiet \
        >"$TMP/$1.out" 2>"$TMP/$1.err" &
    track "$!"
    wait_line "$TMP/$1.out" '"type":"ready"' >/dev/null || { cat "$TMP/$1.err" >&2; exit 1; }
}
declare -A URL
for r in a b c d; do
    start_relay "relay-$r" --quiet
    URL[$r]=$STARTED_URL
    tunnel "tunnel-$r" "$STARTED_URL" x
done
tunnel tunnel-d2 "${URL[d]}" y

(exec 3<>"/dev/tcp/127.0.0.1/$BORE_CONTROL_PORT") 2>/dev/null && { log "port $BORE_CONTROL_PORT is in use"; exit 1; }
"$BORE" server --bind-addr 127.0.0.1 --min-port 20000 --max-port 20100 >"$TMP/bore-server.out" 2>&1 &
BORE_SERVER_PID=$!
track "$BORE_SERVER_PID"
wait_ready "$BORE_SERVER_PID" "$BORE_CONTROL_PORT"
"$BORE" local "$BARE_PORT" --local-host 127.0.0.1 --to 127.0.0.1 >"$TMP/bore-local.out" 2>&1 &
track "$!"
BORE_PORT=$(wait_line "$TMP/bore-local.out" 'listening at 127\.0\.0\.1:[0-9]+' | sed -E 's/.*listening at 127\.0\.0\.1:([0-9]+).*/\1/')

# split TAG URL1 URL2: warm-up, then two wrk -t1 -c8 runs at once; prints their summed requests/s.
split() {
    run_wrk "$TMP/$1.w1" 1 8 "$WARMUP" "$2" "$TMP/post.lua" & local w=$!
    run_wrk "$TMP/$1.w2" 1 8 "$WARMUP" "$3" "$TMP/post.lua"
    wait "$w"
    run_wrk "$TMP/$1.m1" 1 8 "$DURATION" "$2" "$TMP/post.lua" & w=$!
    run_wrk "$TMP/$1.m2" 1 8 "$DURATION" "$3" "$TMP/post.lua"
    wait "$w"
    echo $(($(wrk_rps "$TMP/$1.m1") + $(wrk_rps "$TMP/$1.m2")))
}
# whole TAG URL: warm-up, then one wrk -t2 -c16 run; prints its requests/s.
whole() {
    run_wrk "$TMP/$1.w" 2 16 "$WARMUP" "$2" "$TMP/post.lua"
    run_wrk "$TMP/$1.m" 2 16 "$DURATION" "$2" "$TMP/post.lua"
    wrk_rps "$TMP/$1.m"
}

ROWS=() R_ONE=() R_TWO=() R_SHARED=()
for round in $(seq "$ROUNDS"); do
    paths=(one two shared bore)
    ((round % 2 == 0)) && paths=(bore shared two one)
    for p in "${paths[@]}"; do
        wait_quiet
        log "round $round: $p"
        case $p in
            one) one=$(whole "r$round-one" "${URL[a]}/x/") ;;
            two) two=$(split "r$round-two" "${URL[b]}/x/" "${URL[c]}/x/") ;;
            shared) shared=$(split "r$round-shared" "${URL[d]}/x/" "${URL[d]}/y/") ;;
            bore) bore=$(whole "r$round-bore" "http://127.0.0.1:$BORE_PORT/") ;;
        esac
    done
    R_ONE+=("$(calc %.3f "$one / $bore")")
    R_TWO+=("$(calc %.3f "$two / $bore")")
    R_SHARED+=("$(calc %.3f "$shared / $bore")")
    ROWS+=("| $round | $one | $two | $shared | $bore |")
done

echo "## bench/tunnel-split.sh"
echo
echo "$(machine_line)  hook: $(hook_version)  runs: ${DURATION}s after ${WARMUP}s of warm-up, $ROUNDS rounds"
echo
echo "| round | one pair, c16 | two pairs, c8 each | one relay, two tunnels, c8 each | bore, c16 |"
echo "| ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
echo "requests/s vs bore, median of rounds: one pair $(median "${R_ONE[@]}")×, two pairs $(median "${R_TWO[@]}")×, one relay with two tunnels $(median "${R_SHARED[@]}")×"
echo "per round: one pair ${R_ONE[*]}; two pairs ${R_TWO[*]}; shared relay ${R_SHARED[*]}"
