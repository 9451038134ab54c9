#!/usr/bin/env bash
# Relay capacity: RSS of one `hook relay` holding 1,000 and 10,000 idle
# tunnels (simulated in one process by examples/swarm.rs), and requests/s
# across 100 active tunnels driven by wrk. Loopback only; every step bounded;
# only the processes started here are stopped, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
cargo build --release --quiet
cargo build --release --quiet --example swarm
# 10,000 tunnels need about 10,000 descriptors on each side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open-file limit: $(ulimit -n)" >&2
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# Starts a relay and sets RELAY_PID, RELAY_URL, WS_URL.
start_relay() {
  target/release/hook relay --listen 127.0.0.1:0 --json --token bench --max-in-flight 4096 >"$tmp/relay.out" 2>&1 &
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
  echo "| relay RSS with $(cat "$tmp/swarm.$n") idle tunnels (empty relay: $((base / 1024)) MiB) | $(( $(rss_kib "$RELAY_PID") / 1024 )) MiB |"
  kill "$SWARM_PID" "$RELAY_PID" 2>/dev/null || true
  wait "$SWARM_PID" "$RELAY_PID" 2>/dev/null || true
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
out=$(timeout 30 wrk -t2 -c32 -d10s -s "$tmp/spread.lua" "$RELAY_URL")
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
echo "| requests/s across 100 active tunnels (wrk -t2 -c32 -d10s; non-2xx: ${non2xx:-0}) | $rps |"
echo "| relay RSS after that | $(( $(rss_kib "$RELAY_PID") / 1024 )) MiB |"
