"""``explain`` shows why; ``mark`` makes a decision stick across re-imports, privately."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contactgate.commands.mark import mark, unmark
from contactgate.core.search import find
from contactgate.io.policy_file import load_policy
from contactgate.pipeline import RunSettings, load_book
from contactgate.store.db import open_db
from tests.conftest import CliRun
from tests.factories import card, finish

Run = Callable[..., CliRun]
BOOK = (
    card("k1", "Klara Kunde", "+49 30 23125 001", org="Kunde AG", email="k@kunde-ag.example")
    + card("p1", "Peter Privat", "0171 3920002")
    + card("h1", "Hausmeister Kowalski", "0171 3920003")
)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "phone.vcf"
    path.write_text(BOOK, encoding="utf-8")
    return path


def buckets(cli: Run, book: Path, out: Path) -> dict[str, list[str]]:
    assert cli("--region", "DE", "split", book, "--out-dir", out).code == 0
    names = {}
    for name in ("business-no-consent", "private", "review"):
        text = (out / f"{name}.vcf").read_text(encoding="utf-8")
        names[name] = [line[3:] for line in text.splitlines() if line.startswith("FN:")]
    return names


def test_explain_prints_bucket_score_and_weighted_reasons(cli: Run, book: Path) -> None:
    result = cli("--region", "DE", "explain", book, "Klara")
    assert result.code == 0
    assert "Klara Kunde (Kunde AG)" in result.out
    assert "→ business" in result.out
    assert "organisation" in result.out


def test_explain_json_and_german_wording(cli: Run, book: Path) -> None:
    result = cli("--region", "DE", "--lang", "de", "--json", "explain", book, "0171 3920002")
    match = json.loads(result.out)["matches"][0]
    assert match["name"] == "Peter Privat"
    assert sum(r["weight"] for r in match["reasons"]) == match["score"]


def test_explain_without_a_match_is_exit_2(cli: Run, book: Path) -> None:
    result = cli("--region", "DE", "explain", book, "Niemand")
    assert result.code == 2 and "no contact" in result.err


def test_mark_private_sticks_and_is_kept_only_as_a_keyed_hash(
    cli: Run, book: Path, tmp_path: Path, db_path: Path
) -> None:
    assert "Klara Kunde" in buckets(cli, book, tmp_path / "a")["business-no-consent"]
    assert cli("--region", "DE", "mark", book, "Klara", "private").code == 0
    assert "Klara Kunde" in buckets(cli, book, tmp_path / "b")["private"]
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob("contactgate.db*"))
    assert b"Klara" not in raw and b"3023125001" not in raw


def test_mark_business_moves_a_review_contact_and_stores_it(
    cli: Run, book: Path, tmp_path: Path, db_path: Path
) -> None:
    assert "Hausmeister Kowalski" in buckets(cli, book, tmp_path / "a")["review"]
    assert cli("--region", "DE", "mark", book, "Kowalski", "business").code == 0
    assert "Hausmeister Kowalski" in buckets(cli, book, tmp_path / "b")["business-no-consent"]
    conn = sqlite3.connect(db_path)
    kinds = [row[0] for row in conn.execute("SELECT kind FROM audit_events")]
    stored = [row[0] for row in conn.execute("SELECT fn FROM business_contacts")]
    conn.close()
    assert "override" in kinds
    assert "Hausmeister Kowalski" in stored


def test_an_ambiguous_query_marks_nobody(cli: Run, book: Path) -> None:
    result = cli("--region", "DE", "mark", book, "0171", "business")
    assert result.code == 2 and "be more specific" in result.err


def test_undo_returns_the_decision_to_the_rules(book: Path, db_path: Path) -> None:
    settings = RunSettings(load_policy(None), "DE", "--region")
    store = open_db(db_path)
    phone_book = finish(load_book([book], settings, store))
    klara = find(phone_book.contacts, "Klara", "DE")[0]
    rules = phone_book.verdicts[klara.key]
    now = datetime.now(UTC)
    mark(store, phone_book, klara, "private", now)
    unmark(store, phone_book, klara, rules, now)
    assert phone_book.verdicts[klara.key] == rules
    assert store.db.conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0
    assert store.db.conn.execute("SELECT COUNT(*) FROM business_contacts").fetchone()[0] == 1
    store.close()


def test_marking_many_contacts_stores_them_in_one_pass_all_or_none(
        tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import contactgate.commands.mark as mark_module
    from contactgate.commands.mark import mark_many, unmark_many

    many = tmp_path / "many.vcf"
    many.write_text("".join(card(f"u{i}", f"Person {i}", f"0171 39{i:05d}")
                            for i in range(300)), encoding="utf-8")
    store = open_db(db_path)
    phone_book = finish(load_book([many], RunSettings(load_policy(None), "DE", "--region"),
                                  store))
    contacts = phone_book.contacts
    rules = {c.key: phone_book.verdicts[c.key] for c in contacts}
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    mark_many(store, phone_book, [(c, "business") for c in contacts], datetime.now(UTC))
    store.db.conn.set_trace_callback(None)
    # the numbers of the marked contacts are indexed once, not once per contact (that grew
    # with the square of the selection: 10,000 contacts froze the window for 45 s)
    assert sum("INTO contact_numbers" in s for s in statements) == 1
    assert sum(s.startswith("BEGIN") for s in statements) == 1
    count = "SELECT COUNT(*) FROM business_contacts"
    assert store.db.conn.execute(count).fetchone()[0] == len(contacts)

    def fails_late(*args: object, **kwargs: object) -> None:
        if fails_late.calls == 200:  # type: ignore[attr-defined]
            raise sqlite3.OperationalError("disk I/O error")
        fails_late.calls += 1  # type: ignore[attr-defined]
        real_audit(*args, **kwargs)

    real_audit = mark_module.append_event
    fails_late.calls = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(mark_module, "append_event", fails_late)
    with pytest.raises(sqlite3.OperationalError):
        unmark_many(store, phone_book, [(c, rules[c.key]) for c in contacts], datetime.now(UTC))
    # none of the undo was stored: every contact is still business in the database
    assert store.db.conn.execute(count).fetchone()[0] == len(contacts)
    assert store.db.conn.execute(
        "SELECT COUNT(*) FROM decisions WHERE bucket = 'business'").fetchone()[0] > 0
    store.close()
