"""Stored business rows: the JSON columns read back exactly as written."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactgate.core.model import Contact, Email, Phone, Verdict
from contactgate.store import contacts as contacts_module
from contactgate.store.contacts import _json_list, identity_keys, save_business
from contactgate.store.db import open_db


@given(st.lists(st.text(max_size=12), max_size=4))
def test_json_list_is_json_dumps_character_for_character(items: list[str]) -> None:
    text = _json_list(items)
    assert text == json.dumps(items)
    assert json.loads(text) == items


def test_plain_numbers_and_addresses_take_the_short_way() -> None:
    assert _json_list(["+491711234567", "+49301234567"]) == '["+491711234567", "+49301234567"]'
    assert _json_list([]) == "[]"
    assert _json_list(['a"b@x.de']) == '["a\\"b@x.de"]'


# --- the number index: one SQL statement, or row by row without JSON1 -------------------


class _WithoutJson:
    """A connection whose SQLite lacks the JSON functions (older or trimmed builds)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        if "json_each" in sql:
            raise sqlite3.OperationalError("no such table: json_each")
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: list[tuple[object, ...]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)


def _business(name: str, *numbers: str) -> tuple[Contact, Verdict, str]:
    contact = Contact(key=0, cards=[], fn=name, phones=[Phone(n, n) for n in numbers])
    verdict = Verdict("business", 3, ())
    return contact, verdict, f"BEGIN:VCARD\r\nFN:{name}\r\nEND:VCARD\r\n"


@pytest.mark.parametrize("json1", [True, False])
def test_every_stored_number_finds_its_contact(tmp_path: Path, json1: bool,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_db(tmp_path / "cg.db")
    if not json1:
        original = contacts_module.index_numbers
        monkeypatch.setattr(contacts_module, "index_numbers",
                            lambda conn, label, now: original(_WithoutJson(conn), label, now))
    at = datetime(2026, 11, 29, tzinfo=UTC)
    save_business(store, [_business("Anna Bau", "+49301111111", "+491711111111"),
                          _business("Ben Holz", "+49302222222")], "phone-1", at)
    rows = store.db.conn.execute(
        "SELECT b.fn, n.e164 FROM contact_numbers AS n JOIN business_contacts AS b "
        "ON b.id = n.contact_id ORDER BY n.e164").fetchall()
    assert rows == [("Anna Bau", "+491711111111"), ("Anna Bau", "+49301111111"),
                    ("Ben Holz", "+49302222222")]
    store.close()


_NUMBERS = st.one_of(st.none(), st.sampled_from(["+49301111111", "+491711111111"]))
_ADDRESSES = st.sampled_from(["", "anna@bau.de", "info@bau.de"])


@given(numbers=st.lists(_NUMBERS, max_size=3), addresses=st.lists(_ADDRESSES, max_size=3))
def test_a_rows_identity_starts_from_its_first_number_or_address(
        numbers: list[str | None], addresses: list[str]) -> None:
    """Re-imports find their row again: the identity key is the first of identity_keys."""
    contact = Contact(key=0, cards=[], fn="Anna Bau",
                      phones=[Phone(n or "030", n) for n in numbers],
                      emails=[Email(a) for a in addresses])
    assert contacts_module._first_identity_key(contact) == (identity_keys(contact) or ["name"])[0]
