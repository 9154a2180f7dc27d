#!/usr/bin/env bash
# The one test command (`npm test`): sets a fresh machine up, then runs every check CI runs.
#   lint · typecheck · theme-check · schema sync · unit · build · integration on SQLite · integration on PostgreSQL · browser
# Set SKIP_E2E=1 or SKIP_PG=1 to leave a stage out locally; CI runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh --system chromium,postgresql

RESULTS=.data/test
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
step() { printf '\n\033[1;35m== %s\033[0m\n' "$*"; }

step "Prisma schemas in step"
npx tsx scripts/db.ts sync-schemas --check
step "lint";        npx eslint --max-warnings=0 .
step "typecheck";   npx tsc --noEmit
step "theme-check"; npx tsx devstore/storefront/theme-check.ts

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$RESULTS/unit.json"

step "build"
npx remix vite:build >/dev/null

step "integration tests on SQLite"
TEST_DATABASE=sqlite npx vitest run --project integration --reporter=default --reporter=json \
  --outputFile.json="$RESULTS/integration-sqlite.json"

if [ "${SKIP_PG:-}" != "1" ]; then
  step "integration tests on PostgreSQL"
  if ! scripts/postgres.sh status >/dev/null 2>&1; then
    trap 'scripts/postgres.sh stop' EXIT   # leave the machine as we found it
  fi
  scripts/postgres.sh start >/dev/null
  TEST_DATABASE=postgresql npx vitest run --project integration --reporter=default --reporter=json \
    --outputFile.json="$RESULTS/integration-postgresql.json"
fi

if [ "${SKIP_E2E:-}" != "1" ]; then
  step "browser tests (Chromium)"
  CI=1 npx playwright test
fi

step "summary"
npx tsx scripts/test-summary.ts "$RESULTS"
