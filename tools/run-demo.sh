#!/bin/sh
# `make run`: create var/onestop.db with the demo district when absent, print
# the URL and the demo accounts, and serve on http://127.0.0.1:8080.
set -eu
cd "$(dirname "$0")/.."
DB=${ONESTOP_DB:-var/onestop.db}
LISTEN=${ONESTOP_LISTEN:-127.0.0.1:8080}
mkdir -p "$(dirname "$DB")"
if [ ! -f "$DB" ]; then
  build/onestop init --db "$DB"
  build/onestop demo --db "$DB"
fi
ACC="$(dirname "$DB")/demo-accounts.txt"
echo
echo "OneStop is starting at http://$LISTEN/  (Ctrl-C to stop)"
if [ -f "$ACC" ]; then
  echo "Demo accounts (from $ACC):"
  grep -v '^#' "$ACC" | awk -F'\t' '{ printf "  %-11s %-16s %-16s %s\n", $1, $2, $3, $4 }'
fi
echo "Administrators (sysadmin, secadmin, auditor) bind an authenticator app at their first sign-in."
echo
exec build/onestop serve --db "$DB" --listen "$LISTEN"
