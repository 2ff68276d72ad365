#!/usr/bin/env bash
# Keyuan's run command: installs what is missing, starts a private PostgreSQL under .data/
# (unless DATABASE_URL is set), migrates, loads the demo store, builds the app in release
# mode and serves app and API on http://127.0.0.1:${PORT:-8080}. Ctrl-C stops everything.
source "$(dirname "${BASH_SOURCE[0]}")/.ci/lib.sh"
cd "$KEYUAN_ROOT"

ensure_wasm_toolchain
build_app
say "building the server (release)"
cargo build --release --quiet -p keyuan-server

if [ -z "${DATABASE_URL:-}" ]; then
    # The embedded mode: a private cluster whose data survives between runs.
    mkdir -p .data
    pg_start "$(pg_data_dir_for "$KEYUAN_ROOT/.data/pg")"
    trap pg_stop EXIT
    pg_create_db keyuan
    export DATABASE_URL; DATABASE_URL="$(pg_url keyuan)"
    if [ -z "${KEYUAN_JWT_SECRET:-}" ]; then
        # generated once for this checkout; only the embedded mode has a default secret
        [ -s .data/jwt-secret ] || (umask 077; head -c 48 /dev/urandom | base64 -w0 > .data/jwt-secret)
        export KEYUAN_JWT_SECRET; KEYUAN_JWT_SECRET="$(cat .data/jwt-secret)"
    fi
    export KEYUAN_DEMO_DATA="${KEYUAN_DEMO_DATA:-1}"
else
    [ -n "${KEYUAN_JWT_SECRET:-}" ] || die "with DATABASE_URL set, also set KEYUAN_JWT_SECRET (32+ random bytes)"
fi

if [ "${KEYUAN_DEMO_DATA:-}" = 1 ]; then
    cat >&2 <<'TXT'

  Demo store 演示店 — every account's password is: keyuan-demo
    admin · manager · reception · consultant1 · consultant2 · consultant3

TXT
fi
say "Keyuan on http://${HOST:-127.0.0.1}:${PORT:-8080}  (Ctrl-C stops the server and its database)"
export KEYUAN_APP_DIR="$KEYUAN_ROOT/app/dist"
# not exec: the EXIT trap must stop PostgreSQL after the server has stopped
"$CARGO_TARGET_DIR/release/keyuan-server"
