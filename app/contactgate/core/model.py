"""The domain objects every layer shares.

Pure data: no I/O, no Qt. Values read from a vCard are kept in vCard 3.0
*escaped text form* (``\\n``, ``\\,``, ``\\;``, ``\\\\``) so that a property can be
written back unchanged and can never contain a raw line break: the reader
guarantees it and the writer checks it again (invariant 4, nothing smuggled).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Literal, TypeVar

Bucket = Literal["business", "private", "unsure"]
BUSINESS: Bucket = "business"
PRIVATE: Bucket = "private"
UNSURE: Bucket = "unsure"
BUCKETS: tuple[Bucket, ...] = (BUSINESS, PRIVATE, UNSURE)

WHATSAPP_PURPOSE = "whatsapp"

_Class = TypeVar("_Class", bound=type)


def pickled_by_fields(cls: _Class) -> _Class:
    """Pickle a dataclass as its constructor call: several times faster than its state dict.

    A big book's second half comes back from another process as pickled
    objects (see :mod:`contactgate.tail`); the dataclass default pickles each
    one through Python-level ``__getstate__``.
    """
    values = operator.attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls


# --- text escaping (RFC 6350 §3.4) -------------------------------------------------


def escape_text(text: str) -> str:
    """Escape one text value for a vCard 3.0/4.0 property (component separators too)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def unescape_text(value: str) -> str:
    """Undo :func:`escape_text`; unknown escapes keep their character."""
    if "\\" not in value:
        return value
    out: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch != "\\":
            out.append(ch)
            continue
        nxt = next(chars, "")
        out.append("\n" if nxt in ("n", "N") else nxt)
    return "".join(out)


def split_unescaped(value: str, sep: str) -> list[str]:
    """Split an escaped value at separators that are not escaped; parts stay escaped."""
    if "\\" not in value:
        return value.split(sep)
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in value:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def components(value: str) -> list[str]:
    """The unescaped components of a structured value such as N or ADR."""
    return [unescape_text(part) for part in split_unescaped(value, ";")]


# --- what the reader produces ------------------------------------------------------


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SpoolRef:
    """Where a big value was set aside (see :mod:`contactgate.io.spool`): file, offset,
    length of its ASCII text, and its SHA-256 (what tells two photos apart)."""

    path: str
    offset: int
    length: int
    digest: str


@pickled_by_fields
@dataclass(slots=True)
class Prop:
    """One property of a card as read.

    ``name`` is upper case without group. ``params`` holds (NAME, value) pairs in
    source order with upper-case names; TYPE values are lower case and split
    (``TEL;CELL;HOME`` and ``TYPE=cell,home`` both give two TYPE pairs). The
    reader has already decoded quoted-printable and CHARSET, so neither
    ENCODING=QUOTED-PRINTABLE nor CHARSET is kept; base64 data keeps
    ``("ENCODING", "b")`` and its value is the base64 text without whitespace.
    """

    name: str
    value: str
    params: tuple[tuple[str, str], ...] = ()
    group: str = ""
    spooled: SpoolRef | None = None  # a big value set aside: ``value`` is then ""

    def types(self) -> frozenset[str]:
        return frozenset(v for k, v in self.params if k == "TYPE")

    def param(self, name: str) -> str | None:
        for key, val in self.params:
            if key == name:
                return val
        return None

    def text(self) -> str:
        """The whole value unescaped (for single-text properties like FN, NOTE)."""
        return unescape_text(self.value)


@pickled_by_fields
@dataclass(slots=True)
class Card:
    """One top-level card that the reader could parse."""

    source: str
    line: int  # 1-based line of BEGIN:VCARD in ``source``
    version: str  # "2.1", "3.0", "4.0", or "" when the card declares none
    props: list[Prop]
    problems: list[str] = field(default_factory=list)  # properties that could not be read

    def first(self, name: str) -> Prop | None:
        for prop in self.props:
            if prop.name == name:
                return prop
        return None

    def all(self, name: str) -> list[Prop]:
        return [prop for prop in self.props if prop.name == name]


