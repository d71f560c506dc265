"""Big values set aside on disk come back exactly, or say why they cannot."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from contactgate.core.model import Card, Contact, InputError
from contactgate.io.spool import SPOOL_MIN_CHARS, open_spool, read_spooled
from contactgate.io.vcard_read import read_vcards
from contactgate.io.vcard_write import full_props, render_card

PHOTO = base64.b64encode(os.urandom(3 * SPOOL_MIN_CHARS)).decode("ascii")


def photo_book(path: Path, photos: int = 3) -> Path:
    cards = []
    for i in range(photos):
        folded = "\r\n ".join(PHOTO[j:j + 74] for j in range(0, len(PHOTO), 74))
        cards.append(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nTEL:+49 171 000000{i}\r\n"
                     f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n")
    path.write_text("".join(cards) + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Photo\r\nEND:VCARD\r\n",
                    encoding="ascii", newline="")
    return path


def test_a_kept_value_reads_back_byte_for_byte_from_a_private_file() -> None:
    spool = open_spool()
    try:
        ref = spool.keep(PHOTO)
        assert read_spooled(ref) == PHOTO
        assert stat.S_IMODE(spool.folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(spool.path.stat().st_mode) == 0o600
    finally:
        spool.remove()
    assert not spool.folder.exists()


def test_a_changed_or_missing_spool_is_a_clear_error() -> None:
    spool = open_spool()
    ref = spool.keep(PHOTO)
    with open(spool.path, "r+b") as handle:
        handle.write(b"X")
    with pytest.raises(InputError, match="changed meanwhile"):
        read_spooled(ref)
    spool.remove()
    with pytest.raises(InputError, match="cannot be read back"):
        read_spooled(ref)


def test_the_reader_sets_big_photos_aside_and_the_writer_brings_them_back(tmp_path: Path) -> None:
    path = photo_book(tmp_path / "photos.vcf")
    plain = [c for c in read_vcards(path) if isinstance(c, Card)]
    spool = open_spool()
    try:
        aside = [c for c in read_vcards(path, spool) if isinstance(c, Card)]
        photos = [p for c in aside for p in c.props if p.name == "PHOTO"]
        assert len(photos) == 3 and all(p.value == "" and p.spooled for p in photos)
        for mine, theirs in zip(aside, plain, strict=True):
            one, other = Contact(key=0, cards=[mine]), Contact(key=0, cards=[theirs])
            assert render_card(full_props(one)) == render_card(full_props(other))
    finally:
        spool.remove()


def test_two_cards_with_the_same_photo_merge_to_one_photo(tmp_path: Path) -> None:
    path = photo_book(tmp_path / "photos.vcf", photos=2)
    spool = open_spool()
    try:
        first, second = [c for c in read_vcards(path, spool) if isinstance(c, Card)][:2]
        merged = full_props(Contact(key=0, cards=[first, second]))
        assert sum(p.name == "PHOTO" for p in merged) == 1  # same digest, kept once
    finally:
        spool.remove()


@pytest.mark.skipif(os.name != "posix", reason="orphans are found by process id on POSIX")
def test_the_spool_of_a_killed_process_is_removed_by_the_next_one() -> None:
    child = subprocess.run(
        [sys.executable, "-c", "import os; from contactgate.io.spool import open_spool; "
         "s = open_spool(); s.keep('A' * 100); print(s.folder, flush=True); os._exit(9)"],
        capture_output=True, text=True, check=False)
    orphan = Path(child.stdout.strip())
    assert orphan.is_dir()  # os._exit: no clean-up ran, as after SIGKILL
    spool = open_spool()
    spool.remove()
    assert not orphan.exists()
