"""Take docs/screenshot.png from the real main window with the sample book loaded.

    python tools/screenshot.py [OUTPUT.png] [--lang en|de] [--size 1280x800]

Runs under Xvfb (``xvfb-run python tools/screenshot.py``) or, with no display,
on Qt's offscreen platform. It uses a temporary database and settings, so the
user's own data is never read or changed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SELECTED = "Thomas Becker"  # a business contact with a consent: the detail panel has content



def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Screenshot of the ContactGate main window.")
    parser.add_argument("output", nargs="?", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--lang", choices=("en", "de"), default="en")
    parser.add_argument("--size", default="1440x900", help="window size, WIDTHxHEIGHT")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    if not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="contactgate-screenshot-") as scratch:
        os.environ["CONTACTGATE_DB"] = str(Path(scratch) / "contactgate.db")
        return take(args.output, args.lang, width, height, Path(scratch))


def take(output: Path, lang: str, width: int, height: int, scratch: Path) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from contactgate.ui.app import application, build
    from contactgate.ui.context import UnattendedPrompts
    from contactgate.ui.controllers.importing import SAMPLE_REGION, sample_book, sample_consents
    from contactgate.ui.workers import ImmediatePool

    app = application()
    prompts = UnattendedPrompts()
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    controller = build(settings=settings, prompts=prompts, pool=ImmediatePool(), lang=lang,
                       sample_root=scratch / "sample")
    window = controller.window
    window.resize(width, height)
    window.show()
    controller.open_user_database()
    controller.importer.import_files([sample_book()], sample_consents(), region=SAMPLE_REGION)
    if prompts.errors or controller.session.book is None:
        print("\n".join(prompts.errors) or "the sample book could not be imported",
              file=sys.stderr)
        return 2
    window.search.setText(SELECTED)
    chosen = controller.review.model.row_at(0)
    window.search.clear()  # the whole book again, with that contact selected
    controller.review.select_row(chosen.kind, chosen.key)
    for _ in range(5):
        app.processEvents()
    output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(output), "PNG"):
        print(f"{output}: cannot write the screenshot", file=sys.stderr)
        return 2
    window.close()
    QApplication.processEvents()
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
