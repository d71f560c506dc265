"""A book with big photos: set aside on disk while loading (in both processes), the
outputs are byte for byte those of a run that holds every photo in memory."""

from __future__ import annotations

import base64
import os
import random
import sqlite3
import tempfile
from pathlib import Path

import pytest

import contactgate.io.vcard_read as vcard_read
import contactgate.tail as tail_module
from contactgate.core.model import SpoolRef
from contactgate.io.policy_file import load_policy
from contactgate.io.spool import Spool
from contactgate.pipeline import ExportOptions, RunSettings, SplitResult, split
from contactgate.store.db import open_db
from contactgate.tail import TailLoader
from tests.factories import finish

OUTPUTS = ("whatsapp-business.vcf", "business-no-consent.vcf", "private.vcf", "review.vcf",
           "summary.json", "quarantine.txt")


def photo_book(path: Path, cards: int = 2_400) -> Path:
    rng = random.Random(5)
    parts = []
    for i in range(cards):
        org = f"ORG:Bau GmbH\r\nEMAIL;TYPE=WORK:p{i}@bau-gmbh.example\r\n" if i % 2 else ""
        photo = ""
        if i % 5 == 0:  # a different 30 KB photo every fifth card, business or not
            data = base64.b64encode(rng.randbytes(22_000)).decode("ascii")
            photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + "\r\n ".join(
                data[j:j + 74] for j in range(0, len(data), 74)) + "\r\n"
        parts.append(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\n{org}"
                     f"TEL;TYPE=CELL:+49 171 {i:07d}\r\n{photo}END:VCARD\r\n")
    path.write_text("".join(parts), encoding="ascii", newline="")
    return path


def run_split(book: Path, out: Path, db: Path) -> SplitResult:
    store = open_db(db)
    try:
        settings = RunSettings(load_policy(None), "DE", "--region")
        return finish(split([book], settings, ExportOptions(out_dir=out), store))
    finally:
        store.close()


def my_spools() -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"contactgate-spool-{os.getpid()}-*"))


def test_photos_set_aside_in_both_processes_give_the_same_outputs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = photo_book(tmp_path / "photos.vcf")
    assert book.stat().st_size > 5_000_000
    with monkeypatch.context() as patched:  # every photo in memory, one process
        patched.setattr(vcard_read, "SPOOL_MIN_CHARS", 1 << 40)
        patched.setattr(tail_module, "TAIL_MIN_BYTES", 1 << 62)
        run_split(book, tmp_path / "held", tmp_path / "held.db")
    kept: list[int] = []
    keep = Spool.keep

    def counting_keep(self: Spool, text: str) -> SpoolRef:
        kept.append(len(text))
        return keep(self, text)

    results: list[object] = []
    result_of = TailLoader.result

    def recording_result(self: TailLoader) -> object:
        results.append(got := result_of(self))
        return got

    monkeypatch.setattr(Spool, "keep", counting_keep)
    monkeypatch.setattr(TailLoader, "result", recording_result)
    monkeypatch.setattr(tail_module, "TAIL_MIN_BYTES", 0)
    monkeypatch.setattr(vcard_read, "READ_CHUNK_BYTES", 256 * 1024)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    run_split(book, tmp_path / "aside", tmp_path / "aside.db")
    assert kept and results and results[0] is not None  # set aside here, and a tail came back
    for name in OUTPUTS:
        aside, held = (tmp_path / "aside" / name), (tmp_path / "held" / name)
        assert aside.read_bytes() == held.read_bytes(), name
    stored = {run: records(tmp_path / f"{run}.db") for run in ("held", "aside")}
    assert stored["aside"] == stored["held"]  # the company's records hold every photo
    assert sum("PHOTO" in vcard for _fn, vcard in stored["aside"]) >= 100
    assert my_spools() == []  # nothing of the photos stays behind


def records(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT fn, vcard FROM business_contacts ORDER BY fn").fetchall()


def test_without_a_temporary_folder_photos_are_held_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = photo_book(tmp_path / "photos.vcf", cards=40)
    run_split(book, tmp_path / "held", tmp_path / "held.db")

    def no_temp(*_args: object, **_kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", "/tmp")

    monkeypatch.setattr(tempfile, "mkdtemp", no_temp)
    run_split(book, tmp_path / "nowhere", tmp_path / "nowhere.db")
    for name in OUTPUTS:
        assert (tmp_path / "nowhere" / name).read_bytes() == (tmp_path / "held" / name).read_bytes()
