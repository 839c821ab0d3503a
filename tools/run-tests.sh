#!/usr/bin/env bash
# `make check`: build everything, run every suite, print one summary line
# "N passed, N failed". Suites: unit (cmocka), unit under ASan+UBSan, CLI
# contract scripts, API (node:test against the real binary), API against the
# ASan binary, browser (Chromium via playwright-core + axe-core), lint, and a
# short libFuzzer run of every target.
set -u
cd "$(dirname "$0")/.."
export TZ=${TZ:-UTC}
# Test databases get a small demo year of cases unless a test asks for the
# full one (tests/api/case_figures.test.mjs does).
export ONESTOP_DEMO_CASES=${ONESTOP_DEMO_CASES:-3000}
FUZZ_SECONDS=${FUZZ_SECONDS:-8}
LOG=build/test-logs
rm -rf "$LOG"; mkdir -p "$LOG"
PASS=0; FAIL=0
declare -a SUMMARY

note() { SUMMARY+=("$(printf '%-12s %5d passed %5d failed  %s' "$1" "$2" "$3" "$4")"); PASS=$((PASS + $2)); FAIL=$((FAIL + $3)); }

build() {
  local what=$1; shift
  if ! "$@" >"$LOG/build-$what.log" 2>&1; then
    echo "build of $what failed:"; tail -30 "$LOG/build-$what.log"
    note "build:$what" 0 1 "$LOG/build-$what.log"
    return 1
  fi
}

# Parse cmocka's closing lines.
run_cmocka() { # suite dir
  local suite=$1 dir=$2 p=0 f=0 t out
  for t in "$dir"/test_*; do
    [ -x "$t" ] || continue
    out="$LOG/$suite-$(basename "$t").log"
    "$t" >"$out" 2>&1; local rc=$?
    local tp tf
    tp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
    tf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
    tp=${tp:-0}; tf=${tf:-0}
    if [ "$rc" -ne 0 ] && [ "$tf" -eq 0 ]; then tf=1; echo "$suite: $(basename "$t") exited $rc"; tail -20 "$out"; fi
    [ "$tf" -gt 0 ] && { echo "--- $suite $(basename "$t")"; grep -E 'FAILED|ERROR|error|Assert' "$out" | head -20; }
    p=$((p + tp)); f=$((f + tf))
  done
  note "$suite" "$p" "$f" "$LOG/$suite-*.log"
}

# Parse node:test's "# pass N" / "# fail N" (also TAP-like shell scripts).
parse_tap() { # suite logfile rc
  local suite=$1 out=$2 rc=$3 tp tf
  tp=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out" | tail -1)
  tf=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out" | tail -1)
  tp=${tp:-0}; tf=${tf:-0}
  if [ "$rc" -ne 0 ] && [ "$tf" -eq 0 ]; then tf=1; fi
  if [ "$tf" -gt 0 ]; then echo "--- $suite failures:"; grep -E -A12 '^not ok|^# Subtest' "$out" | grep -v '^# Subtest' | head -80; fi
  note "$suite" "$tp" "$tf" "$out"
}

run_node() { # suite bin files...
  local suite=$1 bin=$2; shift 2
  local out="$LOG/$suite.log"
  rm -f "$LOG/$suite-hits.txt"
  ONESTOP_BIN=$bin ONESTOP_ROUTE_HITS="$PWD/$LOG/$suite-hits.txt" \
    timeout 1800 node --test --test-concurrency=1 --test-reporter=tap "$@" >"$out" 2>&1
  parse_tap "$suite" "$out" $?
}

echo "== building"
build onestop make -j2 all || true
build unit make -k -j2 unit || true
build asan make -k -j2 asan || true
build fuzz make fuzz-build || true

echo "== unit"
run_cmocka unit build/tests
echo "== unit (ASan+UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_cmocka unit-asan build/asan/tests

echo "== CLI contracts"
for s in tests/cli/*.sh; do
  [ -f "$s" ] || continue
  out="$LOG/cli-$(basename "$s" .sh).log"
  ONESTOP_BIN=build/onestop bash "$s" >"$out" 2>&1
  parse_tap "cli:$(basename "$s" .sh)" "$out" $?
done

API_FILES=$(ls tests/api/*.test.mjs | grep -v '/zz_' ; ls tests/api/zz_*.test.mjs 2>/dev/null)
echo "== API"
run_node api build/onestop $API_FILES
echo "== API (ASan+UBSan binary)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_node api-asan build/asan/onestop $API_FILES

if ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
  echo "== browser"
  run_node e2e build/onestop tests/e2e/*.test.mjs
fi

echo "== lint"
out="$LOG/lint.log"
tools/lint.sh >"$out" 2>&1
parse_tap lint "$out" $?

echo "== fuzz (${FUZZ_SECONDS}s each)"
fp=0; ff=0
for f in build/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  n=$(basename "$f")
  corpus=$(mktemp -d)
  [ -d "tests/fuzz/corpus/$n" ] && cp -r "tests/fuzz/corpus/$n/." "$corpus/"
  if "$f" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 "$corpus" >"$LOG/fuzz-$n.log" 2>&1; then
    fp=$((fp + 1))
  else
    ff=$((ff + 1)); echo "--- fuzz $n failed:"; tail -30 "$LOG/fuzz-$n.log"
  fi
  rm -rf "$corpus"
done
note fuzz "$fp" "$ff" "$LOG/fuzz-*.log"

echo
echo "== summary"
printf '%s\n' "${SUMMARY[@]}"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
