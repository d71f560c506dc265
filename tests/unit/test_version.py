"""The version a user sees is the one the project is released as."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from contactgate import __version__

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_the_package_says_the_version_pyproject_releases() -> None:
    with PYPROJECT.open("rb") as handle:
        released = tomllib.load(handle)["project"]["version"]
    assert __version__ == released


def test_the_command_line_prints_it() -> None:
    result = subprocess.run([sys.executable, "-m", "contactgate", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"contactgate {__version__}"
