#!/usr/bin/env bash
# Run every benchmark suite in bench/ in sequence and print one table of every
# target against its measured value.
#
#   bash bench/all.sh                  # tunnel listen replay startup capacity
#   bash bench/all.sh listen tunnel    # only the named suites, in that order
#   QUICK=1 bash bench/all.sh          # smoke check: short runs, 1 round
#
# A benchmark, not a test: it exits 0 whatever the numbers are, and 1 only
# when a suite itself failed (its row then says so). It builds hook (release)
# once, copies the binary to a temporary directory and hands that copy to every
# suite as HOOK_BIN (so no suite rebuilds hook, and a build someone else starts
# in target/ meanwhile cannot swap the binary between suites). For each suite
# it writes, in bench/results/ (git-ignored), with STAMP = UTC start time:
#   <suite>-STAMP.md    the suite's stdout (its full report), after one line
#                       naming the command and knobs it ran with
#   <suite>-STAMP.log   the suite's stderr (progress), also shown here
# and for the whole run:
#   summary-STAMP.txt   the key=value lines every suite appended to the file
#                       named by BENCH_SUMMARY (the table is built from these)
#   all-STAMP.md        the summary table printed at the end
#
# Environment knobs (defaults in brackets):
#   QUICK          1: shorten every suite for a smoke check; the table header
#                  then says QUICK, and the numbers are not measurements [0]
#   HOOK_BIN       measure this hook binary instead of building the checkout [unset]
#   SUITE_TIMEOUT  seconds a suite may run before it is stopped [3600; QUICK 900]
# The suites' own knobs (DURATION, WARMUP, ROUNDS, STARTS, CALIBRATE,
# WITH_SECRET, RUNS, WARMUP_RUNS, BORE_BIN) pass through from the environment;
# QUICK=1 sets only those left unset:
#   tunnel    ROUNDS=1 DURATION=2 WARMUP=1 STARTS=2
#   listen    ROUNDS=1 DURATION=2 WARMUP=1 WITH_SECRET=0
#   replay    ROUNDS=1 DURATION=2 WARMUP=1 CALIBRATE=1000
#   startup   RUNS=30 WARMUP_RUNS=3
#   capacity  DURATION=2   (still 1,000 and 10,000 idle tunnels)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init

ALL_SUITES=(tunnel listen replay startup capacity)
QUICK=${QUICK:-0}
[[ $QUICK == 0 || $QUICK == 1 ]] || { log "QUICK must be 0 or 1"; exit 2; }
if ((QUICK)); then SUITE_TIMEOUT=${SUITE_TIMEOUT:-900}; else SUITE_TIMEOUT=${SUITE_TIMEOUT:-3600}; fi

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; }

SUITES=()
for a in "$@"; do
    case $a in
        -h | --help) usage; exit 0 ;;
        tunnel | listen | replay | startup | capacity) SUITES+=("$a") ;;
        *) log "unknown suite '$a' (suites: ${ALL_SUITES[*]})"; exit 2 ;;
    esac
