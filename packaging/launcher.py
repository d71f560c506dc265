"""The frozen app's entry: one script behind both executables of the bundle.

``contactgate`` (a console program) runs the command line, so ``contactgate gui``
opens the window as from a source checkout; ``contactgate-gui`` (a windowed
program on Windows and macOS: no console window) opens the window directly.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path


def main() -> int:
    # batch's worker processes start a fresh copy of this executable (forkserver or
    # spawn); freeze_support() lets such a copy become a worker instead of a second app.
    multiprocessing.freeze_support()
    if Path(sys.executable).stem.lower() == "contactgate-gui":
        from contactgate.ui.app import main as gui_main

        return gui_main()
    from contactgate.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
