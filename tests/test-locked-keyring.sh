#!/usr/bin/env bash
# test-locked-keyring.sh — oces-keeper-cli with a locked keyring, as on a server after a reboot or
# from a timer: every command that needs a secret fails at once with "the keyring is locked",
# with and without a display, and changes nothing; then with a keyring that has no login keyring
# at all, which it says just as plainly. It runs its own session bus and gnome-keyring,
# so that locking the keyring does not disturb the other tests.
#
# Copyright 2026 The OCES Keeper authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-locked-keyring.sh   (OK_CLI comes from the test env)
set -euo pipefail
: "${OK_CLI:?OK_CLI is not set}"

if [ -z "${OK_LOCKED_KEYRING_INNER:-}" ]; then
  export OK_LOCKED_KEYRING_INNER=1
  exec dbus-run-session -- "$0" "$@"
fi

work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work/run HOME=$work/home OK_DATA_DIR=$work/store
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache
mkdir -p "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
cleanup () {
  [ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail () { echo "not ok: $*" >&2; exit 1; }

# A keyring of its own: not the test session's, which the daemon would otherwise find and join.
unset GNOME_KEYRING_CONTROL GNOME_KEYRING_PID
eval "$(printf 'locked-keyring-test' | gnome-keyring-daemon --daemonize --unlock --components=secrets)"
eval "$(gnome-keyring-daemon --start --components=secrets)"
export GNOME_KEYRING_CONTROL GNOME_KEYRING_PID

login_locked () {
  gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets/collection/login     --method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection Locked 2>/dev/null || true
}
# The daemon makes the login keyring a moment after it answers.
for _ in $(seq 100); do [ "$(login_locked)" = "(<false>,)" ] && break; sleep 0.1; done
[ "$(login_locked)" = "(<false>,)" ] || fail "the login keyring did not appear unlocked"

make_bundle () {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/$1.key" \
    -out "$work/$1.pem" -subj "/CN=$1" -days 90 2>/dev/null
  cat "$work/$1.pem" "$work/$1.key" > "$work/$1-bundle.pem"
}
make_bundle before
make_bundle after

out=$("$OK_CLI" import "$work/before-bundle.pem" --name Before 2>&1) || fail "import while unlocked: $out"
id=$("$OK_CLI" list --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
echo "ok: imported $id while the keyring was unlocked"

gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
  --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" > /dev/null
locked=$(login_locked)
[ "$locked" = "(<true>,)" ] || fail "the login collection did not lock: $locked"
echo "ok: the login keyring is locked"

# expect_locked LABEL COMMAND… — fails within 20 s (no prompt waited for), says why, exits 1.
expect_locked () {
  local label=$1 status=0 out started elapsed
  shift
  started=$(date +%s)
  out=$(timeout 20 "$@" 2>&1 < /dev/null) || status=$?
  elapsed=$(( $(date +%s) - started ))
  [ "$status" -ne 124 ] || fail "$label waited for a prompt until killed"
  [ "$status" -eq 1 ] || fail "$label exited $status: $out"
  grep -q "keyring is locked" <<<"$out" || fail "$label did not say why: $out"
  echo "ok: $label fails in ${elapsed} s with: ${out##*Error: }"
}

expect_locked "import with a key" "$OK_CLI" import "$work/after-bundle.pem" --name After
expect_locked "export of the key" env OK_TEST_PASS=pw sh -c "echo pw | '$OK_CLI' export '$id' --format key --output '$work/x.key'"
expect_locked "import without a display" env -u DISPLAY "$OK_CLI" import "$work/after-bundle.pem" --name After

# Nothing changed: still the one certificate, and no key file written.
count=$("$OK_CLI" list --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
[ "$count" = 1 ] || fail "the store has $count certificates"
[ ! -e "$work/x.key" ] || fail "an export was written"
echo "ok: the store is as it was"

# A keyring without a login keyring, as on a server where nobody ever logged in to a desktop:
# every command that needs a secret says so and changes nothing. (gnome-keyring also answers
# "no default keyring" for a moment while it reloads a keyring file, so the CLI asks again a
# few times before it believes it.)
secrets_owned () {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null || true
}
# The daemon's pid, from the bus: `--start` does not always say it.
secrets_pid () {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets | sed 's/.*uint32 \([0-9]*\).*/\1/'
}
kill "$(secrets_pid)"
for _ in $(seq 100); do [ "$(secrets_owned)" = "(false,)" ] && break; sleep 0.1; done
[ "$(secrets_owned)" = "(false,)" ] || fail "the first keyring daemon did not go away"
export HOME=$work/home-without-login XDG_RUNTIME_DIR=$work/run-without-login
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache
mkdir -p "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
unset GNOME_KEYRING_CONTROL GNOME_KEYRING_PID
eval "$(gnome-keyring-daemon --start --daemonize --components=secrets)"
export GNOME_KEYRING_CONTROL GNOME_KEYRING_PID
for _ in $(seq 100); do [ "$(secrets_owned)" = "(true,)" ] && break; sleep 0.1; done
GNOME_KEYRING_PID=$(secrets_pid)
[ "$(secrets_owned)" = "(true,)" ] || fail "the keyring daemon without a login keyring did not start"

status=0
out=$(timeout 20 "$OK_CLI" import "$work/after-bundle.pem" --name After 2>&1 < /dev/null) || status=$?
[ "$status" -eq 1 ] || fail "import without a login keyring exited $status: $out"
grep -q "no login keyring" <<<"$out" || fail "import without a login keyring did not say why: $out"
echo "ok: import without a login keyring fails with: ${out##*Error: }"
count=$("$OK_CLI" list --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
[ "$count" = 1 ] || fail "the store has $count certificates"
echo "ok: the store is as it was"
