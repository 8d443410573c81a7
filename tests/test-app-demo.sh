#!/usr/bin/env bash
# test-app-demo.sh — fills a demo store with oces-keeper-cli (a certificate issued by the
# reference CA from its demo scenario, whose renewal then fails because renewal is not enabled;
# one the CA has revoked, which the check after its issuance finds; certificates made by openssl
# and certtool that are due, expired, and watched only), starts the
# real oces-keeper executable on it in the test session's X server, checks that the window shows
# the certificates, and takes the screenshots build-aux/screenshots copies to data/screenshots/:
# light, dark and Danish, the notification the window sends and Preferences → Advanced.
#
# Copyright 2026 The OCES Keeper authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-app-demo.sh APP_ID DEMO_SCENARIO   (OK_APP, OK_CLI, OK_TEST_CA, DISPLAY and
#        OK_TEST_LOGDIR come from the test environment)
set -euo pipefail
app_id=$1
demo_scenario=$2
: "${OK_APP:?}" "${OK_CLI:?}" "${OK_TEST_CA:?}" "${DISPLAY:?no X display: run through build-aux/test}"
logdir=${OK_TEST_LOGDIR:-$(mktemp -d)}
mkdir -p "$logdir"

fail () { echo "not ok: $*" >&2; exit 1; }

