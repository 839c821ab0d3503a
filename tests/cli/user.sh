#!/usr/bin/env bash
# user.sh - the exact CLI contract of `onestop user add|disable|reset-password|list`.
#
#   ONESTOP_BIN=build/onestop tests/cli/user.sh
#
# Each case runs the binary once and checks its exit status, its stdout
# (exactly, or a line it must contain) and the number of lines on stderr
# (each starting with "onestop: ", containing a word where given). The
# database is a fresh demo district in a temporary directory. Prints
# "ok - name" / "not ok - name", then "# pass N" and "# fail N".
set -u

BIN=${ONESTOP_BIN:-build/onestop}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if [ ! -x "$BIN" ]; then
	echo "not ok - binary $BIN not found (set ONESTOP_BIN)"
	echo "# pass 0"
	echo "# fail 1"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
DB=$tmp/onestop.db
"$BIN" init --db "$DB" >/dev/null 2>&1
"$BIN" demo --db "$DB" >/dev/null 2>&1
pass=0
fail=0

# t NAME RC STDOUT STDERR_LINES STDERR_WORD STDIN ARGS...
#   STDOUT: the exact output without its final newline ("" = nothing), or
#           "~TEXT" for a line that must be present
#   STDIN:  text fed on stdin (a newline is added); "-" = nothing at all
t() {
	local name=$1 rc=$2 out=$3 errlines=$4 word=$5 in=$6
	shift 6
	if [ "$in" = - ]; then
		"$BIN" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	else
		printf '%s\n' "$in" | "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
	fi
	local got_rc=$? why=""
	[ "$got_rc" = "$rc" ] || why="$why exit $got_rc (want $rc);"
	case $out in
	"~"*)
		grep -qxF -- "${out#\~}" "$tmp/out" || why="$why stdout lacks line [${out#\~}];"
		;;
	*)
		if [ -n "$out" ]; then printf '%s\n' "$out" >"$tmp/want"; else : >"$tmp/want"; fi
		cmp -s "$tmp/out" "$tmp/want" || why="$why stdout [$(head -c 300 "$tmp/out")] (want [$out]);"
		;;
	esac
	local got_lines
	got_lines=$(wc -l <"$tmp/err" | tr -d ' ')
	[ "$got_lines" = "$errlines" ] || why="$why $got_lines stderr lines (want $errlines): $(head -c 300 "$tmp/err");"
	if [ "$errlines" != 0 ] && grep -qv '^onestop: ' "$tmp/err"; then
		why="$why stderr line without 'onestop: ';"
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

TAB=$'\t'
PW="correct horse battery"

# ---- add ---------------------------------------------------------------------
t "add: a clerk of the district center" 0 "onestop: user clerk.cli added (clerk)" 0 "" "$PW" \
	user add --db "$DB" --username clerk.cli --role clerk --site 430802
t "add: an approver with his department" 0 "onestop: user approver.cli added (approver)" 0 "" "$PW" \
	user add --db "$DB" --username approver.cli --role approver --site 430802 --department YD-SJ
t "add: --flag=value form" 0 "onestop: user citizen.cli added (citizen)" 0 "" "$PW" \
	user add --db="$DB" --username=citizen.cli --role=citizen
t "add: only the first line of stdin is the password" 0 "onestop: user guide.cli added (guide)" 0 "" \
	"$PW"$'\nsecond line' user add --db "$DB" --username guide.cli --role guide --site 430802
t "add: the login is taken" 1 "" 1 "exists already" "$PW" \
	user add --db "$DB" --username clerk.cli --role clerk
t "add: a demo login is taken" 1 "" 1 "exists already" "$PW" \
	user add --db "$DB" --username sysadmin --role sysadmin
t "add: password of 11 characters" 1 "" 1 "12 characters" "abcdefghijk" \
	user add --db "$DB" --username clerk.short --role clerk
t "add: password equal to the user name" 1 "" 1 "user name" "clerk.samename" \
	user add --db "$DB" --username clerk.samename --role clerk
t "add: no password on stdin" 1 "" 1 "stdin" - \
	user add --db "$DB" --username clerk.nopw --role clerk
t "add: unknown role" 1 "" 1 "role" "$PW" \
	user add --db "$DB" --username clerk.x --role wizard
t "add: two roles in one account" 1 "" 1 "one role" "$PW" \
	user add --db "$DB" --username admin.x --role sysadmin,secadmin
t "add: unknown site" 1 "" 1 "no site with code 'nowhere'" "$PW" \
	user add --db "$DB" --username clerk.x --role clerk --site nowhere
t "add: unknown department" 1 "" 1 "no department with code 'XX'" "$PW" \
	user add --db "$DB" --username approver.x --role approver --department XX
t "add: an approver needs a department" 1 "" 1 "department" "$PW" \
	user add --db "$DB" --username approver.y --role approver --site 430802
t "add: a citizen has no site" 1 "" 1 "only staff" "$PW" \
	user add --db "$DB" --username citizen.y --role citizen --site 430802
t "add: bad user name" 1 "" 1 "user name" "$PW" \
	user add --db "$DB" --username "a b" --role clerk
t "add: no database there" 1 "" 1 "does not exist" "$PW" \
	user add --db "$tmp/none.db" --username clerk.z --role clerk
