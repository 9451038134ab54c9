#!/usr/bin/env bash
# Relay capacity: RSS of one `hook relay` holding 1,000 and 10,000 idle
# tunnels (simulated in one process by examples/swarm.rs), and requests/s
# across 100 active tunnels driven by wrk. Loopback only; every step bounded;
# only the processes started here are stopped, by PID.
#
# Environment knobs (defaults in brackets):
#   DURATION       seconds of the wrk run across 100 active tunnels [10]
#   HOOK_BIN       an already built hook binary instead of building
#                  this checkout's (examples/swarm is still built)  [unset]
#   BENCH_SUMMARY  a file to append key=value results to (bench/all.sh) [unset]
set -euo pipefail
# No settings file (hook.toml, ~/.config/hook/config.toml) changes what is measured.
export HOOK_CONFIG=
# Nor any other HOOK_* variable: each gives hook an option. They stay shell
# variables (HOOK_BIN is read below), only no longer passed on.
for v in $(compgen -e | grep '^HOOK_'); do [ "$v" = HOOK_CONFIG ] || export -n "$v"; done
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
summary() { [[ -z ${BENCH_SUMMARY:-} ]] || printf '%s=%s\n' "$1" "$2" >>"$BENCH_SUMMARY"; }
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
if [[ -n ${HOOK_BIN:-} ]]; then
  hook=$HOOK_BIN
else
  cargo build --release --quiet
  hook=target/release/hook
fi
cargo build --release --quiet --example swarm
# 10,000 tunnels need about 10,000 descriptors on each side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open-file limit: $(ulimit -n)" >&2
tmp=$(mktemp -d)
pids=()
# Bounded stop of PIDs started here: TERM, up to 5 s, then KILL.
stop() {
  local p
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "$@"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
}
cleanup() { stop "${pids[@]}"; rm -rf "$tmp"; }
trap cleanup EXIT

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# Starts a relay and sets RELAY_PID, RELAY_URL, WS_URL.
start_relay() {
  "$hook" relay --listen 127.0.0.1:0 --json --token bench --max-in-flight 4096 >"$tmp/relay.out" 2>&1 &
  RELAY_PID=$!; pids+=("$RELAY_PID")
  for _ in $(seq 200); do grep -q '"ready"' "$tmp/relay.out" 2>/dev/null && break; sleep 0.05; done
  RELAY_URL=$(head -1 "$tmp/relay.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')
  WS_URL=$(head -1 "$tmp/relay.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ws_url"])')
}

# swarm N [answer]: connect N tunnels and wait (bounded) until they are all up.
swarm() {
  mkfifo "$tmp/hold.$1"
  target/release/examples/swarm "$WS_URL" bench "$1" ${2:-} <"$tmp/hold.$1" >"$tmp/swarm.$1" 2>&1 &
  SWARM_PID=$!; pids+=("$SWARM_PID")
  exec {hold}>"$tmp/hold.$1"
  for _ in $(seq 1200); do grep -q connected "$tmp/swarm.$1" 2>/dev/null && break; sleep 0.05; done
}

echo "| measure | value |"
echo "| --- | ---: |"
for n in 1000 10000; do
  start_relay
  base=$(rss_kib "$RELAY_PID")
  swarm "$n"
  sleep 1
  rss=$(rss_kib "$RELAY_PID")
  echo "| relay RSS with $(cat "$tmp/swarm.$n") idle tunnels (empty relay: $((base / 1024)) MiB) | $((rss / 1024)) MiB |"
  summary "capacity.rss_kib.idle_$n" "$rss"
  summary "capacity.rss_kib.empty_$n" "$base"
  summary "capacity.connected.idle_$n" "$(sed -n 's/^connected //p' "$tmp/swarm.$n")"
  stop "$SWARM_PID" "$RELAY_PID"
  pids=() # both reaped: the EXIT trap must not signal their (reusable) PIDs
done

start_relay
swarm 100 answer
cat >"$tmp/spread.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/swarm-" .. (counter % 100) .. "/hook", {["Content-Type"] = "application/json"}, '{"n":1}')
end
LUA
out=$(timeout $((DURATION + 20)) wrk -t2 -c32 -d"${DURATION}s" -s "$tmp/spread.lua" "$RELAY_URL")
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
echo "| requests/s across 100 active tunnels (wrk -t2 -c32 -d${DURATION}s; non-2xx: ${non2xx:-0}) | $rps |"
summary capacity.rps.active_100 "$rps"
summary capacity.non2xx.active_100 "${non2xx:-0}"
summary capacity.connected.active_100 "$(sed -n 's/^connected //p' "$tmp/swarm.100")"
echo "| relay RSS after that | $(( $(rss_kib "$RELAY_PID") / 1024 )) MiB |"
