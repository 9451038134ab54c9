#!/usr/bin/env bash
# Benchmark: deliveries/s of `hook replay --concurrency 16` against wrk's
# requests/s at 16 connections, both sending to a bare hyper 1.x server
# (bench/bare-hyper) on the same machine.
#
#   bash bench/replay.sh
#
# A benchmark, not a test: it prints a Markdown table and exits 0 whatever
# the numbers are (it fails only when a run itself breaks, or when a hook
# replay run reports failed deliveries). It writes nothing in the repository
# except build output (target/, bench/bare-hyper/target/).
#
# Environment knobs (defaults in brackets):
#   DURATION   seconds each measured run should last              [10]
#   WARMUP     seconds of unmeasured wrk load first               [2]
#   ROUNDS     rounds; each runs the four rows below once, in turn,
#              reversed in even rounds                            [3]
#   CALIBRATE  deliveries in the short hook replay run that sizes
#              --repeat N so the measured run lasts ~DURATION s   [3000]
#   HOOK_BIN   an already built hook binary to measure instead
#              of building this checkout's                        [unset]
#   BENCH_SUMMARY  a file to append key=value results to
#              (bench/all.sh)                                     [unset]
#
# Rows:
#   wrk, 1 KiB     wrk -t2 -c16 -d${DURATION}s, a 1024-byte GitHub push with
#                  GitHub's headers and a fixed signature (bench/listen.sh's payload)
#   wrk, fixture   the same, with the exact bytes hook replay sends for
#                  github/push (3.9 KiB body, its headers): the like-for-like
#                  row the target (≥ 0.8×) is measured against; the 1 KiB row
#                  (a smaller body than hook sends) is information
#   hook replay    hook replay github/push --to URL --secret s3cret --repeat N
#                  --concurrency 16 --json --quiet: like wrk, a summary and no
#                  line per request (only failed attempts would be printed); the
#                  summary line's deliveries_per_second. The target row.
#   hook, a line   the same without --quiet: a JSON line per attempt (information)
# wrk reuses its 16 connections and sends the same bytes every time; hook replay
# builds every delivery afresh (new delivery id, HMAC-SHA256 and SHA-1 over the
# body), writes one JSON line per attempt, and keeps its connections alive (the
# script counts the established connections to the target 2 s into the run).
# Client and server share the machine's 2 cores, so client CPU per request shows
# up directly in the throughput. The machine's speed drifts between minutes, so
# each ratio is taken within a round and the median over rounds is reported.
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-3}
CALIBRATE=${CALIBRATE:-3000}
SECRET=s3cret

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init

need_apt wrk wrk
need_apt python3 python3
need_apt /usr/bin/time time
build_all

# ---------------------------------------------------------------- payloads
github_lua "$TMP" "$SECRET"          # $TMP/post.lua: 1 KiB push

# The exact request hook replay sends for github/push (one fresh delivery).
"$HOOK" replay github/push --to http://127.0.0.1:9 --secret "$SECRET" --dry-run >"$TMP/dry.http"
python3 - "$TMP" <<'PY'
import sys
tmp = sys.argv[1]
raw = open(f"{tmp}/dry.http", "rb").read()
head, _, rest = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
lines = head.decode().splitlines()
headers = [l for l in lines[1:] if l and l.split(":", 1)[0].lower() not in ("host", "content-length")]
length = next(int(l.split(":", 1)[1]) for l in lines[1:] if l.lower().startswith("content-length:"))
body = rest[:length]
assert len(body) == length, (len(body), length)
open(f"{tmp}/fixture.body", "wb").write(body)
open(f"{tmp}/fixture.headers", "w").write("\n".join(headers) + "\n")
open(f"{tmp}/fixture.path", "w").write(lines[0].split()[1])
PY
make_lua "$TMP/fixture.lua" "$TMP/fixture.body" "$TMP/fixture.headers"
FIXTURE_BYTES=$(stat -c %s "$TMP/fixture.body")
FIXTURE_PATH=$(cat "$TMP/fixture.path")

# ---------------------------------------------------------------- target
start_bare "$TMP"
URL=http://127.0.0.1:$BARE_PORT
log "bare-hyper on port $BARE_PORT (pid $BARE_PID)"

ROWS=()
LOADS=()
declare -A RATE

wait_quiet
log "warm-up: wrk ${WARMUP}s"
run_wrk "$TMP/warm" 2 16 "$WARMUP" "$URL$FIXTURE_PATH" "$TMP/post.lua"

# row ROUND NAME BYTES REQUESTS RATE P50_US P99_US ERRORS CLIENT_CPU SERVER_TICKS LOAD: one table row.
row() {
    ROWS+=("$(printf '| %s | %s | %s B | %s | %s | %s | %s | %s | %s µs | %s µs | %s |' \
        "$1" "$2" "$3" "$4" "$5" "$(fmt_us "$6")" "$(fmt_us "$7")" "$8" \
        "$(awk -v c="$9" -v r="$4" 'BEGIN {printf "%.1f", c * 1e6 / r}')" \
        "$(awk -v t="${10}" -v hz="$HZ" -v r="$4" 'BEGIN {printf "%.1f", t / hz * 1e6 / r}')" "${11}")")
}

