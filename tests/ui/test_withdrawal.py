"""Withdrawing a consent (or undoing a decision) in the window does what it says.

The "withdrawn at" field shows the time it was last reset. Taken as it is, a
withdrawal of a grant recorded since (e.g. from a register imported later)
would lie before that grant, close nothing, and the contact would still be
exported: the field left untouched means "now", and a withdrawal before the
grant (or in the future) is refused with a reason.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime

from tests.ui.conftest import AppFactory
from tests.ui.helpers import SAMPLE_BOOK, ScriptedPrompts
from tests.ui.test_workflow import drop_files, find_row

NUMBER = "+493023125180"  # Bürobedarf Meier, business, in the sample book


def with_grant_recorded_later(make_app: AppFactory, prompts: ScriptedPrompts,
                              tmp_path: Path):  # type: ignore[no-untyped-def]
    """The window opened an hour ago; a register since brought a grant half an hour old."""
    now = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    app = make_app(region="DE", clock=lambda: now)
    drop_files(app, SAMPLE_BOOK)
    register = tmp_path / "register.csv"
    granted = (now - timedelta(minutes=30)).isoformat()
    register.write_text(f"phone,granted_at,method,evidence\n{NUMBER},{granted},written form,"
                        "folder A\n", encoding="utf-8")
    prompts.file.append(register)
    app.window.consent_import_action.trigger()
    row = find_row(app, "Bürobedarf Meier")
    assert row.group == "ready"
    app.window.consents.grants.selectRow(0)
    return app, row.key


def group_of(app, key: int) -> str:  # type: ignore[no-untyped-def]
    return str(app.session.rows[app.session.row_index("contact", key) or 0].group)


def test_a_withdrawal_left_at_its_default_ends_a_grant_recorded_since(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    app, key = with_grant_recorded_later(make_app, prompts, tmp_path)
    prompts.answers.append(True)  # "Withdraw the consent of …?" — yes
    assert app.consents.withdraw()
    assert not prompts.errors, prompts.errors
    assert group_of(app, key) != "ready"  # no longer exported
    assert all(g.withdrawn_at is not None for g in app.session.grants_for([NUMBER]))


def test_a_withdrawal_dated_before_the_grant_is_refused_with_its_reason(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    app, key = with_grant_recorded_later(make_app, prompts, tmp_path)
    app.window.consents.withdrawn_at.setDateTime(QDateTime.currentDateTime().addDays(-2))
    prompts.answers.append(True)
    assert not app.consents.withdraw()
    assert any("before the consent was given" in message for _title, message in prompts.errors)
    assert group_of(app, key) == "ready"  # nothing was recorded: the user corrects the date


def test_an_undo_the_database_refuses_leaves_the_decision_standing_in_the_window(
        make_app: AppFactory, prompts: ScriptedPrompts, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import contactgate.commands.mark as mark_module

    app = make_app(region="DE")
    drop_files(app, SAMPLE_BOOK)
    row = find_row(app, "Bürobedarf Meier")
    app.window.private_action.trigger()
    assert group_of(app, row.key) == "private"

    def locked(*_args: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(mark_module, "unmark_many", locked)
    app.window.undo_action.trigger()
    assert prompts.errors  # said, with the reason
    # the database still holds the decision: the window must not show it undone
    assert group_of(app, row.key) == "private"
    assert app.session.book is not None
    assert app.session.book.verdicts[row.key].overridden


def test_a_consent_withdrawn_already_is_not_withdrawn_again(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    app, _key = with_grant_recorded_later(make_app, prompts, tmp_path)
    prompts.answers.append(True)
    assert app.consents.withdraw()
    app.window.consents.grants.selectRow(0)
    prompts.answers.append(True)
    assert not app.consents.withdraw()  # said so, instead of "withdrawn" for nothing
    assert any("withdrawn already" in message for _title, message in prompts.errors)
    assert prompts.answers == [True]  # and not asked to confirm first