t "add: missing --role" 2 "" 1 "usage" "$PW" user add --db "$DB" --username clerk.z
t "add: missing --username" 2 "" 1 "usage" "$PW" user add --db "$DB" --role clerk
t "add: unknown option" 2 "" 1 "--color" "$PW" \
	user add --db "$DB" --username clerk.z --role clerk --color red
t "add: option without value" 2 "" 1 "--site needs a value" "$PW" \
	user add --db "$DB" --username clerk.z --role clerk --site
t "add: positional argument" 2 "" 1 "unexpected argument" "$PW" \
	user add --db "$DB" clerk.z
t "add: --username twice" 2 "" 1 "twice" "$PW" \
	user add --db "$DB" --username a1x --username b1x --role clerk

# ---- list ----------------------------------------------------------------------
t "list: the new clerk" 0 "~clerk.cli${TAB}clerk${TAB}430802${TAB}active" 0 "" - user list --db "$DB"
t "list: the approver" 0 "~approver.cli${TAB}approver${TAB}430802${TAB}active" 0 "" - user list --db "$DB"
t "list: a citizen has no site" 0 "~citizen.cli${TAB}citizen${TAB}-${TAB}active" 0 "" - user list --db "$DB"
t "list: a demo township clerk" 0 "~clerk.township${TAB}clerk${TAB}430802001${TAB}active" 0 "" - \
	user list --db "$DB"
"$BIN" user list --db "$DB" >"$tmp/list" 2>/dev/null
lines=$(wc -l <"$tmp/list" | tr -d ' ')
if [ "$lines" = 21 ] && LC_ALL=C sort -c "$tmp/list" 2>/dev/null && ! grep -qv "^[^$TAB]*$TAB[a-z]*$TAB[^$TAB]*$TAB\(active\|locked\|disabled\)\$" "$tmp/list"; then
	echo "ok - list: one line per account (17 demo + 4), four tab-separated fields, by login"
	pass=$((pass + 1))
else
	echo "not ok - list: $lines lines (want 21), or not sorted, or malformed: $(head -3 "$tmp/list")"
	fail=$((fail + 1))
fi
t "list: takes no --username" 2 "" 1 "only --db" - user list --db "$DB" --username x1x

# ---- disable -------------------------------------------------------------------
t "disable: the new clerk" 0 "onestop: user clerk.cli disabled (its sessions ended)" 0 "" - \
	user disable --db "$DB" --username clerk.cli
t "list: shows him disabled" 0 "~clerk.cli${TAB}clerk${TAB}430802${TAB}disabled" 0 "" - \
	user list --db "$DB"
t "disable: again is fine" 0 "onestop: user clerk.cli disabled (its sessions ended)" 0 "" - \
	user disable --db "$DB" --username clerk.cli
t "disable: no such user" 1 "" 1 "no user nobody.here" - user disable --db "$DB" --username nobody.here
t "disable: missing --username" 2 "" 1 "usage" - user disable --db "$DB"
t "disable: --role is not for disable" 2 "" 1 "only --username" - \
	user disable --db "$DB" --username clerk.cli --role clerk

# ---- reset-password ------------------------------------------------------------
t "reset-password: a new password" 0 "onestop: password of guide.cli reset (its sessions ended)" 0 "" \
	"another long passphrase" user reset-password --db "$DB" --username guide.cli
t "reset-password: CRLF line end is not part of it" 0 \
	"onestop: password of guide.cli reset (its sessions ended)" 0 "" \
	$'another long passphrase\r' user reset-password --db "$DB" --username guide.cli
t "reset-password: too short" 1 "" 1 "12 characters" "short" \
	user reset-password --db "$DB" --username guide.cli
t "reset-password: no password" 1 "" 1 "stdin" - user reset-password --db "$DB" --username guide.cli
t "reset-password: no such user" 1 "" 1 "no user ghost.user" "$PW" \
	user reset-password --db "$DB" --username ghost.user

# ---- the command itself --------------------------------------------------------
t "user: no subcommand" 2 "" 1 "usage" - user
t "user: unknown subcommand" 2 "" 1 "unknown user command" - user remove --db "$DB" --username x1x

# ---- audited with actor 0 and detail "cli" -------------------------------------
"$BIN" audit export --db "$DB" >"$tmp/audit" 2>"$tmp/audit.err"
n_add=$(grep -c '"action":"cli user add".*"detail":"cli"' "$tmp/audit")
n_dis=$(grep -c '"action":"cli user disable","object":"user:clerk.cli".*"detail":"cli"' "$tmp/audit")
n_rst=$(grep -c '"action":"cli user reset-password","object":"user:guide.cli".*"detail":"cli"' "$tmp/audit")
actor=$(grep '"action":"cli user' "$tmp/audit" | grep -vc '"actor_id":0,')
if [ "$n_add" = 4 ] && [ "$n_dis" = 2 ] && [ "$n_rst" = 2 ] && [ "$actor" = 0 ]; then
	echo "ok - audit: every change has its row (actor 0, detail cli); refusals have none"
	pass=$((pass + 1))
else
	echo "not ok - audit: add $n_add (want 4), disable $n_dis (want 2), reset $n_rst (want 2), other actors $actor: $(head -c 300 "$tmp/audit.err")"
	fail=$((fail + 1))
fi

echo "# pass $pass"
echo "# fail $fail"
[ "$fail" = 0 ]
