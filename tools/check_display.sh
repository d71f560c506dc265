#!/usr/bin/env sh
# Before `make run`: say plainly what is missing instead of a Qt plugin error.
if [ "$(uname -s)" = "Linux" ]; then
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "make run: no display found (DISPLAY/WAYLAND_DISPLAY unset)." >&2
        echo "  Start it from a desktop session, or try the command line: make demo" >&2
        exit 1
    fi
    if [ -n "${DISPLAY:-}" ] && ! ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor.so.0'; then
        echo "make run: Qt needs libxcb-cursor0 for X11 windows;" \
             "install it with: sudo apt-get install libxcb-cursor0" >&2
    fi
fi
exit 0
