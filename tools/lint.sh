#!/usr/bin/env bash
# Machine-enforced hygiene (TAP-like output, read by tools/run-tests.sh):
# banned functions, SQL built by formatting, generated files in sync.
set -u
cd "$(dirname "$0")/.."
pass=0; fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; shift; printf '  %s\n' "$@"; fail=$((fail + 1)); }

files=$(git ls-files 'src/*.c' 'src/*.h' 2>/dev/null; ls src/*/*.c src/*/*.h 2>/dev/null) 
files=$(printf '%s\n' $files | sort -u)

hits=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|atof|strtok|tmpnam|mktemp)\s*\(' $files | grep -v 'snprintf\|vsnprintf' || true)
[ -z "$hits" ] && ok "no banned functions" || bad "banned functions (use snprintf, memcpy, strtol)" "$hits"

hits=$(grep -nE '(sqlite3_mprintf|sqlite3_snprintf|sqlite3_exec\([^,]*, *buf)' $files || true)
[ -z "$hits" ] && ok "no SQL built by formatting" || bad "SQL built by formatting" "$hits"

hits=$(grep -lE '#include <(microhttpd|sqlite3|libpq-fe)\.h>' src/core/*.c src/core/*.h 2>/dev/null || true)
[ -z "$hits" ] && ok "src/core includes no HTTP or SQL header" || bad "src/core must not do I/O" "$hits"

hits=$(grep -lE '#include <(sqlite3|libpq-fe)\.h>|store/sq\.h' src/api/*.c 2>/dev/null || true)
[ -z "$hits" ] && ok "src/api reaches the database only through store.h" || bad "src/api uses SQL directly" "$hits"

if [ -x build/onestop ]; then
  if build/onestop openapi | cmp -s - docs/openapi.yaml; then ok "docs/openapi.yaml matches the route table"
  else bad "docs/openapi.yaml is stale: run make openapi"; fi
else
  bad "build/onestop missing"
fi

if command -v clang-format >/dev/null; then
  unformatted=$(for f in $files; do clang-format --dry-run "$f" 2>&1 | grep -q warning && echo "$f"; done)
  [ -z "$unformatted" ] && ok "clang-format clean" || bad "not clang-formatted (make format)" $unformatted
fi
echo "# pass $pass"
echo "# fail $fail"
[ "$fail" -eq 0 ]