# wrk_row ROUND NAME LUA BYTES: one measured wrk -t2 -c16 run; RATE[ROUND,NAME] is its requests/s.
wrk_row() {
    local round=$1 name=$2 lua=$3 bytes=$4 tag=r$1_${2//[^A-Za-z0-9]/_}
    wait_quiet
    local l1; l1=$(load1)
    LOADS+=("round $round, $name: $l1")
    log "round $round, $name: wrk -t2 -c16 -d${DURATION}s"
    local c0 c1 t0 t1
    children_cpu c0; t0=$(cpu_ticks "$BARE_PID")
    run_wrk "$TMP/$tag" 2 16 "$DURATION" "$URL$FIXTURE_PATH" "$lua"
    children_cpu c1; t1=$(cpu_ticks "$BARE_PID")
    alive "$BARE_PID" bare-hyper "$TMP/bare.err"
    RATE[$round,$name]=$(wrk_rps "$TMP/$tag")
    row "$round" "$name" "$bytes" "$(field "$TMP/$tag" requests)" "${RATE[$round,$name]}" \
        "$(field "$TMP/$tag" p50_us)" "$(field "$TMP/$tag" p99_us)" "$(wrk_errors "$TMP/$tag")" \
        "$(awk -v a="$c0" -v b="$c1" 'BEGIN {print b - a}')" $((t1 - t0)) "$l1"
}

# replay_run OUT N [FLAGS...]: one bounded hook replay run; its JSON lines go to OUT.
replay_run() {
    local out=$1 n=$2
    shift 2
    # Connections to the target while it runs (keep-alive check): sampled at 2 s.
    ( sleep 2; ss -Htn state established "( dport = :$BARE_PORT )" 2>/dev/null | wc -l >"$out.conns" ) &
    local probe=$!
    track "$probe"
    timeout $((DURATION * 4 + 60)) /usr/bin/time -f %M -o "$out.rss" "$HOOK" replay github/push --to "$URL" --secret "$SECRET" \
        --repeat "$n" --concurrency 16 --json "$@" >"$out" 2>"$out.err" \
        || { log "hook replay failed:"; cat "$out.err" >&2; tail -n 2 "$out" >&2; return 1; }
    # A run shorter than 2 s leaves no count; the probe must not lengthen the run.
    kill -0 "$probe" 2>/dev/null && { kill -TERM "$probe" 2>/dev/null || true; echo "n/a (run under 2 s)" >"$out.conns"; }
    wait "$probe" 2>/dev/null || true
    forget "$probe"
    grep '"type":"summary"' "$out" | tail -n1 >"$out.summary"
    [[ -s $out.summary ]] || { log "hook replay printed no summary"; return 1; }
}

jget() { # jget FILE KEY[.KEY]: a value from a one-line JSON file
    python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v = v[k]
print(v)' "$1" "$2"
}

wait_quiet
log "hook replay: calibrating with --repeat $CALIBRATE"
W0=$EPOCHREALTIME
replay_run "$TMP/cal.jsonl" "$CALIBRATE"
W1=$EPOCHREALTIME
# Sized on the wall-clock rate (process start to exit), so each measured process runs ~DURATION s.
CAL_RATE=$(awk -v n="$CALIBRATE" -v a="$W0" -v b="$W1" 'BEGIN {print n / (b - a)}')
N=$(awk -v r="$CAL_RATE" -v d="$DURATION" 'BEGIN {n = int(r * d / 1000 + 0.5) * 1000; if (n < 1000) n = 1000; print n}')
log "hook replay: calibration ran at $(printf '%.0f' "$CAL_RATE")/s wall-clock; measuring with --repeat $N"

H="hook replay --concurrency 16 --json --quiet"
HL="hook replay --concurrency 16 --json (a line per attempt)"
FAILED=0
WALLS=()
# replay_row ROUND NAME [FLAGS...]: one measured hook replay run; RATE[ROUND,NAME] is its deliveries/s.
replay_row() {
    local round=$1 name=$2 out=$TMP/replay-r$1-${2//[^A-Za-z0-9]/_}.jsonl
    shift 2
    wait_quiet
    local l1; l1=$(load1)
    LOADS+=("round $round, $name: $l1")
    log "round $round, $name --repeat $N"
    local c0 c1 t0 t1 w0 w1
    children_cpu c0; t0=$(cpu_ticks "$BARE_PID"); w0=$EPOCHREALTIME
    replay_run "$out" "$N" "$@"
    w1=$EPOCHREALTIME; children_cpu c1; t1=$(cpu_ticks "$BARE_PID")
    alive "$BARE_PID" bare-hyper "$TMP/bare.err"
    local s=$out.summary deliveries failed
    deliveries=$(jget "$s" deliveries); failed=$(jget "$s" failed)
    FAILED=$((FAILED + failed))
    RATE[$round,$name]=$(printf '%.0f' "$(jget "$s" deliveries_per_second)")
    row "$round" "$name" "$FIXTURE_BYTES" "$deliveries" "${RATE[$round,$name]}" \
        "$(awk -v v="$(jget "$s" latency_ms.p50)" 'BEGIN {printf "%d", v * 1000}')" \
        "$(awk -v v="$(jget "$s" latency_ms.p99)" 'BEGIN {printf "%d", v * 1000}')" "$failed" \
        "$(awk -v a="$c0" -v b="$c1" 'BEGIN {print b - a}')" $((t1 - t0)) "$l1"
    WALLS+=("round $round, $name: $(jget "$s" threads) thread(s), $(awk -v n="$deliveries" -v a="$w0" -v b="$w1" 'BEGIN {printf "%.2f s exec to exit = %.0f/s", b - a, n / (b - a)}'),\
 peak RSS $(mib "$(tail -n1 "$out.rss")") MiB, $(cat "$out.conns" 2>/dev/null || echo '?') connections at 2 s")
}

W1K="wrk, 1 KiB body"
WFIX="wrk, github/push body"
# Even rounds run the rows in reverse order, so a machine that speeds up or
# slows down during a round favours neither side of a ratio.
for round in $(seq "$ROUNDS"); do
    rows=(w1k wfix quiet lines)
    ((round % 2 == 0)) && rows=(lines quiet wfix w1k)
    for r in "${rows[@]}"; do
        case $r in
            w1k) wrk_row "$round" "$W1K" "$TMP/post.lua" 1024 ;;
            wfix) wrk_row "$round" "$WFIX" "$TMP/fixture.lua" "$FIXTURE_BYTES" ;;
            quiet) replay_row "$round" "$H" --quiet ;;
            lines) replay_row "$round" "$HL" ;;
        esac
    done
