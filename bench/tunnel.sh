#!/usr/bin/env bash
# Benchmark: `hook relay` + `hook tunnel` against bore (bore-cli, a plain TCP
# tunnel) and against no tunnel at all, all in front of the same bare hyper
# 1.x server (bench/bare-hyper), all on 127.0.0.1.
#
#   bash bench/tunnel.sh
#
# A benchmark, not a test: it prints a Markdown table and exits 0 whatever the
# numbers are. It writes nothing in the repository except build output
# (target/, bench/bare-hyper/target/) and bore in bench/.tools/ (installed with
# `cargo install bore-cli --root bench/.tools` when missing).
#
# Environment knobs (defaults in brackets):
#   DURATION   seconds per measured wrk run                        [10]
#   WARMUP     seconds of unmeasured c16 load per path             [2]
#   ROUNDS     rounds; each measures every path once, in turn      [3]
#   STARTS     tunnel start-ups timed per tunnel (≥ 2; the last one
#              is the process that then carries the load)          [3]
#   HOOK_BIN   an already built hook binary instead of this checkout's [unset]
#   BORE_BIN   an already installed bore binary                    [unset]
#   BENCH_SUMMARY  a file to append key=value results to (bench/all.sh) [unset]
#
# Paths:
#   direct       wrk → bare-hyper
#   hook         wrk → hook relay --listen 127.0.0.1:0 --json --token T (stdout to a file)
#                    → WebSocket → hook tunnel --relay URL --token T --channel bench
#                      -f PORT --json --compact > /dev/null → bare-hyper;  wrk at URL/bench/
#   bore         wrk → bore server --bind-addr 127.0.0.1 --min-port 20000 --max-port 20100
#                    → bore local PORT --local-host 127.0.0.1 --to 127.0.0.1 → bare-hyper
# All paths are started first and stay up; then ROUNDS rounds each measure
# every path in turn (direct, hook, hook quiet, bore). Each measurement is a
# WARMUP-second c16 run, then
#   c1:  wrk -t1 -c1  -d${DURATION}s --latency   (p50/p99 latency)
#   c16: wrk -t2 -c16 -d${DURATION}s --latency   (requests/s)
# every request a POST of a 1 KiB GitHub push (bench/listen.sh's payload).
# Proxy CPU/req: user+system time of the tunnel's processes during c16 / requests.
#   hook quiet   hook relay ... --quiet and hook tunnel ... --quiet (a line per failed
#                request only, as bore prints nothing per request)
# RSS: VmHWM (peak) of each tunnel process after the runs.
# First delivery: from starting the tunnel process (its relay or server already
# up) to the first 200 from a POST through it, polled every 10 ms on a new
# connection; the median of STARTS start-ups. Until the tunnel is connected the
# hook relay answers 202 (queued, the default --offline queue) and bore's
# public port does not exist yet.
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-3}
STARTS=${STARTS:-3}
((STARTS >= 2)) || { echo "STARTS must be at least 2" >&2; exit 2; }
SECRET=bench-secret

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init
tunnel_tools
BORE_VERSION=$("$BORE" --version 2>&1 | head -1)

github_lua "$TMP" "$SECRET"
write_first_ok "$TMP"

start_bare "$TMP"
log "bare-hyper on port $BARE_PORT (pid $BARE_PID)"

ROWS=()
LOADS=()
declare -A C16_RPS C1_P50 RSS_SUM

