"""``contactgate gui [FILE…]``: the desktop app, with these files imported.

Qt is imported inside ``run`` only, so the command line starts fast and works
on machines without PySide6's display libraries.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from contactgate.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "gui", help="open the desktop app",
        description="Open the desktop app; FILE… are imported at once.",
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="address-book exports (vCard or CSV) to open")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from contactgate.ui.app import run_app, startup_problem

    problem = startup_problem(args.files)
    if problem:
        return ctx.fail(problem)
    # Only what the user typed overrides the app's own settings.
    return run_app(args.files, db_path=args.db, lang=args.lang, region=ctx.region)
