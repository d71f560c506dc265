"""``audit verify`` accounts for every consent row: none added, changed or deleted by hand.

A consent opens the gate (invariant 1) and must be demonstrable (GDPR Art. 7(1)),
so the register is judged against the hash-chained audit trail (invariant 6):
whatever ContactGate itself does to the register verifies, and any edit made
behind its back — a row inserted, any column of a row changed, a row deleted —
is named by its consent id.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from contactgate.cli import CommandError
from contactgate.commands.forget import erase, plan_erasure
from contactgate.core.model import Consent
from contactgate.store import audit
from contactgate.store.consents import (
    _FIRST_DIGEST_COLUMNS,
    row_digest,
    upsert_consents,
    verify_consents,
    withdraw,
)
from contactgate.store.db import Store, open_db

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
NUMBERS = ["+49301234567", "+49301234568", "+49171555000"]
# every column a person or the gate reads, with a value ContactGate never writes
HAND_EDITS = {
    "e164": "'+49309999999'", "purpose": "'whatsapp-ads'",
    "granted_at": "'2020-01-01T00:00:00+00:00'",
    "method": "'forged'", "evidence": "'made up'", "evidence_file": "'fake.pdf'",
    "evidence_sha256": "'" + "0" * 64 + "'", "withdrawn_at": "NULL",
    "withdrawal_route": "'phone call'", "expires_at": "'2099-01-01T00:00:00+00:00'",
    "confirmed_at": "'2024-05-02T00:00:00+00:00'", "name": "'Somebody Else'",
    "email": "'x@example.org'", "text_version": "'v99'", "recorded_by": "'intruder'",
    "recorded_at": "'2024-01-01T00:00:00+00:00'", "legal_basis": "'contract'",
    "controller": "'Other GmbH'",
}


@contextmanager
def fresh_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as folder:
        store = open_db(Path(folder) / "cg.db")
        try:
            yield store
        finally:
            store.close()


grants = st.builds(
    lambda number, days, expires, evidence, withdrawn: Consent(
        e164=number, granted_at=T0 + timedelta(days=days), method="web_form",
        evidence=evidence, name="Klara Kunde",
        expires_at=T0 + timedelta(days=days + expires) if expires else None,
        withdrawn_at=T0 + timedelta(days=days + withdrawn) if withdrawn else None),
    st.sampled_from(NUMBERS), st.integers(0, 5), st.sampled_from([0, 30, 400]),
    st.sampled_from(["F-1", "F-2"]), st.sampled_from([0, 3]))
operations = st.lists(
    st.one_of(st.lists(grants, min_size=1, max_size=4).map(lambda batch: ("import", batch)),
              st.tuples(st.just("withdraw"), st.sampled_from(NUMBERS), st.integers(0, 8)),
              st.tuples(st.just("forget"), st.sampled_from(NUMBERS))),
    min_size=1, max_size=7)


def carry_out(store: Store, steps: list[tuple[object, ...]]) -> None:
    """What users do: imports (re-imports change expiry, evidence, withdrawals),
    withdrawals, and erasures (after which SQLite may give a new grant a freed id)."""
    for step in steps:
        if step[0] == "import":
            upsert_consents(store, step[1], recorded_by="it-admin")  # type: ignore[arg-type]
        elif step[0] == "withdraw":
            _, number, days = step
            withdraw(store, str(number), T0 + timedelta(days=int(days)))  # type: ignore[call-overload]
        else:
            forget(store, str(step[1]))


def forget(store: Store, number: str) -> None:
    try:
        plan = plan_erasure(store, number, "DE")
    except CommandError:  # nothing stored for it
        return
    erase(store, plan, T0 + timedelta(days=30))


def hand(store: Store, sql: str) -> None:
    """An edit behind ContactGate's back, through a connection of its own."""
    conn = sqlite3.connect(store.path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def forge_a_grant(store: Store) -> None:
    """A grant written into the register by hand, as if given."""
    hand(store, "INSERT INTO consents (e164, purpose, granted_at, method, evidence, "
                "recorded_at) VALUES ('+491701231234', 'whatsapp', "
                "'2024-01-01T00:00:00+00:00', 'forged', 'forged', '2024-01-01T00:00:00+00:00')")


def one_grant_then_erased(store: Store) -> int:
    """The id of a grant recorded, then erased with its person (``forget``)."""
    upsert_consents(store, [Consent(e164=NUMBERS[0], granted_at=T0, method="web_form",
                                    evidence="F-1")])
    [erased] = consent_ids(store)
    forget(store, NUMBERS[0])
    return erased


def consent_ids(store: Store) -> list[int]:
    return [int(r[0]) for r in store.db.conn.execute("SELECT id FROM consents ORDER BY id")]


@settings(max_examples=25)
@given(operations, st.data())
def test_what_contactgate_does_verifies_and_any_hand_edit_is_named(
        steps: list[tuple[object, ...]], data: st.DataObject) -> None:
    with fresh_store() as store:
        carry_out(store, steps)
        assert verify_consents(store) == []
        ids = consent_ids(store)
        if not ids:
            return  # everything was erased: nothing to edit
        target = data.draw(st.sampled_from(ids))
        column = data.draw(st.sampled_from(sorted(HAND_EDITS)))
        before = row_digest(store, target)
        hand(store, f"UPDATE consents SET {column} = {HAND_EDITS[column]} WHERE id = {target}")
        if row_digest(store, target) == before:
            return  # the row held that value already (a NULL withdrawal): nothing was changed
        assert verify_consents(store) == [f"consent {target} was changed outside ContactGate"]


@settings(max_examples=15)
@given(operations)
def test_a_row_inserted_or_deleted_by_hand_is_named(steps: list[tuple[object, ...]]) -> None:
    with fresh_store() as store:
        carry_out(store, steps)
        if not consent_ids(store):
            return
        first = consent_ids(store)[0]
        forge_a_grant(store)
        added = consent_ids(store)[-1]
        hand(store, f"DELETE FROM consents WHERE id = {first}")
        assert verify_consents(store) == [
            f"consent {first} was deleted outside ContactGate",
            f"consent {added} was added outside ContactGate"]


def test_an_id_used_again_after_an_erasure_is_judged_by_its_new_row() -> None:
    with fresh_store() as store:
        erased = one_grant_then_erased(store)
        upsert_consents(store, [Consent(e164=NUMBERS[1], granted_at=T0, method="web_form",
                                        evidence="F-2")])
        assert consent_ids(store) == [erased]  # SQLite gave the freed id to the new grant
        assert verify_consents(store) == []
        hand(store, f"DELETE FROM consents WHERE id = {erased}")
        assert verify_consents(store) == [f"consent {erased} was deleted outside ContactGate"]


def test_a_row_put_back_by_hand_under_an_erased_id_is_named() -> None:
    with fresh_store() as store:
        erased = one_grant_then_erased(store)
        forge_a_grant(store)
        assert verify_consents(store) == [f"consent {erased} was added outside ContactGate"]


def test_a_grant_whose_method_is_called_withdrawal_is_in_the_trail_too() -> None:
    with fresh_store() as store:
        # the word "consent export" writes for withdrawal-only rows, here on a plain grant
        upsert_consents(store, [Consent(e164=NUMBERS[0], granted_at=T0, method="withdrawal",
                                        evidence="form 7")])
        assert verify_consents(store) == []  # it opens the gate: it must be accounted for
        assert [e.kind for e in audit.list_events(store)
                if e.subject.startswith("consent:")] == ["consent_granted"]


def test_digests_of_the_first_release_still_judge_what_they_covered() -> None:
    with fresh_store() as store:
        upsert_consents(store, [Consent(e164=NUMBERS[0], granted_at=T0, method="web_form",
                                        evidence="F-1")])
        [consent_id] = consent_ids(store)
        # an event as the first release wrote it: a digest of the gate's columns only
        audit.append_event(store, audit.CONSENT_EDITED, f"consent:{consent_id}",
                           {"row": row_digest(store, consent_id, _FIRST_DIGEST_COLUMNS)})
        hand(store, "UPDATE consents SET evidence = 'other'")  # not covered then
        assert verify_consents(store) == []
        hand(store, "UPDATE consents SET expires_at = '2099-01-01T00:00:00+00:00'")
        assert verify_consents(store) == [f"consent {consent_id} was changed outside ContactGate"]
