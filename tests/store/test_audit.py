"""The audit chain catches tampering in every form: edit, delete, insert, reorder, truncate."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contactgate.store.audit import (
    GENESIS_HASH,
    append_event,
    canonical_json,
    event_hash,
    list_events,
    verify_chain,
)
from contactgate.store.db import Store, open_db

AT = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
INSERT_FORGED = (
    "INSERT INTO audit_events VALUES (?, ?, 'consent_granted', 'contact:x', '{}', ?, ?)"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    st_ = open_db(tmp_path / "db.sqlite")
    yield st_
    st_.close()


def _fill(store: Store, n: int = 5) -> None:
    for i in range(n):
        append_event(store, "consent_granted", f"contact:{i}", {"n": i, "purpose": "whatsapp"}, AT)


def _sql(store: Store, sql: str, *params: object) -> None:
    store.db.conn.execute(sql, params)


def _row(store: Store, event_id: int) -> tuple[object, ...]:
    row = store.db.conn.execute(
        "SELECT id, at, kind, subject, details, prev_hash, hash FROM audit_events WHERE id = ?",
        (event_id,),
    ).fetchone()
    assert row is not None
    return tuple(row)


def test_empty_chain_is_intact(store: Store) -> None:
    result = verify_chain(store)
    assert result.ok and result.events == 0 and result.first_bad_id is None


def test_intact_chain_verifies_and_links(store: Store) -> None:
    _fill(store, 5)
    result = verify_chain(store)
    assert result == verify_chain(store)
    assert result.ok and result.events == 5 and result.first_bad_id is None
    assert _row(store, 1)[5] == GENESIS_HASH
    assert _row(store, 2)[5] == _row(store, 1)[6]


def test_append_returns_consecutive_ids_and_round_trips_details(store: Store) -> None:
    ids = [append_event(store, "export", "label:default", {"files": {"a.vcf": "00"}}, AT)
           for _ in range(3)]
    assert ids == [1, 2, 3]
    events = list_events(store, "export")
    assert [e.details for e in events] == [{"files": {"a.vcf": "00"}}] * 3
    assert events[0].at == AT


def test_hash_is_sha256_of_canonical_json(store: Store) -> None:
    event_id = append_event(store, "import", "contact:1", {"b": 1, "a": "ü"}, AT)
    _id, at, kind, subject, details, prev, digest = _row(store, event_id)
    payload = canonical_json([event_id, at, kind, subject, json.loads(str(details)), prev])
    assert digest == hashlib.sha256(payload.encode()).hexdigest()


def test_naive_time_is_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        append_event(store, "import", at=datetime(2025, 1, 1))


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("kind", "consent_withdrawn"),
        ("subject", "contact:99"),
        ("details", '{"n":2,"purpose":"advertising"}'),
        ("details", "not json"),
        ("at", "2020-01-01T00:00:00.000000+00:00"),
        ("hash", "f" * 64),
        ("prev_hash", "e" * 64),
    ],
)
def test_edited_row_is_named(store: Store, column: str, value: str) -> None:
    _fill(store, 5)
    _sql(store, f"UPDATE audit_events SET {column} = ? WHERE id = 3", value)
    result = verify_chain(store)
    assert not result.ok
    assert result.first_bad_id == 3
    assert "event 3" in result.message


def test_edit_with_recomputed_hash_breaks_the_next_link(store: Store) -> None:
    _fill(store, 5)
    _id, at, kind, subject, _details, prev, _h = _row(store, 2)
    forged = {"n": 1, "purpose": "advertising"}
    new_hash = event_hash(2, str(at), str(kind), str(subject), forged, str(prev))
    _sql(store, "UPDATE audit_events SET details = ?, hash = ? WHERE id = 2",
         canonical_json(forged), new_hash)
    result = verify_chain(store)
    assert not result.ok and result.first_bad_id == 3


@pytest.mark.parametrize("deleted", [1, 3])
def test_deleted_row_is_caught(store: Store, deleted: int) -> None:
    _fill(store, 5)
    _sql(store, "DELETE FROM audit_events WHERE id = ?", deleted)
    result = verify_chain(store)
    assert not result.ok
    assert result.first_bad_id == deleted + 1


def test_deleted_last_row_is_caught_through_the_recorded_head(store: Store) -> None:
    _fill(store, 5)
    _sql(store, "DELETE FROM audit_events WHERE id = 5")
    result = verify_chain(store)
    assert not result.ok
    assert result.first_bad_id == 5
    assert "end" in result.message


def test_truncated_tail_stays_visible_after_a_later_append(store: Store) -> None:
    _fill(store, 5)
    _sql(store, "DELETE FROM audit_events WHERE id >= 4")
    append_event(store, "export", "label:default", {}, AT)
    assert not verify_chain(store).ok


def test_all_rows_deleted_is_caught(store: Store) -> None:
    _fill(store, 3)
    _sql(store, "DELETE FROM audit_events")
    result = verify_chain(store)
    assert not result.ok and result.events == 0


def test_row_inserted_in_the_middle_is_caught(store: Store) -> None:
    _fill(store, 5)
    # Make room at id 3 and forge a row that links correctly to event 2.
    _sql(store, "UPDATE audit_events SET id = id + 100 WHERE id >= 3")
    _sql(store, "UPDATE audit_events SET id = id - 99 WHERE id >= 103")
    prev = str(_row(store, 2)[6])
    forged = event_hash(3, "2025-03-01T12:00:00.000000+00:00", "consent_granted", "contact:x",
                        {}, prev)
    _sql(store, INSERT_FORGED, 3, "2025-03-01T12:00:00.000000+00:00", prev, forged)
    result = verify_chain(store)
    assert not result.ok and result.first_bad_id == 4


def test_row_appended_behind_the_apps_back_is_caught(store: Store) -> None:
    _fill(store, 3)
    prev = str(_row(store, 3)[6])
    at = "2025-03-02T00:00:00.000000+00:00"
    forged = event_hash(4, at, "consent_granted", "contact:x", {}, prev)
    _sql(store, INSERT_FORGED, 4, at, prev, forged)
    result = verify_chain(store)
    assert not result.ok and result.first_bad_id == 4


def test_reordered_rows_are_caught(store: Store) -> None:
    _fill(store, 5)
    two, three = _row(store, 2), _row(store, 3)
    _sql(store, "DELETE FROM audit_events WHERE id IN (2, 3)")
    for event_id, other in ((2, three), (3, two)):
        _sql(store, "INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?)", event_id, *other[1:])
    result = verify_chain(store)
    assert not result.ok and result.first_bad_id == 2


def test_whole_chain_rewritten_without_the_key_is_caught(store: Store) -> None:
    _fill(store, 3)
    prev = GENESIS_HASH
    _sql(store, "DELETE FROM audit_events")
    for event_id in (1, 2):
        digest = event_hash(event_id, "2025-01-01T00:00:00.000000+00:00", "import", "", {}, prev)
        _sql(store, "INSERT INTO audit_events VALUES (?, '2025-01-01T00:00:00.000000+00:00', "
             "'import', '', '{}', ?, ?)", event_id, prev, digest)
        prev = digest
    _sql(store, "UPDATE meta SET value = ? WHERE key = 'audit_head'", f"2 {prev} 2")
    result = verify_chain(store)
    assert not result.ok
    assert "key" in result.message


def test_removed_head_record_is_caught(store: Store) -> None:
    _fill(store, 2)
    _sql(store, "DELETE FROM meta WHERE key = 'audit_head'")
    assert not verify_chain(store).ok


def test_two_connections_appending_keep_one_chain(tmp_path: Path) -> None:
    first = open_db(tmp_path / "db.sqlite")
    second = open_db(tmp_path / "db.sqlite")
    try:
        for i in range(10):
            append_event(first if i % 2 else second, "import", f"contact:{i}", {}, AT)
        result = verify_chain(first)
        assert result.ok and result.events == 10
    finally:
        first.close()
        second.close()


def test_event_joins_the_callers_transaction(store: Store) -> None:
    conn = store.db.conn
    conn.execute("BEGIN")
    append_event(store, "import", "contact:1", {}, AT)
    conn.execute("ROLLBACK")
    assert list_events(store) == []
    assert verify_chain(store).ok


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.integers(min_value=1, max_value=8),
    data=st.data(),
    column=st.sampled_from(["at", "kind", "subject", "details", "prev_hash", "hash"]),
)
def test_any_single_edit_is_caught(tmp_path_factory: pytest.TempPathFactory, n: int,
                                   data: st.DataObject, column: str) -> None:
    store = open_db(tmp_path_factory.mktemp("db") / "db.sqlite")
    try:
        _fill(store, n)
        target = data.draw(st.integers(min_value=1, max_value=n))
        before = _row(store, target)
        index = ["id", "at", "kind", "subject", "details", "prev_hash", "hash"].index(column)
        new_value = data.draw(st.text(max_size=20).filter(lambda v: v != before[index]))
        _sql(store, f"UPDATE audit_events SET {column} = ? WHERE id = ?", new_value, target)
        result = verify_chain(store)
        assert not result.ok
        assert result.first_bad_id is not None and result.first_bad_id <= target + 1
    finally:
        store.close()
