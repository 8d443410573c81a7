#!/usr/bin/env bash
# test-app-run.sh — starts the real oces-keeper executable in the test session's X server, waits
# for its window, takes a screenshot, and quits it over D-Bus; once in English and once in Danish.
# Also checks --version and --background, and two starts at once.
#
# Copyright 2026 The OCES Keeper authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-app-run.sh APP_ID VERSION   (OK_APP, DISPLAY, OK_TEST_LOGDIR come from the test env)
set -euo pipefail
app_id=$1
version=$2
: "${OK_APP:?OK_APP is not set}" "${DISPLAY:?no X display: run through build-aux/test}"
logdir=${OK_TEST_LOGDIR:-$(mktemp -d)}
mkdir -p "$logdir"

fail () { echo "not ok: $*" >&2; exit 1; }

out=$("$OK_APP" --version)
[ "$out" = "OCES Keeper $version" ] || fail "--version printed '$out'"
echo "ok: --version prints '$out'"

# --background becomes the background monitor, without a window: the monitor's bus name gets
# an owner (it, or a monitor another test left running, in which case it leaves at once), and it
# ends cleanly on SIGTERM.
"$OK_APP" --background &
bg=$!
owned=false
for _ in $(seq 100); do
  if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
       --method org.freedesktop.DBus.NameHasOwner "$app_id.Monitor" 2>/dev/null | grep -q true; then
    owned=true
    break
  fi
  kill -0 "$bg" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$bg" 2>/dev/null || true
status=0
timeout 10 tail --pid="$bg" -f /dev/null || fail "--background did not end on SIGTERM"
wait "$bg" || status=$?
[ "$owned" = true ] || fail "--background started no monitor"
# 0 when its SIGTERM handler ran, 143 when SIGTERM came before it was set up.
[ "$status" -eq 0 ] || [ "$status" -eq 143 ] || fail "--background exited with $status"
echo "ok: --background runs the monitor and ends on SIGTERM"

# quit_over_dbus PID LABEL — app.quit over the session bus; PID must end with status 0.
quit_over_dbus () {
  local pid=$1 label=$2 status=0
  gapplication action "$app_id" quit
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    fail "$label: still running 10 s after app.quit"
  fi
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || fail "$label: exited with $status after app.quit"
  echo "ok: $label: quit over D-Bus, exit status 0"
}

run_once () {
  local label=$1 shot=$2 pid wid title
  shift 2
  env "$@" "$OK_APP" &
  pid=$!
  # Only windows of this process count: the in-process GTK tests open windows titled the same.
  if ! wid=$(timeout 20 xdotool search --sync --onlyvisible --all --pid "$pid" --name '^OCES Keeper$' | head -n 1) || [ -z "$wid" ]; then
    kill "$pid" 2>/dev/null || true
    fail "$label: no visible 'OCES Keeper' window within 20 s"
  fi
  title=$(xdotool getwindowname "$wid")
  [ "$title" = "OCES Keeper" ] || fail "$label: window title is '$title'"
  echo "ok: $label: window $wid '$title' is visible"

  # Give the first frame a moment to land before the screenshot.
  sleep 1
  import -window "$wid" "$logdir/$shot"
  read -r w h < <(identify -format '%w %h\n' "$logdir/$shot")
  [ "$w" -ge 360 ] && [ "$h" -ge 294 ] || fail "$label: screenshot is only ${w}x${h}"
  echo "ok: $label: screenshot $logdir/$shot is ${w}x${h}"

  quit_over_dbus "$pid" "$label"
}

run_once english app-run.png LC_ALL=C.UTF-8
run_once danish app-run-da.png LANGUAGE=da LC_ALL=C.UTF-8

# Two starts at once (a launcher clicked twice, or a notification's action while the app
# starts): one of them becomes the app, the other hands its activation over on the bus and
# exits at once, without waiting for the certificates; one window in all.
LC_ALL=C.UTF-8 "$OK_APP" &
first=$!
LC_ALL=C.UTF-8 "$OK_APP" &
second=$!
for _ in $(seq 100); do
  kill -0 "$first" 2>/dev/null && kill -0 "$second" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$first" 2>/dev/null && kill -0 "$second" 2>/dev/null; then
  kill "$first" "$second" 2>/dev/null || true
  fail "two starts at once: both still running after 10 s"
fi
if kill -0 "$first" 2>/dev/null; then app=$first handed=$second; else app=$second handed=$first; fi
status=0
wait "$handed" || status=$?
[ "$status" -eq 0 ] || { kill "$app" 2>/dev/null || true; fail "two starts at once: the second exited with $status"; }
if ! wid=$(timeout 20 xdotool search --sync --onlyvisible --all --pid "$app" --name '^OCES Keeper$' | head -n 1) || [ -z "$wid" ]; then
  kill "$app" 2>/dev/null || true
  fail "two starts at once: no visible window"
fi
windows=$(xdotool search --onlyvisible --all --pid "$app" --name '^OCES Keeper$' | wc -l)
[ "$windows" -eq 1 ] || { kill "$app" 2>/dev/null || true; fail "two starts at once: $windows windows"; }
echo "ok: two starts at once: one exits (status 0), the other shows one window"
quit_over_dbus "$app" "two starts at once"
