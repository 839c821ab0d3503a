#!/usr/bin/env bash
# Catalog search at 10,000 items beside the nginx static reference of
# bench/run.sh, in the same run on the same machine.
#
#  1. a database with the demo district and catalog (1,330 items), grown to
#     BENCH_ITEMS (10,000) items by importing copies of the demo items as the
#     township centres' own items (bench/catalog_data.py, through
#     `onestop catalog import`: the timing of that import is printed too);
#  2. nginx serving bench/static/healthz.json (the reference) and
#     `onestop serve` on that database;
#  3. wrk with bench/catalog_search.lua rotating 20 searches (long and short
#     words, names and materials, filters, browsing) against
#     GET /api/v1/catalog/items, and wrk against nginx with the same options:
#       latency:    -t1 -c1   (one client: the service time; target p99 < 1 ms)
#       throughput: -tTHREADS -cCONNECTIONS (as bench/run.sh)
#     Prints req/s, p50 and p99 of each, the ratios onestop/nginx, and the
#     server's CPU time per search (from /proc: less sensitive than latency
#     to other work on the machine, which the load average beside it shows).
#   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_ITEMS (10000)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
ITEMS=${BENCH_ITEMS:-10000}
for tool in nginx wrk python3 curl; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "bench: $tool missing (tools/deps.sh test)" >&2; exit 1; }
done
[ -x build/onestop ] || { echo "bench: build/onestop missing (make)" >&2; exit 1; }
tmp=$(mktemp -d)
cleanup() {
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  [ -n "${OS_PID:-}" ] && kill "$OS_PID" 2>/dev/null && wait "$OS_PID" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "bench: preparing $ITEMS items"
db="$tmp/bench.db"
build/onestop init --db "$db" >/dev/null
build/onestop demo --db "$db" --demo_cases 3000 >/dev/null  # the catalog needs no year of cases
build/onestop catalog export --db "$db" --format json --what items --out "$tmp/demo.json"
python3 bench/catalog_data.py "$tmp/demo.json" "$tmp/items.json" "$ITEMS"
t0=$(bench_now)
build/onestop catalog import --db "$db" "$tmp/items.json"
t1=$(bench_now)
build/onestop catalog import --db "$db" "$tmp/items.json" | sed 's/^/again: /'
awk -v a="$t0" -v b="$t1" -v n="$ITEMS" 'BEGIN{printf "bench: import of %d items took %.1f s (one transaction)\n", n, b-a}'

NPORT=$(bench_free_port)
bench_nginx "$tmp" "$NPORT" "location = /healthz { default_type application/json; alias $PWD/bench/static/healthz.json; }"

OPORT=$(bench_free_port)
build/onestop serve --db "$db" --listen "127.0.0.1:$OPORT" --access_log off >"$tmp/onestop.out" 2>&1 &
OS_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$OPORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$NPORT/healthz" >/dev/null
total=$(curl -sf "http://127.0.0.1:$OPORT/api/v1/catalog/summary" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"])')
hits=$(curl -sf "http://127.0.0.1:$OPORT/api/v1/catalog/items?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], "or more" if d["total_capped"] else "")')
echo "bench: $total items in the catalog; 营业执照 finds $hits"
[ "$total" -ge "$ITEMS" ] || { echo "bench: the catalog has $total items, expected $ITEMS" >&2; exit 1; }

measure() { # threads conns url [script] -> "rps p50ms p99ms requests non2xx errors"
  if [ -n "${4:-}" ]; then
    bench_wrk "$tmp/wrk.out" -t"$1" -c"$2" -d"${SECS}s" -s "$4" "$3"
  else
    bench_wrk "$tmp/wrk.out" -t"$1" -c"$2" -d"${SECS}s" "$3"
  fi
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$OS_PID/stat"; }

N="http://127.0.0.1:$NPORT/healthz"
O="http://127.0.0.1:$OPORT"
echo "bench: wrk -d${SECS}s on $(nproc) cores, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg); searches rotate over 20 queries"
read -r n1_rps n1_p50 n1_p99 _ < <(measure 1 1 "$N")
t0=$(cpu_ticks)
read -r o1_rps o1_p50 o1_p99 o1_n _ < <(measure 1 1 "$O" bench/catalog_search.lua)
t1=$(cpu_ticks)
read -r nc_rps nc_p50 nc_p99 _ < <(measure "$THREADS" "$CONNS" "$N")
read -r oc_rps oc_p50 oc_p99 _ < <(measure "$THREADS" "$CONNS" "$O" bench/catalog_search.lua)
tick=$(getconf CLK_TCK)
printf '%-46s %10s %9s %9s\n' "target" "req/s" "p50 ms" "p99 ms"
printf '%-46s %10.0f %9s %9s\n' "nginx static /healthz, -t1 -c1 (reference)" "$n1_rps" "$n1_p50" "$n1_p99"
printf '%-46s %10.0f %9s %9s\n' "onestop catalog search, -t1 -c1" "$o1_rps" "$o1_p50" "$o1_p99"
printf '%-46s %10.0f %9s %9s\n' "nginx static /healthz, -t$THREADS -c$CONNS (reference)" "$nc_rps" "$nc_p50" "$nc_p99"
printf '%-46s %10.0f %9s %9s\n' "onestop catalog search, -t$THREADS -c$CONNS" "$oc_rps" "$oc_p50" "$oc_p99"
awk -v a="$o1_rps" -v b="$n1_rps" -v c="$oc_rps" -v d="$nc_rps" -v p="$o1_p99" -v q="$n1_p99" -v conns="$CONNS" 'BEGIN{
  printf "ratio search/nginx req/s: %.3fx (one client), %.3fx (%s connections)\n", a/b, c/d, conns;
  printf "ratio search/nginx p99 (one client): %.1fx\n", p/q }'
awk -v t0="$t0" -v t1="$t1" -v n="$o1_n" -v hz="$tick" 'BEGIN{
  printf "server CPU per search: %.3f ms (%d searches)\n", (t1-t0)*1000/hz/n, n }'
echo "bench: load average after $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v p="$o1_p99" 'BEGIN{exit !(p < 1.0)}' && echo "bench: target met (search p99 < 1 ms at $total items, one client)" \
  || echo "bench: target NOT met (search p99 ${o1_p99} ms at $total items, one client)"
