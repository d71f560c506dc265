"""Everything ContactGate creates is owner-only: files 0600, folders 0700 — also
under ``umask 000``, where a plain ``open()`` or ``mkdir -p`` would make them
world-readable. (On Windows the user profile's ACLs protect them; see SECURITY.md.)"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.reliability.helpers import (
    needs_split,
    run_cg,
    write_book,
    write_consents,
)

PERMISSIVE = 0o000


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def wide_open(root: Path, created: list[Path]) -> dict[str, str]:
    """Paths below the created ones (and themselves) that are not owner-only."""
    found: dict[str, str] = {}
    for top in created:
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            expected = 0o700 if path.is_dir() else 0o600
            if mode(path) != expected:
                found[str(path.relative_to(root))] = oct(mode(path))
    return found


@pytest.fixture
def book(tmp_path: Path) -> Path:
    needs_split()
    return write_book(tmp_path / "phone.vcf", 30)


def test_database_key_and_split_outputs_are_owner_only_under_umask_000(
    tmp_path: Path, book: Path
) -> None:
    db = tmp_path / "new" / "data" / "cg.db"  # two folders to create
    out = tmp_path / "deep" / "er" / "out"
    consents = write_consents(tmp_path / "consents.csv", 30)
    done = run_cg(db, "split", book, "--consents", consents, "--out-dir", out, umask=PERMISSIVE)
    assert done.returncode == 0, done.stderr
    assert wide_open(tmp_path, [tmp_path / "new", tmp_path / "deep"]) == {}
    assert {p.name for p in db.parent.iterdir()} >= {"cg.db", "cg.db.key"}


def test_consent_export_and_request_files_are_owner_only_under_umask_000(
    tmp_path: Path, book: Path
) -> None:
    db = tmp_path / "data" / "cg.db"
    consents = write_consents(tmp_path / "consents.csv", 30)
    assert run_cg(db, "split", book, "--consents", consents, "--out-dir", tmp_path / "o",
                  umask=PERMISSIVE).returncode == 0
    export = tmp_path / "exports" / "register.csv"
    export.parent.mkdir(mode=0o700)
    done = run_cg(db, "consent", "export", export, umask=PERMISSIVE)
    assert done.returncode == 0, done.stderr
    request = run_cg(db, "consent", "request", "--out-dir", tmp_path / "requests" / "may",
                     umask=PERMISSIVE)
    assert request.returncode == 0, request.stderr
    assert wide_open(tmp_path, [export, tmp_path / "requests"]) == {}


def test_batch_outputs_are_owner_only_under_umask_000(tmp_path: Path) -> None:
    needs_split()
    phones = tmp_path / "phones"
    (phones / "sales").mkdir(parents=True)
    write_book(phones / "sales" / "anna.vcf", 12)
    write_book(phones / "ben.vcf", 12)
    done = run_cg(tmp_path / "data" / "cg.db", "batch", phones, "--out-dir",
                  tmp_path / "it" / "batch", umask=PERMISSIVE)
    assert done.returncode == 0, done.stderr
    assert wide_open(tmp_path, [tmp_path / "it", tmp_path / "data"]) == {}


def test_an_older_world_readable_output_is_replaced_by_an_owner_only_one(
    tmp_path: Path, book: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir(mode=0o700)
    for name in ("private.vcf", "private.vcf.part"):
        (out / name).write_text("old")
        (out / name).chmod(0o644)
    done = run_cg(tmp_path / "cg.db", "split", book, "--out-dir", out)
    assert done.returncode == 0, done.stderr
    assert mode(out / "private.vcf") == 0o600
    assert not (out / "private.vcf.part").exists()
