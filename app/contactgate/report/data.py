"""What an export report shows, as plain data: the pipeline fills it, renderers draw it.

Private and unsure contacts appear only as counts (invariant 5): nothing here
holds their names or numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ExportedEntry:
    """A number that left, and the grant that let it."""

    name: str
    org: str
    e164: str
    granted_at: datetime
    method: str
    evidence: str  # the evidence text or file reference, as recorded


@dataclass(frozen=True, slots=True)
class HeldBackEntry:
    """A business contact that stays back, and why (a consent.HELD_BACK_REASONS key)."""

    name: str
    org: str
    numbers: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class ChangeEntry:
    """A number added to or dropped from the export since the previous one under the label."""

    name: str
    e164: str
    # added: "new"; dropped: a HELD_BACK_REASONS key ("withdrawn", "expired", …),
    # "reclassified" or "not in the book"
    why: str


@dataclass(frozen=True, slots=True)
class InputFile:
    name: str
    sha256: str
    cards: int


@dataclass(slots=True)
class ReportInput:
    company: str
    operator: str
    created_at: datetime  # aware
    app_version: str
    policy_version: str
    label: str
    region: str
    lang: str  # "de" or "en"
    summary: dict[str, object]
    inputs: list[InputFile] = field(default_factory=list)
    exported: list[ExportedEntry] = field(default_factory=list)
    held_back: list[HeldBackEntry] = field(default_factory=list)
    added: list[ChangeEntry] = field(default_factory=list)
    dropped: list[ChangeEntry] = field(default_factory=list)
    previous_export_at: datetime | None = None
    # classification reason code -> number of contacts it applied to
    reason_counts: dict[str, int] = field(default_factory=dict)
