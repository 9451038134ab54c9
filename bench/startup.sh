#!/usr/bin/env bash
# Start-up cost: `hook --version`, and `hook sign` on a 1 KiB body against
# `openssl dgst -sha256 -hmac`, timed by hyperfine. Bounded: fixed run counts.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || apt-get install -y hyperfine >/dev/null
command -v openssl >/dev/null || apt-get install -y openssl >/dev/null
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -c "import json; print(json.dumps({'id': 'evt_1', 'pad': 'x' * 990}), end='')" >"$tmp/body.json"
hook=target/release/hook
hyperfine --shell=none --warmup 20 --runs 300 --export-markdown "$tmp/startup.md" \
  "$hook --version" \
  "$hook sign --provider github --secret s3cret $tmp/body.json" \
  "openssl dgst -sha256 -hmac s3cret $tmp/body.json" >/dev/null
sed "s#$tmp/##g; s#target/release/##g" "$tmp/startup.md"
