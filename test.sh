#!/usr/bin/env bash
# Keyuan's test command: formatting, clippy (server and wasm), unit tests, API tests
# against a private PostgreSQL started for this run, and browser tests in headless
# Chromium against the release build of the app.
source "$(dirname "${BASH_SOURCE[0]}")/.ci/lib.sh"
cd "$KEYUAN_ROOT"

ensure_wasm_toolchain
ensure_postgres
ensure_axe_core
command -v chromium >/dev/null && command -v chromedriver >/dev/null || apt_install chromium chromium-driver
# a Chinese font, so that the screenshots people look at show the Chinese interface
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || apt_install fonts-wqy-microhei

say "rustfmt"
cargo fmt --all -- --check
say "clippy (server, shared, tests)"
cargo clippy --quiet --workspace --exclude keyuan-app --all-targets -- -D warnings
say "clippy (app, wasm32)"
cargo clippy --quiet -p keyuan-app --target wasm32-unknown-unknown -- -D warnings
build_app

# One private cluster for the run; each test creates its own database in it.
test_pg="$(mktemp -d /tmp/keyuan-test-pg.XXXXXX)"
trap 'pg_stop; rm -rf "$test_pg"' EXIT
KEYUAN_PG_FSYNC=off pg_start "$test_pg"
export KEYUAN_TEST_DATABASE_URL; KEYUAN_TEST_DATABASE_URL="$(pg_url postgres)"
export KEYUAN_SCREENSHOT_DIR="${KEYUAN_SCREENSHOT_DIR:-$CARGO_TARGET_DIR/screenshots}"

say "unit, API and browser tests"
log="$(mktemp)"
# the app's unit tests (role rules, translations complete) run on the host too
cargo test --workspace 2>&1 | tee "$log"
# one plain total line for whoever reads the end of the log
awk '/^test result:/ { p += $4; f += $6 } END { printf "keyuan: %d passed, %d failed\n", p, f; exit (p == 0 || f > 0) }' "$log"
rm -f "$log"
say "screenshots in $KEYUAN_SCREENSHOT_DIR"
