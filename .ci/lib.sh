# Shared by run.sh and test.sh: installs what is missing and manages private PostgreSQL
# clusters. Sourced, not run. Every step is idempotent: a second run only checks.

set -euo pipefail

KEYUAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEYUAN_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/keyuan"
# Build output survives across clones and CI runs.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$KEYUAN_CACHE/target}"
export PATH="$HOME/.cargo/bin:$KEYUAN_CACHE/binaryen/node_modules/.bin:$PATH"
# runuser and friends live in sbin, which a non-login PATH may lack
export PATH="$PATH:/usr/sbin:/sbin"

# Versions that work together on these machines (Debian, rustc 1.95; the machines reach
# crates.io, npm and Debian's packages only, so nothing may download a prebuilt binary):
# - trunk 0.21.14: the newest trunk (0.22.x) needs a newer rustc than 1.95. app/Trunk.toml
#   sets `offline = true`, so a missing or mismatched tool fails with a clear message
#   instead of a download attempt and a DNS error; trunk uses a wasm-bindgen / wasm-opt
#   from PATH only when its version matches `[tools]` there.
# - wasm-bindgen-cli at exactly the `wasm-bindgen` version in Cargo.lock (0.2.130, pinned
#   with `=` in Cargo.toml so the lock and the installed CLI cannot drift apart).
# - binaryen 132 (wasm-opt) from npm: see ensure_wasm_toolchain.
# If you bump wasm-bindgen, change it here, in Cargo.toml and in app/Trunk.toml together.
# Chromium for the browser tests comes from Debian (`chromium chromium-driver`, test.sh
# installs them); tests/support/browser.rs starts it with --headless --no-sandbox
# --disable-gpu --disable-background-networking --disable-component-update --disable-sync
# --no-first-run and a fresh --user-data-dir, or its attempts to reach the internet stall
# it. The dbus errors it prints are harmless.
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
AXE_CORE_VERSION=4.10.3

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

apt_install() {
    say "installing Debian packages: $*"
    if [ -z "${KEYUAN_APT_UPDATED:-}" ]; then as_root apt-get update -qq; KEYUAN_APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_wasm_toolchain() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
    if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
        say "installing trunk $TRUNK_VERSION from crates.io (about 7 minutes, once)"
        cargo install trunk --version "$TRUNK_VERSION" --locked
    fi
    if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
        say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 3 minutes, once)"
        # not --locked: its lockfile names a webpki-roots version the registry lacks.
        # The version must equal Cargo.lock's wasm-bindgen exactly, or trunk refuses it.
        cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
    fi
    # Debian's binaryen (108) emits modules that crash in Chromium: use npm's, privately.
    # Its wasm-opt runs, but the optimised module throws `WebAssembly.Table.set(): ...
    # function-typed object must be null` in Chromium, and release builds run wasm-opt by
    # default, picking up /usr/bin/wasm-opt. So npm's binaryen 132 goes into a local prefix
    # (not -g) that is first on PATH (above), and app/Trunk.toml pins `wasm_opt =
    # "version_132"` so no other version is used. (The fallback would be
    # data-wasm-opt="0" on the rust link in app/index.html: a much larger module.)
    # Only a browser test against the release build catches this class of failure.
    if ! "$KEYUAN_CACHE/binaryen/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version_${BINARYEN_VERSION%%.*}"; then
        command -v npm >/dev/null || apt_install npm
        say "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into $KEYUAN_CACHE/binaryen"
        mkdir -p "$KEYUAN_CACHE/binaryen"
        npm install --silent --no-audit --no-fund --prefix "$KEYUAN_CACHE/binaryen" "binaryen@$BINARYEN_VERSION" >/dev/null
    fi
}

# axe-core, the accessibility checker the browser tests inject into each screen they
# check (tests/support/browser.rs: `assert_accessible`). One JavaScript file from npm.
ensure_axe_core() {
    export KEYUAN_AXE_JS="$KEYUAN_CACHE/axe-core/node_modules/axe-core/axe.min.js"
    if ! grep -q "axe v$AXE_CORE_VERSION" "$KEYUAN_AXE_JS" 2>/dev/null; then
        command -v npm >/dev/null || apt_install npm
        say "installing axe-core $AXE_CORE_VERSION from npm into $KEYUAN_CACHE/axe-core"
        mkdir -p "$KEYUAN_CACHE/axe-core"
        npm install --silent --no-audit --no-fund --prefix "$KEYUAN_CACHE/axe-core" "axe-core@$AXE_CORE_VERSION" >/dev/null
    fi
}

build_app() {
    say "building the app (release)"
    (cd "$KEYUAN_ROOT/app" && trunk build --release)
}

PG_BIN=""
ensure_postgres() {
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
        apt_install postgresql
        PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
}

# initdb and postgres refuse to run as root: then the cluster belongs to the `postgres`
# system user (PostgreSQL 15's binaries live in /usr/lib/postgresql/15/bin on Debian).
pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DATA_DIR: initialise (once) and start a private cluster that listens only on a
# Unix socket inside DATA_DIR. Sets PG_URL_BASE (append a database name) and PG_DATA.
pg_start() {
    PG_DATA="$1"
    ensure_postgres
    local sock="$PG_DATA/socket"
    if [ ! -s "$PG_DATA/PG_VERSION" ]; then
        say "creating a private PostgreSQL cluster in $PG_DATA"
        mkdir -p "$PG_DATA"
        [ "$(id -u)" = 0 ] && chown postgres: "$PG_DATA"
        chmod 700 "$PG_DATA"
        pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
        pg_as_owner mkdir -p "$sock"
        cat <<CONF | pg_as_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null
# Keyuan private cluster: Unix socket only, no TCP.
listen_addresses = ''
unix_socket_directories = '$sock'
max_connections = 200
fsync = ${KEYUAN_PG_FSYNC:-on}
CONF
    fi
    if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start >/dev/null \
            || { tail -n 20 "$PG_DATA/server.log" >&2; die "PostgreSQL did not start (log: $PG_DATA/server.log)"; }
    fi
    PG_URL_BASE="postgres://postgres@localhost"
    PG_URL_QUERY="?host=$sock"
}

pg_url() { printf '%s/%s%s' "$PG_URL_BASE" "$1" "$PG_URL_QUERY"; }

pg_create_db() {
    pg_as_owner "$PG_BIN/psql" -h "$PG_DATA/socket" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1 \
        || pg_as_owner "$PG_BIN/createdb" -h "$PG_DATA/socket" -U postgres "$1"
}

pg_stop() {
    [ -n "${PG_DATA:-}" ] && [ -n "$PG_BIN" ] || return 0
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
}

# A folder the postgres user can reach: the project's data folder when every parent is
# traversable, else one under /var/tmp keyed by the project path.
pg_data_dir_for() {
    local wanted="$1"
    mkdir -p "$(dirname "$wanted")"
    if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$(dirname "$wanted")"; then
        echo "$wanted"
    else
        echo "/var/tmp/keyuan-pg-$(printf '%s' "$wanted" | md5sum | cut -c1-12)"
    fi
}