# measure ROUND NAME URL "PROXY-PIDS" STARTUP-TEXT: warm-up, c1 and c16 runs at URL; one table row.
measure() {
    local round=$1 name=$2 url=$3 pids=$4 startup=$5 tag=r$1_${2//[^A-Za-z0-9]/_}
    local pid
    wait_quiet
    log "round $round, $name: warm-up ${WARMUP}s at $url"
    run_wrk "$TMP/$tag.warm" 2 16 "$WARMUP" "$url" "$TMP/post.lua"

    wait_quiet
    local l1; l1=$(load1)
    log "round $round, $name: c1 ${DURATION}s"
    run_wrk "$TMP/$tag.c1" 1 1 "$DURATION" "$url" "$TMP/post.lua"

    wait_quiet
    local l16; l16=$(load1)
    LOADS+=("round $round, $name: c1 $l1, c16 $l16")
    log "round $round, $name: c16 ${DURATION}s"
    local t0=0 t1=0
    [[ -n $pids ]] && t0=$(cpu_ticks $pids)
    run_wrk "$TMP/$tag.c16" 2 16 "$DURATION" "$url" "$TMP/post.lua"
    [[ -n $pids ]] && t1=$(cpu_ticks $pids)
    alive "$BARE_PID" bare-hyper "$TMP/bare.err"

    local rss="—" sum=0 parts=() kib
    for pid in $pids; do
        kib=$(hwm_kib "$pid"); sum=$((sum + kib))
        parts+=("$(mib "$kib")")
    done
    if [[ -n $pids ]]; then
        rss="$(IFS=+; echo "${parts[*]}" | sed 's/+/ + /g') = $(mib "$sum") MiB"
    fi
    # Peak RSS only grows: the last round's is the run's.
    RSS_SUM[$name]=$sum

    local req cpu="—"
    req=$(field "$TMP/$tag.c16" requests)
    [[ -n $pids ]] && cpu="$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v r="$req" 'BEGIN {printf "%.0f", t / hz * 1e6 / r}') µs"
    C16_RPS[$round,$name]=$(wrk_rps "$TMP/$tag.c16")
    C1_P50[$round,$name]=$(field "$TMP/$tag.c1" p50_us)
    ROWS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' \
        "$round" "$name" "$(fmt_us "${C1_P50[$round,$name]}")" "$(fmt_us "$(field "$TMP/$tag.c1" p99_us)")" \
        "$(wrk_rps "$TMP/$tag.c1")" "${C16_RPS[$round,$name]}" \
        "$(fmt_us "$(field "$TMP/$tag.c16" p50_us)")" "$(fmt_us "$(field "$TMP/$tag.c16" p99_us)")" \
        "$cpu" "$(($(wrk_errors "$TMP/$tag.c1") + $(wrk_errors "$TMP/$tag.c16")))" "$rss" "$startup")")
}

startup_text() { # startup_text MS...: "median ms (min–max, n)"
    local sorted; sorted=$(printf '%s\n' "$@" | sort -g)
    printf '%s ms (%s–%s, n=%d)' "$(median "$@")" "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")" $#
}


# ---------------------------------------------------------------- hook
start_relay relay
RELAY_PID=$STARTED_PID RELAY_URL=$STARTED_URL
log "relay at $RELAY_URL (pid $RELAY_PID)"

HOOK_STARTS=()
TUNNEL_PID=
for i in $(seq "$STARTS"); do
    if [[ -n $TUNNEL_PID ]]; then
        stop_pid "$TUNNEL_PID"
        # The relay must have let go of the channel before the next start-up.
        n=$((i - 1))
        for _ in $(seq 250); do
            (($(grep -c '"type":"disconnected"' "$TMP/relay.out" || true) >= n)) && break
            sleep 0.02
        done
    fi
    wait_quiet
    first_ok_start --url "$RELAY_URL/bench/"
    if ((i < STARTS)); then out=$TMP/tunnel.$i.out; else out=/dev/null; fi
    echo "$EPOCHREALTIME" >"$TMP/t0"
    "$HOOK" tunnel --relay "$RELAY_URL" --token "$TOKEN" --channel bench -f "$BARE_PORT" --json --compact \
        >"$out" 2>"$TMP/tunnel.err" &
    TUNNEL_PID=$!
    track "$TUNNEL_PID"
    first_ok_wait ms || { cat "$TMP/tunnel.err" >&2; exit 1; }
    HOOK_STARTS+=("$ms")
    if ((i < STARTS)); then
        line=$(wait_line "$out" '"type":"ready"')
        PUBLIC=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["url"])' "$line")
        [[ $PUBLIC == "$RELAY_URL/bench" ]] || { log "tunnel's public URL is $PUBLIC, expected $RELAY_URL/bench"; exit 1; }
    fi
done
log "hook tunnel (pid $TUNNEL_PID) public URL $PUBLIC; start-ups: ${HOOK_STARTS[*]} ms"
RELAY_LINES=$(wc -l <"$TMP/relay.out")

# A relay and a tunnel that report only failures (--quiet).
start_relay relay-quiet --quiet
QRELAY_PID=$STARTED_PID QRELAY_URL=$STARTED_URL
wait_quiet
first_ok_start --url "$QRELAY_URL/bench/"
echo "$EPOCHREALTIME" >"$TMP/t0"
"$HOOK" tunnel --relay "$QRELAY_URL" --token "$TOKEN" --channel bench -f "$BARE_PORT" --json --quiet \
    >"$TMP/tunnel-quiet.out" 2>"$TMP/tunnel-quiet.err" &
