#!/usr/bin/env bash
# workday_check.sh - the exact CLI contracts of `onestop workday` and `onestop check`.
#
#   ONESTOP_BIN=build/onestop tests/cli/workday_check.sh
#
# Each case runs the binary once and checks its exit status, its stdout
# (exactly) and the number of lines on stderr (and that they start with
# "onestop: " and, where given, contain a word). Prints "ok - name" or
# "not ok - name" per case, then "# pass N" and "# fail N"; exits 1 on any
# failure. Dates are fixed in the shipped 2023-2026 calendar, so the answers
# do not depend on the day the test runs.
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

# t NAME RC STDOUT STDERR_LINES STDERR_WORD STDIN_FILE ARGS...
#   STDOUT: exact expected output without the final newline ("" = nothing)
#   STDERR_WORD: a substring the stderr line must contain ("" = any)
#   STDIN_FILE: a file to feed on stdin ("" = /dev/null)
t() {
	local name=$1 rc=$2 out=$3 errlines=$4 word=$5 in=${6:-/dev/null}
	shift 6
	[ -n "$in" ] || in=/dev/null
	"$BIN" "$@" <"$in" >"$tmp/out" 2>"$tmp/err"
	local got_rc=$? why=""
	if [ -n "$out" ]; then
		printf '%s\n' "$out" >"$tmp/want"
	else
		: >"$tmp/want"
	fi
	local got_lines
	got_lines=$(wc -l <"$tmp/err" | tr -d ' ')
	[ "$got_rc" = "$rc" ] || why="$why exit $got_rc (want $rc);"
	cmp -s "$tmp/out" "$tmp/want" || why="$why stdout [$(head -c 300 "$tmp/out")] (want [$out]);"
	[ "$got_lines" = "$errlines" ] || why="$why $got_lines stderr lines (want $errlines);"
	if [ "$errlines" != 0 ] && ! grep -q '^onestop: ' "$tmp/err"; then
		why="$why stderr does not start with 'onestop: ';"
	fi
	if [ -n "$word" ] && ! grep -qF -- "$word" "$tmp/err"; then
		why="$why stderr [$(head -c 300 "$tmp/err")] lacks [$word];"
	fi
	if [ -z "$why" ]; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		echo "not ok - $name:$why"
		fail=$((fail + 1))
	fi
}

# ---- workday -------------------------------------------------------------------
t "workday add: DOMAIN example (Spring Festival 2026)" 0 2026-02-24 0 "" "" workday add 2026-02-12 3
t "workday add: zero days" 0 2026-02-12 0 "" "" workday add 2026-02-12 0
t "workday add: make-up Saturday counts" 0 2026-02-14 0 "" "" workday add 2026-02-12 2
t "workday add: across the year end 2025-2026" 0 2026-01-04 0 "" "" workday add 2025-12-31 1
t "workday add: across National Day 2026" 0 2026-10-12 0 "" "" workday add 2026-09-30 4
t "workday add: leading zeros in N" 0 2026-02-24 0 "" "" workday add 2026-02-12 003
t "workday between: DOMAIN example" 0 3 0 "" "" workday between 2026-02-12 2026-02-24
t "workday between: February 2026" 0 16 0 "" "" workday between 2026-01-31 2026-02-28
t "workday between: same day" 0 0 0 "" "" workday between 2026-02-12 2026-02-12
t "workday between: reversed range is empty" 0 0 0 "" "" workday between 2026-02-24 2026-02-12
t "workday is: make-up Saturday" 0 yes 0 "" "" workday is 2026-02-14
t "workday is: Spring Festival" 0 no 0 "" "" workday is 2026-02-16
t "workday is: ordinary Sunday" 0 no 0 "" "" workday is 2026-03-01
t "workday is: ordinary Tuesday" 0 yes 0 "" "" workday is 2026-03-03
t "workday is: 2022-12-31 from the 2023 notice" 0 no 0 "" "" workday is 2022-12-31

t "workday is: year without calendar" 1 "" 1 2027 "" workday is 2027-01-04
t "workday is: year before the calendar" 1 "" 1 2022 "" workday is 2022-06-01
t "workday add: runs into 2027" 1 "" 1 2027 "" workday add 2026-12-30 5
t "workday between: runs into 2027" 1 "" 1 2027 "" workday between 2026-12-01 2027-01-10
t "workday add: from a year without calendar" 1 "" 1 2030 "" workday add 2030-01-01 1

