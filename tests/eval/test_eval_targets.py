"""The classifier meets the issue's quality targets on the labelled evaluation book."""

from __future__ import annotations

import pytest

from tests.eval.run_eval import (
    BOOK,
    BUSINESS_PRECISION_MIN,
    PRIVATE_RECALL_MIN,
    TRUTH,
    UNSURE_RATE_MAX,
    Figures,
    evaluate,
    main,
    read_truth,
)

pytest.importorskip("contactgate.io.vcard_read", reason="the vCard reader has not landed yet")


@pytest.fixture(scope="module")
def figures() -> Figures:
    return evaluate()


def test_every_labelled_card_is_read(figures: Figures) -> None:
    assert figures.missing == []
    assert figures.all_cases >= 300


def test_business_precision_target(figures: Figures) -> None:
    assert figures.business_precision >= BUSINESS_PRECISION_MIN, figures.misses


def test_private_recall_target(figures: Figures) -> None:
    assert figures.private_recall >= PRIVATE_RECALL_MIN, figures.misses


def test_unsure_rate_target(figures: Figures) -> None:
    assert figures.unsure_rate <= UNSURE_RATE_MAX, figures.misses


def test_no_clear_private_contact_is_called_business(figures: Figures) -> None:
    assert figures.confusion[("private", "business")] == 0


def test_the_runner_exits_0_when_the_targets_are_met(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "targets: all met" in capsys.readouterr().out


def test_the_book_is_written_the_way_phones_write() -> None:
    text = BOOK.read_text(encoding="utf-8")
    assert "VERSION:2.1" in text and "ENCODING=QUOTED-PRINTABLE" in text  # Android 2.1
    assert ".X-ABLabel:" in text and "X-ABShowAs:COMPANY" in text  # iPhone item groups
    assert "CATEGORIES:myContacts," in text  # Google labels
    truth = read_truth(TRUTH)
    clear = [t for t in truth.values() if t.clear]
    assert {t.bucket for t in clear} == {"business", "private"}
    assert any(not t.clear for t in truth.values())
