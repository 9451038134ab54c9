# Shared helpers for bench/replay.sh, bench/tunnel.sh and bench/tunnel-split.sh (bench/listen.sh
# keeps its own copies). Source it after `set -euo pipefail`:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_init            # ROOT, BENCH, TMP, PIDS, the EXIT trap
#
# Every process a script starts in the background goes into PIDS (track PID);
# the EXIT trap stops exactly those PIDs (TERM, 5 s, then KILL) and nothing else.

# No settings file (hook.toml, ~/.config/hook/config.toml) changes what is
# measured, nor any other HOOK_* variable: each gives hook an option. They
# stay shell variables (HOOK_BIN is read by build_all), only no longer
# passed on to the programs started.
export HOOK_CONFIG=
for v in $(compgen -e | grep '^HOOK_'); do [ "$v" = HOOK_CONFIG ] || export -n "$v"; done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
PIDS=()
HZ=$(getconf CLK_TCK)

log() { printf 'bench: %s\n' "$*" >&2; }

# summary KEY VALUE: append "KEY=VALUE" to the file named by BENCH_SUMMARY
# (set by bench/all.sh); does nothing when BENCH_SUMMARY is unset.
summary() { [[ -z ${BENCH_SUMMARY:-} ]] || printf '%s=%s\n' "$1" "$2" >>"$BENCH_SUMMARY"; }