t "workday add: impossible date" 2 "" 1 "2026-02-30" "" workday add 2026-02-30 3
t "workday add: negative N" 2 "" 1 "-3" "" workday add 2026-02-12 -3
t "workday add: non-numeric N" 2 "" 1 "abc" "" workday add 2026-02-12 abc
t "workday add: N with junk" 2 "" 1 "3x" "" workday add 2026-02-12 3x
t "workday add: N with a sign" 2 "" 1 "+3" "" workday add 2026-02-12 +3
t "workday add: empty N" 2 "" 1 "" "" workday add 2026-02-12 ""
t "workday add: N too large" 2 "" 1 "" "" workday add 2026-02-12 99999999999
t "workday add: missing N" 2 "" 1 usage "" workday add 2026-02-12
t "workday is: short date" 2 "" 1 "2026-2-3" "" workday is 2026-2-3
t "workday is: leading space" 2 "" 1 "" "" workday is " 2026-02-03"
t "workday is: trailing junk" 2 "" 1 "" "" workday is 2026-02-03x
t "workday is: slashes" 2 "" 1 "" "" workday is 2026/02/03
t "workday is: extra argument" 2 "" 1 usage "" workday is 2026-02-14 extra
t "workday between: one date" 2 "" 1 usage "" workday between 2026-02-12
t "workday between: bad second date" 2 "" 1 "2026-13-01" "" workday between 2026-02-12 2026-13-01
t "workday: no subcommand" 2 "" 1 usage "" workday
t "workday: unknown subcommand" 2 "" 1 usage "" workday next 2026-02-12

# ---- workday --db and calendar (the administrator's calendar in the database) ----
# tc NAME RC LINE STDERR_WORD ARGS...: like t, but stdout must contain LINE as
# one whole line ("" = stdout empty) and stderr has 0 (RC 0) or 1 line.
tc() {
	local name=$1 rc=$2 line=$3 word=$4
	shift 4
	"$BIN" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	local got_rc=$? why="" want_lines=0
	[ "$rc" = 0 ] || want_lines=1
	[ "$got_rc" = "$rc" ] || why="$why exit $got_rc (want $rc);"
	if [ -n "$line" ]; then
		grep -qxF -- "$line" "$tmp/out" || why="$why stdout [$(head -c 300 "$tmp/out")] lacks line [$line];"
	else
		[ -s "$tmp/out" ] && why="$why stdout not empty [$(head -c 100 "$tmp/out")];"
	fi
	[ "$(wc -l <"$tmp/err" | tr -d ' ')" = "$want_lines" ] || why="$why stderr [$(head -c 300 "$tmp/err")];"
	if [ -n "$word" ] && ! grep -qF -- "$word" "$tmp/err"; then
		why="$why stderr [$(head -c 300 "$tmp/err")] lacks [$word];"
	fi
	if [ -z "$why" ]; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		echo "not ok - $name:$why"
		fail=$((fail + 1))
	fi
}

db=$tmp/cal.db
"$BIN" init --db "$db" >/dev/null 2>"$tmp/init.err" || cat "$tmp/init.err"
cat >"$tmp/y2027.json" <<'JSON'
{"years": {"2027": {"source": "国务院办公厅关于2027年部分节假日安排的通知 (test)",
  "holidays": ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08"],
  "workdays": ["2027-02-13"]}}}
JSON
cat >"$tmp/bad.json" <<'JSON'
{"years": {"2029": {"holidays": ["2029-01-01"], "workdays": []},
           "2028": {"holidays": ["2028-01-01", "2028-02-30"], "workdays": []}}}
JSON

