#!/bin/sh
# Install what OneStop needs on Debian 12. `tools/deps.sh run` for building and
# serving; `tools/deps.sh test` adds what the test suites and the bench need.
# As root it uses apt-get; otherwise it prints the one command to run.
set -eu
cd "$(dirname "$0")/.."
RUN_PKGS="gcc make libc6-dev libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libinih-dev libqrencode-dev libespeak-ng-dev libcairo2-dev fonts-noto-cjk"
TEST_PKGS="$RUN_PKGS libcmocka-dev clang libclang-rt-14-dev nodejs npm chromium fonts-noto-cjk nginx-light wrk curl procps sqlite3 poppler-utils"
case "${1:-run}" in
  run) want=$RUN_PKGS ;;
  test) want=$TEST_PKGS ;;
  *) echo "usage: tools/deps.sh run|test" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
  # node and npm may come from elsewhere than Debian (e.g. nodesource); accept those.
  case $p in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "onestop: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # nginx must not start a system-wide server on port 80 during install.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    rm -f /usr/sbin/policy-rc.d
  else
    echo "onestop: missing packages; run: sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi
if [ "${1:-run}" = test ]; then
  # Browser-test tools from the npm registry, pinned by package-lock.json.
  if [ -f package-lock.json ] && { [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  fi
fi
