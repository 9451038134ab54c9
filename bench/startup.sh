#!/usr/bin/env bash
# Start-up cost: `hook --version`, and `hook sign` on a 1 KiB body against
# `openssl dgst -sha256 -hmac`, timed by hyperfine. Bounded: fixed run counts.
#
# Environment knobs (defaults in brackets):
#   RUNS           hyperfine runs per command                      [300]
#   WARMUP_RUNS    hyperfine warm-up runs per command              [20]
#   HOOK_BIN       an already built hook binary instead of building
#                  this checkout's                                 [unset]
#   BENCH_SUMMARY  a file to append key=value results to (bench/all.sh) [unset]
set -euo pipefail
# No settings file (hook.toml, ~/.config/hook/config.toml) changes what is measured.
export HOOK_CONFIG=
# Nor any other HOOK_* variable: each gives hook an option. They stay shell
# variables (HOOK_BIN is read below), only no longer passed on.
for v in $(compgen -e | grep '^HOOK_'); do [ "$v" = HOOK_CONFIG ] || export -n "$v"; done
cd "$(dirname "$0")/.."
RUNS=${RUNS:-300}
WARMUP_RUNS=${WARMUP_RUNS:-20}
summary() { [[ -z ${BENCH_SUMMARY:-} ]] || printf '%s=%s\n' "$1" "$2" >>"$BENCH_SUMMARY"; }
command -v hyperfine >/dev/null || apt-get install -y hyperfine >/dev/null
command -v openssl >/dev/null || apt-get install -y openssl >/dev/null
if [[ -n ${HOOK_BIN:-} ]]; then
  hook=$HOOK_BIN
else
  cargo build --release --quiet
  hook=target/release/hook
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "import json; print(json.dumps({'id': 'evt_1', 'pad': 'x' * 990}), end='')" >"$tmp/body.json"
hyperfine --shell=none --warmup "$WARMUP_RUNS" --runs "$RUNS" --export-markdown "$tmp/startup.md" \
  --export-json "$tmp/startup.json" \
  "$hook --version" \
  "$hook sign --provider github --secret s3cret $tmp/body.json" \
  "openssl dgst -sha256 -hmac s3cret $tmp/body.json" >/dev/null
sed "s#$tmp/##g; s#$(dirname "$hook")/##g" "$tmp/startup.md"
# Means and minimums in ms, in the order of the commands above.
python3 - "$tmp/startup.json" <<'PY' | while read -r key value; do summary "$key" "$value"; done
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for name, r in zip(["version", "sign", "openssl"], results):
    print(f"startup.{name}_mean_ms {r['mean'] * 1000:.3f}")
    print(f"startup.{name}_stddev_ms {r['stddev'] * 1000:.3f}")
    print(f"startup.{name}_min_ms {r['min'] * 1000:.3f}")
print(f"startup.runs {len(results[0]['times'])}")
PY
