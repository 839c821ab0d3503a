#!/usr/bin/env bash
# The service hall under load, with its references measured in the same run:
#   1. the fsync-per-commit ceiling: sqlite3 inserting one row per
#      transaction, WAL + synchronous=FULL, on the same disk as the database;
#   2. durable ticket issue: wrk POST /api/v1/hall/sites/1/tickets with many
#      connections (every acknowledged ticket fsynced; group commit shares the
#      fsync) -> target >= 3x the ceiling;
#   3. durable call-next: wrk, each connection calling at its own window and
#      then marking the ticket not shown (so the window can call again); the
#      figure is successful calls/s (the no-shows are durable writes too and
#      are reported beside) -> target >= 3x the ceiling;
#   4. the board read from memory, GET /api/v1/hall/sites/1/board, against
#      nginx serving the same bytes as a static file -> target >= 0.8x nginx.
# Counts come from the database (tickets and calls created), not from wrk.
#   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (reads, 64),
#   BENCH_WRITE_CONNECTIONS (writes, 128), BENCH_THREADS (2)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
WCONNS=${BENCH_WRITE_CONNECTIONS:-128}
THREADS=${BENCH_THREADS:-2}
for tool in nginx wrk sqlite3 curl; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "bench: $tool missing (tools/deps.sh test)" >&2; exit 1; }
done
[ -x build/onestop ] || { echo "bench: build/onestop missing (make)" >&2; exit 1; }
tmp=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/onestop-hall-bench-XXXXXX")
cleanup() {
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  [ -n "${OS_PID:-}" ] && kill "$OS_PID" 2>/dev/null && wait "$OS_PID" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT


echo "bench: hall, wrk -t$THREADS, ${SECS}s per phase, $(nproc) cores, $(date -u +%FT%TZ), data in $tmp"

# ---- 1. the fsync-per-commit ceiling -------------------------------------
N_FSYNC=${BENCH_FSYNC_ROWS:-2000}
ceiling=$(bench_fsync_ceiling "$tmp" "$N_FSYNC")

# ---- the server on a demo database -----------------------------------------
build/onestop init --db "$tmp/bench.db" >/dev/null
build/onestop demo --db "$tmp/bench.db" --demo_cases 3000 >/dev/null  # the hall needs no year of cases
OPORT=$(bench_free_port)
build/onestop serve --db "$tmp/bench.db" --listen "127.0.0.1:$OPORT" --access_log off \
  --rate_ticket_per_hour 1000000 --queue_policy strict --threads "${BENCH_SERVER_THREADS:-16}" >"$tmp/onestop.out" 2>&1 &
OS_PID=$!
URL="http://127.0.0.1:$OPORT"
for _ in $(seq 100); do curl -sf "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
PW=$(awk -F'\t' '$2=="manager"{print $3}' "$tmp/demo-accounts.txt")
COOKIE=$(curl -si -H 'Content-Type: application/json' -d "{\"login\":\"manager\",\"password\":\"$PW\"}" \
  "$URL/api/v1/session" | awk -F': ' 'tolower($1)=="set-cookie"{split($2,a,";"); print a[1]}')
[ -n "$COOKIE" ] || { echo "bench: cannot sign in as manager" >&2; exit 1; }
QA=$(sqlite3 "$tmp/bench.db" "SELECT id FROM hall_queues WHERE site_id = 1 AND prefix = 'A'")
# every window of the district center serves queue A (1-12 are comprehensive)
for w in $(seq 13 86); do
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' -H "Cookie: $COOKIE" \
    -d "{\"queues\":\"$QA\"}" "$URL/api/v1/hall/windows/$w/queues"
done
sqlc() { sqlite3 "$tmp/bench.db" "$1"; }

# ---- 2. durable issue ----------------------------------------------------------
cat > "$tmp/issue.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"queue_id":$QA}'
wrk.headers["Content-Type"] = "application/json"
LUA
before=$(sqlc "SELECT count(*) FROM hall_tickets")
t0=$(bench_now)
wrk -t"$THREADS" -c"$WCONNS" -d"${SECS}s" -s "$tmp/issue.lua" "$URL/api/v1/hall/sites/1/tickets" > "$tmp/issue.out"
t1=$(bench_now)
after=$(sqlc "SELECT count(*) FROM hall_tickets")
issued=$((after - before))
issue_rps=$(awk -v n="$issued" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", n/(b-a)}')

# ---- 3. durable call-next --------------------------------------------------------
# Each wrk thread owns half of the 86 windows. A window is called, then its
# ticket is marked not shown, then it is free again; responses say which.
cat > "$tmp/call.lua" <<'LUA'
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  free, pending = {}, {}
  local per = math.floor(86 / wrk_threads)
  local first = (tid - 1) * per + 1
  for w = first, first + per - 1 do free[#free + 1] = w end
  cookie = os.getenv("HALL_COOKIE")
end
function request()
  local h = { ["Content-Type"] = "application/json", ["Cookie"] = cookie }
  if #pending > 0 then
    local id = table.remove(pending, 1)
    return wrk.format("POST", "/api/v1/hall/tickets/" .. id .. "/no-show", h, nil)
  end
  local w = table.remove(free, 1)
  if w == nil then w = 1 end
  return wrk.format("POST", "/api/v1/hall/windows/" .. w .. "/call", h, nil)
end
function response(status, headers, body)
  local id, state = string.match(body, '"ticket":{"id":(%d+),"number":"[A-Z]%d+","state":"([%a_]+)"')
  local w = tonumber(string.match(body, '"window":(%d+)'))
  if id and state == "called" then
    pending[#pending + 1] = id
  elseif state == "no_show" and w then
    free[#free + 1] = w
  end
end
LUA
sed -i "s/wrk_threads/$THREADS/" "$tmp/call.lua"
cb=$(sqlc "SELECT count(*) FROM hall_calls")
nb=$(sqlc "SELECT count(*) FROM hall_tickets WHERE state = 5")
t0=$(bench_now)
HALL_COOKIE=$COOKIE wrk -t"$THREADS" -c"$((86 / THREADS * THREADS < WCONNS ? 86 / THREADS * THREADS : WCONNS))" -d"${SECS}s" -s "$tmp/call.lua" "$URL/" > "$tmp/call.out"
t1=$(bench_now)
ca=$(sqlc "SELECT count(*) FROM hall_calls")
na=$(sqlc "SELECT count(*) FROM hall_tickets WHERE state = 5")
calls=$((ca - cb)); noshows=$((na - nb))
call_rps=$(awk -v n="$calls" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", n/(b-a)}')
write_rps=$(awk -v n="$((calls + noshows))" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", n/(b-a)}')
twice=$(sqlc "SELECT count(*) FROM (SELECT ticket_id FROM hall_calls GROUP BY ticket_id HAVING count(*) > 1)")

# ---- 4. the board from memory vs nginx static --------------------------------
curl -sf "$URL/api/v1/hall/sites/1/board" > "$tmp/board.json"
NPORT=$(bench_free_port)
bench_nginx "$tmp" "$NPORT" "location = /board { default_type application/json; alias $tmp/board.json; }"
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NPORT/board" >/dev/null 2>&1 && break; sleep 0.1; done
rps() { wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" "$1" | awk '/^Requests\/sec:/ {printf "%.0f", $2}'; }
nginx_rps=$(rps "http://127.0.0.1:$NPORT/board")
board_rps=$(rps "$URL/api/v1/hall/sites/1/board")

store_line=$(curl -sf "$URL/metrics" | awk '/^onestop_store_(commits|operations)_total/ {printf "%s=%s ", $1, $2}')

# ---- report ------------------------------------------------------------------------
r_issue=$(awk -v a="$issue_rps" -v b="$ceiling" 'BEGIN{printf "%.2f", a/b}')
r_call=$(awk -v a="$call_rps" -v b="$ceiling" 'BEGIN{printf "%.2f", a/b}')
r_board=$(awk -v a="$board_rps" -v b="$nginx_rps" 'BEGIN{printf "%.2f", a/b}')
printf '%-52s %10s\n' "measure" "per second"
printf '%-52s %10s\n' "fsync ceiling: sqlite3, 1 row per txn, WAL+FULL" "$ceiling"
printf '%-52s %10s\n' "durable ticket issue (-c$WCONNS, $issued tickets)" "$issue_rps"
printf '%-52s %10s\n' "durable call-next ($calls calls + $noshows no-shows)" "$call_rps"
printf '%-52s %10s\n' "  all durable writes of the call phase" "$write_rps"
printf '%-52s %10s\n' "nginx static board.json (reference, -c$CONNS)" "$nginx_rps"
printf '%-52s %10s\n' "onestop GET board (from memory, -c$CONNS)" "$board_rps"
echo "store: $store_line"
echo "tickets called twice: $twice"
verdict() { awk -v r="$1" -v t="$2" 'BEGIN{exit !(r >= t)}' && echo "met" || echo "NOT met"; }
echo "ratio issue/fsync ceiling: ${r_issue}x (target >= 3x: $(verdict "$r_issue" 3))"
echo "ratio call-next/fsync ceiling: ${r_call}x (target >= 3x: $(verdict "$r_call" 3))"
echo "ratio board/nginx: ${r_board}x (target >= 0.8x: $(verdict "$r_board" 0.8))"
[ "$twice" = 0 ] || { echo "bench: a ticket was called twice" >&2; exit 1; }
