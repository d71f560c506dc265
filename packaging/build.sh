#!/usr/bin/env bash
# `make package`: build ContactGate as a one-folder app in dist/contactgate/ with
# PyInstaller, then smoke-test the result against the source tree. First the desktop
# entry and metainfo are validated where desktop-file-validate and appstreamcli exist.
#   1. `contactgate --version` prints pyproject.toml's version;
#   2. the bundle holds the resources and the Qt plugins the app needs;
#   3. `split` on the sample book gives the same four vCards and summary.json as
#      `python -m contactgate` from the source tree, and a PDF report;
#   3b. `split` of a 24,000-card book starts its second processes (contactgate.tail, and
#       contactgate.saver for its 12,000 business contacts) and stores what the source does
#      from the frozen executable and gives the same outputs as the source tree;
#   4. `batch --jobs 2` (worker processes started from the frozen executable) gives
#      the same outputs and batch summary as the source tree;
#   5. the window opens offscreen (`contactgate gui FILE` and `contactgate-gui`) and
#      stays up for GUI_SECONDS without a traceback, its SVG icon engine loaded.
# Not part of CI (it takes a minute or more); run it before every release.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PINS=(pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.9)
GUI_SECONDS=${GUI_SECONDS:-8}
DIST=dist/contactgate
WORK=build/pyinstaller

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'package: FAILED: %s\n' "$*" >&2; exit 1; }

[ -x "$PY" ] || fail "$PY missing: run 'make venv' first"
if [ "$(uname -s)" = Linux ]; then  # PyInstaller reads and strips shared libraries with binutils
    for tool in ldd objdump strip; do
        command -v "$tool" >/dev/null || fail "$tool not found: install binutils (apt-get install binutils)"
    done
fi
VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
INSTALLED=$("$PY" -c 'from importlib.metadata import version; print(version("contactgate"))')
[ "$VERSION" = "$INSTALLED" ] ||
    fail "pyproject.toml says $VERSION but the venv has contactgate $INSTALLED: run '$PY -m pip install -e .'"

step "desktop entry and AppStream metadata"
DESKTOP=packaging/io.github.contactgate.ContactGate.desktop
METAINFO=packaging/io.github.contactgate.ContactGate.metainfo.xml
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$DESKTOP" || fail "$DESKTOP is not valid"
    echo "$DESKTOP: valid"
else
    echo "desktop-file-validate not found (apt-get install desktop-file-utils): not checked"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$METAINFO" || fail "$METAINFO is not valid"
else
    echo "appstreamcli not found (apt-get install appstream): $METAINFO not checked"
fi

step "PyInstaller (${PINS[*]})"
"$PY" -m pip install --quiet --disable-pip-version-check "${PINS[@]}"

step "build contactgate $VERSION into $DIST/"
rm -rf "$DIST" "$WORK"
mkdir -p "$WORK"
start=$SECONDS
if ! "$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
        --workpath "$WORK" packaging/contactgate.spec >"$WORK/pyinstaller.log" 2>&1; then
    tail -n 40 "$WORK/pyinstaller.log" >&2
    fail "PyInstaller (full log: $WORK/pyinstaller.log)"
fi
echo "built in $((SECONDS - start)) s; $(du -sh "$DIST" | cut -f1) in $DIST/ (log: $WORK/pyinstaller.log)"

# --- the smoke test ----------------------------------------------------------------------
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Keep the user's settings, database and key out of it.
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" QT_QPA_PLATFORM=offscreen
unset CONTACTGATE_DB
FROZEN=("$DIST/contactgate")
SOURCE=("$PY" -m contactgate)
SAMPLES=resources/samples
GATE=(--consents "$SAMPLES/consents.csv" --policy "$SAMPLES/policy.toml")

step "1. --version"
got=$("${FROZEN[@]}" --version)
echo "$got"
[ "$got" = "contactgate $VERSION" ] || fail "--version printed '$got', expected 'contactgate $VERSION'"

