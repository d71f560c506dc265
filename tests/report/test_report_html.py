"""The HTML export report, parsed back: what a data-protection officer reads in it."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from contactgate.report.data import (
    ChangeEntry,
    ExportedEntry,
    HeldBackEntry,
    InputFile,
    ReportInput,
)
from contactgate.report.html import render_html

AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
GRANTED = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


class Page(HTMLParser):
    """Tables by id as lists of rows of cell texts, plus all text and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._table is not None and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def body_rows(self, table: str) -> list[list[str]]:
        return self.tables[table][1:]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def report(lang: str = "en", **changes: object) -> ReportInput:
    data = ReportInput(
        company="ACME Handel GmbH",
        operator="it-admin",
        created_at=AT,
        app_version="0.1.0",
        policy_version="2025-01",
        label="default",
        region="DE",
        lang=lang,
        summary={"input_cards": 7, "parsed": 7, "quarantined": 0, "merged": 1, "business": 3,
                 "private": 2, "unsure": 1, "consented": 2, "exported_contacts": 1,
                 "exported_numbers": 1, "consent_rows_rejected": 1},
        inputs=[InputFile("phone-book.vcf", "ab" * 32, 7)],
        exported=[ExportedEntry("Klara Kunde", "Kunde AG", "+49301234567", GRANTED, "web_form",
                                "form F-1")],
        held_back=[HeldBackEntry("Bernd Bauer", "Bauer GmbH", ("+49307654321",), "withdrawn"),
                   HeldBackEntry("Nora Neu", "", (), "no_number")],
        added=[ChangeEntry("Klara Kunde", "+49301234567", "new consent")],
        dropped=[ChangeEntry("Bernd Bauer", "+49307654321", "withdrawn")],
        previous_export_at=datetime(2025, 2, 1, 9, 0, tzinfo=UTC),
        reason_counts={"org": 3, "freemail": 2},
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_header_names_company_operator_time_and_policy() -> None:
    page = parse(render_html(report()))
    text = " ".join(page.text)
    for expected in ("ACME Handel GmbH", "it-admin", "2025-03-01 09:30", "2025-01", "0.1.0"):
        assert expected in text


def test_every_exported_number_has_its_consent_date_method_and_evidence() -> None:
    page = parse(render_html(report()))
    assert page.body_rows("exported") == [
        ["Klara Kunde", "Kunde AG", "+49301234567", "2024-05-01 08:00 UTC", "web_form", "form F-1"]
    ]


def test_held_back_business_contacts_are_listed_with_the_reason() -> None:
    rows = parse(render_html(report())).body_rows("held-back")
    assert rows == [["Bernd Bauer", "Bauer GmbH", "+49307654321", "consent withdrawn"],
                    ["Nora Neu", "", "", "no readable phone number"]]


def test_counts_per_bucket_and_private_only_as_counts() -> None:
    counts = {row[0]: row[1] for row in parse(render_html(report())).body_rows("counts")}
    assert counts["Business contacts"] == "3"
    assert counts["Private contacts"] == "2"
    assert counts["Unsure contacts (to review)"] == "1"
    assert counts["Consent rows rejected"] == "1"


def test_changes_since_the_previous_export_name_the_numbers() -> None:
    page = parse(render_html(report()))
    assert page.body_rows("added") == [["Klara Kunde", "+49301234567", "new consent"]]
    assert page.body_rows("dropped") == [["Bernd Bauer", "+49307654321", "consent withdrawn"]]
    assert "2025-02-01 09:00 UTC" in " ".join(page.text)


def test_first_export_says_there_is_no_previous_one() -> None:
    page = parse(render_html(report(added=[], dropped=[], previous_export_at=None)))
    assert "added" not in page.tables and "dropped" not in page.tables
    assert "none (first export)" in " ".join(page.text)


def test_reason_counts_table() -> None:
    rows = parse(render_html(report())).body_rows("reasons")
    assert rows == [["org", "3"], ["freemail", "2"]]


def test_german_report() -> None:
    page = parse(render_html(report(lang="de")))
    text = " ".join(page.text)
    assert "ContactGate-Exportbericht" in text and "Zurückgehaltene Geschäftskontakte" in text
    assert page.body_rows("exported")[0][3] == "01.05.2024 08:00 UTC"
    assert page.body_rows("held-back")[0][3] == "Einwilligung widerrufen"
    assert ("html", {"lang": "de"}) in page.tags


def test_markup_in_any_value_is_escaped() -> None:
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
    data = report(company=evil, operator=evil, policy_version=evil, label=evil,
                  exported=[ExportedEntry(evil, evil, "+49301234567", GRANTED, evil, evil)],
                  held_back=[HeldBackEntry(evil, evil, (evil,), evil)],
                  added=[ChangeEntry(evil, evil, evil)], dropped=[], reason_counts={evil: 1},
                  inputs=[InputFile(evil, evil, 1)])
    html = render_html(data)
    page = parse(html)
    assert {tag for tag, _ in page.tags} <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table",
        "thead", "tbody", "tr", "th", "td"}
    assert "<script" not in html and "<img" not in html
    assert page.body_rows("exported")[0][0] == evil  # shown as text, unchanged


def test_self_contained_no_external_resources() -> None:
    html = render_html(report())
    page = parse(html)
    for _tag, attrs in page.tags:
        assert "src" not in attrs and "href" not in attrs
    assert "http://" not in html and "https://" not in html and "url(" not in html


@given(st.text(max_size=40))
def test_any_name_renders_as_the_same_text_and_adds_no_markup(name: str) -> None:
    clean = name.replace("\r", "")  # the HTML parser folds CR; nothing else may change
    data = report(exported=[ExportedEntry(clean, "", "+49301234567", GRANTED, "m", "e")])
    page = parse(render_html(data))
    assert page.body_rows("exported")[0][0] == clean
    tags = [tag for tag, _ in page.tags]
    assert tags == [tag for tag, _ in parse(render_html(report())).tags]


def test_private_contacts_have_no_place_but_a_count() -> None:
    fields = set(ReportInput.__dataclass_fields__)
    assert not {f for f in fields if "private" in f or "unsure" in f}
    rows = parse(render_html(report())).body_rows("counts")
    assert ["Private contacts", "2"] in rows


@given(st.one_of(st.text(), st.none(), st.integers()))
def test_every_cell_is_escaped_as_html_escape_does(value: object) -> None:
    from html import escape

    from contactgate.report.html import _e

    assert _e(value) == escape("" if value is None else str(value), quote=True)