bench_init() {
    TMP=$(mktemp -d -t hook-bench.XXXXXX)
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

bench_cleanup() {
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
    [[ -n ${TMP:-} ]] && rm -rf "$TMP"
}

track() { PIDS+=("$1"); }

forget() { # forget PID: reaped, so the EXIT trap must not signal it (the PID may be reused)
    local kept=() p
    for p in "${PIDS[@]:-}"; do [[ -n $p && $p != "$1" ]] && kept+=("$p"); done
    PIDS=("${kept[@]:-}")
}

# ---------------------------------------------------------------- tools
need_apt() { # need_apt COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    log "installing $2"
    apt-get install -y "$2" >/dev/null 2>&1 \
        || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
}

# bore's server always listens for its clients on this port.
BORE_CONTROL_PORT=7835

# need_bore: sets BORE to BORE_BIN, or to bench/.tools/bin/bore (installed
# there with `cargo install bore-cli` when missing).
need_bore() {
    if [[ -n ${BORE_BIN:-} ]]; then
        BORE=$BORE_BIN
        return 0
    fi
    BORE=$BENCH/.tools/bin/bore
    [[ -x $BORE ]] && return 0
    log "installing bore-cli: cargo install bore-cli --root bench/.tools"
    cargo install --quiet bore-cli --root "$BENCH/.tools"
}

# tunnel_tools: what the tunnel suites need: wrk, python3, hook and
# bare-hyper built, bore; and a fresh relay token in TOKEN.
tunnel_tools() {
    need_apt wrk wrk
    need_apt python3 python3
    build_all
    need_bore
    TOKEN=bench-token-$RANDOM$RANDOM
}

# build_all: sets HOOK and BARE (HOOK_BIN=path skips building hook).
build_all() {
    command -v cargo >/dev/null || { log "cargo not found"; exit 1; }
    if [[ -n ${HOOK_BIN:-} ]]; then
        HOOK=$HOOK_BIN
        log "using $HOOK (HOOK_BIN); not building hook"
    else
        log "building hook (release): cargo build --release"
        (cd "$ROOT" && cargo build --release --quiet)
        HOOK=$ROOT/target/release/hook
    fi
    log "building bare-hyper (release)"
    cargo build --release --quiet --manifest-path "$BENCH/bare-hyper/Cargo.toml"
    BARE=$BENCH/bare-hyper/target/release/bare-hyper
    [[ -x $HOOK && -x $BARE ]]
}

hook_version() {
    if [[ -n ${HOOK_BIN:-} ]]; then
        echo "$HOOK"
    else
        local dirty=
        if ! git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml Cargo.lock build.rs 2>/dev/null; then
            dirty=" + uncommitted changes in the work tree (diff sha256 $(git -C "$ROOT" diff HEAD -- src Cargo.toml Cargo.lock build.rs | sha256sum | cut -c1-12))"
        fi
        echo "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$dirty, binary sha256 $(sha256sum "$HOOK" | cut -c1-12)"
    fi
}

machine_line() {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  cores: $(nproc)  cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
}

# ---------------------------------------------------------------- other load
load1() { cut -d' ' -f1 /proc/loadavg; }

# wait_quiet: bounded wait (10 min, 10 s steps) until no wrk runs that this
# script did not start (ours always run in the foreground, so any wrk seen here
# is someone else's). Sets QUIET to "" or a note for the report.
QUIET_NOTES=()
wait_quiet() {
    local i others
    for i in $(seq 60); do
        others=$(pgrep -x wrk || true)
        [[ -z $others ]] && return 0
        ((i == 1)) && log "another wrk is running (pid $(echo $others | tr '\n' ' ')); waiting (at most 10 min)"
        sleep 10
    done
    log "another wrk still running after 10 min; measuring anyway"
    QUIET_NOTES+=("$(date -u +%H:%M:%S) measured while another wrk ran (pid $(echo $others | tr '\n' ' '))")
}

# ---------------------------------------------------------------- payloads
# make_payload DIR SECRET: DIR/body.json (a GitHub-style push payload of exactly
# 1024 bytes, the same one bench/listen.sh sends) and DIR/signature (its
# X-Hub-Signature-256 under SECRET).
make_payload() {
    python3 - "$1" "$2" <<'PY'
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
}

# make_lua OUT BODYFILE HEADERFILE: a wrk script that POSTs BODYFILE with the
# headers in HEADERFILE ("Name: value" lines) and prints one BENCH line.
make_lua() {
    local out=$1 body=$2 headers=$3 name value
    {
        echo "local f = assert(io.open(\"$body\", \"rb\"))"
        echo 'wrk.method = "POST"'
        echo 'wrk.body = f:read("*a")'
        echo 'f:close()'
        while IFS= read -r line; do
            [[ -n $line ]] || continue
            name=${line%%:*}; value=${line#*: }
            printf 'wrk.headers["%s"] = "%s"\n' "$name" "${value//\"/\\\"}"
        done <"$headers"
        cat <<'EOF'
-- One machine-readable line; latencies are in microseconds.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
EOF
    } >"$out"
}

# github_lua DIR SECRET: DIR/post.lua, the 1 KiB push with GitHub's headers.
github_lua() {
    local dir=$1 secret=$2
    make_payload "$dir" "$secret"
    cat >"$dir/headers" <<EOF
Content-Type: application/json
User-Agent: GitHub-Hookshot/bench
X-GitHub-Event: push
X-GitHub-Delivery: 72d3162e-cc78-11e3-81ab-4c9367dc0958
X-GitHub-Hook-ID: 292430182
X-Hub-Signature-256: $(cat "$dir/signature")
EOF
    make_lua "$dir/post.lua" "$dir/body.json" "$dir/headers"
}

# ---------------------------------------------------------------- processes
# start_bare OUTDIR: start bare-hyper on port 0; sets BARE_PID and BARE_PORT.
start_bare() {
    local dir=$1 i
    "$BARE" 0 >"$dir/bare.out" 2>"$dir/bare.err" &
    BARE_PID=$!
    track "$BARE_PID"
    BARE_PORT=
    for i in $(seq 200); do
        BARE_PORT=$(head -n1 "$dir/bare.out" 2>/dev/null || true)
        [[ -n $BARE_PORT ]] && break
        kill -0 "$BARE_PID" 2>/dev/null || { log "bare-hyper exited:"; cat "$dir/bare.err" >&2; return 1; }
        sleep 0.05
    done
    [[ -n $BARE_PORT ]] || { log "bare-hyper printed no port in 10 s"; return 1; }
    wait_ready "$BARE_PID" "$BARE_PORT"
}

# wait_ready PID PORT: bounded (10 s, 0.05 s steps) wait until PORT accepts.
wait_ready() {
    local pid=$1 port=$2 i
    for i in $(seq 200); do
        kill -0 "$pid" 2>/dev/null || { log "process $pid exited before listening"; return 1; }
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    log "process $pid not listening on $port after 10 s"
    return 1
}

# wait_line FILE REGEX [SECONDS]: bounded wait until a line of FILE matches;
# prints the first matching line.
wait_line() {
    local file=$1 re=$2 secs=${3:-10} i line
    for i in $(seq $((secs * 50))); do
        line=$(sed 's/\x1b\[[0-9;]*m//g' "$file" 2>/dev/null | grep -E -m1 "$re" || true)
        [[ -n $line ]] && { printf '%s\n' "$line"; return 0; }
        sleep 0.02
    done
    log "no line matching /$re/ in $file after ${secs}s"
    return 1
}

stop_pid() { # stop_pid PID: TERM, 5 s, KILL (only a PID this script started)
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    forget "$pid"
}

alive() { # alive PID NAME ERRFILE: fail, with its stderr, if PID has exited
    kill -0 "$1" 2>/dev/null && return 0
    local rc=0
    wait "$1" 2>/dev/null || rc=$?
    log "$2 (pid $1) exited (status $rc); its stderr:"
    cat "$3" >&2 || true
    return 1
}

cpu_ticks() { # cpu_ticks PID...: user + system CPU of all their threads, in clock ticks
    local pid sum=0
    for pid in "$@"; do
        sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo "$sum"
}

hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# children_cpu VAR: set VAR to the user+sys seconds of all children this shell
# has reaped so far (`times` must run in this shell, not in a $(…) subshell).
children_cpu() {
    times >"$TMP/.times"
    printf -v "$1" '%s' "$(sed -n 2p "$TMP/.times" | awk '{
        s = 0
        for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); s += p[1] * 60 + p[2] }
        printf "%.3f", s }')"
}