QUIET_PID=$!
track "$QUIET_PID"
first_ok_wait ms || { cat "$TMP/tunnel-quiet.err" >&2; exit 1; }
QUIET_START="$ms ms (n=1)"

# ---------------------------------------------------------------- bore
if (exec 3<>"/dev/tcp/127.0.0.1/$BORE_CONTROL_PORT") 2>/dev/null; then
    log "port $BORE_CONTROL_PORT (bore's control port) is already in use; skipping bore"
    BORE_OK=0
else
    BORE_OK=1
    log "bore server --bind-addr 127.0.0.1 --min-port 20000 --max-port 20100"
    "$BORE" server --bind-addr 127.0.0.1 --min-port 20000 --max-port 20100 >"$TMP/bore-server.out" 2>&1 &
    BORE_SERVER_PID=$!
    track "$BORE_SERVER_PID"
    wait_ready "$BORE_SERVER_PID" "$BORE_CONTROL_PORT"

    BORE_STARTS=()
    BORE_LOCAL_PID=
    for i in $(seq "$STARTS"); do
        [[ -n $BORE_LOCAL_PID ]] && stop_pid "$BORE_LOCAL_PID"
        wait_quiet
        out=$TMP/bore-local.$i.out
        first_ok_start --url-file "$out" --url-re 'listening at 127\.0\.0\.1:([0-9]+)' \
            --url-template 'http://127.0.0.1:{}/'
        echo "$EPOCHREALTIME" >"$TMP/t0"
        "$BORE" local "$BARE_PORT" --local-host 127.0.0.1 --to 127.0.0.1 >"$out" 2>&1 &
        BORE_LOCAL_PID=$!
        track "$BORE_LOCAL_PID"
        first_ok_wait ms || { cat "$out" >&2; exit 1; }
        BORE_STARTS+=("$ms")
    done
    BORE_PORT=$(wait_line "$out" 'listening at 127\.0\.0\.1:[0-9]+' | sed -E 's/.*listening at 127\.0\.0\.1:([0-9]+).*/\1/')
    log "bore local (pid $BORE_LOCAL_PID) public port $BORE_PORT; start-ups: ${BORE_STARTS[*]} ms"
fi

# ---------------------------------------------------------------- rounds
# Every path stays up (idle between its runs) and each round measures them in
# turn: the machine's speed drifts from minute to minute, so a ratio is taken
# between runs of one round and the median over rounds is reported.
H="hook relay + hook tunnel"
Q="hook relay + hook tunnel --quiet"
B="bore server + bore local"
D="direct (no tunnel)"
# Even rounds run the paths in reverse order, so a machine that speeds up or
# slows down during a round favours neither side of a ratio.
for round in $(seq "$ROUNDS"); do
    paths=(direct hook quiet bore)
    ((round % 2 == 0)) && paths=(bore quiet hook direct)
    for path in "${paths[@]}"; do
        case $path in
            direct) measure "$round" "$D" "http://127.0.0.1:$BARE_PORT/" "" "—" ;;
            hook)
                measure "$round" "$H" "$PUBLIC/" "$RELAY_PID $TUNNEL_PID" "$(startup_text "${HOOK_STARTS[@]}")"
                alive "$RELAY_PID" "hook relay" "$TMP/relay.err"
                alive "$TUNNEL_PID" "hook tunnel" "$TMP/tunnel.err"
                ;;
            quiet)
                measure "$round" "$Q" "$QRELAY_URL/bench/" "$QRELAY_PID $QUIET_PID" "$QUIET_START"
                alive "$QUIET_PID" "hook tunnel --quiet" "$TMP/tunnel-quiet.err"
                ;;
            bore)
                if ((BORE_OK)); then
                    measure "$round" "$B" "http://127.0.0.1:$BORE_PORT/" "$BORE_SERVER_PID $BORE_LOCAL_PID" \
                        "$(startup_text "${BORE_STARTS[@]}")"
                fi
                ;;
        esac
    done