tc "calendar list: init seeded 2023-2026" 0 "2026	33	6	国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)" "" calendar list --db "$db"
t "workday --db: seeded calendar answers like the binary" 0 yes 0 "" "" workday is 2026-02-14 --db "$db"
t "workday --db=PATH before the subcommand" 0 2026-02-24 0 "" "" workday --db="$db" add 2026-02-12 3
tc "calendar close: a district-wide closure" 0 "closed 2026-03-03 (district-wide)" "" calendar close --db "$db" 2026-03-03 "停电检修"
t "workday is --db: the closed Tuesday is not a working day" 0 no 0 "" "" workday is 2026-03-03 --db "$db"
t "workday is: the embedded calendar does not know the closure" 0 yes 0 "" "" workday is 2026-03-03
t "workday add --db: skips the closure" 0 2026-03-04 0 "" "" workday add 2026-03-02 1 --db "$db"
t "workday between --db: the closure does not count" 0 4 0 "" "" workday between 2026-03-01 2026-03-06 --db "$db"
tc "calendar close: the same day twice" 1 "" "already closed" calendar close --db "$db" 2026-03-03 again
tc "calendar close: an unknown site" 1 "" "no site 5" calendar close --db "$db" --site 5 2026-03-05 x
tc "calendar close: a bad date is a usage error" 2 "" "2026-13-01" calendar close --db "$db" 2026-13-01 x
tc "calendar close: no reason" 2 "" usage calendar close --db "$db" 2026-03-05
tc "calendar list: shows the closure" 0 "2026-03-03	district	停电检修" "" calendar list --db "$db"
t "workday is --db: 2027 before its notice" 1 "" 1 2027 "" workday is 2027-01-04 --db "$db"
tc "calendar import: a bad date is named and nothing changes" 1 "" "bad.json: year 2028: bad date \"2028-02-30\"" calendar import --db "$db" "$tmp/bad.json"
t "workday is --db: 2029 of the refused file was not added" 1 "" 1 2029 "" workday is 2029-01-02 --db "$db"
tc "calendar import: adds 2027" 0 "imported 1 year from $tmp/y2027.json: 2027 (added)" "" calendar import --db "$db" "$tmp/y2027.json"
t "workday is --db: an imported 2027 date answers" 0 yes 0 "" "" workday is 2027-01-04 --db "$db"
t "workday is --db: an imported 2027 holiday" 0 no 0 "" "" workday is 2027-02-08 --db "$db"
t "workday is --db: an imported 2027 make-up Saturday" 0 yes 0 "" "" workday is 2027-02-13 --db "$db"
t "workday add --db: across the year end into 2027" 0 2027-01-06 0 "" "" workday add 2026-12-30 4 --db "$db"
t "workday is: without --db 2027 is still unknown" 1 "" 1 2027 "" workday is 2027-01-04
tc "calendar import: again replaces 2027" 0 "imported 1 year from $tmp/y2027.json: 2027 (replaced)" "" calendar import --db "$db" "$tmp/y2027.json"
tc "calendar import: a missing file" 1 "" "no-such.json" calendar import --db "$db" "$tmp/no-such.json"
tc "calendar reopen: removes the closure" 0 "reopened 2026-03-03 (district-wide)" "" calendar reopen --db "$db" 2026-03-03
t "workday is --db: reopened day works again" 0 yes 0 "" "" workday is 2026-03-03 --db "$db"
tc "calendar reopen: a day that is not closed" 1 "" "not closed" calendar reopen --db "$db" 2026-03-03
tc "calendar: no subcommand" 2 "" usage calendar
tc "calendar: unknown subcommand" 2 "" usage calendar frob --db "$db"
tc "calendar list: --site is for closures only" 2 "" usage calendar list --site 1 --db "$db"
tc "calendar list: a database that does not exist" 1 "" "does not exist" calendar list --db "$tmp/none.db"
t "workday --db: a database that does not exist" 1 "" 1 "does not exist" "" workday is 2026-03-03 --db "$tmp/none.db"
t "workday --db without a path" 2 "" 1 "--db" "" workday is 2026-03-03 --db
t "workday --db: malformed input is still exit 2" 2 "" 1 "2026-02-30" "" workday is 2026-02-30 --db "$db"
if [ "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE detail = 'cli' AND actor_id IS NULL AND action LIKE 'calendar.%'" 2>/dev/null)" = 4 ]; then
	echo "ok - calendar: each CLI change wrote one audit row (actor none, detail cli)"
	pass=$((pass + 1))
else
	echo "not ok - calendar: audit rows of the CLI changes: $(sqlite3 "$db" "SELECT action, object, detail FROM audit_log" 2>&1 | tail -8 | tr '\n' ' ')"
	fail=$((fail + 1))