done
((${#SUITES[@]})) || SUITES=("${ALL_SUITES[@]}")
selected() { [[ " ${SUITES[*]} " == *" $1 "* ]]; }

STAMP=$(date -u +%Y%m%d-%H%M%S)
STARTED=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
RESULTS=$BENCH/results
mkdir -p "$RESULTS"
SUMMARY=$RESULTS/summary-$STAMP.txt
: >"$SUMMARY"

# ---------------------------------------------------------------- build once
command -v cargo >/dev/null || { log "cargo not found"; exit 1; }
if [[ -n ${HOOK_BIN:-} ]]; then
    [[ -x $HOOK_BIN ]] || { log "HOOK_BIN=$HOOK_BIN is not an executable"; exit 1; }
    cp "$HOOK_BIN" "$TMP/hook"
    HOOK_FROM="$HOOK_BIN (HOOK_BIN)"
else
    targets=(--bins)
    selected capacity && targets+=(--example swarm)
    log "building hook (release): cargo build --release ${targets[*]}"
    (cd "$ROOT" && cargo build --release --quiet "${targets[@]}")
    cp "$ROOT/target/release/hook" "$TMP/hook"
    HOOK_FROM="target/release/hook, built from the checkout by this run"
fi
if selected tunnel || selected listen || selected replay; then
    log "building bare-hyper (release)"
    cargo build --release --quiet --manifest-path "$BENCH/bare-hyper/Cargo.toml"
fi
HOOK=$TMP/hook
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
DIRTY=
if ! git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml Cargo.lock build.rs 2>/dev/null; then
    DIRTY=" + uncommitted changes under src/, Cargo.*, build.rs (diff sha256 $( (git -C "$ROOT" diff HEAD -- src Cargo.toml Cargo.lock build.rs 2>/dev/null || true) | sha256sum | cut -c1-12))"
fi
HOOK_SHA=$(sha256sum "$HOOK" | cut -c1-12)
log "hook: $HOOK_FROM, checkout $COMMIT$DIRTY, binary sha256 $HOOK_SHA, version: $("$HOOK" --version)"

# ---------------------------------------------------------------- suites
# quick_env SUITE: the NAME=VALUE settings QUICK=1 adds for SUITE (unset ones only).
quick_env() {
    local kv name
    case $1 in
        tunnel) set -- ROUNDS=1 DURATION=2 WARMUP=1 STARTS=2 ;;
        listen) set -- ROUNDS=1 DURATION=2 WARMUP=1 WITH_SECRET=0 ;;
        replay) set -- ROUNDS=1 DURATION=2 WARMUP=1 CALIBRATE=1000 ;;
        startup) set -- RUNS=30 WARMUP_RUNS=3 ;;
        capacity) set -- DURATION=2 ;;
    esac
    for kv in "$@"; do
        name=${kv%%=*}
        [[ -n ${!name:-} ]] || printf '%s\n' "$kv"
    done
}

declare -A RC SECS LOAD
run_suite() { # run_suite SUITE: bounded by SUITE_TIMEOUT; sets RC, SECS, LOAD
    local suite=$1 md=$RESULTS/$1-$STAMP.md log=$RESULTS/$1-$STAMP.log
    local envs=() kv knobs=
    ((QUICK)) && mapfile -t envs < <(quick_env "$suite")
    # The knobs this suite actually runs with (set here or inherited), for its report.
    for kv in DURATION WARMUP ROUNDS STARTS CALIBRATE WITH_SECRET RUNS WARMUP_RUNS BORE_BIN; do
        [[ -n ${!kv:-} ]] && knobs+="$kv=${!kv} "
    done
    for kv in "${envs[@]}"; do knobs+="$kv "; done
    LOAD[$suite]=$(load1)
    log "== $suite: ${knobs}bash bench/$suite.sh (load1 ${LOAD[$suite]}; report → ${md#"$ROOT"/})"
    printf 'bench/all.sh %s: `%sHOOK_BIN=<copy of %s> bash bench/%s.sh`%s\n\n' "$STAMP" "$knobs" \
        "$HOOK_FROM" "$suite" "$( ((QUICK)) && echo ' (QUICK=1 smoke check: not a measurement)')" >"$md"
    : >"$log"
    local t0=$SECONDS rc=0 pid tail_pid
    # timeout puts the suite in its own process group and, on expiry or when
    # this script is interrupted (the EXIT trap sends it TERM), signals that
    # whole group: the suite's own traps then stop what the suite started.
    timeout --kill-after=30 "$SUITE_TIMEOUT" \
        env "${envs[@]}" HOOK_BIN="$HOOK" BENCH_SUMMARY="$SUMMARY" bash "$BENCH/$suite.sh" >>"$md" 2>"$log" &
    pid=$!
    track "$pid"
    tail -n +1 -s 0.2 -f --pid="$pid" "$log" >&2 &
    tail_pid=$!
    track "$tail_pid"
    wait "$pid" || rc=$?
    forget "$pid"
    wait "$tail_pid" || true # exits by itself once $pid has gone (--pid)
    forget "$tail_pid"
    RC[$suite]=$rc
    SECS[$suite]=$((SECONDS - t0))
    if ((rc == 124)); then
        log "$suite: stopped after SUITE_TIMEOUT=${SUITE_TIMEOUT}s"
    elif ((rc != 0)); then
        log "$suite: exited with status $rc"
    fi
    log "$suite: done in ${SECS[$suite]}s"
}

