"""The desktop app's entry point: ``contactgate-gui [--db PATH] [--lang de|en] [FILE…]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from contactgate import __version__
from contactgate.ui.context import Prompts, QtPrompts, UiContext
from contactgate.ui.controllers.window import WindowController
from contactgate.ui.i18n import choose_language, shared_translators
from contactgate.ui.icons import icon
from contactgate.ui.settings import AppSettings
from contactgate.ui.workers import Pool

ORGANISATION = "ContactGate"
APPLICATION = "ContactGate"
DESKTOP_ID = "io.github.contactgate.ContactGate"


def application() -> QApplication:
    """The running QApplication, created once with ContactGate's names and icon."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(icon("app"))
    return app


def build(settings: QSettings | None = None, prompts: Prompts | None = None,
          pool: Pool | None = None, db_path: Path | None = None, lang: str | None = None,
          region: str | None = None, sample_root: Path | None = None,
          clock: Callable[[], datetime] | None = None) -> WindowController:
    """The main window with everything wired; tests and tools inject what they need."""
    app = application()
    app_settings = AppSettings(settings if settings is not None else QSettings())
    translators = shared_translators(app)
    language = choose_language(lang, app_settings.language)
    translators.switch(language)
    ctx = UiContext(
        settings=app_settings,
        prompts=prompts if prompts is not None else QtPrompts(),
        pool=pool if pool is not None else QThreadPool.globalInstance(),
        db_override=db_path,
        lang_override=lang,
        region_override=region,
        sample_root=sample_root,
        language=translators.language,
        translators=translators,
    )
    if clock is not None:  # tests fix "now", so consents in the sample never age out under them
        ctx.clock = clock
    return WindowController(ctx)


def run_app(files: Sequence[Path] = (), db_path: Path | None = None, lang: str | None = None,
            region: str | None = None) -> int:
    app = application()
    controller = build(db_path=db_path, lang=lang, region=region)
    controller.window.show()
    controller.start(list(files))
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(5_000)  # a cancelled job closes its database
    return code


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="contactgate-gui",
                                     description="ContactGate, the desktop app.")
    parser.add_argument("--version", action="version", version=f"contactgate {__version__}")
    parser.add_argument("--db", type=Path, help="database file (default: user data dir)")
    parser.add_argument("--lang", choices=("de", "en"), help="language of the window")
    parser.add_argument("--region", help="default country for numbers without +, e.g. DE")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="address-book exports to open")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error already explained
        return stop.code if isinstance(stop.code, int) else 2
    problem = startup_problem(args.files)
    if problem:
        print(f"contactgate-gui: error: {problem}", file=sys.stderr)
        return 2
    return run_app(args.files, args.db, args.lang, args.region.upper() if args.region else None)


def startup_problem(files: Sequence[Path]) -> str:
    """What keeps the window from opening at all, in one line; "" when nothing does."""
    import os

    for path in files:
        if path.is_dir():
            return f"{path}: is a folder; name the exported .vcf or .csv files in it"
        if not path.is_file():
            return f"{path}: no such file"
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    has_display = any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and not platform and not has_display:
        return "no display found: run it on a desktop, or set QT_QPA_PLATFORM=offscreen"
    return ""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