@pickled_by_fields
@dataclass(slots=True)
class Quarantined:
    """A card (or stray text) the reader could not parse, kept byte for byte.

    ``raw`` holds the bytes as read. For a card too large to hold in memory
    ``raw`` is None and ``offset``/``length`` locate the bytes in ``source``,
    from where the quarantine writer copies them in chunks.
    """

    source: str
    line: int
    reason: str
    raw: bytes | None
    offset: int = -1
    length: int = 0


@pickled_by_fields
@dataclass(slots=True)
class ReadProblem:
    """Something a reader noticed that is not a card: skipped components, junk lines."""

    source: str
    line: int
    message: str


class InputError(Exception):
    """An input that cannot be read at all: missing, unreadable, empty, not contacts."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    @classmethod
    def from_os_error(cls, path: str, error: OSError) -> InputError:
        """The same words for the same failure, whichever reader met it."""
        if isinstance(error, FileNotFoundError):
            return cls(path, "no such file")
        if isinstance(error, IsADirectoryError):
            return cls(path, "is a folder, not a file")
        if isinstance(error, PermissionError):
            return cls(path, "permission denied")
        return cls(path, f"cannot read ({error.strerror or error})")


class ConsentFileError(InputError):
    """A consent register (CSV) that cannot be read at all: the window's advice differs."""


# --- normalised contacts -----------------------------------------------------------


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Phone:
    raw: str  # as written on the card
    e164: str | None  # None when the number cannot be parsed: kept and flagged, never dropped
    types: frozenset[str] = frozenset()
    label: str = ""  # X-ABLabel / X-CUSTOM label text
    kind: str = ""  # phonenumbers type name: "mobile", "fixed_line", "toll_free", ...


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Email:
    address: str  # lower case
    types: frozenset[str] = frozenset()
    label: str = ""

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


@pickled_by_fields
@dataclass(slots=True)
class Contact:
    """A person after normalisation and merging; ``cards`` are the source cards."""

    key: int  # stable within one run: position of the first card in the input
    cards: list[Card]
    fn: str = ""
    n: tuple[str, ...] = ()  # family, given, additional, prefixes, suffixes (unescaped)
    org: str = ""
    title: str = ""
    role: str = ""
    phones: list[Phone] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # X-ABLabel, X-CUSTOM and TEL/EMAIL labels
    adr_types: frozenset[str] = frozenset()
    show_as_company: bool = False  # Apple X-ABShowAs:COMPANY
    uid: str = ""

    @property
    def display_name(self) -> str:
        if self.fn:
            return self.fn
        given_family = " ".join(p for p in (self.n[1:2] + self.n[:1]) if p)
        return given_family or self.org or (self.phones[0].raw if self.phones else "")

    def numbers(self) -> list[str]:
        """Distinct E.164 numbers in card order."""
        seen: dict[str, None] = {}
        for phone in self.phones:
            if phone.e164:
                seen.setdefault(phone.e164, None)
        return list(seen)


# --- classification ----------------------------------------------------------------


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Reason:
    """One named, weighted part of a verdict, e.g. ``ORG present +2``.

    ``code`` is stable (reports count by it, translations key on it); ``detail``
    is the concrete value (a domain, a category) and ``text`` the English wording.
    """

    code: str
    weight: int
    text: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.text} {self.weight:+d}"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Verdict:
    bucket: Bucket
    score: int
    reasons: tuple[Reason, ...]
    overridden: bool = False  # set by a user's decision (mark / GUI), not by rules


# --- consent -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Consent:
    """One grant for one number and purpose; identity is (e164, purpose, granted_at)."""

    e164: str
    granted_at: datetime  # timezone-aware, UTC
    method: str
    evidence: str
    purpose: str = WHATSAPP_PURPOSE
    withdrawn_at: datetime | None = None
    expires_at: datetime | None = None
    name: str = ""
    email: str = ""
    text_version: str = ""
    recorded_by: str = ""
    withdrawal_route: str = ""
    evidence_file: str = ""
    evidence_sha256: str = ""
    confirmed_at: datetime | None = None
    legal_basis: str = "Art. 6(1)(a) GDPR consent"
    controller: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    """A consent (or CSV) row that could not be read: reported, grants nothing."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


# --- progress ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    stage: str  # "read", "normalise", "classify", "render", "merge", "gate", "write", "report"
