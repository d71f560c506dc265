"""The table model: Qt's own model checks, and filtering/sorting over the precomputed rows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QAbstractItemModelTester

from contactgate.ui.models import (
    COL_NAME,
    COL_SCORE,
    GROUP_ROLE,
    KEY_ROLE,
    BucketModel,
    ContactTableModel,
    TextTableModel,
)
from contactgate.ui.rows import Row, count_groups, folded, normalise_needle
from contactgate.ui.texts import FILTERS, Group

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


def row(key: int, name: str, group: Group = "unsure", org: str = "", numbers: str = "",
        score: int | None = 0) -> Row:
    return Row(kind="contact", key=key, group=group, name=name, org=org, numbers=numbers,
               bucket=group, score=score, consent="", overridden=False,
               search=folded(" ".join((name, org, numbers))))


def sample_rows() -> list[Row]:
    return [
        row(0, "Jürgen Groß", "private", numbers="+491711111111", score=-4),
        row(1, "Anna Schmidt", "ready", "Bau GmbH", "+4930222222", score=7),
        row(2, "MÜLLER Elektro", "no_consent", "Müller KG", "+4930333333", score=5),
        row(3, "Özlem Kaya", "unsure", numbers="+491714444444", score=0),
        Row(kind="quarantined", key=0, group="quarantined", name="book.vcf:12", org="",
            numbers="", bucket="Unreadable", score=None, consent="bad line", overridden=False,
            search="book.vcf:12 bad line"),
    ]


def names(model: ContactTableModel) -> list[str]:
    return [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())]


def test_table_model_passes_qts_model_checks_through_resets() -> None:
    model = ContactTableModel()
    tester = QAbstractItemModelTester(model, FATAL)
    model.set_rows(sample_rows())
    model.set_filter("m", None)
    model.sort(COL_SCORE, Qt.SortOrder.DescendingOrder)
    model.set_filter("", frozenset({"private"}))
    model.replace_rows({3: row(3, "Özlem Kaya", "private", score=0)})
    model.set_rows([])
    assert tester is not None and model.rowCount() == 0


def test_search_ignores_case_and_accents_and_matches_every_word() -> None:
    model = ContactTableModel()
    model.set_rows(sample_rows())
    model.set_filter("muller", None)
    assert names(model) == ["MÜLLER Elektro"]
    model.set_filter("GROSS", None)  # casefold: ß and ss are one letter
    assert names(model) == ["Jürgen Groß"]
    model.set_filter("anna bau", None)
    assert names(model) == ["Anna Schmidt"]
    model.set_filter("anna kg", None)
    assert names(model) == []


def test_typed_number_matches_however_it_is_spaced() -> None:
    assert normalise_needle(" 0171 11-11 ") == "01711111"
    assert normalise_needle("Bau GmbH") == "bau gmbh"
    model = ContactTableModel()
    model.set_rows(sample_rows())
    model.set_filter("+49 171 444", None)
    assert names(model) == ["Özlem Kaya"]


def test_narrowing_search_gives_the_same_rows_as_searching_afresh() -> None:
    model = ContactTableModel()
    model.set_rows(sample_rows())
    for text in ("e", "el", "ele", "elek"):
        model.set_filter(text, None)
    narrowed = names(model)
    fresh = ContactTableModel()
    fresh.set_rows(sample_rows())
    fresh.set_filter("elek", None)
    assert narrowed == names(fresh) == ["MÜLLER Elektro"]
    model.set_filter("e", None)  # widening again finds all of them
    assert names(model) == ["Jürgen Groß", "MÜLLER Elektro", "Özlem Kaya", "book.vcf:12"]


def test_group_filter_and_sort_keep_each_other() -> None:
    model = ContactTableModel()
    model.set_rows(sample_rows())
    model.sort(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert names(model)[:2] == ["Anna Schmidt", "book.vcf:12"]
    model.set_filter("", frozenset({"ready", "no_consent"}))
    assert names(model) == ["Anna Schmidt", "MÜLLER Elektro"]
    model.sort(COL_SCORE, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, COL_SCORE)) for r in range(2)] == ["7", "5"]
    assert model.data(model.index(0, 0), GROUP_ROLE) == "ready"
    assert model.data(model.index(0, 0), KEY_ROLE) == 1


def test_a_row_that_leaves_the_filter_disappears_and_counts_follow() -> None:
    rows = sample_rows()
    model = ContactTableModel()
    model.set_rows(rows)
    model.set_filter("", frozenset({"unsure"}))
    assert names(model) == ["Özlem Kaya"]
    rows[3] = row(3, "Özlem Kaya", "private")
    model.replace_rows({3: rows[3]})
    assert names(model) == []
    counts = count_groups(rows)
    assert counts["private"] == 2 and counts["unsure"] == 0 and counts["all"] == 5


def test_bucket_model_shows_live_counts_and_passes_checks() -> None:
    model = BucketModel(lambda _key: QIcon())
    tester = QAbstractItemModelTester(model, FATAL)
    model.set_counts(count_groups(sample_rows()))
    shown = [model.data(model.index(r)) for r in range(model.rowCount())]
    assert shown[0] == "Ready for WhatsApp (1)"
    assert shown[-1] == "All (5)"
    assert [model.data(model.index(r), GROUP_ROLE) for r in range(len(FILTERS))] == list(FILTERS)
    assert tester is not None and model.rowCount(model.index(0)) == 0


def test_text_table_model_rejects_ragged_rows_and_passes_checks() -> None:
    model = TextTableModel()
    tester = QAbstractItemModelTester(model, FATAL)
    model.set_content(["Number", "State"], [("+49301", "valid"), ("+49302", "expired")],
                      ["a", "b"])
    assert model.data(model.index(1, 1)) == "expired"
    assert model.key_at(1) == "b"
    assert model.rowCount(QModelIndex()) == 2
    try:
        model.set_content(["Number"], [("a", "b")])
    except ValueError:
        pass
    else:
        raise AssertionError("a row with more cells than headers was accepted")
    assert tester is not None
