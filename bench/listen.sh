#!/usr/bin/env bash
# Benchmark: requests/s and latency of `hook listen --json > /dev/null`
# against a bare hyper 1.x server (bench/bare-hyper) on the same machine.
#
#   bash bench/listen.sh
#
# A benchmark, not a test: it prints a Markdown table and exits 0 whatever
# the numbers are. It writes nothing in the repository except build output
# (target/ and bench/bare-hyper/target/); BENCHMARKS.md is written by hand
# from a run.
#
# Environment knobs (defaults in brackets):
#   ROUNDS       rounds; each measures every server once, in turn  [3]
#   DURATION     seconds per measured wrk run            [10]
#   WARMUP       seconds of unmeasured load per server   [2]
#   WITH_SECRET  1 adds a row for `hook listen --json --secret …`, which
#                verifies every request's signature       [1]
#   HOOK_BIN     an already built hook binary to measure instead of
#                building this checkout's                  [unset]
#   BENCH_SUMMARY  a file to append key=value results to (bench/all.sh) [unset]
#
# In each round every server is started fresh (stdout to /dev/null) and gets,
# in order: a WARMUP-second run at 16 connections, then
#   c1:  wrk -t1 -c1  -d${DURATION}s --latency   (p50/p99 latency)
#   c16: wrk -t2 -c16 -d${DURATION}s --latency   (requests/s)
# and its peak RSS (VmHWM in /proc/PID/status) is read before it is stopped.
# The hook/bare ratio is taken within each round (servers measured close
# together see the same machine load) and the median over rounds is reported.
# "c16 cores" is how many cores the server, wrk, and every other process used
# on average during the c16 run (from /proc): "other" near 0 means the machine
# was otherwise idle; a machine shared with builds shows there, and then
# requests/s of that row is not comparable with other runs.
set -euo pipefail

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
WITH_SECRET=${WITH_SECRET:-1}
SECRET=bench-secret

# calc and median come from the shared helpers; this script's own helpers,
# defined below, take precedence over lib.sh's of the same name.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
TMP=$(mktemp -d -t hook-bench.XXXXXX)
PIDS=()

log() { printf 'bench: %s\n' "$*" >&2; }
summary() { [[ -z ${BENCH_SUMMARY:-} ]] || printf '%s=%s\n' "$1" "$2" >>"$BENCH_SUMMARY"; }

cleanup() {
    local pid
    for pid in "${PIDS[@]:-}"; do
        [[ -n $pid ]] || continue
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]:-}"; do
        [[ -n $pid ]] || continue
        # Bounded: 5 s for a clean exit, then SIGKILL.
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- tools
need_apt() { # need_apt COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    log "installing $2"
    apt-get install -y "$2" >/dev/null 2>&1 \
        || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
}
need_apt wrk wrk
need_apt python3 python3
command -v cargo >/dev/null || { log "cargo not found"; exit 1; }

# ---------------------------------------------------------------- builds
if [[ -n ${HOOK_BIN:-} ]]; then
    HOOK=$HOOK_BIN
    log "using $HOOK (HOOK_BIN); not building hook"
else
    log "building hook (release)"
    (cd "$ROOT" && cargo build --release --quiet)
    HOOK=$ROOT/target/release/hook
fi
log "building bare-hyper (release)"
cargo build --release --quiet --manifest-path "$BENCH/bare-hyper/Cargo.toml"
BARE=$BENCH/bare-hyper/target/release/bare-hyper
[[ -x $HOOK && -x $BARE ]]

# ---------------------------------------------------------------- payload
# A GitHub-style push payload of exactly 1024 bytes, and its real
# X-Hub-Signature-256 under $SECRET (so the --secret row takes the valid path).
python3 - "$TMP" "$SECRET" <<'PY'
import hashlib, hmac, json, sys
tmp, secret = sys.argv[1], sys.argv[2]
payload = {
    "ref": "refs/heads/main",
    "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
    "after": "59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5",
    "repository": {"id": 1296269, "name": "hello-world", "full_name": "octocat/hello-world",
                   "private": False, "html_url": "https://github.com/octocat/hello-world"},
    "pusher": {"name": "octocat", "email": "octocat@example.com"},
    "sender": {"login": "octocat", "id": 1, "type": "User"},
    "head_commit": {"id": "59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5",
                    "message": "Update README", "timestamp": "2024-01-01T00:00:00Z",
                    "author": {"name": "Octo Cat", "email": "octocat@example.com"},
                    "added": [], "removed": [], "modified": ["README.md"]},
    "padding": "",
}
base = len(json.dumps(payload, separators=(",", ":")).encode())
payload["padding"] = "x" * (1024 - base)
body = json.dumps(payload, separators=(",", ":")).encode()
assert len(body) == 1024, len(body)
open(f"{tmp}/body.json", "wb").write(body)
sig = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
open(f"{tmp}/signature", "w").write("sha256=" + sig)
PY

