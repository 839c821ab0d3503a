#!/usr/bin/env bash
# Cases (issue 6) under load, on the full demo year, with the references
# measured in the same run:
#   1. the fsync-per-commit ceiling (bench/lib.sh: sqlite3 inserting one row
#      per transaction, WAL + synchronous=FULL, on the same disk; the same
#      measurement as bench/hall.sh);
#   2. durable case creation at a window: the clerk (window 1 of the district
#      center) POSTs /api/v1/cases for the person in front of him, each
#      request with its own Idempotency-Key (the key's claim and its stored
#      response are durable writes of their own: 3 store operations a case);
#      one client, then -cBENCH_WRITE_CONNECTIONS -> ratio to the ceiling;
#   3. a durable transition: the clerk accepts received cases (POST
#      /api/v1/cases/{id}/actions/accept), every wrk connection taking its own
#      cases from a pool of the cases created above (topped up, without keys
#      and unmeasured, when it looks too small); -cN, then one client ->
#      ratio to the ceiling;
#   4. reads on the full demo year (BENCH_CASES = 458,143 cases plus those
#      above): GET /api/v1/cases/worklist (the market-supervision approver:
#      the department's open cases by deadline, the first page of 50; the
#      cases accepted in 3 are in it) and GET /api/v1/cases/figures?group=month
#      (public), each against nginx serving the same bytes as a static file:
#      one client, then -cBENCH_CONNECTIONS -> ratio to nginx.
# Write throughput is counted from the database (cases created, cases
# accepted) over the wall time of the wrk run; latencies are wrk's; the
# server's CPU time per request comes from /proc. Every write phase prints
# the store's operations per request and per group commit (from /metrics).
# The server runs with --threads BENCH_SERVER_THREADS (16, as bench/hall.sh),
# the search rate limit (which covers the figures) lifted and the periodic
# deemed-acceptance sweep off (nothing it would touch exists here).
#   BENCH_SECONDS (10 per phase), BENCH_CONNECTIONS (reads, 64),
#   BENCH_WRITE_CONNECTIONS (writes, 64), BENCH_THREADS (2), BENCH_CASES
#   (458143), BENCH_FSYNC_ROWS (2000), BENCH_SERVER_THREADS (16),
#   BENCH_TIMEOUT (wrk's request timeout, 30 s), BENCH_DIR (where the
#   temporary directory goes; default TMPDIR or /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
WCONNS=${BENCH_WRITE_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
CASES=${BENCH_CASES:-458143}
N_FSYNC=${BENCH_FSYNC_ROWS:-2000}
TIMEOUT=${BENCH_TIMEOUT:-30}
for tool in nginx wrk sqlite3 curl python3; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "bench: $tool missing (tools/deps.sh test)" >&2; exit 1; }
done
[ -x build/onestop ] || { echo "bench: build/onestop missing (make)" >&2; exit 1; }
tmp=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/onestop-cases-bench-XXXXXX")
cleanup() {
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  [ -n "${OS_PID:-}" ] && kill "$OS_PID" 2>/dev/null && wait "$OS_PID" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "bench: cases, wrk -t$THREADS, ${SECS}s per phase, $(nproc) cores, $(date -u +%FT%TZ)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg), data in $tmp"

# ---- 1. the fsync-per-commit ceiling -------------------------------------------
ceiling=$(bench_fsync_ceiling "$tmp" "$N_FSYNC")

# ---- the server on the demo district with its year of cases --------------------
db="$tmp/bench.db"
timeout 300 build/onestop init --db "$db" >/dev/null
timeout 900 build/onestop demo --db "$db" --demo_cases "$CASES" | grep 'demo year' | sed 's/^onestop: /bench: /'
sqlc() { sqlite3 -cmd '.timeout 10000' "$db" "$1"; }
OPORT=$(bench_free_port)
build/onestop serve --db "$db" --listen "127.0.0.1:$OPORT" --access_log off \
  --threads "${BENCH_SERVER_THREADS:-16}" --rate_search_per_minute 1000000 \
  --case_sweep_minutes 0 >"$tmp/onestop.out" 2>&1 &
OS_PID=$!
URL="http://127.0.0.1:$OPORT"
for _ in $(seq 100); do curl -sf --max-time 2 "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
signin() {
  local pw
  pw=$(awk -F'\t' -v u="$1" '$2==u {print $3}' "$tmp/demo-accounts.txt")
  curl -si --max-time 10 -H 'Content-Type: application/json' -d "{\"login\":\"$1\",\"password\":\"$pw\"}" \
    "$URL/api/v1/session" | awk -F': ' 'tolower($1)=="set-cookie" {split($2,a,";"); print a[1]}'
}
CLERK=$(signin clerk)
APPROVER=$(signin approver)
[ -n "$CLERK" ] && [ -n "$APPROVER" ] || { echo "bench: cannot sign in as clerk and approver" >&2; exit 1; }
# a licensing item of market supervision (the approver's department) that
# the district center accepts and that is not completed on the spot
SJ=$(curl -sf --max-time 10 "$URL/api/v1/catalog/departments" |
  python3 -c 'import json,sys; print([d["id"] for d in json.load(sys.stdin)["items"] if d["code"] == "YD-SJ"][0])')
ITEM=$(curl -sf --max-time 10 "$URL/api/v1/catalog/items?type=licensing&department_id=$SJ&tier=district&limit=50" |
  python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin)["items"] if not i["immediate"]][0])')