fi

# ---- check ---------------------------------------------------------------------
t "check id: GB 11643 example" 0 \
	'{"id":"11010519491231002X","birth_date":"1949-12-31","sex":"F","region":"110105"}' 0 "" "" \
	check id 11010519491231002X
t "check id: lower-case x normalised" 0 \
	'{"id":"11010519491231002X","birth_date":"1949-12-31","sex":"F","region":"110105"}' 0 "" "" \
	check id 11010519491231002x
t "check id: a man" 0 \
	'{"id":"440304198511071231","birth_date":"1985-11-07","sex":"M","region":"440304"}' 0 "" "" \
	check id 440304198511071231
t "check id: wrong check character" 1 "" 1 "expected X" "" check id 110105194912310021
t "check id: 15-digit legacy number" 1 "" 1 "15-digit legacy" "" check id 110105491231002
t "check id: birth date in the future" 1 "" 1 "future" "" check id 110105209901010012
t "check id: impossible birth date" 1 "" 1 "not a real date" "" check id 11010519900230001X
t "check id: unknown province" 1 "" 1 "province" "" check id 00010519491231002X
t "check id: too short" 1 "" 1 "18 characters" "" check id 1101051949
t "check id: missing value" 2 "" 1 usage "" check id
t "check uscc: GB 32100 example" 0 \
	'{"uscc":"91350100M000100Y43","registration_authority":"9","registration_authority_name":"market regulation","org_type":"1","org_type_name":"enterprise","region":"350100","org_code":"M000100Y4"}' \
	0 "" "" check uscc 91350100M000100Y43
t "check uscc: wrong check character" 1 "" 1 "expected 3" "" check uscc 91350100M000100Y44
t "check uscc: letter I not allowed" 1 "" 1 "not allowed" "" check uscc 91350100M000100I43
t "check uscc: extra argument" 2 "" 1 usage "" check uscc 91350100M000100Y43 x

printf '%s\n%s\n' 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \
	'L898902C36UTO7408122F1204159ZE184226B<<<<<10' >"$tmp/td3"
printf '%s\n%s\n%s\n' 'I<UTOD231458907<<<<<<<<<<<<<<<' '7408122F1204159UTO<<<<<<<<<<<6' \
	'ERIKSSON<<ANNA<MARIA<<<<<<<<<<' >"$tmp/td1"
printf '%s\n%s\n' 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \
	'L898902C36UTO7408122F1204159ZE184226B<<<<<11' >"$tmp/td3bad"
printf 'hello\n' >"$tmp/junk"
head -c 2000 /dev/zero | tr '\0' '<' >"$tmp/big"
t "check mrz: ICAO TD3 specimen" 0 \
	'{"format":"TD3","document_type":"P","document_number":"L898902C3","issuing_state":"UTO","nationality":"UTO","surname":"ERIKSSON","given_names":"ANNA MARIA","birth_date":"1974-08-12","sex":"F","expiry_date":"2012-04-15","optional_data":"ZE184226B"}' \
	0 "" "$tmp/td3" check mrz
t "check mrz: ICAO TD1 specimen" 0 \
	'{"format":"TD1","document_type":"I","document_number":"D23145890","issuing_state":"UTO","nationality":"UTO","surname":"ERIKSSON","given_names":"ANNA MARIA","birth_date":"1974-08-12","sex":"F","expiry_date":"2012-04-15","optional_data":"","optional_data_2":""}' \
	0 "" "$tmp/td1" check mrz
t "check mrz: composite check digit" 1 "" 1 "composite" "$tmp/td3bad" check mrz
t "check mrz: not an MRZ" 1 "" 1 "two lines of 44" "$tmp/junk" check mrz
t "check mrz: empty input" 1 "" 1 "" "" check mrz
t "check mrz: input over the cap" 1 "" 1 "too large" "$tmp/big" check mrz
t "check mrz: extra argument" 2 "" 1 usage "$tmp/td3" check mrz now
t "check: unknown kind" 2 "" 1 usage "" check passport E1234567
t "check: nothing to check" 2 "" 1 usage "" check

echo "# pass $pass"
echo "# fail $fail"
[ "$fail" = 0 ]
