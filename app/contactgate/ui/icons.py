"""The hand-written SVG icons in ``resources/icons``."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from contactgate.resources import resource

NAMES = ("app", "import", "export", "business", "private", "consent", "undo", "redo",
         "search", "settings", "ready", "no_consent", "unsure", "quarantined", "all", "withdraw")


@cache
def icon(name: str) -> QIcon:
    """The named icon, or an empty one when its file is missing (never an error)."""
    path = resource("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()
