# shellcheck shell=bash
# lib.sh - helpers shared by the benchmarks (sourced by bench/*.sh, not run).
#
#   bench_fsync_ceiling DIR ROWS   the fsync-per-commit ceiling, rows/s: sqlite3
#                                  inserting ROWS rows, one per transaction,
#                                  WAL + synchronous=FULL, into DIR/fsync.db (the
#                                  same measurement as bench/hall.sh's phase 1)
#   bench_free_port                a free TCP port on 127.0.0.1
#   bench_now                      wall clock, seconds with nanoseconds
#   bench_ms LATENCY               wrk's "512.00us" / "1.20ms" / "2.00s" in ms
#   bench_wrk OUTFILE WRK-ARGS...  runs wrk --latency with the arguments, keeps
#                                  its output in OUTFILE and prints
#                                  "req/s p50ms p99ms requests non2xx errors"
#   bench_nginx DIR PORT LOCATIONS starts nginx (2 workers, no access log) on
#                                  127.0.0.1:PORT with the location blocks
#                                  given; its pid file is DIR/nginx.pid

bench_fsync_ceiling() {
  local dir=$1 n=$2 i t0 t1
  {
    echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
    for i in $(seq "$n"); do echo "INSERT INTO t(v) VALUES ('ticket $i');"; done
  } >"$dir/fsync.sql"
  t0=$(bench_now)
  sqlite3 "$dir/fsync.db" <"$dir/fsync.sql" >/dev/null
  t1=$(bench_now)
  awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", n/(b-a)}'
}

bench_free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])
PY
}

bench_now() { date +%s.%N; }

bench_ms() {
  case $1 in
  *us) awk -v v="${1%us}" 'BEGIN{printf "%.3f", v/1000}' ;;
  *ms) echo "${1%ms}" ;;
  *s) awk -v v="${1%s}" 'BEGIN{printf "%.0f", v*1000}' ;;
  *) echo "${1:--}" ;;
  esac
}

bench_wrk() {
  local out=$1
  shift
  wrk --latency "$@" >"$out"
  local rps p50 p99 n bad err
  rps=$(awk '/^Requests\/sec:/ {printf($2 < 100 ? "%.1f" : "%.0f", $2)}' "$out")
  p50=$(bench_ms "$(awk '$1=="50%" {print $2}' "$out")")
  p99=$(bench_ms "$(awk '$1=="99%" {print $2}' "$out")")
  n=$(awk '/requests in/ {print $1}' "$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  err=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
  echo "${rps:-0} $p50 $p99 ${n:-0} ${bad:-0} ${err:-0}"
}

bench_nginx() {
  local dir=$1 port=$2 locations=$3 nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    $locations
  }
}
CONF
  "$nginx" -c "$dir/nginx.conf" -p "$dir" -g 'daemon on;'
}