done
# Requests the relay saw during the wrk runs, and those not answered 200.
RELAY_REQ=$(tail -n +$((RELAY_LINES + 1)) "$TMP/relay.out" | grep -c '"type":"request"' || true)
RELAY_NON200=$(tail -n +$((RELAY_LINES + 1)) "$TMP/relay.out" | grep '"type":"request"' | grep -vc '"status":200' || true)
QUIET_LINES=$(cat "$TMP/tunnel-quiet.out" "$TMP/relay-quiet.out" | grep -c '"type":"request"' || true)
for pid in "$TUNNEL_PID" "$RELAY_PID" "$QUIET_PID" "$QRELAY_PID" ${BORE_LOCAL_PID:-} ${BORE_SERVER_PID:-}; do
    stop_pid "$pid"
done

# ---------------------------------------------------------------- report
# per_round MAP NAME OTHER: NAME's value over OTHER's in each round, one per line.
per_round() { local -n m=$1; local r; for r in $(seq "$ROUNDS"); do calc '%.3f\n' "${m[$r,$2]} / ${m[$r,$3]}"; done; }
med() { local -n m=$1; local r v=(); for r in $(seq "$ROUNDS"); do v+=("${m[$r,$2]}"); done; median "${v[@]}"; }
# ratio_line LABEL MAP NAME OTHER [TARGET]: the median ratio and each round's.
ratio_line() {
    printf '%s: median %.2f×%s; per round: %s\n' "$1" "$(median $(per_round "$2" "$3" "$4"))" "${5:-}" \
        "$(per_round "$2" "$3" "$4" | tr '\n' ' ')"
}
echo
machine_line
echo "load average (1 min) before each measured run: $(printf '%s; ' "${LOADS[@]}")"
((${#QUIET_NOTES[@]} == 0)) || echo "note: $(printf '%s; ' "${QUIET_NOTES[@]}")"
echo "hook: $(hook_version)  $BORE_VERSION"
echo "$(rustc --version)  $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)  body: 1024 B JSON POST  duration: ${DURATION}s per run  rounds: $ROUNDS  target: bare-hyper"
echo
echo "| round | path | c1 p50 | c1 p99 | c1 req/s | c16 req/s | c16 p50 | c16 p99 | proxy CPU/req (c16) | errors | peak RSS (VmHWM) | first delivery after start |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
ratio_line "hook c16 req/s / direct" C16_RPS "$H" "$D"
if ((BORE_OK)); then
    ratio_line "hook c16 req/s / bore" C16_RPS "$H" "$B" " (target ≥ 1.0×)"
    ratio_line "hook c1 p50 / bore" C1_P50 "$H" "$B" " (target ≤ 1.5×)"
    ratio_line "hook --quiet c16 req/s / bore" C16_RPS "$Q" "$B"
    ratio_line "hook --quiet c1 p50 / bore" C1_P50 "$Q" "$B"
fi
awk -v k="${RSS_SUM[$H]}" 'BEGIN {printf "hook relay + tunnel peak RSS under load: %.1f MiB (target ≤ 32 MiB)\n", k / 1024}'
summary tunnel.rounds "$ROUNDS"
summary tunnel.c16_rps.direct "$(med C16_RPS "$D")"
summary tunnel.c16_rps.hook "$(med C16_RPS "$H")"
summary tunnel.c1_p50_us.hook "$(med C1_P50 "$H")"
summary tunnel.rss_kib.hook "${RSS_SUM[$H]}"
summary tunnel.c16_rps.hook_quiet "$(med C16_RPS "$Q")"
summary tunnel.c1_p50_us.hook_quiet "$(med C1_P50 "$Q")"
if ((BORE_OK)); then
    summary tunnel.c16_rps.bore "$(med C16_RPS "$B")"
    summary tunnel.c1_p50_us.bore "$(med C1_P50 "$B")"
    summary tunnel.rss_kib.bore "${RSS_SUM[$B]}"
    summary tunnel.c16_ratio.hook "$(median $(per_round C16_RPS "$H" "$B"))"
    summary tunnel.c1_ratio.hook "$(median $(per_round C1_P50 "$H" "$B"))"
    summary tunnel.c16_ratio.hook_quiet "$(median $(per_round C16_RPS "$Q" "$B"))"
    summary tunnel.c1_ratio.hook_quiet "$(median $(per_round C1_P50 "$Q" "$B"))"
else
    summary tunnel.bore_skipped "port $BORE_CONTROL_PORT in use"
fi
echo "hook relay --quiet and hook tunnel --quiet printed $QUIET_LINES request lines (failed requests) during their runs"
echo "hook relay --json logged $RELAY_REQ requests during the wrk runs (warm-up included), $RELAY_NON200 of them not 200"
