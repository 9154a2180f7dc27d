#!/usr/bin/env bash
# The one-command demo (`npm run demo`): sets everything up on a fresh machine and starts the local dev store, the app
# (with its worker) and the mail catcher on the embedded default (SQLite), then prints where to click.
#   DEMO_SEED=small npm run demo     a bigger dev store (tiny | small | medium | large)
#   DEMO_RESET=1 npm run demo        start again from empty databases
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
if [ "${DEMO_RESET:-}" = "1" ]; then rm -f .data/demo-*.sqlite*; fi
echo "[demo] building the app"
mkdir -p .data && npx remix vite:build > .data/build.log 2>&1 || { cat .data/build.log; exit 1; }
exec npx tsx scripts/demo.ts