for suite in "${SUITES[@]}"; do run_suite "$suite"; done

# ---------------------------------------------------------------- table
declare -A V
while IFS='=' read -r key value; do
    [[ -n $key ]] && V[$key]=$value
done <"$SUMMARY"
v() { printf '%s' "${V[$1]:-}"; }
have() { local k; for k in "$@"; do [[ -n ${V[$k]:-} ]] || return 1; done; }
div() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) printf "n/a"; else printf "%.2f", a / b}'; } # div A B: A / B, 2 decimals
# met OP A B: "yes" when A OP B holds (OP is >=, <= or <), else "no".
met() { awk -v a="$2" -v b="$3" -v op="$1" 'BEGIN {
    ok = (op == ">=") ? a >= b : (op == "<=") ? a <= b : a < b; print ok ? "yes" : "no" }'; }
mib_of_kib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }
ms() { awk -v m="$1" 'BEGIN {printf "%.2f ms", m}'; }

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); } # row SUITE MEASURE VALUE TARGET RATIO MET
# missing SUITE MEASURE TARGET [WHY]: a row for a value the suite did not report.
missing() {
    local why=${4:-}
    if [[ -z $why ]]; then
        if [[ -z ${RC[$1]:-} ]]; then why="suite not run"
        elif ((RC[$1] == 124)); then why="suite stopped after ${SUITE_TIMEOUT}s; see bench/results/$1-$STAMP.log"
        elif ((RC[$1] != 0)); then why="suite failed (exit ${RC[$1]}); see bench/results/$1-$STAMP.log"
        else why="not reported"
        fi
    fi
    row "$1" "$2" "— ($why)" "$3" "—" "?"
}

if selected tunnel; then
    # tunnel_rows KEY LABEL: the c16 and c1 rows for one hook configuration against bore
    # (medians over rounds; ratios are medians of per-round ratios).
    tunnel_rows() {
        local key=$1 label=$2
        if have "tunnel.c16_ratio.$key" "tunnel.c16_rps.$key" tunnel.c16_rps.bore; then
            row tunnel "c16 requests/s, $label vs bore" \
                "hook $(v "tunnel.c16_rps.$key"), bore $(v tunnel.c16_rps.bore) (medians, $(v tunnel.rounds) round(s))" \
                "≥ 1.0× bore" "$(printf '%.2f' "$(v "tunnel.c16_ratio.$key")")× (median of per-round ratios)" \
                "$(met '>=' "$(v "tunnel.c16_ratio.$key")" 1.0)"
        else
            missing tunnel "c16 requests/s, $label vs bore" "≥ 1.0× bore" \
                "$(have tunnel.bore_skipped && echo "bore not run: $(v tunnel.bore_skipped)")"
        fi
        if have "tunnel.c1_ratio.$key" "tunnel.c1_p50_us.$key" tunnel.c1_p50_us.bore; then
            row tunnel "c1 p50 latency, $label vs bore" \
                "hook $(fmt_us "$(v "tunnel.c1_p50_us.$key")"), bore $(fmt_us "$(v tunnel.c1_p50_us.bore)") (medians)" \
                "≤ 1.5× bore" "$(printf '%.2f' "$(v "tunnel.c1_ratio.$key")")× (median of per-round ratios)" \
                "$(met '<=' "$(v "tunnel.c1_ratio.$key")" 1.5)"
        else
            missing tunnel "c1 p50 latency, $label vs bore" "≤ 1.5× bore" \
                "$(have tunnel.bore_skipped && echo "bore not run: $(v tunnel.bore_skipped)")"
        fi
    }
    tunnel_rows hook "hook relay + tunnel"
    tunnel_rows hook_quiet "hook relay + tunnel --quiet"
    if have tunnel.rss_kib.hook; then
        k=$(v tunnel.rss_kib.hook)
        row tunnel "peak RSS under load, relay + tunnel (VmHWM sum)" "$(mib_of_kib "$k")" "≤ 32 MiB" \
            "$(div "$k" $((32 * 1024)))×" "$(met '<=' "$k" $((32 * 1024)))"
    else
        missing tunnel "peak RSS under load, relay + tunnel (VmHWM sum)" "≤ 32 MiB"
    fi
