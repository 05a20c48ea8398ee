#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine (or an existing checkout) for `npm run demo` and `npm test`:
# installs redis-server, redis-sentinel and redis-cli when they are missing, then installs
# the npm dependencies (which builds dist/ through the `prepare` script). Safe to run again:
# it only does what is not done yet. Needs no terminal (CI=true, no stdin).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*"; }

missing=()
for bin in redis-server redis-sentinel redis-cli; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
done
# What the tests use besides Redis: openssl makes the TLS tests' certificates, and Debian's
# redis-py (in the system Python) is one of the client libraries tested.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
/usr/bin/python3 -c 'import redis' >/dev/null 2>&1 || missing+=(python3-redis)
# iproute2's `ip` builds the network namespaces of the partition tests (test/partition), which
# only run as root (they are skipped otherwise): needed only then.
if [[ $(id -u) -eq 0 ]]; then command -v ip >/dev/null 2>&1 || missing+=(iproute2); fi

if ((${#missing[@]} > 0)); then
  say "missing: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    cat >&2 <<'MSG'
Redis (or a tool the tests use) is not installed and this script cannot install it (not
root, no password-less sudo). Install them once as root, then run this script again:

    apt-get update && apt-get install -y redis-server redis-sentinel redis-tools openssl python3-redis iproute2

(The tests and the demo start their own redis-server / redis-sentinel processes on free
loopback ports; the system services the packages start can be stopped.)
MSG
    exit 1
  fi
  say "installing redis-server redis-sentinel redis-tools openssl python3-redis iproute2"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update </dev/null
  "${as_root[@]}" apt-get install -y redis-server redis-sentinel redis-tools openssl python3-redis iproute2 </dev/null
  # The packages start system services on 6379/26379; the tests and demo need none of them.
  "${as_root[@]}" service redis-server stop </dev/null >/dev/null 2>&1 || true
  "${as_root[@]}" service redis-sentinel stop </dev/null >/dev/null 2>&1 || true
else
  say "redis: $(redis-server --version | head -n 1)"
fi

command -v node >/dev/null 2>&1 || { echo 'Node.js 20 or later is required (node not found on PATH).' >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "Node.js 20 or later is required (found $(node --version))." >&2
  exit 1
fi

# `npm ci` when node_modules is missing or older than the lock file; it runs `prepare` (the build).
if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
  say "npm ci"
  npm ci --no-audit --no-fund </dev/null
  touch node_modules
elif [[ ! -f dist/cli/main.js ]]; then
  say "npm run build"
  npm run build </dev/null
else
  say "node_modules up to date"
fi

say "ready: npm run demo | npm test"
