#!/usr/bin/env bash
# `npm run bench:peers`: installs Emmett's SQLite event store into bench/peers/.peer (gitignored,
# outside the project's own dependencies), then runs the correctness cases and the side-by-side bench.
# The root package.json and package-lock.json are never touched; the script checks that.
set -euo pipefail
cd "$(dirname "$0")/../.."

PEER_DIR=bench/peers/.peer
# 0.42.4 is newer, but it requires @event-driven-io/emmett@0.42.4, which the registry does not have;
# 0.38.5 is the newest release whose own peer dependency resolves. sqlite3 is its driver (^5.1.7).
EMMETT_SQLITE=0.38.5
EMMETT=0.38.5
SQLITE3=5.1.7

installed_version() {
  node -p "require('./$PEER_DIR/node_modules/$1/package.json').version" 2>/dev/null || true
}

root_fingerprint() {
  sha256sum package.json package-lock.json
}

if [[ "$(installed_version @event-driven-io/emmett-sqlite)" != "$EMMETT_SQLITE" ||
  "$(installed_version @event-driven-io/emmett)" != "$EMMETT" ||
  "$(installed_version sqlite3)" != "$SQLITE3" ||
  ! -f "$PEER_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]]; then
  echo "Installing @event-driven-io/emmett-sqlite@$EMMETT_SQLITE and sqlite3@$SQLITE3 into $PEER_DIR"
  echo "(sqlite3 compiles its native addon with node-gyp: about a minute on 2 cores)"
  before="$(root_fingerprint)"
  mkdir -p "$PEER_DIR"
  # Its own package.json, so npm treats the folder as a separate project (not a workspace member)
  # and lets sqlite3 run its install script, which builds the addon.
  cat >"$PEER_DIR/package.json" <<'JSON'
{
  "name": "kb-bench-peer",
  "private": true,
  "type": "module",
  "allowScripts": { "sqlite3": true }
}
JSON
  npm install --prefix "$PEER_DIR" --no-save --no-audit --no-fund --loglevel=error \
    "@event-driven-io/emmett-sqlite@$EMMETT_SQLITE" "@event-driven-io/emmett@$EMMETT" "sqlite3@$SQLITE3"
  if [[ "$(root_fingerprint)" != "$before" ]]; then
    echo "bench:peers: the peer install changed the root package.json or package-lock.json" >&2
    exit 1
  fi
fi

npx tsx bench/peers/peer-cases.ts
# --expose-gc: the bench collects garbage before each timed section.
npx tsx --expose-gc bench/peers/peer-bench.ts