fi

if selected listen; then
    if have listen.c16_ratio.hook listen.c16_rps.hook listen.c16_rps.bare; then
        row listen "c16 requests/s, hook listen --json vs bare hyper" \
            "hook $(v listen.c16_rps.hook), bare hyper $(v listen.c16_rps.bare) (medians, $(v listen.rounds) round(s))" \
            "≥ 0.7× bare hyper" "$(printf '%.2f' "$(v listen.c16_ratio.hook)")× (median of per-round ratios)" \
            "$(met '>=' "$(v listen.c16_ratio.hook)" 0.7)"
    else
        missing listen "c16 requests/s, hook listen --json vs bare hyper" "≥ 0.7× bare hyper"
    fi
    if have listen.c16_ratio.hook_secret; then
        row listen "c16 requests/s, hook listen --json --secret vs bare hyper" \
            "hook $(v listen.c16_rps.hook_secret) (median)" "information" \
            "$(printf '%.2f' "$(v listen.c16_ratio.hook_secret)")× (median of per-round ratios)" "—"
    fi
fi

if selected replay; then
    # The target compares like with like: wrk sends the very request hook
    # replay sends (same target, headers and body), once built, and prints a
    # summary only, as hook replay --quiet does; hook builds and signs each
    # delivery afresh. hook with a JSON line per attempt, and wrk with the
    # smaller 1 KiB body of the listen suite, are shown for information.
    if have replay.ratio.wrk_fixture replay.dps.hook replay.rps.wrk_fixture; then
        failed=$(v replay.failed)
        verdict=$(met '>=' "$(v replay.ratio.wrk_fixture)" 0.8)
        [[ ${failed:-0} == 0 ]] || verdict="no ($failed failed deliveries)"
        row replay "deliveries/s, hook replay --concurrency 16 --quiet vs wrk -c16 sending the same github/push request" \
            "hook $(v replay.dps.hook), wrk $(v replay.rps.wrk_fixture) (medians, $(v replay.rounds) round(s))" "≥ 0.8× wrk" \
            "$(printf '%.2f' "$(v replay.ratio.wrk_fixture)")× (median of per-round ratios)" "$verdict"
    else
        missing replay "deliveries/s, hook replay --concurrency 16 --quiet vs wrk -c16 sending the same github/push request" "≥ 0.8× wrk"
    fi
    if have replay.ratio.lines_wrk_fixture replay.dps.hook_lines; then
        row replay "deliveries/s with a JSON line per attempt (no --quiet), vs the same wrk" \
            "hook $(v replay.dps.hook_lines), wrk $(v replay.rps.wrk_fixture) (medians)" "information" \
            "$(printf '%.2f' "$(v replay.ratio.lines_wrk_fixture)")× (median of per-round ratios)" "—"
    fi
    if have replay.ratio.wrk_1k replay.rps.wrk_1k; then
        row replay "deliveries/s, --quiet, vs wrk sending a smaller 1 KiB push" \
            "hook $(v replay.dps.hook), wrk $(v replay.rps.wrk_1k) (medians)" "information" \
            "$(printf '%.2f' "$(v replay.ratio.wrk_1k)")× (median of per-round ratios)" "—"
    fi
fi

