#!/usr/bin/env bash
# The whole test suite: Rust unit and integration tests, then the cross-check
# of hook's signatures against the providers' official libraries (PyPI, npm).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
cargo build --locked
HOOK_BIN=target/debug/hook bash tests/official/run.sh
