#!/usr/bin/env bash
# check-data.sh — validates the data files and translations with the tools distributions use:
# desktop-file-validate, appstreamcli, glib-compile-schemas, msgfmt/xgettext/msgmerge, and a
# look at the Flatpak manifest's permissions.
#
# Copyright 2026 The OCES Keeper authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-data.sh desktop FILE…
#        check-data.sh appstream FILE
#        check-data.sh schemas SCHEMA_DIR
#        check-data.sh po-syntax SOURCE_ROOT
#        check-data.sh po-complete SOURCE_ROOT
#        check-data.sh potfiles SOURCE_ROOT
#        check-data.sh flatpak MANIFEST
set -euo pipefail

check=$1
shift

case $check in
desktop)
  for file in "$@"; do
    out=$(desktop-file-validate "$file" 2>&1) || { echo "$out"; echo "not ok: $file"; exit 1; }
    # desktop-file-validate exits 0 on warnings; only hints are acceptable.
    if grep -v ': hint:' <<<"$out" | grep -q .; then echo "$out"; echo "not ok: $file"; exit 1; fi
    grep -q '^Name\[da\]=' "$file" || { echo "not ok: $file has no Danish Name"; exit 1; }
    echo "ok: $file"
  done
  ;;

appstream)
  # Pedantic remarks and infos are fine; warnings and errors fail the check.
  appstreamcli validate --no-net --pedantic --explain "$1"
  grep -q '<summary xml:lang="da">' "$1" || { echo "not ok: $1 has no Danish summary"; exit 1; }
  # Every screenshot listed is one build-aux/screenshots made, and every one made is listed.
  shots=$(cd "$(dirname "$0")/../data/screenshots" && pwd)
  listed=$(grep -o 'data/screenshots/[^<]*\.png' "$1" | sed 's,.*/,,' | sort -u)
  [ -n "$listed" ] || { echo "not ok: $1 lists no screenshots"; exit 1; }
  for shot in $listed; do
    [ -f "$shots/$shot" ] || { echo "not ok: $1 lists $shot, which is not in data/screenshots"; exit 1; }
  done
  for shot in "$shots"/*.png; do
    case "$shot" in *-da.png) continue ;; esac   # the Danish window checks the translation; not listed
    echo "$listed" | grep -qx "$(basename "$shot")" || { echo "not ok: $(basename "$shot") is not in $1"; exit 1; }
  done
  echo "ok: $1"
  ;;

schemas)
  glib-compile-schemas --strict --dry-run "$1"
  echo "ok: $1"
  ;;

po-syntax)
  for po in "$1"/po/*.po; do
    msgfmt -c -o /dev/null "$po"
    echo "ok: $po"
  done
  ;;

po-complete)
  # Extracts every translatable string listed in POTFILES.in the way Meson's glib preset does,
  # merges po/da.po with it, and fails on anything untranslated or fuzzy.
  top=$1
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  grep -Ev '^\s*(#|$)' "$top/po/POTFILES.in" > "$tmp/POTFILES"
  (cd "$top" && xgettext --files-from="$tmp/POTFILES" --directory="$top" --output="$tmp/oces-keeper.pot" \
     --from-code=UTF-8 --add-comments --package-name=oces-keeper \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
     --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
     --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
     --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
     --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
     --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
     --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format)
  for po in "$top"/po/*.po; do
    lang=$(basename "$po" .po)
    msgmerge --quiet --output-file="$tmp/$lang.po" "$po" "$tmp/oces-keeper.pot"
    stats=$(msgfmt -c --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
    echo "$lang: $stats"
    if grep -Eq 'untranslated|fuzzy' <<<"$stats"; then
      echo "Missing or fuzzy in po/$lang.po:"
      msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -E '^(msgctxt|msgid|#:)' || true
      msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep -E '^(msgctxt|msgid|#:)' || true
      exit 1
    fi
  done
  ;;

potfiles)
  # Every source file with translatable strings must be listed, or its strings never reach
  # the translators.
  top=$1
  missing=0
  while IFS= read -r file; do
    rel=${file#"$top"/}
    if ! grep -Fxq "$rel" "$top/po/POTFILES.in"; then
      echo "not listed in po/POTFILES.in: $rel"
      missing=1
    fi
  done < <(grep -rlE --include='*.c' --include='*.h' --include='*.ui' '_\("|N_\("|C_\("|translatable="yes"' "$top/src" | sort)
  [ $missing -eq 0 ] && echo "ok: every file with translatable strings is in po/POTFILES.in"
  exit $missing
  ;;

flatpak)
  python3 -m json.tool "$1" > /dev/null
  python3 - "$1" <<'PY'
import json, sys
allowed = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri", "--share=network"}
manifest = json.load(open(sys.argv[1]))
args = set(manifest.get("finish-args", []))
extra = sorted(args - allowed)
if extra:
    sys.exit(f"not ok: finish-args outside the allowed list: {extra}")
for key, value in (("runtime", "org.gnome.Platform"), ("sdk", "org.gnome.Sdk"), ("command", "oces-keeper")):
    if manifest.get(key) != value:
        sys.exit(f"not ok: {key} is {manifest.get(key)!r}, expected {value!r}")
last = manifest["modules"][-1]
if last.get("name") != "oces-keeper" or "-Dprofile=development" not in last.get("config-opts", []):
    sys.exit("not ok: the last module must build oces-keeper with -Dprofile=development")
print(f"ok: {sys.argv[1]}: finish-args {sorted(args)}")
PY
  ;;

*)
  echo "unknown check: $check" >&2
  exit 2
  ;;
esac
