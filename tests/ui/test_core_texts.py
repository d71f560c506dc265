"""The core's English messages reach a German window in German, with their values kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contactgate.core.model import InputError
from contactgate.io.consent_csv import read_consent_csv
from contactgate.io.sniff import read_contacts
from contactgate.ui.core_texts import FIXED, PATTERNS, core_text, located_text
from contactgate.ui.errors import describe
from tests.ui.conftest import AppFactory
from tests.ui.helpers import ScriptedPrompts

CORE = Path(__file__).resolve().parents[2] / "app" / "contactgate"


def core_sources() -> str:
    """The core's source, adjacent string literals joined ("a; " "b" reads "a; b")."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in CORE.rglob("*.py")
                     if "ui" not in p.relative_to(CORE).parts)
    return re.sub(r'"\s*\n\s*f?"', "", text)


@pytest.mark.parametrize("message", FIXED)
def test_each_fixed_message_is_one_the_core_still_writes(message: str) -> None:
    assert message in core_sources()  # reworded in the core: translate the new words here


@pytest.mark.parametrize(("pattern", "text"), PATTERNS)
def test_each_pattern_still_matches_words_the_core_writes(pattern: str, text: str) -> None:
    # the words before the first value, as the core's source spells them
    words = re.split(r"%\d", text)[0] or re.split(r"%\d", text)[1]
    assert words in core_sources()
    examples = [re.sub(r"%\d", value, text) for value in ("7", "7 MiB")]  # a number, a size
    assert any(re.fullmatch(pattern, e, re.DOTALL) for e in examples), "must match its words"


def test_messages_read_in_german_with_their_values_and_places_kept(
        make_app: AppFactory, tmp_path: Path) -> None:
    make_app(lang="de")
    empty = tmp_path / "empty.vcf"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        list(read_contacts(empty))
    assert describe(caught.value).startswith(f"{empty}: Datei ist leer\n\n")

    register = tmp_path / "c.csv"
    register.write_text("phone,granted_at,method,evidence\n+49 30 1234567,2025-13-45,w,e\n"
                        "abc,2025-01-01,w,e\n", encoding="utf-8")
    _grants, errors = read_consent_csv(register)
    assert [located_text(str(e)) for e in errors] == [
        f"{register}:2: granted_at: kein Datum nach ISO 8601: 2025-13-45",
        f"{register}:3: keine Telefonnummer für die Region DE: abc"]

    assert core_text("card larger than 64 MiB; missing END:VCARD") == \
        "Karte größer als 64 MiB; END:VCARD fehlt"
    assert core_text("something the core has never said") == \
        "something the core has never said"  # shown as written, never dropped


def test_an_unreadable_card_is_explained_in_german(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    from tests.ui.test_window import imported

    book = tmp_path / "cut.vcf"
    book.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nTEL:+4930123\r\n", encoding="utf-8")
    app = imported(make_app(lang="de"), book)
    app.review.show_filter("quarantined")
    app.review.select_position(0)
    assert "END:VCARD fehlt" in app.window.detail.text()
    assert "missing END:VCARD" not in app.window.detail.text()


def test_a_database_that_cannot_be_used_is_explained_in_german(
        make_app: AppFactory, tmp_path: Path) -> None:
    from contactgate.store.db import StoreError, open_db

    make_app(lang="de")
    not_sqlite = tmp_path / "cg.db"
    not_sqlite.write_bytes(b"this is no database" * 100)
    with pytest.raises(StoreError) as caught:
        open_db(not_sqlite)
    text = describe(caught.value)
    assert f"{not_sqlite}: keine ContactGate-Datenbank" in text
    assert "Wählen Sie" in text  # and the advice, as before
