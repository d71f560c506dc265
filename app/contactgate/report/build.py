"""Fill a :class:`ReportInput` from a gated book: what left, what stayed, what changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from contactgate import __version__
from contactgate.core.gate import Decision
from contactgate.core.model import BUSINESS, Verdict
from contactgate.report.data import (
    ChangeEntry,
    ExportedEntry,
    HeldBackEntry,
    InputFile,
    ReportInput,
)
from contactgate.store.db import Store

if TYPE_CHECKING:
    from contactgate.pipeline import Book, ExportOptions, RunSettings


def build_report_input(book: Book, decisions: Sequence[Decision], summary: dict[str, object],
                       settings: RunSettings, options: ExportOptions, store: Store,
                       at: datetime, operator: str) -> ReportInput:
    from contactgate.store.exports import previous_export

    previous = previous_export(store, options.label)
    data = ReportInput(
        company=settings.policy.company,
        operator=operator,
        created_at=at,
        app_version=__version__,
        policy_version=settings.policy.version,
        label=options.label,
        region=settings.region,
        lang=settings.lang,
        summary=summary,
        inputs=[InputFile(i.name, i.sha256, i.cards) for i in book.inputs],
        exported=_exported(decisions),
        held_back=_held_back(decisions),
        previous_export_at=previous.at if previous else None,
        reason_counts=_counted_reasons(summary, book),
    )
    before = previous.numbers if previous else {}
    data.added, data.dropped = _changes(decisions, before)
    if previous is not None and previous.erased_hashes:
        data.added, erased = _erased_since(previous.erased_hashes, data.added, store)
        data.dropped += erased
    return data


def _erased_since(erased: Sequence[str], added: list[ChangeEntry],
                  store: Store) -> tuple[list[ChangeEntry], list[ChangeEntry]]:
    """Numbers of the previous export whose person was erased (``forget``) since: the phone
    still holds them, so they are dropped now; only their keyed hash is left, so they are
    listed without number or name. One that leaves again now, on a newer consent, is no
    change at all. Returns the added entries left, and the dropped ones."""
    hashes = set(erased)
    back = [entry for entry in added if store.keyed_hash(f"tel:{entry.e164}") in hashes]
    still_added = [entry for entry in added if entry not in back]
    return still_added, [ChangeEntry("—", "—", "erased")] * (len(hashes) - len(back))


def _exported(decisions: Sequence[Decision]) -> list[ExportedEntry]:
    return [
        ExportedEntry(
            name=d.contact.display_name,
            org=d.contact.org,
            e164=phone.e164 or "",
            granted_at=grant.granted_at,
            method=grant.method,
            evidence=grant.evidence_file or grant.evidence,
        )
        for d in decisions
        for phone, grant in d.exported
    ]


def _held_back(decisions: Sequence[Decision]) -> list[HeldBackEntry]:
    return [
        HeldBackEntry(
            d.contact.display_name, d.contact.org, tuple(d.contact.numbers()), d.held_back
        )
        for d in decisions
        if d.destination == "business_no_consent"
    ]


def _counted_reasons(summary: dict[str, object], book: Book) -> dict[str, int]:
    """Contacts per reason code: the summary counted them already (both readers sort)."""
    counted = summary.get("reasons")
    if isinstance(counted, dict):
        return {str(code): int(count) for code, count in counted.items()}
    return _reason_counts(book.verdicts.values())


def _reason_counts(verdicts: Iterable[Verdict]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for verdict in verdicts:
        counts.update({r.code for r in verdict.reasons})
    return dict(counts.most_common())


def _changes(decisions: Sequence[Decision],
             before: dict[str, str]) -> tuple[list[ChangeEntry], list[ChangeEntry]]:
    now = {p.e164: d.contact.display_name for d in decisions for p, _ in d.exported if p.e164}
    added = [ChangeEntry(name, e164, "new") for e164, name in now.items() if e164 not in before]
    gone = {e164: name for e164, name in before.items() if e164 not in now}
    if not gone:  # a first export, or nothing dropped: no need to index the whole book
        return added, []
    by_number = {n: d for d in decisions for n in d.contact.numbers() if n in gone}
    dropped = [ChangeEntry(name, e164, _why_dropped(by_number.get(e164)))
               for e164, name in gone.items()]
    return added, dropped


def _why_dropped(decision: Decision | None) -> str:
    """Only business people appear: a reclassified contact is named by its old export entry."""
    if decision is None:
        return "not in the book"
    if decision.verdict.bucket != BUSINESS:
        return "reclassified"
    return decision.held_back or "no consent"