step "2. bundle contents"
internal="$DIST/_internal"
for path in resources/policy.toml resources/freemail.txt resources/icons/app.svg \
        resources/translations/contactgate_de.qm resources/translations/contactgate_en.qm \
        resources/samples/phone-book.vcf resources/samples/consents.csv \
        "contactgate-$VERSION.dist-info/METADATA"; do
    [ -s "$internal/$path" ] || fail "$internal/$path missing"
done
[ ! -e "$internal/resources/eval" ] || fail "resources/eval is bundled but is not needed"
for plugin in platforms/libqoffscreen.so platforms/libqxcb.so platforms/libqwayland.so \
        iconengines/libqsvgicon.so imageformats/libqsvg.so; do
    [ -e "$internal/PySide6/Qt/plugins/$plugin" ] || fail "Qt plugin $plugin missing"
done
echo "resources, metadata and Qt plugins present"

# compare_outputs FROZEN_DIR SOURCE_DIR FILE…: equal files; JSON compared without time-dependent keys.
compare_outputs() {
    "$PY" - "$@" <<'EOF'
import json, sys
from pathlib import Path

def timeless(value):
    """The value without keys that hold a time (*_at, elapsed, seconds, duration)."""
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items()
                if not (k.endswith("_at") or k in {"elapsed", "seconds", "duration"})}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    return value

def problem(a, b):
    if not (a.is_file() and b.is_file()):
        return f"missing in {'source' if a.is_file() else 'frozen'} output"
    if a.suffix == ".json":
        same = timeless(json.loads(a.read_text("utf-8"))) == timeless(json.loads(b.read_text("utf-8")))
    else:
        same = a.read_bytes() == b.read_bytes()
    return "" if same else "differs"

frozen, source, *names = sys.argv[1:]
bad = 0
for name in names:
    found = problem(Path(frozen, name), Path(source, name))
    print(f"  DIFF  {name}: {found}" if found else f"  same  {name}")
    bad += bool(found)
sys.exit(1 if bad else 0)
EOF
}

SPLIT_FILES=(whatsapp-business.vcf business-no-consent.vcf private.vcf review.vcf summary.json)

step "3. split on the sample book: frozen app vs source tree"
for side in source frozen; do
    if [ "$side" = source ]; then cmd=("${SOURCE[@]}"); else cmd=("${FROZEN[@]}"); fi
    rc=0
    "${cmd[@]}" --db "$TMP/$side-split.db" split "$SAMPLES/phone-book.vcf" "${GATE[@]}" \
        --out-dir "$TMP/$side-split" >"$TMP/$side-split.log" 2>&1 || rc=$?
    echo "$side: exit $rc"
    [ "$rc" -le 1 ] || { cat "$TMP/$side-split.log" >&2; fail "$side split exited $rc"; }
    echo "$rc" >"$TMP/$side-split.rc"
done
cmp -s "$TMP/source-split.rc" "$TMP/frozen-split.rc" || fail "split exit codes differ"
grep -v "^written to" "$TMP/frozen-split.log" | sed 's/^/  | /'
compare_outputs "$TMP/frozen-split" "$TMP/source-split" "${SPLIT_FILES[@]}" ||
    fail "split outputs differ"
head -c 5 "$TMP/frozen-split/report.pdf" | grep -q '%PDF-' || fail "frozen report.pdf is not a PDF"
[ -s "$TMP/frozen-split/report.html" ] || fail "frozen report.html is empty"
echo "  report.pdf and report.html written"