# ---------------------------------------------------------------- hook relay
# start_relay NAME [ARGS...]: hook relay on a free port with token $TOKEN,
# output in $TMP/NAME.out; sets STARTED_PID and STARTED_URL.
start_relay() {
    local name=$1; shift
    log "hook relay --listen 127.0.0.1:0 --json $* --token …"
    "$HOOK" relay --listen 127.0.0.1:0 --json "$@" --token "$TOKEN" >"$TMP/$name.out" 2>"$TMP/$name.err" &
    STARTED_PID=$!
    track "$STARTED_PID"
    local ready
    ready=$(wait_line "$TMP/$name.out" '"type":"ready"') || { cat "$TMP/$name.err" >&2; exit 1; }
    STARTED_URL=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["url"])' "$ready")
}

# ---------------------------------------------------------------- wrk
# run_wrk OUT THREADS CONNS SECONDS URL LUA: one bounded wrk run; raw output in OUT.
run_wrk() {
    local out=$1 threads=$2 conns=$3 secs=$4 url=$5 lua=$6
    timeout $((secs + 30)) wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 5s --latency \
        -s "$lua" "$url" >"$out"
    grep -q '^BENCH ' "$out" || { log "wrk printed no result:"; cat "$out" >&2; return 1; }
}

field() { # field FILE NAME
    grep '^BENCH ' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

wrk_rps() { # wrk_rps FILE
    awk -v r="$(field "$1" requests)" -v d="$(field "$1" duration_us)" 'BEGIN {printf "%.0f", r / (d / 1e6)}'
}

wrk_errors() { # wrk_errors FILE
    echo $(($(field "$1" non2xx) + $(field "$1" socket_errors)))
}

calc() { awk "BEGIN {printf \"$1\", $2}"; } # calc FORMAT EXPR
median() { # median NUMBER...: the middle value (mean of the two middle ones for an even count)
    printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# µs with a thousands-free format: 1234 µs → "1234 µs"; ≥ 10 ms → "12.3 ms"
fmt_us() {
    awk -v u="$1" 'BEGIN { if (u >= 10000) printf "%.1f ms", u / 1000; else printf "%d µs", u }'
}

# ---------------------------------------------------------------- start-up time
# write_first_ok DIR: DIR/first_ok.py, a poller for "time from starting a
# process to the first request it delivers". Protocol: it touches --ready, waits
# (10 s at most) for --t0 (the caller's $EPOCHREALTIME written just before it
# starts the process), then POSTs a small JSON body every --interval seconds,
# each on a new connection with a 1 s timeout, until one answers 200; it prints
# "ms=… attempts=… seen=…" and exits 0, or exits 1 after --limit seconds.
# The URL is --url, or the first --url-re match in --url-file (ANSI colours
# stripped) put into --url-template, for tunnels that print their public port.
write_first_ok() {
    cat >"$1/first_ok.py" <<'PY'
import argparse, http.client, os, re, sys, time, urllib.parse
ap = argparse.ArgumentParser()
ap.add_argument("--ready", required=True)
ap.add_argument("--t0", required=True)
ap.add_argument("--url")
ap.add_argument("--url-file")
ap.add_argument("--url-re")
ap.add_argument("--url-template")
ap.add_argument("--interval", type=float, default=0.01)
ap.add_argument("--limit", type=float, default=10.0)
a = ap.parse_args()
open(a.ready, "w").close()
deadline = time.time() + 10
while not os.path.exists(a.t0):
    if time.time() > deadline:
        print("no t0"); sys.exit(1)
    time.sleep(0.0005)
time.sleep(0.0005)
t0 = float(open(a.t0).read().strip())
ansi = re.compile(r"\x1b\[[0-9;]*m")
url, attempts, seen = a.url, 0, {}
body = b'{"zen":"Keep it logically awesome.","hook_id":1}'
tick = time.time()
while True:
    now = time.time()
    if now - t0 > a.limit:
        print(f"timeout after {a.limit}s attempts={attempts} seen={seen}"); sys.exit(1)
    if url is None:
        try:
            text = ansi.sub("", open(a.url_file, errors="replace").read())
        except OSError:
            text = ""
        m = re.search(a.url_re, text)
        if m:
            url = a.url_template.format(m.group(1))
    if url is not None:
        u = urllib.parse.urlsplit(url)
        attempts += 1
        status = None
        try:
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=1)
            c.request("POST", u.path or "/", body, {"Content-Type": "application/json", "Connection": "close"})
            r = c.getresponse(); r.read(); status = r.status
            c.close()
        except Exception as e:
            status = type(e).__name__
        seen[status] = seen.get(status, 0) + 1
        if status == 200:
            done = time.time()
            print(f"ms={(done - t0) * 1000:.1f} attempts={attempts} seen={','.join(f'{k}:{v}' for k, v in seen.items())}")
            sys.exit(0)
    tick += a.interval
    time.sleep(max(0.0, tick - time.time()))
PY
}

# first_ok_start POLLER-ARGS...: start the poller, wait until it is ready, and
# set FIRST_OK_PID; then the caller writes "$EPOCHREALTIME" to $TMP/t0 and
# starts the process at once, and calls first_ok_wait.
first_ok_start() {
    rm -f "$TMP/t0" "$TMP/poll.ready" "$TMP/poll.out"
    python3 "$TMP/first_ok.py" --ready "$TMP/poll.ready" --t0 "$TMP/t0" "$@" >"$TMP/poll.out" &
    FIRST_OK_PID=$!
    track "$FIRST_OK_PID"
    local i
    for i in $(seq 500); do [[ -e $TMP/poll.ready ]] && return 0; sleep 0.02; done
    log "start-up poller not ready after 10 s"
    return 1
}

# first_ok_wait VAR: wait for the poller; VAR = milliseconds to the first 200.
first_ok_wait() {
    local rc=0
    wait "$FIRST_OK_PID" || rc=$?
    forget "$FIRST_OK_PID"
    if ((rc != 0)); then
        log "no request delivered: $(cat "$TMP/poll.out")"
        return 1
    fi
    log "first delivery: $(cat "$TMP/poll.out")"
    printf -v "$1" '%s' "$(sed -n 's/^ms=\([0-9.]*\).*/\1/p' "$TMP/poll.out")"
}
