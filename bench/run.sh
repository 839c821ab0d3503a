#!/usr/bin/env bash
# Side-by-side: nginx serving a static JSON file (the reference) and onestop's
# GET /healthz, each loaded by wrk in the same run on this machine. Prints
# req/s and p99 for each and the ratio onestop/nginx. Then runs the benchmarks
# named in BENCH_SUITES (default "cases": bench/cases.sh), each with its own
# references measured in its own run; e.g. BENCH_SUITES="cases hall
# catalog_search", or BENCH_SUITES= for /healthz alone.
#   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (64), BENCH_THREADS (2)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
for tool in nginx wrk; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "bench: $tool missing (tools/deps.sh test)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
tmp=$(mktemp -d)
cleanup() {
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  [ -n "${OS_PID:-}" ] && kill "$OS_PID" 2>/dev/null && wait "$OS_PID" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])
PY
}

NPORT=$(free_port)
mkdir -p "$tmp/logs"
cat > "$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NPORT;
    location = /healthz { default_type application/json; alias $PWD/bench/static/healthz.json; }
  }
}
CONF
"$NGINX" -c "$tmp/nginx.conf" -p "$tmp" -g 'daemon on;'

OPORT=$(free_port)
build/onestop init --db "$tmp/bench.db" >/dev/null
build/onestop serve --db "$tmp/bench.db" --listen "127.0.0.1:$OPORT" --access_log off >"$tmp/onestop.out" 2>&1 &
OS_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$OPORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$NPORT/healthz" >/dev/null

measure() { # url -> "rps p99ms"
  local out
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "$1")
  local rps p99
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  # normalise p99 to milliseconds
  case $p99 in
    *us) p99=$(awk -v v="${p99%us}" 'BEGIN{printf "%.3f", v/1000}') ;;
    *ms) p99=${p99%ms} ;;
    *s) p99=$(awk -v v="${p99%s}" 'BEGIN{printf "%.3f", v*1000}') ;;
  esac
  echo "$rps $p99"
}

echo "bench: wrk -t$THREADS -c$CONNS -d${SECS}s on $(nproc) cores, $(date -u +%FT%TZ)"
read -r n_rps n_p99 < <(measure "http://127.0.0.1:$NPORT/healthz")
read -r o_rps o_p99 < <(measure "http://127.0.0.1:$OPORT/healthz")
printf '%-34s %12s %10s\n' "target" "req/s" "p99 ms"
printf '%-34s %12.0f %10s\n' "nginx static /healthz (reference)" "$n_rps" "$n_p99"
printf '%-34s %12.0f %10s\n' "onestop GET /healthz" "$o_rps" "$o_p99"
ratio=$(awk -v a="$o_rps" -v b="$n_rps" 'BEGIN{printf "%.2f", a/b}')
echo "ratio onestop/nginx: ${ratio}x (target >= 0.5x)"
awk -v r="$ratio" 'BEGIN{exit !(r >= 0.5)}' && echo "bench: target met" || echo "bench: target NOT met"

# ---- the suites, one after the other ------------------------------------------
cleanup
trap - EXIT
for suite in ${BENCH_SUITES-cases}; do
  [ -x "bench/$suite.sh" ] || { echo "bench: no bench/$suite.sh" >&2; exit 1; }
  echo
  "bench/$suite.sh"
done