SIG=$(cat "$TMP/signature")
cat >"$TMP/post.lua" <<EOF
-- POST a 1 KiB GitHub-style push delivery on every request.
local f = assert(io.open("$TMP/body.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "GitHub-Hookshot/bench"
wrk.headers["X-GitHub-Event"] = "push"
wrk.headers["X-GitHub-Delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
wrk.headers["X-GitHub-Hook-ID"] = "292430182"
wrk.headers["X-Hub-Signature-256"] = "$SIG"

-- One machine-readable line for listen.sh; latencies are in microseconds.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
EOF

# ---------------------------------------------------------------- helpers
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_ready PID PORT: bounded (10 s, 0.05 s steps) wait until PORT accepts.
wait_ready() {
    local pid=$1 port=$2 i
    for i in $(seq 200); do
        kill -0 "$pid" 2>/dev/null || { log "server $pid exited before listening"; return 1; }
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    log "server $pid not listening on $port after 10 s"
    return 1
}

# run_wrk OUT THREADS CONNS SECONDS PORT: one bounded wrk run; raw output in OUT.
run_wrk() {
    local out=$1 threads=$2 conns=$3 secs=$4 port=$5
    timeout $((secs + 30)) wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 5s --latency \
        -s "$TMP/post.lua" "http://127.0.0.1:$port/webhooks/github" >"$out"
    grep -q '^BENCH ' "$out" || { log "wrk printed no result:"; cat "$out" >&2; return 1; }
}

field() { # field FILE NAME
    grep '^BENCH ' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

cpu_ticks() { # cpu_ticks PID: user + system CPU time of all its threads, in clock ticks
    awk '{print $14 + $15}' "/proc/$1/stat"
}
children_ticks() { # CPU time of this shell's reaped children (wrk, via timeout)
    awk '{print $16 + $17}' "/proc/$$/stat"
}
machine_ticks() { # busy CPU time of the whole machine (user nice system irq softirq steal)
    awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
}

alive() { # alive PID TAG: fail, with the server's exit status and stderr, if it has exited
    kill -0 "$1" 2>/dev/null && return 0
    local rc=0
    wait "$1" 2>/dev/null || rc=$?
    forget "$1"
    log "server $1 exited (status $rc) during the run; its stderr:"
    cat "$TMP/$2.stderr" >&2
    return 1
}

forget() { # forget PID: reaped, so the EXIT trap must not signal it (the PID may be reused)
    local kept=() p
    for p in "${PIDS[@]:-}"; do [[ -n $p && $p != "$1" ]] && kept+=("$p"); done
    PIDS=("${kept[@]:-}")
}

stop_server() { # stop_server PID
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    forget "$pid"
}

HZ=$(getconf CLK_TCK)
NCPU=$(nproc)
ROWS=()
declare -A RPS=()

# bench ROUND NAME CMD...: CMD must contain the literal word PORT, replaced by
# a free port. The server's stdout goes to /dev/null, as in
# `hook listen --json > /dev/null`. Appends a table row and sets RPS[ROUND,NAME].
bench() {
    local round=$1 name=$2; shift 2
    local port; port=$(free_port)
    local args=() a
    for a in "$@"; do args+=("${a//PORT/$port}"); done
    local tag=r${round}_${name//[^A-Za-z0-9]/_}
    log "round $round, $name: ${args[*]} > /dev/null"
    "${args[@]}" >/dev/null 2>"$TMP/$tag.stderr" &
    local pid=$!
    PIDS+=("$pid")
    wait_ready "$pid" "$port"

    run_wrk "$TMP/$tag.warm" 2 16 "$WARMUP" "$port"
    alive "$pid" "$tag"
    run_wrk "$TMP/$tag.c1" 1 1 "$DURATION" "$port"
    alive "$pid" "$tag"
    local s0 w0 m0 s1 w1 m1
    s0=$(cpu_ticks "$pid"); w0=$(children_ticks); m0=$(machine_ticks)
    run_wrk "$TMP/$tag.c16" 2 16 "$DURATION" "$port"
    alive "$pid" "$tag"
    s1=$(cpu_ticks "$pid"); w1=$(children_ticks); m1=$(machine_ticks)
    local hwm_kb; hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
    stop_server "$pid"

    local c1="$TMP/$tag.c1" c16="$TMP/$tag.c16"
    local errs=$(( $(field "$c1" non2xx) + $(field "$c1" socket_errors)
                 + $(field "$c16" non2xx) + $(field "$c16" socket_errors) ))
    local c1_rps c16_rps cpu_us other
    c1_rps=$(calc '%.0f' "$(field "$c1" requests) / ($(field "$c1" duration_us) / 1e6)")
    c16_rps=$(calc '%.0f' "$(field "$c16" requests) / ($(field "$c16" duration_us) / 1e6)")
    cpu_us=$(calc '%.0f' "($s1 - $s0) / $HZ * 1e6 / $(field "$c16" requests)")
    # Cores used during c16 (ticks / HZ / seconds) by the server, by wrk, by everything else.
    local secs; secs=$(calc '%.6f' "$(field "$c16" duration_us) / 1e6")
    local srv_cores wrk_cores other
    srv_cores=$(calc '%.2f' "($s1 - $s0) / $HZ / $secs")
    wrk_cores=$(calc '%.2f' "($w1 - $w0) / $HZ / $secs")
    other=$(calc '%.4f' "(($m1 - $m0) - ($s1 - $s0) - ($w1 - $w0)) / $HZ / $secs")
    other=$(calc '%.2f' "$other < 0 ? 0 : $other")
    RPS[$round,$name]=$c16_rps
    ROWS+=("$(printf '| %s | %s | %s µs | %s µs | %s | %s | %s µs | %s µs | %s µs | %s / %s / %s | %s MiB | %s |' \
        "$round" "$name" "$(field "$c1" p50_us)" "$(field "$c1" p99_us)" "$c1_rps" \
        "$c16_rps" "$(field "$c16" p50_us)" "$(field "$c16" p99_us)" "$cpu_us" \
        "$srv_cores" "$wrk_cores" "$other" "$(calc '%.1f' "$hwm_kb / 1024")" "$errs")")
}

# ---------------------------------------------------------------- runs
SERVERS=("bare hyper" "hook listen --json")
[[ $WITH_SECRET == 1 ]] && SERVERS+=("hook listen --json --secret")
# Even rounds run the rows in reverse order, so a machine that speeds up or
# slows down during a round favours neither side of a ratio.
for round in $(seq "$ROUNDS"); do
    rows=(bare hook)
    [[ $WITH_SECRET == 1 ]] && rows+=(secret)
    ((round % 2 == 0)) && rows=($(printf '%s\n' "${rows[@]}" | tac))
    for r in "${rows[@]}"; do
        case $r in
            bare) bench "$round" "bare hyper" "$BARE" PORT ;;
            hook) bench "$round" "hook listen --json" "$HOOK" listen -p PORT --json ;;
            secret) bench "$round" "hook listen --json --secret" "$HOOK" listen -p PORT --json --secret "$SECRET" ;;
        esac
    done
done

# ---------------------------------------------------------------- report
echo
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  cores: $NCPU  cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
if [[ -n ${HOOK_BIN:-} ]]; then
    echo "hook: $HOOK"
else
    echo "hook: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml Cargo.lock build.rs 2>/dev/null || echo ' + uncommitted changes in the work tree')"
fi
echo "$(rustc --version)  $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)  body: 1024 B JSON  ${DURATION}s per run, $ROUNDS round(s)"
echo
echo "| round | server | c1 p50 | c1 p99 | c1 req/s | c16 req/s | c16 p50 | c16 p99 | c16 server CPU/req | c16 cores: server / wrk / other | peak RSS | errors |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
for name in "${SERVERS[@]:1}"; do
    ratios=() rps=()
    for round in $(seq "$ROUNDS"); do
        ratios+=("$(calc '%.3f' "${RPS[$round,$name]} / ${RPS[$round,bare hyper]}")")
        rps+=("${RPS[$round,$name]}")
    done
    target=""
    [[ $name == "hook listen --json" ]] && target=" (target ≥ 0.70×)"
    printf 'c16 requests/s, %s / bare hyper: median %.2f×%s; per round: %s\n' \
        "$name" "$(median "${ratios[@]}")" "$target" "${ratios[*]}"
    key=hook; [[ $name == *--secret ]] && key=hook_secret
    summary "listen.c16_ratio.$key" "$(median "${ratios[@]}")"
    summary "listen.c16_rps.$key" "$(median "${rps[@]}")"
done
bare=()
for round in $(seq "$ROUNDS"); do bare+=("${RPS[$round,bare hyper]}"); done
summary listen.c16_rps.bare "$(median "${bare[@]}")"
summary listen.rounds "$ROUNDS"
echo "median c16 requests/s: bare hyper $(median "${bare[@]}")$(for name in "${SERVERS[@]:1}"; do
    r=(); for round in $(seq "$ROUNDS"); do r+=("${RPS[$round,$name]}"); done
    printf '; %s %s' "$name" "$(median "${r[@]}")"; done)"
