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
#                  github/push (3.9 KiB body, its headers), for a like-for-like row
#   hook replay    hook replay github/push --to URL --secret s3cret --repeat N
#                  --concurrency 16 --json; its summary line's deliveries_per_second
# wrk reuses its 16 connections and sends the same bytes every time; hook replay
# builds every delivery afresh (new delivery id, HMAC-SHA256 and SHA-1 over the
# body), writes one JSON line per attempt, and keeps its connections alive (the
# script counts the established connections to the target 2 s into the run).
# Client and server share the machine's 2 cores, so client CPU per request shows
# up directly in the throughput.
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
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

wait_quiet
log "warm-up: wrk ${WARMUP}s"
run_wrk "$TMP/warm" 2 16 "$WARMUP" "$URL$FIXTURE_PATH" "$TMP/post.lua"

# wrk_row NAME LUA BYTES: one measured wrk -t2 -c16 run; sets the row and WRK_RPS.
wrk_row() {
    local name=$1 lua=$2 bytes=$3 tag=${1//[^A-Za-z0-9]/_}
    wait_quiet
    local l1; l1=$(load1)
    LOADS+=("$name: $l1")
    log "$name: wrk -t2 -c16 -d${DURATION}s"
    local c0 c1 t0 t1
    children_cpu c0; t0=$(cpu_ticks "$BARE_PID")
    run_wrk "$TMP/$tag" 2 16 "$DURATION" "$URL$FIXTURE_PATH" "$lua"
    children_cpu c1; t1=$(cpu_ticks "$BARE_PID")
    alive "$BARE_PID" bare-hyper "$TMP/bare.err"
    local req rps
    req=$(field "$TMP/$tag" requests)
    rps=$(wrk_rps "$TMP/$tag")
    WRK_RPS=$rps
    ROWS+=("$(printf '| %s | %s B | %s | %s | %s | %s | %s | %s µs | %s µs | %s |' \
        "$name" "$bytes" "$req" "$rps" \
        "$(fmt_us "$(field "$TMP/$tag" p50_us)")" "$(fmt_us "$(field "$TMP/$tag" p99_us)")" \
        "$(wrk_errors "$TMP/$tag")" \
        "$(awk -v a="$c0" -v b="$c1" -v r="$req" 'BEGIN {printf "%.1f", (b - a) * 1e6 / r}')" \
        "$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v r="$req" 'BEGIN {printf "%.1f", t / hz * 1e6 / r}')" \
        "$l1")")
}

wrk_row "wrk, 1 KiB body" "$TMP/post.lua" 1024
WRK_1K=$WRK_RPS
wrk_row "wrk, github/push body" "$TMP/fixture.lua" "$FIXTURE_BYTES"
WRK_FIX=$WRK_RPS