# the person in front of the window: a resident ID number with its check character
IDN=$(python3 -c '
b = "43080219790909515"
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
print(b + "10X98765432"[sum(int(c) * x for c, x in zip(b, w)) % 11])')
BODY="{\"item_id\":$ITEM,\"applicant_name\":\"王五\",\"id_number\":\"$IDN\",\"phone\":\"13900001111\"}"
BASE=$(sqlc "SELECT coalesce(max(id), 0) FROM cases")
code=$(curl -s --max-time 10 -o "$tmp/one.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -H "Cookie: $CLERK" -H 'Idempotency-Key: bench-check' -d "$BODY" "$URL/api/v1/cases")
[ "$code" = 201 ] || { echo "bench: POST /api/v1/cases answered $code: $(cat "$tmp/one.json")" >&2; exit 1; }
one=$(sqlc "SELECT max(id) FROM cases")
code=$(curl -s --max-time 10 -o "$tmp/one.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -H "Cookie: $CLERK" "$URL/api/v1/cases/$one/actions/accept")
[ "$code" = 200 ] || { echo "bench: accept answered $code: $(cat "$tmp/one.json")" >&2; exit 1; }

# ---- the wrk scripts ----------------------------------------------------------------
# creation: every request a new Idempotency-Key (CASES_RUN-thread-n); no
# key at all when CASES_RUN is empty (the unmeasured top-up of the pool)
cat >"$tmp/create.lua" <<'LUA'
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  n = 0
  run = os.getenv("CASES_RUN") or ""
  body = os.getenv("CASES_BODY")
  hdr = { ["Content-Type"] = "application/json", ["Cookie"] = os.getenv("CASES_COOKIE") }
end
function request()
  n = n + 1
  if run ~= "" then hdr["Idempotency-Key"] = run .. "-" .. tid .. "-" .. n end
  return wrk.format("POST", "/api/v1/cases", hdr, body)
end
LUA
# accept: thread t of T takes the pool's lines t, t+T, ...; a thread whose
# share is used up stops (the phase then reports the pool exhausted)
cat >"$tmp/accept.lua" <<'LUA'
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  ids, k = {}, 1
  local nthreads, i = tonumber(os.getenv("CASES_THREADS")), 0
  for line in io.lines(os.getenv("CASES_POOL")) do
    if i % nthreads == tid - 1 then ids[#ids + 1] = line end
    i = i + 1
  end
  hdr = { ["Content-Type"] = "application/json", ["Cookie"] = os.getenv("CASES_COOKIE") }
end
function request()
  local id = ids[k]
  k = k + 1
  if id == nil then
    wrk.thread:stop()
    return wrk.format("GET", "/healthz")
  end
  return wrk.format("POST", "/api/v1/cases/" .. id .. "/actions/accept", hdr, nil)
end
LUA

cpu_ticks() { awk '{print $14 + $15}' "/proc/$OS_PID/stat"; }
TICK=$(getconf CLK_TCK)
store_ops() { curl -sf --max-time 10 "$URL/metrics" | awk '/^onestop_store_commits_total/ {c=$2} /^onestop_store_operations_total/ {o=$2} END {print c+0, o+0}'; }
# per-phase results, printed at the end: label rps p50 p99 cpu_ms_per_request
rows=()
notes=()
row() { rows+=("$1|$2|$3|$4|$5"); }
cpu_per() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$TICK" 'BEGIN{ if (n > 0) printf "%.2f", (b-a)*1000/hz/n; else print "-" }'; }

# write phase: label count-sql unit wrk-args... -> sets W_RPS W_P50 W_N
write_phase() {
  local label=$1 count_sql=$2 unit=$3
  shift 3
  local before after before_settle t0 t1 c0 c1 s0 s1 rps p50 p99 n bad err _
  before=$(sqlc "$count_sql")
  read -r s0 < <(store_ops | tr ' ' ,)
  c0=$(cpu_ticks)
  t0=$(bench_now)
  read -r rps p50 p99 n bad err < <(bench_wrk "$tmp/wrk.out" --timeout "${TIMEOUT}s" -d"${SECS}s" "$@")
  t1=$(bench_now)
  c1=$(cpu_ticks)
  # the requests in flight when wrk stopped finish (and count) before the
  # next phase takes its pool: until the count holds still for 0.25 s, 10 s at most
  after=-1
  for _ in $(seq 40); do
    before_settle=$after
    after=$(sqlc "$count_sql")
    [ "$after" = "$before_settle" ] && break
    sleep 0.25
  done
  read -r s1 < <(store_ops | tr ' ' ,)
  W_N=$((after - before))
  W_RPS=$(awk -v n="$W_N" -v a="$t0" -v b="$t1" 'BEGIN{r = n/(b-a); printf(r < 100 ? "%.1f" : "%.0f", r)}')
  W_P50=$p50
  row "$label ($W_N $unit)" "$W_RPS" "$p50" "$p99" "$(cpu_per "$c0" "$c1" "$W_N")"
  notes+=("$(awk -v s0="$s0" -v s1="$s1" -v n="$W_N" -v l="$label" -v bad="$bad" -v err="$err" 'BEGIN{
    split(s0, a, ","); split(s1, b, ","); c = b[1] - a[1]; o = b[2] - a[2];
    printf "%s: %.2f store operations per request, %.1f per group commit; non-2xx %d, socket errors %d",
      l, n ? o / n : 0, c ? o / c : 0, bad, err }')")
}

# ---- 2. durable creation at the window --------------------------------------------------
export CASES_COOKIE=$CLERK CASES_BODY=$BODY
CASES_RUN=c1 write_phase "durable create, 1 client" "SELECT count(*) FROM cases" created -t1 -c1 -s "$tmp/create.lua" "$URL/"
c1_rps=$W_RPS c1_p50=$W_P50
CASES_RUN=cn write_phase "durable create, -c$WCONNS" "SELECT count(*) FROM cases" created -t"$THREADS" -c"$WCONNS" -s "$tmp/create.lua" "$URL/"
cn_rps=$W_RPS

# ---- 3. durable accept ------------------------------------------------------------------
# The pool: received cases of this run. Accepting is one store operation
# against creation's three, so before each phase the pool is topped up to
# 3x what creation managed in as long (bounded: at most 4 rounds).
pool_left() { sqlc "SELECT count(*) FROM cases WHERE id > $BASE AND state = 3"; }
topup() {
  local need=$1 _
  for _ in 1 2 3 4; do
    [ "$(pool_left)" -ge "$need" ] && return 0
    CASES_RUN='' wrk -t"$THREADS" -c"$WCONNS" -d"${SECS}s" --timeout "${TIMEOUT}s" -s "$tmp/create.lua" "$URL/" >/dev/null
  done
}
accept_phase() { # label threads conns
  sqlc "SELECT id FROM cases WHERE id > $BASE AND state = 3 ORDER BY id" >"$tmp/pool.txt"
  CASES_POOL="$tmp/pool.txt" CASES_THREADS=$2 write_phase "$1" \
    "SELECT count(*) FROM cases WHERE id > $BASE AND state = 6" accepted -t"$2" -c"$3" -s "$tmp/accept.lua" "$URL/"
  if [ "$(pool_left)" = 0 ]; then
    notes+=("$1: the pool ran out before the end: the rate is a lower bound")
  fi
}
topup "$(awk -v r="$cn_rps" -v s="$SECS" 'BEGIN{printf "%d", 3 * r * s}')"
accept_phase "durable accept, -c$WCONNS" "$THREADS" "$WCONNS"
an_rps=$W_RPS
topup "$(awk -v r="$c1_rps" -v s="$SECS" 'BEGIN{printf "%d", 3 * r * s}')"
accept_phase "durable accept, 1 client" 1 1
a1_rps=$W_RPS a1_p50=$W_P50

# ---- 4. reads on the full year against nginx static -----------------------------------
total=$(sqlc "SELECT count(*) FROM cases")
WL="/api/v1/cases/worklist"
FG="/api/v1/cases/figures?group=month"
curl -sf --max-time 60 -H "Cookie: $APPROVER" "$URL$WL" >"$tmp/worklist.json"
curl -sf --max-time 60 "$URL$FG" >"$tmp/figures.json"
# the response's total is capped (1000, total_capped): count the open cases in the database
wl_open=$(sqlc "SELECT count(*) FROM cases WHERE department_id = (SELECT department_id FROM users WHERE login = 'approver') AND state IN (6, 8, 9, 10, 11)")
wl_total="$wl_open $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$tmp/worklist.json")"
fg_rows=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=[v for v in d.values() if isinstance(v, list)]; print(len(r[0]) if r else 0)' "$tmp/figures.json")
NPORT=$(bench_free_port)
bench_nginx "$tmp" "$NPORT" "location = /worklist { default_type application/json; alias $tmp/worklist.json; }
    location = /figures { default_type application/json; alias $tmp/figures.json; }"
for _ in $(seq 50); do curl -sf --max-time 2 "http://127.0.0.1:$NPORT/figures" >/dev/null 2>&1 && break; sleep 0.1; done
NURL="http://127.0.0.1:$NPORT"

read_pair() { # label nginx-path onestop-path threads conns [cookie] -> sets R_N R_O (req/s)
  local label=$1 np=$2 op=$3 t=$4 c=$5 ck=${6:-} hdr=() rps p50 p99 n bad err c0 c1
  [ -n "$ck" ] && hdr=(-H "Cookie: $ck")
  read -r rps p50 p99 n bad err < <(bench_wrk "$tmp/wrk.out" --timeout "${TIMEOUT}s" -d"${SECS}s" -t"$t" -c"$c" "${hdr[@]}" "$NURL$np")
  row "nginx static ${np#/}.json (reference), $label" "$rps" "$p50" "$p99" "-"
  R_N=$rps
  c0=$(cpu_ticks)
  read -r rps p50 p99 n bad err < <(bench_wrk "$tmp/wrk.out" --timeout "${TIMEOUT}s" -d"${SECS}s" -t"$t" -c"$c" "${hdr[@]}" "$URL$op")
  c1=$(cpu_ticks)
  row "onestop GET $op, $label" "$rps" "$p50" "$p99" "$(cpu_per "$c0" "$c1" "$n")"
  R_O=$rps
  [ "$bad$err" = 00 ] || notes+=("GET $op, $label: non-2xx $bad, socket errors (timeouts ${TIMEOUT}s) $err")
}
read_pair "1 client" /worklist "$WL" 1 1 "$APPROVER"
w1=$(awk -v a="$R_O" -v b="$R_N" 'BEGIN{printf "%.3g", b ? a/b : 0}')
read_pair "-c$CONNS" /worklist "$WL" "$THREADS" "$CONNS" "$APPROVER"
wn=$(awk -v a="$R_O" -v b="$R_N" 'BEGIN{printf "%.3g", b ? a/b : 0}')
read_pair "1 client" /figures "$FG" 1 1
f1=$(awk -v a="$R_O" -v b="$R_N" 'BEGIN{printf "%.3g", b ? a/b : 0}')
read_pair "-c$CONNS" /figures "$FG" "$THREADS" "$CONNS"
fn=$(awk -v a="$R_O" -v b="$R_N" 'BEGIN{printf "%.3g", b ? a/b : 0}')

# ---- report ------------------------------------------------------------------------------------
commit_ms=$(awk -v c="$ceiling" 'BEGIN{printf "%.2f", 1000/c}')
echo "bench: $total cases in the database; worklist: ${wl_total% *} open cases of the department, first page ${wl_total#* };" \
  "figures: $fg_rows months; load average after $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-62s %10s %9s %9s %12s\n' "measure" "per second" "p50 ms" "p99 ms" "cpu ms/req"
printf '%-62s %10s %9s %9s %12s\n' "fsync ceiling: sqlite3, 1 row per txn, WAL+FULL" "$ceiling" "$commit_ms" "-" "-"
for r in "${rows[@]}"; do
  IFS='|' read -r l a b c d <<<"$r"
  printf '%-62s %10s %9s %9s %12s\n' "$l" "$a" "$b" "$c" "$d"
done
for n in "${notes[@]}"; do echo "note: $n"; done
awk -v c="$ceiling" -v cm="$commit_ms" -v c1="$c1_rps" -v cn="$cn_rps" -v a1="$a1_rps" -v an="$an_rps" \
  -v c1p="$c1_p50" -v a1p="$a1_p50" -v w="$WCONNS" 'BEGIN{
  printf "ratio create/fsync ceiling: %.2fx (1 client), %.2fx (-c%s)\n", c1/c, cn/c, w;
  printf "ratio accept/fsync ceiling: %.2fx (1 client), %.2fx (-c%s)\n", a1/c, an/c, w;
  printf "one-client p50 in fsync commits (%.2f ms each): create %.1f, accept %.1f\n", cm, c1p/cm, a1p/cm }'
echo "ratio worklist/nginx req/s: ${w1}x (1 client), ${wn}x (-c$CONNS)"
echo "ratio figures?group=month/nginx req/s: ${f1}x (1 client), ${fn}x (-c$CONNS)"
