#!/usr/bin/env bash
# catalog_import.sh - the CLI contract of `onestop catalog export|import`:
# exit status, stdout and stderr lines, on a demo database.
#
#   ONESTOP_BIN=build/onestop tests/cli/catalog_import.sh
#
# A file with a bad row prints one line per error, "onestop: FILE:LINE:
# field: reason", then "onestop: nothing imported from FILE", exits 1 and
# changes nothing; re-importing an exported file changes nothing. Prints
# "ok - name" or "not ok - name", then "# pass N" and "# fail N".
set -u

BIN=${ONESTOP_BIN:-build/onestop}
if [ ! -x "$BIN" ]; then
	echo "not ok - binary $BIN not found (set ONESTOP_BIN)"
	echo "# pass 0"
	echo "# fail 1"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
db="$tmp/onestop.db"

check() { # name condition-result(0 ok) why
	if [ "$2" = 0 ]; then
		echo "ok - $1"
		pass=$((pass + 1))
	else
		echo "not ok - $1: $3"
		fail=$((fail + 1))
	fi
}

# r ARGS...: run, keep exit status in rc, output in $tmp/out and $tmp/err
r() {
	"$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

"$BIN" init --db "$db" >/dev/null 2>&1 && "$BIN" demo --db "$db" >/dev/null 2>&1
check "demo database" $? "init/demo failed"
items() { sqlite3 "$db" "SELECT count(*) FROM catalog_items" 2>/dev/null || echo "?"; }
versions() { sqlite3 "$db" "SELECT count(*) FROM catalog_versions" 2>/dev/null || echo "?"; }

r catalog export --db "$db" --format csv --what items --out "$tmp/items.csv"
head=$(head -c 40 "$tmp/items.csv")
check "export items as CSV to a file" $([ $rc = 0 ] && [ ! -s "$tmp/out" ] && [ "$head" = "code,effective_from,name,name_en,departm" ] && echo 0 || echo 1) "rc $rc head [$head]"
rows=$(($(grep -c '^430802-' "$tmp/items.csv")))
check "the export has every item" $([ "$rows" = 1330 ] && echo 0 || echo 1) "$rows rows"

v0=$(versions)
r catalog import --db "$db" "$tmp/items.csv"
check "re-import changes nothing" $([ $rc = 0 ] && grep -q ': 1330 items: 0 new, 0 changed, 1330 unchanged$' "$tmp/out" && [ "$(versions)" = "$v0" ] && echo 0 || echo 1) "rc $rc [$(cat "$tmp/out" "$tmp/err")]"

r catalog export --db "$db" --format json --what bundles
check "export bundles as JSON to stdout" $([ $rc = 0 ] && head -1 "$tmp/out" | grep -q '^{"what": "bundles",$' && echo 0 || echo 1) "rc $rc"
cp "$tmp/out" "$tmp/bundles.json"
r catalog import --db "$db" "$tmp/bundles.json"
check "re-import of bundles changes nothing" $([ $rc = 0 ] && grep -q '0 new, 0 changed' "$tmp/out" && echo 0 || echo 1) "$(cat "$tmp/out" "$tmp/err")"

n0=$(items)
printf 'code,name,department,type,online_depth,channels,accept_tiers,decide_tier\r\nC-1,甲,YD-SJ,licensing,3,window;online,district,district\r\nC-2,乙,YD-SJ,licensing,7,window;online,district,district\r\nC-3,丙,YD-SJ,permit,3,window;online,district,district\r\n' >"$tmp/bad.csv"
r catalog import --db "$db" "$tmp/bad.csv"
lines=$(wc -l <"$tmp/err" | tr -d ' ')
check "a bad row: exit 1, file:line:field per error, nothing imported" \
	$([ $rc = 1 ] && [ "$lines" = 3 ] &&
		grep -qx "onestop: $tmp/bad.csv:3: online_depth: must be a whole number from 1 to 4" "$tmp/err" &&
		grep -qx "onestop: $tmp/bad.csv:4: type: unknown type 'permit'" "$tmp/err" &&
		grep -qx "onestop: nothing imported from $tmp/bad.csv" "$tmp/err" && [ ! -s "$tmp/out" ] && [ "$(items)" = "$n0" ] && echo 0 || echo 1) \
	"rc $rc [$(cat "$tmp/err")] items $(items)/$n0"

printf 'code,name,department,type,online_depth,channels,accept_tiers,decide_tier\r\nC-1,甲,YD-SJ,licensing,3,window;online,district,district\r\nC-2,乙,YD-QQ,licensing,3,window;online,district,district\r\n' >"$tmp/ref.csv"
r catalog import --db "$db" "$tmp/ref.csv"
check "a row the database refuses: exit 1, nothing imported" \
	$([ $rc = 1 ] && grep -qx "onestop: $tmp/ref.csv:3: department: no such department" "$tmp/err" && [ "$(items)" = "$n0" ] && echo 0 || echo 1) "rc $rc [$(cat "$tmp/err")]"

printf '{"what": "items", "rows": [\n{"code": "J-1", "name": "甲", "department": "YD-SJ", "type": "levy",\n "online_depth": "3", "channels": ["window"], "accept_tiers": ["district"], "decide_tier": "district"}\n]}\n' >"$tmp/bad.json"
r catalog import --db "$db" "$tmp/bad.json"
check "JSON: the row's line" $([ $rc = 1 ] && grep -qx "onestop: $tmp/bad.json:2: online_depth: must be a whole number" "$tmp/err" && echo 0 || echo 1) "[$(cat "$tmp/err")]"

printf 'code,name,department,type,online_depth,channels,accept_tiers,decide_tier\r\nC-1,甲,YD-SJ,licensing,3,window;online,district,district\r\n' >"$tmp/good.csv"
r catalog import --db "$db" "$tmp/good.csv"
check "a good file" $([ $rc = 0 ] && grep -q '1 items: 1 new, 0 changed, 0 unchanged$' "$tmp/out" && [ "$(items)" = $((n0 + 1)) ] && echo 0 || echo 1) "$(cat "$tmp/out" "$tmp/err")"
r catalog import --db "$db" "$tmp/good.csv"
check "the same file again" $([ $rc = 0 ] && grep -q '0 new, 0 changed, 1 unchanged$' "$tmp/out" && echo 0 || echo 1) "$(cat "$tmp/out" "$tmp/err")"

cp "$tmp/good.csv" "$tmp/good.txt"
r catalog import --db "$db" "$tmp/good.txt"
check "unknown extension: usage error" $([ $rc = 2 ] && grep -q '.csv or .json' "$tmp/err" && echo 0 || echo 1) "rc $rc"
r catalog import --db "$db" "$tmp/missing.csv"
check "missing file: exit 1, one line" $([ $rc = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q '^onestop: cannot read' "$tmp/err" && echo 0 || echo 1) "rc $rc [$(cat "$tmp/err")]"
r catalog export --db "$db" --format xls --what items
check "bad --format: usage error" $([ $rc = 2 ] && grep -q 'csv or json' "$tmp/err" && echo 0 || echo 1) "rc $rc"
r catalog export --db "$db" --format csv --what people
check "bad --what: usage error" $([ $rc = 2 ] && echo 0 || echo 1) "rc $rc"
r catalog
check "no subcommand: usage" $([ $rc = 2 ] && grep -q '^onestop: usage: onestop catalog' "$tmp/err" && echo 0 || echo 1) "rc $rc"
r catalog import --db "$tmp/none.db" "$tmp/good.csv"
check "no database: exit 1" $([ $rc = 1 ] && grep -q 'does not exist' "$tmp/err" && echo 0 || echo 1) "rc $rc [$(cat "$tmp/err")]"

echo "# pass $pass"
echo "# fail $fail"
[ "$fail" -eq 0 ]