# replay_run OUT N: one bounded hook replay run; its JSON lines go to OUT.
replay_run() {
    local out=$1 n=$2
    # Connections to the target while it runs (keep-alive check): sampled at 2 s.
    ( sleep 2; ss -Htn state established "( dport = :$BARE_PORT )" 2>/dev/null | wc -l >"$out.conns" ) &
    local probe=$!
    track "$probe"
    timeout $((DURATION * 4 + 60)) /usr/bin/time -f %M -o "$out.rss" "$HOOK" replay github/push --to "$URL" --secret "$SECRET" \
        --repeat "$n" --concurrency 16 --json >"$out" 2>"$out.err" \
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
# Sized on the wall-clock rate (process start to exit), so the measured process runs ~DURATION s.
CAL_RATE=$(awk -v n="$CALIBRATE" -v a="$W0" -v b="$W1" 'BEGIN {print n / (b - a)}')
N=$(awk -v r="$CAL_RATE" -v d="$DURATION" 'BEGIN {n = int(r * d / 1000 + 0.5) * 1000; if (n < 1000) n = 1000; print n}')
log "hook replay: calibration ran at $(printf '%.0f' "$CAL_RATE")/s wall-clock; measuring with --repeat $N"

wait_quiet
L1=$(load1)
LOADS+=("hook replay: $L1")
children_cpu C0; T0=$(cpu_ticks "$BARE_PID"); W0=$EPOCHREALTIME
replay_run "$TMP/replay.jsonl" "$N"
W1=$EPOCHREALTIME; children_cpu C1; T1=$(cpu_ticks "$BARE_PID")
alive "$BARE_PID" bare-hyper "$TMP/bare.err"
S=$TMP/replay.jsonl.summary
DPS=$(printf '%.0f' "$(jget "$S" deliveries_per_second)")
FAILED=$(jget "$S" failed)
DELIVERIES=$(jget "$S" deliveries)
P50_US=$(awk -v v="$(jget "$S" latency_ms.p50)" 'BEGIN {printf "%d", v * 1000}')
P99_US=$(awk -v v="$(jget "$S" latency_ms.p99)" 'BEGIN {printf "%d", v * 1000}')
ROWS+=("$(printf '| %s | %s B | %s | %s | %s | %s | %s | %s µs | %s µs | %s |' \
    "hook replay --concurrency 16 --json" "$FIXTURE_BYTES" "$DELIVERIES" "$DPS" \
    "$(fmt_us "$P50_US")" "$(fmt_us "$P99_US")" "$FAILED" \
    "$(awk -v a="$C0" -v b="$C1" -v r="$DELIVERIES" 'BEGIN {printf "%.1f", (b - a) * 1e6 / r}')" \
    "$(awk -v t=$((T1 - T0)) -v hz="$HZ" -v r="$DELIVERIES" 'BEGIN {printf "%.1f", t / hz * 1e6 / r}')" \
    "$L1")")
WALL_S=$(awk -v a="$W0" -v b="$W1" 'BEGIN {printf "%.2f", b - a}')
WALL_RATE=$(awk -v n="$DELIVERIES" -v w="$WALL_S" 'BEGIN {printf "%.0f", n / w}')
REPLAY_RSS=$(mib "$(tail -n1 "$TMP/replay.jsonl.rss")")

# ---------------------------------------------------------------- report
echo
machine_line
echo "load average (1 min) before each measurement: $(printf '%s; ' "${LOADS[@]}")"
((${#QUIET_NOTES[@]} == 0)) || echo "note: $(printf '%s; ' "${QUIET_NOTES[@]}")"
echo "hook: $(hook_version)"
summary replay.dps.hook "$DPS"
summary replay.rps.wrk_1k "$WRK_1K"
summary replay.rps.wrk_fixture "$WRK_FIX"
summary replay.failed "$FAILED"
echo "$(rustc --version)  $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)  target: bare-hyper (bench/bare-hyper)  path: $FIXTURE_PATH"
echo "hook replay: --repeat $N (sized from --repeat $CALIBRATE at $(printf '%.0f' "$CAL_RATE")/s wall-clock); its summary's elapsed_ms $(printf '%.0f' "$(jget "$S" elapsed_ms)") ms;"
echo "  wall time $WALL_S s from exec to exit (loading and planning included) = $WALL_RATE deliveries/s; peak RSS $REPLAY_RSS MiB;"
echo "  established connections to the target 2 s into the run: $(cat "$TMP/replay.jsonl.conns" 2>/dev/null || echo '?')"
echo
echo "| client | body | requests | req/s | p50 | p99 | errors / failed | client CPU/req | server CPU/req | load 1m |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
awk -v h="$DPS" -v b="$WRK_1K" \
    'BEGIN {printf "hook replay deliveries/s / wrk (1 KiB) requests/s: %.2f× (target ≥ 0.80×)\n", h / b}'
awk -v h="$DPS" -v b="$WRK_FIX" \
    'BEGIN {printf "hook replay deliveries/s / wrk (same github/push bytes) requests/s: %.2f×\n", h / b}'
echo
echo "wrk reuses 16 keep-alive connections and sends identical bytes; hook replay builds and signs every"
echo "delivery afresh (new ids, HMAC over the body), writes a JSON line per attempt to a file, and keeps its"
echo "connections alive (count above). CPU/req is user+system time divided by requests: client = wrk or"
echo "hook replay, server = bare-hyper."
if [[ $FAILED != 0 ]]; then
    log "hook replay reported $FAILED failed deliveries"
    exit 1
fi
