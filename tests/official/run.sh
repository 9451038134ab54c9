#!/usr/bin/env bash
# Cross-check `hook sign` / `hook verify` against the providers' OFFICIAL
# libraries (stripe-python, standardwebhooks, svix, slack-sdk, twilio-python,
# hubspot-api-client, sendgrid, @octokit/webhooks-methods), in both directions.
#
# Usage:   bash tests/official/run.sh            (after `cargo build`)
#          HOOK_BIN=target/release/hook bash tests/official/run.sh
#
# Installs pinned packages into target/official/{venv,npm} (reused when
# present). Needs python3 (with venv), node >= 20 and npm. Network is used only
# by pip/npm for those installs. Exit code: 0 all checks ok, 1 some check
# failed, 2 setup problem.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

HOOK_BIN="${HOOK_BIN:-target/debug/hook}"
case "$HOOK_BIN" in /*) ;; *) HOOK_BIN="$root/$HOOK_BIN" ;; esac
if [ ! -x "$HOOK_BIN" ]; then
  echo "FAIL setup: hook binary not found at $HOOK_BIN (run cargo build, or set HOOK_BIN)"
  exit 2
fi
# No HOOK_* variable of the developer's gives hook an option during the
# checks (every long option has one), and no settings file (hook.toml,
# ~/.config/hook/config.toml) applies. HOOK_BIN, which names no option,
# tells the checks where hook is.
for v in $(compgen -e | grep '^HOOK_'); do
  [ "$v" = HOOK_BIN ] || unset "$v"
done
export HOOK_BIN
export HOOK_CONFIG=

out=target/official
mkdir -p "$out"

# --- Python side -------------------------------------------------------------
PY_PINS=(stripe==16.1.0 svix==2.9.1 standardwebhooks==1.1.0 slack-sdk==3.48.0 twilio==9.13.0 hubspot-api-client==12.0.0 sendgrid==6.12.5)
venv="$out/venv"
py="$venv/bin/python"
if [ ! -x "$py" ]; then
  if ! "${PYTHON:-python3}" -m venv "$venv" >"$out/venv.log" 2>&1; then
    echo "FAIL setup: python3 -m venv failed (see $out/venv.log)"
    exit 2
  fi
fi
if [ "$(cat "$venv/.pins" 2>/dev/null || true)" != "${PY_PINS[*]}" ]; then
  if ! timeout 600 "$py" -m pip install -q --disable-pip-version-check "${PY_PINS[@]}" >"$out/pip.log" 2>&1; then
    echo "FAIL setup: pip install failed (see $out/pip.log)"
    tail -n 5 "$out/pip.log" || true
    exit 2
  fi
  echo "${PY_PINS[*]}" >"$venv/.pins"
fi

# --- Node side ---------------------------------------------------------------
NPM_PIN="@octokit/webhooks-methods@6.0.0"
npm_dir="$out/npm"
pkg_json="$npm_dir/node_modules/@octokit/webhooks-methods/package.json"
if ! grep -q '"version": "6.0.0"' "$pkg_json" 2>/dev/null; then
  mkdir -p "$npm_dir"
  if ! timeout 600 npm install --prefix "$npm_dir" --no-audit --no-fund "$NPM_PIN" >"$out/npm.log" 2>&1; then
    echo "FAIL setup: npm install $NPM_PIN failed (see $out/npm.log)"
    tail -n 5 "$out/npm.log" || true
    exit 2
  fi
fi

# --- Checks ------------------------------------------------------------------
log="$out/results.log"
: >"$log"
rc=0
if ! timeout 300 "$py" "$here/check.py" | tee -a "$log"; then rc=1; fi
if ! timeout 300 "$py" "$here/check_more.py" | tee -a "$log"; then rc=1; fi
if ! timeout 120 node "$here/check.mjs" | tee -a "$log"; then rc=1; fi
if ! timeout 120 "$py" "$here/check_listen.py" | tee -a "$log"; then rc=1; fi
if ! timeout 180 "$py" "$here/check_replay.py" | tee -a "$log"; then rc=1; fi

passed=$(grep -c '^ok ' "$log" || true)
failed=$(grep -c '^FAIL ' "$log" || true)
echo "official: $passed passed, $failed failed"
if [ "$failed" != 0 ] || [ "$passed" = 0 ]; then rc=1; fi
exit "$rc"
