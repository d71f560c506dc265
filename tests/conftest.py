"""Shared fixtures: a private database per test, the CLI as a function, the corpus path."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No wall-clock deadlines (a busy 2-core CI machine is not a failure), and in CI the
# same examples every run, so a red build always points at a reproducible input.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("dev"), derandomize=True,
                          print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"
CORPUS = REPO.parent / "shared" / "corpus"


@dataclass
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _private_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever touches the user's real database."""
    db = tmp_path / "data" / "contactgate.db"
    monkeypatch.setenv("CONTACTGATE_DB", str(db))
    return db


@pytest.fixture
def db_path(_private_db: Path) -> Path:
    return _private_db


@pytest.fixture
def cli() -> Callable[..., CliRun]:
    """Run ``contactgate ARGS…`` in-process and capture what it prints."""
    from contactgate.cli import main

    def run(*args: str | Path) -> CliRun:
        out, err = io.StringIO(), io.StringIO()
        code = main([str(a) for a in args], stdout=out, stderr=err)
        return CliRun(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared vCard corpus (../shared/corpus) is not present")
    return CORPUS