step "3b. split of a big book: the second process starts from the frozen executable"
"$PY" -c "import sys; from pathlib import Path; from tests.bench.books import write_book; \
write_book(Path(sys.argv[1]), 'android', 24000)" "$TMP/big.vcf"
for side in source frozen; do
    if [ "$side" = source ]; then cmd=("${SOURCE[@]}"); else cmd=("${FROZEN[@]}"); fi
    "${cmd[@]}" --db "$TMP/$side-big.db" split "$TMP/big.vcf" --out-dir "$TMP/$side-big" \
        >"$TMP/$side-big.log" 2>&1 &
    pid=$! seen=0
    while kill -0 "$pid" 2>/dev/null; do  # a spawned worker runs with --multiprocessing-fork
        pgrep -P "$pid" -f -- "--multiprocessing-fork" >/dev/null && seen=1
        sleep 0.05
    done
    rc=0; wait "$pid" || rc=$?
    [ "$rc" -le 1 ] || { cat "$TMP/$side-big.log" >&2; fail "$side split of the big book exited $rc"; }
    [ "$seen" = 1 ] || fail "$side split of the big book started no second process"
    ! grep -q "stored by this process instead" "$TMP/$side-big.log" ||
        { cat "$TMP/$side-big.log" >&2; fail "$side split: the saver process did not store"; }
    echo "$side: exit $rc, second process seen"
done
rows() { "$PY" -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(
    'SELECT count(*) FROM business_contacts').fetchone()[0])" "$1"; }
[ "$(rows "$TMP/frozen-big.db")" = "$(rows "$TMP/source-big.db")" ] ||
    fail "big split: the frozen app stored $(rows "$TMP/frozen-big.db") business contacts, \
the source tree $(rows "$TMP/source-big.db")"
echo "  both stored $(rows "$TMP/source-big.db") business contacts"
compare_outputs "$TMP/frozen-big" "$TMP/source-big" "${SPLIT_FILES[@]}" ||
    fail "big split outputs differ"

step "4. batch --jobs 2: frozen app vs source tree"
mkdir -p "$TMP/batch-in/sub"
cp "$SAMPLES/phone-book.vcf" "$TMP/batch-in/"
cp "$SAMPLES/phone-book-google.csv" "$TMP/batch-in/sub/"
for side in source frozen; do
    if [ "$side" = source ]; then cmd=("${SOURCE[@]}"); else cmd=("${FROZEN[@]}"); fi
    rc=0
    "${cmd[@]}" --db "$TMP/$side-batch.db" batch "$TMP/batch-in" --out-dir "$TMP/$side-batch" \
        "${GATE[@]}" --jobs 2 >"$TMP/$side-batch.log" 2>&1 || rc=$?
    echo "$side: exit $rc"
    [ "$rc" -eq 0 ] || { cat "$TMP/$side-batch.log" >&2; fail "$side batch exited $rc"; }
done
batch_files=(batch-summary.json)
for f in "${SPLIT_FILES[@]}"; do
    batch_files+=("phone-book/$f" "sub/phone-book-google/$f")
done
compare_outputs "$TMP/frozen-batch" "$TMP/source-batch" "${batch_files[@]}" ||
    fail "batch outputs differ"

step "5. the window, offscreen, for $GUI_SECONDS s"
gui_check() {  # gui_check NAME COMMAND…
    local name=$1 rc=0
    shift
    # QT_DEBUG_PLUGINS: Qt says which plugins it loaded, so a missing SVG icon engine shows.
    QT_DEBUG_PLUGINS=1 timeout "$GUI_SECONDS" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" || rc=$?
    if [ "$rc" -ne 124 ]; then  # 124: still running when timeout stopped it, as it should be
        tail -n 30 "$TMP/$name.err" >&2
        fail "$name exited with $rc before $GUI_SECONDS s"
    fi
    if grep -E -n "Traceback|Cannot load library|Could not load the Qt platform" "$TMP/$name.err" >&2; then
        fail "$name wrote errors to stderr (above)"
    fi
    grep -q 'iconengines/libqsvgicon.so" loaded library' "$TMP/$name.err" ||
        fail "$name did not load the SVG icon engine: the icons would be blank"
    echo "$name: ran $GUI_SECONDS s, no traceback, SVG icon engine loaded"
}
gui_check "contactgate gui" "${FROZEN[@]}" --db "$TMP/gui.db" gui "$SAMPLES/phone-book.vcf"
gui_check "contactgate-gui" "$DIST/contactgate-gui" --db "$TMP/gui2.db"

step "smoke test passed: $DIST/ ($(du -sh "$DIST" | cut -f1)), contactgate $VERSION"