if selected startup; then
    if have startup.version_mean_ms; then
        row start-up "\`hook --version\`, hyperfine mean" \
            "$(ms "$(v startup.version_mean_ms)") ± $(ms "$(v startup.version_stddev_ms)") (min $(ms "$(v startup.version_min_ms)"), $(v startup.runs) runs)" \
            "≤ 2 ms mean" "$(div "$(v startup.version_mean_ms)" 2)×" "$(met '<=' "$(v startup.version_mean_ms)" 2)"
    else
        missing start-up "\`hook --version\`, hyperfine mean" "≤ 2 ms mean"
    fi
    if have startup.sign_mean_ms startup.openssl_mean_ms; then
        row start-up "\`hook sign\` 1 KiB vs \`openssl dgst -sha256 -hmac\`, means" \
            "hook $(ms "$(v startup.sign_mean_ms)"), openssl $(ms "$(v startup.openssl_mean_ms)")" "information" \
            "$(div "$(v startup.sign_mean_ms)" "$(v startup.openssl_mean_ms)")×" "—"
    else
        missing start-up "\`hook sign\` 1 KiB vs \`openssl dgst -sha256 -hmac\`, means" "information"
    fi
fi

if selected capacity; then
    for n in 10000 1000; do
        m="relay RSS (VmRSS), $n idle tunnels"
        if have "capacity.rss_kib.idle_$n"; then
            k=$(v "capacity.rss_kib.idle_$n") c=$(v "capacity.connected.idle_$n")
            text="$(mib_of_kib "$k") (${c:-0} of $n connected; empty relay $(mib_of_kib "$(v "capacity.rss_kib.empty_$n")"))"
            if ((n == 10000)); then
                verdict=$(met '<' "$k" $((1024 * 1024)))
                [[ ${c:-0} == "$n" ]] || verdict="? (only ${c:-0} of $n connected)"
                row capacity "$m" "$text" "< 1 GiB" "$(div "$k" $((1024 * 1024)))×" "$verdict"
            else
                row capacity "$m" "$text" "information" "—" "—"
            fi
        else
            missing capacity "$m" "$( ((n == 10000)) && echo '< 1 GiB' || echo information)"
        fi
    done
    if have capacity.rps.active_100; then
        row capacity "requests/s across 100 active tunnels (wrk -t2 -c32)" \
            "$(v capacity.rps.active_100) (non-2xx $(v capacity.non2xx.active_100); $(v capacity.connected.active_100) of 100 connected)" \
            "information" "—" "—"
    else
        missing capacity "requests/s across 100 active tunnels (wrk -t2 -c32)" "information"
    fi
fi

# ---------------------------------------------------------------- report
OUT=$RESULTS/all-$STAMP.md
{
    echo
    if ((QUICK)); then
        echo "## bench/all.sh — QUICK=1 smoke check (short runs, 1 round): NOT measurements, do not quote"
    else
        echo "## bench/all.sh"
    fi
    echo
    echo "date: $STARTED → $(date -u '+%H:%M:%S UTC')"
    echo "machine: $(nproc) cores, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM (MemTotal), cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), Linux $(uname -r)"
    echo "hook: $HOOK_FROM, binary sha256 $HOOK_SHA; checkout: commit $COMMIT$DIRTY"
    printf 'load average (1 min) before each suite:'
    for suite in "${SUITES[@]}"; do printf ' %s %s;' "$suite" "${LOAD[$suite]}"; done
    echo
    printf 'suites:'
    for suite in "${SUITES[@]}"; do
        printf ' %s (exit %s, %ss, bench/results/%s-%s.md);' "$suite" "${RC[$suite]}" "${SECS[$suite]}" "$suite" "$STAMP"
    done
    echo
    echo
    if ((QUICK)); then
        echo "| suite | measure | value (QUICK=1: not a measurement) | target | ratio | met |"
    else
        echo "| suite | measure | value | target | ratio | met |"
    fi
    echo "| --- | --- | --- | --- | ---: | --- |"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "ratio = measured / target reference (hook / bore, hook / bare hyper, hook / wrk, value / limit)."
    echo "Raw values: bench/results/summary-$STAMP.txt"
} | tee "$OUT"

for suite in "${SUITES[@]}"; do
    ((RC[$suite] == 0)) || exit 1
done