done

# ---------------------------------------------------------------- report
# ratios OF BY: hook replay's rate over wrk's, within each round (runs close
# together see the same machine), one per line.
# ratios BY [OF]: OF's rate (default the target row's) over BY's, within each round.
ratios() { local r; for r in $(seq "$ROUNDS"); do calc '%.3f\n' "${RATE[$r,${2:-$H}]} / ${RATE[$r,$1]}"; done; }
medians() { local r v=(); for r in $(seq "$ROUNDS"); do v+=("${RATE[$r,$1]}"); done; median "${v[@]}"; }
R1K=$(median $(ratios "$W1K"))
RFIX=$(median $(ratios "$WFIX"))
RLINE=$(median $(ratios "$WFIX" "$HL"))
echo
machine_line
echo "load average (1 min) before each measurement: $(printf '%s; ' "${LOADS[@]}")"
((${#QUIET_NOTES[@]} == 0)) || echo "note: $(printf '%s; ' "${QUIET_NOTES[@]}")"
echo "hook: $(hook_version)"
summary replay.rounds "$ROUNDS"
summary replay.dps.hook "$(medians "$H")"
summary replay.rps.wrk_1k "$(medians "$W1K")"
summary replay.rps.wrk_fixture "$(medians "$WFIX")"
summary replay.ratio.wrk_1k "$R1K"
summary replay.ratio.wrk_fixture "$RFIX"
summary replay.dps.hook_lines "$(medians "$HL")"
summary replay.ratio.lines_wrk_fixture "$RLINE"
summary replay.failed "$FAILED"
echo "$(rustc --version)  $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)  target: bare-hyper (bench/bare-hyper)  path: $FIXTURE_PATH"
echo "hook replay: --repeat $N (sized from --repeat $CALIBRATE at $(printf '%.0f' "$CAL_RATE")/s wall-clock), $ROUNDS round(s):"
printf '  %s\n' "${WALLS[@]}"
echo
echo "| round | client | body | requests | req/s | p50 | p99 | errors / failed | client CPU/req | server CPU/req | load 1m |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
echo "median req/s: wrk 1 KiB $(medians "$W1K"); wrk github/push $(medians "$WFIX"); hook replay --quiet $(medians "$H"); with a line per attempt $(medians "$HL")"
printf 'hook replay --quiet / wrk (same github/push request): median %.2f× (target ≥ 0.80×); per round: %s\n' "$RFIX" "$(ratios "$WFIX" | tr '\n' ' ')"
printf 'hook replay, a JSON line per attempt / wrk (same request, information): median %.2f×; per round: %s\n' "$RLINE" "$(ratios "$WFIX" "$HL" | tr '\n' ' ')"
printf 'hook replay / wrk (smaller 1 KiB push, information): median %.2f×; per round: %s\n' "$R1K" "$(ratios "$W1K" | tr '\n' ' ')"
echo
echo "wrk reuses 16 keep-alive connections and sends identical bytes; hook replay builds and signs every"
echo "delivery afresh (new ids, HMAC over the body), prints only the summary with --quiet (a JSON line per"
echo "attempt to a file without it), and keeps its connections alive (count above). CPU/req is user+system"
echo "time divided by requests: client = wrk or hook replay, server = bare-hyper."
if ((FAILED != 0)); then
    log "hook replay reported $FAILED failed deliveries"
    exit 1
fi
