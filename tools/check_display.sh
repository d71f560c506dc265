#!/usr/bin/env sh
# Before `make run`: say plainly what is missing instead of a Qt plugin error.
[ "$(uname -s)" = "Linux" ] || exit 0
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "make run: no display found (DISPLAY/WAYLAND_DISPLAY unset)." >&2
    echo "  Start it from a desktop session, or try the command line: make demo" >&2
    exit 1
fi
[ -n "${DISPLAY:-}" ] || exit 0
qt_lib=$(.venv/bin/python -c 'import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / "Qt/lib/libQt6XcbQpa.so.6")' 2>/dev/null)
[ -f "$qt_lib" ] || exit 0
# Debian names the package after the library: libxcb-icccm.so.4 -> libxcb-icccm4.
# libxkbcommon-x11.so.0 -> libxkbcommon-x11-0 (a "-" where the name ends in a digit).
missing=$(ldd "$qt_lib" 2>/dev/null | awk '/not found/ {print $1}' | sort -u |
          sed -E 's/([0-9])\.so\.([0-9]+)$/\1-\2/; s/\.so\.([0-9]+)$/\1/')
if ! ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor.so.0'; then
    missing="$missing libxcb-cursor0"
fi
if [ -n "$(echo "$missing" | tr -d ' \n')" ]; then
    echo "make run: Qt's X11 support needs system libraries that are missing:" >&2
    echo "  sudo apt-get install $(echo $missing)" >&2
fi
exit 0