work=$(mktemp -d)
ca_pid=
cleanup () {
  [ -n "$ca_pid" ] && kill "$ca_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export OK_DATA_DIR="$work/store"
mkdir -p "$OK_DATA_DIR" "$work/ca-state"

# The reference CA with a copy of its demo scenario, so that the renewal switch below stays here.
cp "$demo_scenario" "$work/scenario.json"
"$OK_TEST_CA" --scenario "$work/scenario.json" --state-dir "$work/ca-state" --write-ca "$work/ca.pem" \
  --port 0 >"$work/ca.out" 2>"$work/ca.err" &
ca_pid=$!
for _ in $(seq 200); do [ -s "$work/ca.out" ] && break; sleep 0.1; done
url=$(head -n 1 "$work/ca.out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["url"])') \
  || fail "the reference CA did not start: $(cat "$work/ca.err")"
export OK_TEST_ENDPOINT="$url" OK_TEST_CA_FILE="$work/ca.pem" OK_TEST_ROOTS="$work/ca.pem"

cli () { LC_ALL=C.UTF-8 "$OK_CLI" "$@"; }

# Issued by the CA, then a renewal the CA refuses: the list shows "Renewal failing".
printf '1234-5678\n' | cli issue --environment test --reference DEMO-SYSTEM-0001 --name "Bageriet integration" >/dev/null \
  || fail "issuing DEMO-SYSTEM-0001 failed"
id=$(cli list --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
python3 - "$work/scenario.json" <<'PY'
import json, sys
path = sys.argv[1]
scenario = json.load(open(path))
for profile in scenario["profiles"]:
    if profile["referenceNumber"] == "DEMO-SYSTEM-0001":
        profile["renewalEnabled"] = False
json.dump(scenario, open(path, "w"))
PY
kill -HUP "$ca_pid"
sleep 0.5
if cli renew "$id" >/dev/null 2>&1; then fail "the renewal was expected to be refused"; fi

# Revoked by the CA (the profile says so): the check right after the issuance finds it.
printf '2468-1357\n' | cli issue --environment test --reference DEMO-REVOKED-0003 --name "Lønsystem (gammelt)" >/dev/null \
  || fail "issuing DEMO-REVOKED-0003 failed"

# openssl and certtool as independent makers of the rest.
subject () { echo "/CN=$1/serialNumber=UI:DK-O:G:$2/O=$3/organizationIdentifier=NTRDK-$4/C=DK"; }
openssl req -x509 -newkey rsa:2048 -noenc -keyout "$work/shop.key" -out "$work/shop.crt" -days 12 \
  -subj "$(subject "Bageriet webshop" 5a1c0f3e-8d2b-4c6a-9e71-2b3c4d5e6f70 "Demo Bageriet ApS" 12345678)" 2>/dev/null
cat "$work/shop.crt" "$work/shop.key" >"$work/shop.pem"
cli import "$work/shop.pem" --environment test --name "Webshop" >/dev/null

openssl req -x509 -newkey rsa:2048 -noenc -keyout "$work/supplier.key" -out "$work/supplier.crt" -days 540 \
  -subj "$(subject "Leverandørportal" 0b9e8d7c-6f5a-4e3d-8c2b-1a0f9e8d7c6b "Demo Grossisten A\/S" 87654321)" 2>/dev/null
cli import "$work/supplier.crt" --environment prod --name "Leverandørportal" >/dev/null

cat >"$work/old.cfg" <<'EOF'
dn = "CN=Bageriet kasse,serialNumber=UI:DK-O:G:7c6b5a4f-3e2d-4c1b-a09f-8e7d6c5b4a39,O=Demo Bageriet ApS,2.5.4.97=#0c0e4e5452444b2d3132333435363738,C=DK"
serial = 11
activation_date = "2021-02-01 00:00:00"
expiration_date = "2024-02-01 00:00:00"
EOF
certtool --generate-privkey --key-type rsa --bits 2048 --no-text --outfile "$work/old.key" 2>/dev/null
certtool --generate-self-signed --load-privkey "$work/old.key" --template "$work/old.cfg" --no-text \
  --outfile "$work/old.crt" 2>/dev/null
cat "$work/old.crt" "$work/old.key" >"$work/old.pem"
cli import "$work/old.pem" --environment test --name "Kasseapparat" >/dev/null

count=$(cli list --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
[ "$count" -eq 5 ] || fail "the demo store holds $count certificates, not 5"
states=$(cli list --json | python3 -c 'import json, sys; print(" ".join(sorted(e["state"] for e in json.load(sys.stdin))))')
[ "$states" = "expired monitor-only renewal-due renewal-failing revoked" ] || fail "demo states are '$states'"
echo "ok: demo store with $count certificates: $states"

run_once () {
  local label=$1 shot=$2 pid wid status mean
  shift 2
  env "$@" "$OK_APP" &
  pid=$!
  if ! wid=$(timeout 20 xdotool search --sync --onlyvisible --all --pid "$pid" --name '^OCES Keeper$' | head -n 1) || [ -z "$wid" ]; then
    kill "$pid" 2>/dev/null || true
    fail "$label: no visible window within 20 s"
  fi
  # The store loads asynchronously; give it and the first frames a moment.
  sleep 2
  import -window "$wid" "$logdir/$shot"
  read -r w h < <(identify -format '%w %h\n' "$logdir/$shot")
  [ "$w" -ge 800 ] && [ "$h" -ge 600 ] || fail "$label: screenshot is only ${w}x${h}"
  mean=$(identify -format '%[fx:int(255*mean)]' "$logdir/$shot")
  echo "ok: $label: $logdir/$shot is ${w}x${h}, mean luminance $mean"
  echo "$mean" >"$work/$label.mean"

  if [ "$label" = light ]; then
    # The reminder the open window sent by itself (reminders are on from the first launch), as
    # the session's notification server (dunst) draws it.
    nwid=$(timeout 10 xdotool search --sync --onlyvisible --class '^[Dd]unst$' | head -n 1) || true
    [ -n "$nwid" ] || fail "$label: no notification on screen"
    import -window "$nwid" "$logdir/demo-notification.png"
    echo "ok: $label: $logdir/demo-notification.png"
    # The revoked certificate's page, as a notification's "Open" shows it: what to do now.
    revoked_id=$(cli list --json | python3 -c 'import json, sys; print([e["id"] for e in json.load(sys.stdin) if e["state"] == "revoked"][0])')
    gapplication action "$app_id" show-certificate "'$revoked_id'"
    sleep 1.5
    import -window "$wid" "$logdir/demo-revoked.png"
    echo "ok: $label: $logdir/demo-revoked.png"
    # Preferences → Advanced: the address in use comes from OK_TEST_ENDPOINT in this run.
    gapplication action "$app_id" preferences-page "'advanced'"
    pwid=
    for _ in $(seq 50); do
      pwid=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | grep -vx "$wid" | head -n 1) || true
      [ -n "$pwid" ] && break
      sleep 0.2
    done
    [ -n "$pwid" ] || fail "$label: no Preferences window"
    sleep 1
    import -window "$pwid" "$logdir/demo-preferences-advanced.png"
    echo "ok: $label: $logdir/demo-preferences-advanced.png"
  fi

  gapplication action "$app_id" quit
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    fail "$label: still running 10 s after app.quit"
  fi
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || fail "$label: exited with $status"
}

# The light run sends the window's own reminders (the test environment turns them off), which
# the notification screenshot shows; the other runs would only repeat them.
run_once light demo-window.png -u OK_TEST_NO_WINDOW_REMINDERS LC_ALL=C.UTF-8 ADW_DEBUG_COLOR_SCHEME=prefer-light
run_once dark demo-window-dark.png LC_ALL=C.UTF-8 ADW_DEBUG_COLOR_SCHEME=prefer-dark
run_once danish demo-window-da.png LANGUAGE=da LC_ALL=C.UTF-8 ADW_DEBUG_COLOR_SCHEME=prefer-light

# A populated window is mostly light in the light style and dark in the dark one.
[ "$(cat "$work/light.mean")" -gt 180 ] || fail "the light screenshot is not light"
[ "$(cat "$work/dark.mean")" -lt 90 ] || fail "the dark screenshot is not dark"
echo "ok: light and dark styles differ as they should"
