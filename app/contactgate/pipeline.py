"""read → normalise → merge → classify → gate → write, as generators of progress.

``load_book`` turns input files into an in-memory :class:`Book`;
``export_book`` gates it and writes the eight files of ``split``; ``split`` is
both. Each is a generator that yields :class:`Progress` and returns its result,
so the CLI can draw a bar and the GUI can run it in a worker with a cancel
flag: neither re-implements a stage.
"""

from __future__ import annotations

import contextlib
import gc
import getpass
import hashlib
import json
import locale
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal

from contactgate import __version__
from contactgate.core.classify import Classifier
from contactgate.core.consent import ConsentBook, with_reconfirmation
from contactgate.core.dedupe import merge_contacts, name_key
from contactgate.core.gate import OUTPUT_FILES, Decision, Destination, Profile, decide, export_props
from contactgate.core.model import (
    BUCKETS,
    BUSINESS,
    Bucket,
    Card,
    Consent,
    Contact,
    InputError,
    Progress,
    Prop,
    Quarantined,
    ReadProblem,
    Reason,
    RowError,
    Verdict,
)
from contactgate.core.normalise import contact_from_card
from contactgate.core.phones import DEFAULT_REGION, PhoneNormaliser, valid_region
from contactgate.core.policy import Policy
from contactgate.io.atomic import OutputError, StagedFiles, make_private_dir
from contactgate.io.sniff import read_contacts
from contactgate.io.spool import Spool, open_spool
from contactgate.io.vcard_read import Pause, read_vcards_from
from contactgate.io.vcard_write import (
    AHEAD_MAX_CHARS,
    Format,
    full_props,
    render_ahead,
    render_card,
)
from contactgate.saver import RecordSaver
from contactgate.store.contacts import business_fields, overrides, save_business
from contactgate.store.db import Store, write_transaction
from contactgate.store.exports import last_export_id, record_export, recorded_since
from contactgate.tail import TailLoader

PROGRESS_EVERY = 2_000
SUMMARY_PROBLEMS = 100
QUARANTINE_FILE = "quarantine.txt"
SUMMARY_FILE = "summary.json"
REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"
ALL_FILES = (*OUTPUT_FILES.values(), QUARANTINE_FILE, REPORT_HTML, REPORT_PDF, SUMMARY_FILE)

Notify = Callable[[str], None]


def _ignore(_message: str) -> None:
    return None


# --- settings ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunSettings:
    """What classification and export need besides the inputs."""

    policy: Policy
    region: str
    region_source: str  # "--region", "policy", "locale" or "default"
    lang: str = "en"


def resolve_region(cli_region: str | None, policy: Policy) -> tuple[str, str]:
    """--region, else the policy's region, else the locale's country, else DE."""
    if cli_region:
        return cli_region.upper(), "--region"
    if policy.region:
        return policy.region.upper(), "policy"
    country = _locale_country()
    if country:
        return country, "locale"
    return DEFAULT_REGION, "default"


def _locale_country() -> str | None:
    """The country of the user's locale (``de_AT.UTF-8`` → AT); none for C/POSIX.

    The environment is read first: Python 3.11's ``locale.getlocale()`` turns
    ``C.UTF-8`` into ``en_US``, which would read German numbers as American.
    """
    name = next((os.environ[v] for v in ("LC_ALL", "LC_CTYPE", "LANG") if os.environ.get(v)), "")
    if not name and os.name == "nt":  # Windows sets no such variables
        name = locale.getlocale()[0] or ""
    name = name.split(".", 1)[0].split("@", 1)[0]
    if name in ("", "C", "POSIX") or "_" not in name:
        return None
    country = name.split("_", 1)[1][:2].upper()
    return country if valid_region(country) else None


# --- the book ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InputSummary:
    name: str
    path: Path
    sha256: str
    cards: int


@dataclass
class Book:
    """An imported address book in memory: private people never leave it for the database."""

    inputs: list[InputSummary] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    verdicts: dict[int, Verdict] = field(default_factory=dict)
    quarantined: list[Quarantined] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "FILE:LINE: message" for the user
    parsed: int = 0
    # full vCard text of unmerged contacts, rendered while loading (split: in both
    # processes) in ``texts_format``; the export takes each one over once
    texts: dict[int, str] = field(default_factory=dict)
    texts_format: Format | None = None

    @property
    def input_cards(self) -> int:
        return self.parsed + len(self.quarantined)

    @property
    def merged(self) -> int:
        return self.parsed - len(self.contacts)

    def bucket_counts(self) -> dict[Bucket, int]:
        counts = Counter(v.bucket for v in self.verdicts.values())
        return {bucket: counts.get(bucket, 0) for bucket in BUCKETS}

    def override(self, key: int, bucket: Bucket) -> Verdict:
        """A user's decision for one contact; the rules' reasons stay visible below it."""
        old = self.verdicts[key]
        reason = Reason("user_override", 0, f"marked {bucket} by the user", bucket)
        verdict = Verdict(bucket, old.score, (reason, *_rule_reasons(old)), overridden=True)
        self.verdicts[key] = verdict
        return verdict


def _rule_reasons(verdict: Verdict) -> tuple[Reason, ...]:
    return tuple(r for r in verdict.reasons if r.code != "user_override")


def load_book(paths: Sequence[Path], settings: RunSettings, store: Store | None = None,
              notify: Notify = _ignore, render: Format | None = None,
              spool: Spool | None = None) -> Generator[Progress, None, Book]:
    """Read every input, normalise, classify, and merge across inputs.

    Cards are classified one by one (a big file's second half in a second
    process, see :mod:`contactgate.tail`); only contacts that merging combined
    are classified again. With ``render``, each card is also rendered in that
    format for the export (``Book.texts``), on both cores like the rest. With
    ``spool``, photos and other big values are set aside there, not held in memory
    (the caller removes the spool once the book is written).
    """
    book = Book(texts_format=render)
    loader = _Loader(book, settings, spool)
    try:
        for path in paths:
            yield from loader.read(path)
    finally:
        loader.tails.close()  # a cancelled or failed read must not leave the second process working
    yield from loader.prepare_all()
    yield Progress(0, 1, "merge")
    book.contacts = merge_contacts(c for run in loader.runs for c in run.contacts)
    _keep_unmerged(book, loader.runs, loader.classifier)
    _apply_overrides(book, store)
    yield Progress(1, 1, "merge")
    for note in book.notes:
        notify(note)
    return book


@dataclass(slots=True)
class _Run:
    """Consecutive cards of the input, with their contacts and verdicts once made."""

    first_key: int  # the position of its first card in the whole input
    cards: list[Card] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # when the book is rendered while loading
    prepared: bool = False


class _Loader:
    """Reads inputs into runs of cards; a big file's tail comes from a second process."""

    def __init__(self, book: Book, settings: RunSettings, spool: Spool | None) -> None:
        self.book = book
        self.spool = spool
        self.runs: list[_Run] = []
        self.phones = PhoneNormaliser(settings.region)
        self.classifier = Classifier(settings.policy)
        self.tails = TailLoader(settings.region, settings.policy, book.texts_format,
                                str(spool.folder) if spool is not None else None)

    def read(self, path: Path) -> Generator[Progress, None, None]:
        before = self.book.input_cards
        seam = self.tails.start(path)
        run = self._new_run()
        mark = self._mark(run)
        pause = yield from self._read_until_pause(read_contacts(path, seam, self.spool), run)
        if pause is None:
            self.tails.close()  # a CSV file, or the pause never came: the second process stops
        elif not self.tails.agrees(pause):
            # not between cards there: read the file once more without pausing. Reading
            # on would give the same items, except where a line of stray text over 1 MiB
            # between cards meets a chunk end; reading once more never depends on that.
            self._rollback(mark, run)
            yield from self._read_until_pause(read_contacts(path, spool=self.spool), run)
        elif seam is not None:
            # this half is made ready while the second process finishes the other
            yield from self._prepare(run)
            yield Progress(self.book.input_cards, 0, "read")
            yield from self._read_tail(path, seam, pause)
        count = self.book.input_cards - before
        self.book.inputs.append(
            InputSummary(printable_name(path.name), path, file_sha256(path), count))

    def _read_until_pause(self, reader: Generator[Card | Quarantined | ReadProblem | Pause,
                                                  None, None],
                          run: _Run) -> Generator[Progress, None, Pause | None]:
        """Take the reader's items into ``run`` up to its pause (returned) or its end."""
        try:
            for item in reader:
                if isinstance(item, Pause):
                    return item
                self._take(item, run)
                if self.book.input_cards % PROGRESS_EVERY == 0:
                    yield Progress(self.book.input_cards, 0, "read")
        finally:
            reader.close()
        return None

    def _mark(self, run: _Run) -> tuple[int, int, int, int]:
        return self.book.parsed, len(self.book.quarantined), len(self.book.notes), len(run.cards)

    def _rollback(self, mark: tuple[int, int, int, int], run: _Run) -> None:
        """Forget what was read since ``mark`` (before a file is read once more)."""
        parsed, quarantined, notes, cards = mark
        self.book.parsed = parsed
        del self.book.quarantined[quarantined:], self.book.notes[notes:], run.cards[cards:]

    def prepare_all(self) -> Generator[Progress, None, None]:
        for run in self.runs:
            yield from self._prepare(run)

    def _new_run(self) -> _Run:
        self.runs.append(_Run(self.book.parsed))
        return self.runs[-1]

    def _take(self, item: Card | Quarantined | ReadProblem, run: _Run) -> None:
        """One read item into the run and the book: a card, a quarantined card, a problem."""
        book = self.book
        if isinstance(item, Card):
            run.cards.append(item)
            book.parsed += 1
            book.notes.extend(_problem_note(item, p) for p in item.problems)
        elif isinstance(item, Quarantined):
            book.quarantined.append(item)
        else:
            book.notes.append(f"{printable_name(item.source)}:{item.line}: {item.message}")

    def _read_tail(self, path: Path, seam: int, pause: Pause) -> Generator[Progress, None, None]:
        tail = self.tails.result()
        run = self._new_run()
        if tail is None:  # the second process failed: read its part here
            for item in read_vcards_from(path, seam, pause.line, self.spool):
                self._take(item, run)
            return
        for item in tail.items:
            self._take(item, run)
        for contact in tail.contacts:  # keys count from the tail's first card
            contact.key += run.first_key
        run.contacts, run.verdicts, run.texts = tail.contacts, tail.verdicts, tail.texts
        run.prepared = True
        yield Progress(self.book.input_cards, 0, "read")

    def _prepare(self, run: _Run) -> Generator[Progress, None, None]:
        """Contacts and verdicts for a run read here."""
        if run.prepared:
            return
        total = self.book.parsed
        for key, card in enumerate(run.cards, start=run.first_key):
            run.contacts.append(contact_from_card(card, key, self.phones))
            if key % PROGRESS_EVERY == 0:
                yield Progress(key, total, "normalise")
        for contact in run.contacts:
            run.verdicts.append(self.classifier.classify(contact))
            if contact.key % PROGRESS_EVERY == 0:
                yield Progress(contact.key, total, "classify")
        if self.book.texts_format is not None:
            yield Progress(run.first_key, total, "render")
            run.texts = render_ahead(run.contacts, self.book.texts_format)
        run.prepared = True


def _keep_unmerged(book: Book, runs: list[_Run], classifier: Classifier) -> None:
    """Verdicts (and texts) as made while loading; a contact merging combined is classified anew."""
    before: dict[int, tuple[Contact, Verdict]] = {}
    texts: dict[int, str] = {}
    for run in runs:
        before.update((c.key, (c, v)) for c, v in zip(run.contacts, run.verdicts, strict=True))
        texts.update((c.key, t) for c, t in zip(run.contacts, run.texts, strict=False) if t)
    for contact in book.contacts:
        original, verdict = before[contact.key]
        if original is contact:
            book.verdicts[contact.key] = verdict
            if contact.key in texts:
                book.texts[contact.key] = texts[contact.key]
        else:  # rendered at export: the text made while loading holds its first card only
            book.verdicts[contact.key] = classifier.classify(contact)


def _apply_overrides(book: Book, store: Store | None) -> None:
    if store is not None:
        for key, bucket in overrides(store, book.contacts).items():
            book.override(key, bucket)


def _problem_note(card: Card, problem: str) -> str:
    """``FILE:LINE: message`` from the reader's "line N: message" (else the card's line)."""
    line, message = card.line, problem
    head, sep, rest = problem.partition(": ")
    if sep and head.startswith("line ") and head[5:].isdigit():
        line, message = int(head[5:]), rest
    return f"{printable_name(card.source)}:{line}: {message}"


def printable_name(name: str) -> str:
    """A file name as text that is valid UTF-8 and holds no control character."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- export ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportOptions:
    out_dir: Path
    consents_csv: Path | None = None
    label: str = "default"
    fmt: Format = "vcard30"
    profile: Profile = "minimal"
    write_private: bool = True
    at: datetime | None = None  # export time; default: now
    # rows of a consent CSV already imported by a caller (batch imports once for all phones)
    consent_rows_rejected: int = 0


@dataclass
class SplitResult:
    book: Book
    decisions: list[Decision]
    summary: dict[str, object]
    files: dict[str, str]  # file name -> sha256 of what was written
    out_dir: Path

    @property
    def exit_code(self) -> int:
        return 1 if self.book.quarantined else 0


def split(paths: Sequence[Path], settings: RunSettings, options: ExportOptions,
          store: Store, notify: Notify = _ignore) -> Generator[Progress, None, SplitResult]:
    """The whole job of ``contactgate split``."""
    make_private_dir(options.out_dir)  # fail early, before minutes of reading
    spool = _spool_or_none()  # photos wait on disk, not in memory, until they are written
    try:
        with collector_paused(after="freeze"):  # the caller keeps the result's book a while
            book = yield from load_book(paths, settings, store, notify, render=options.fmt,
                                        spool=spool)
            return (yield from export_book(book, settings, options, store, notify))
    finally:
        if spool is not None:
            spool.remove()


def _spool_or_none() -> Spool | None:
    try:
        return open_spool()
    except OSError:  # no writable temporary folder: photos are held in memory instead
        return None


@contextmanager
def collector_paused(after: Literal["collect", "freeze", "resume"] = "collect") -> Iterator[None]:
    """Bulk work without the cyclic garbage collector.

    A book is hundreds of thousands of small acyclic objects, freed by reference
    counting; each full collection would walk all of them again (measured: a
    quarter of a 100k-card split). Afterwards the collector resumes, and first
    runs once ("collect"), or sets aside what is alive now ("freeze": the
    collector never walks it again; reference counting still frees it, and a
    collection right after would walk a whole book for nothing — half a second
    at 100k cards), or neither ("resume": the caller decides).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if after == "collect":
                gc.collect()
            elif after == "freeze":
                gc.freeze()
            gc.enable()


def export_book(book: Book, settings: RunSettings, options: ExportOptions, store: Store,
                notify: Notify = _ignore) -> Generator[Progress, None, SplitResult]:
    at = options.at or datetime.now(UTC)
    make_private_dir(options.out_dir)
    rejected = _import_consent_csv(options.consents_csv, settings, store, notify)
    rejected += options.consent_rows_rejected
    consents = ConsentBook(gate_register(store, settings.policy))
    # started before the gate, so that it is ready when the first rows come
    last_export = last_export_id(store)  # what was recorded before this export
    saver = RecordSaver.start(store, book.bucket_counts()[BUSINESS], last_export)
    staged = StagedFiles()  # the files appear once the export is recorded, or not at all
    try:
        decisions = yield from _gate(book, consents, at)
        summary = build_summary(book, decisions, settings, options, rejected)
        if saver is not None:  # stored by a second process while the files are written here
            _send_business(saver, decisions, book, options.label, at)
        # without a saver, business contacts' full vCard 3.0 is kept from writing to storing
        stored_text: dict[int, str] | None = {} if saver is None else None
        files = yield from _write_outputs(book, decisions, summary, options, stored_text, staged)
        yield Progress(0, 1, "report")
        files.update(_write_reports(book, decisions, summary, settings, options, store, at,
                                    staged))
        staged.check_names()
        if not _saved_by(saver, options.label, at, decisions, files, store, notify):
            with write_transaction(store.db.conn):  # the contacts and the export record, or neither
                _store_business(store, decisions, options.label, at, stored_text or {})
                _record_export(store, options.label, at, decisions, files)
    except BaseException:  # failed or cancelled: the files go as the record went
        if _recorded(store, last_export, options.label, at):  # an interrupt after the commit
            with contextlib.suppress(OutputError):  # the parts stay; the interrupt is news
                staged.publish(last=options.out_dir / OUTPUT_FILES["whatsapp"])
        else:  # not recorded: the folder keeps what it held
            staged.discard()
        raise
    finally:
        if saver is not None:
            saver.close()
    # recorded: the gated file last, so that whatever fails, it is never out without its report
    staged.publish(last=options.out_dir / OUTPUT_FILES["whatsapp"])
    # no progress after this: a cancel there would be told "cancelled" of an export done
    return SplitResult(book, decisions, summary, files, options.out_dir)


def _recorded(store: Store, last_export: int, label: str, at: datetime) -> bool:
    """Whether this export's record was committed (asked after a failure or a cancel)."""
    try:
        return recorded_since(store, last_export, label, at)
    except sqlite3.Error:  # the database fails: the failure was most likely the record's
        return False


def _gate(book: Book, consents: ConsentBook,
          at: datetime) -> Generator[Progress, None, list[Decision]]:
    decisions = []
    for index, contact in enumerate(book.contacts):
        decisions.append(decide(contact, book.verdicts[contact.key], consents, at))
        if index % PROGRESS_EVERY == 0:
            yield Progress(index, len(book.contacts), "gate")
    return decisions


def _send_business(saver: RecordSaver, decisions: list[Decision], book: Book, label: str,
                   at: datetime) -> None:
    now = at.isoformat()
    ahead = book.texts if book.texts_format == "vcard30" else {}
    # texts rendered while loading are only read here: the output files take them over
    saver.send(business_fields(_full_records(decisions, ahead, take=False)), label, now)


def _full_records(decisions: list[Decision], texts: dict[int, str],
                  take: bool) -> Iterator[tuple[Contact, Verdict, str]]:
    """(contact, verdict, full vCard 3.0) of the business contacts, one by one, so that
    photos are never all in memory: the text from ``texts`` (taken out when ``take``),
    else rendered now."""
    for decision in decisions:
        if decision.verdict.bucket != BUSINESS:
            continue
        key = decision.contact.key
        text = texts.pop(key, None) if take else texts.get(key)
        yield decision.contact, decision.verdict, text or render_card(full_props(decision.contact))


def _saved_by(saver: RecordSaver | None, label: str, at: datetime, decisions: list[Decision],
              files: dict[str, str], store: Store, notify: Notify) -> bool:
    """Whether the second process stored the business contacts and the export record."""
    if saver is None:
        return False
    if saver.finish(label, at, _exported_numbers(decisions), files):
        return True
    saver.close()  # its transaction is over (rolled back, or committed before it died)
    if recorded_since(store, saver.last_export, label, at):
        return True  # it committed, but its "done" was lost
    notify(f"business contacts stored by this process instead ({saver.failure})")
    return False


def _import_consent_csv(path: Path | None, settings: RunSettings, store: Store,
                        notify: Notify) -> int:
    if path is None:
        return 0
    result = import_consent_file(store, path, settings.policy.timezone, settings.region,
                                 settings.policy.company)
    for error in result.errors:
        notify(str(error))
    return len(result.errors)


@dataclass(frozen=True, slots=True)
class ConsentImport:
    added: int
    updated: int
    unchanged: int
    closed: int
    suppressed: int
    errors: list[RowError]

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "closed": self.closed, "suppressed": self.suppressed,
                "rejected": len(self.errors)}


def import_consent_file(store: Store, path: Path, tz: str, region: str,
                        controller: str = "") -> ConsentImport:
    """Read a consent CSV into the register, with its audit event (``consent import``, split).

    ``controller`` (the policy's company) is recorded on grants that do not name one.
    """
    from contactgate.io.consent_csv import read_consent_csv
    from contactgate.store import audit
    from contactgate.store.consents import resolve_evidence_files, upsert_consents

    grants, errors = read_consent_csv(path, tz=tz, region=region)
    grants = [g if g.controller else replace(g, controller=controller) for g in grants]
    grants = resolve_evidence_files(grants, path.parent)
    counts = upsert_consents(store, grants, recorded_by=operator_name(), source="import")
    result = ConsentImport(counts.added, counts.updated, counts.unchanged, counts.closed,
                           counts.suppressed, errors)
    audit.append_event(store, audit.IMPORT, "consents",
                       {"file_sha256": file_sha256(path), **result.as_dict()})
    return result


def gate_register(store: Store, policy: Policy) -> list[Consent]:
    """The grants the gate judges by, the same for split, batch, the GUI and ``consent list``.

    An erased person's older grants do not reopen the gate (a newer one does),
    and the policy's re-confirmation lets a grant lapse at its review date.
    """
    from contactgate.store.consents import drop_suppressed, load_consents

    kept, _dropped = drop_suppressed(store, load_consents(store))
    return with_reconfirmation(kept, policy.reconfirm_months)


def build_summary(book: Book, decisions: Sequence[Decision], settings: RunSettings,
                  options: ExportOptions, rejected: int) -> dict[str, object]:
    buckets = book.bucket_counts()
    destinations = Counter(d.destination for d in decisions)
    reasons: Counter[str] = Counter()
    for verdict in book.verdicts.values():
        reasons.update({r.code for r in verdict.reasons})
    return {
        "input_cards": book.input_cards,
        "parsed": book.parsed,
        "quarantined": len(book.quarantined),
        "merged": book.merged,
        "business": buckets["business"],
        "private": buckets["private"],
        "unsure": buckets["unsure"],
        "consented": sum(1 for d in decisions if d.consented),
        "exported_contacts": destinations["whatsapp"],
        "exported_numbers": sum(len(d.exported) for d in decisions),
        "business_no_consent": destinations["business_no_consent"],
        "consent_rows_rejected": rejected,
        "unreadable_numbers": sum(1 for c in book.contacts for p in c.phones if p.e164 is None),
        "problems_reported": len(book.notes),
        "problems": book.notes[:SUMMARY_PROBLEMS],  # "FILE:LINE: what", the rest on stderr
        "region": settings.region,
        "region_source": settings.region_source,
        "label": options.label,
        "format": options.fmt,
        "profile": options.profile,
        "policy_version": settings.policy.version,
        "inputs": [{"name": i.name, "sha256": i.sha256, "cards": i.cards} for i in book.inputs],
        "held_back": dict(Counter(d.held_back for d in decisions if d.held_back)),
        "reasons": dict(sorted(reasons.items())),
        "version": __version__,
    }


def _write_outputs(book: Book, decisions: list[Decision], summary: dict[str, object],
                   options: ExportOptions, stored_text: dict[int, str] | None,
                   staged: StagedFiles) -> Generator[Progress, None, dict[str, str]]:
    files: dict[str, str] = {}
    destinations: list[Destination] = ["whatsapp", "business_no_consent", "review"]
    if options.write_private:
        destinations.insert(2, "private")
    done = 0
    for destination in destinations:
        chosen = [d for d in decisions if d.destination == destination]
        cards = (_card_text(d, options, stored_text, book) for d in chosen)
        files[OUTPUT_FILES[destination]] = _write_cards(
            staged, options.out_dir / OUTPUT_FILES[destination], cards)
        done += len(chosen)
        yield Progress(done, len(decisions), "write")
    files[QUARANTINE_FILE] = _write_quarantine(staged, options.out_dir / QUARANTINE_FILE,
                                               book.quarantined)
    text = json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    files[SUMMARY_FILE] = _write_staged(staged, options.out_dir / SUMMARY_FILE,
                                        text.encode("utf-8"))
    return files


def _write_staged(staged: StagedFiles, path: Path, data: bytes) -> str:
    """Write ``data`` as one of the export's files; its SHA-256."""
    staged.write_bytes(path, data)
    return hashlib.sha256(data).hexdigest()


def _card_text(decision: Decision, options: ExportOptions, stored_text: dict[int, str] | None,
               book: Book) -> str:
    """The text written for one contact; its full record kept in ``stored_text`` if given."""
    key = decision.contact.key
    if decision.destination == "whatsapp":
        if book.texts_format == "vcard30" and key in book.texts:  # the company's full record
            record = book.texts.pop(key)
            if stored_text is not None:
                stored_text[key] = record
        props = export_props(decision, options.profile)
        props.append(Prop("UID", export_uid(decision)))
        return render_card(props, options.fmt)
    text = book.texts.pop(key, None) if options.fmt == book.texts_format else None
    if text is None:
        text = render_card(full_props(decision.contact), options.fmt)
    business = decision.verdict.bucket == BUSINESS
    if stored_text is not None and business and options.fmt == "vcard30" \
            and len(text) <= AHEAD_MAX_CHARS:
        stored_text[key] = text  # a card with a photo is rendered again when stored, not held
    return text


def export_uid(decision: Decision) -> str:
    """Stable across runs and machines, distinct per contact, built only from what leaves.

    A hash of the name, organisation and consented numbers: never of a number
    that stays back, and never the card's own UID, which two unmerged cards
    may share.
    """
    contact = decision.contact
    numbers = ",".join(phone.e164 or "" for phone, _grant in decision.exported)
    seed = f"{name_key(contact)}|{contact.org.casefold()}|{numbers}"
    return "contactgate-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]


WRITE_CHARS = 1 << 20  # cards are joined into pieces of about 1 MB: one encode, hash, write each


def _write_cards(staged: StagedFiles, path: Path, cards: Iterable[str]) -> str:
    digest = hashlib.sha256()
    with staged.open(path) as handle:
        piece: list[str] = []
        chars = 0
        for text in cards:
            piece.append(text)
            chars += len(text)
            if chars >= WRITE_CHARS:
                _write_piece(handle, digest, piece)
                piece, chars = [], 0
        _write_piece(handle, digest, piece)
    return digest.hexdigest()


def _write_piece(handle: IO[bytes], digest: hashlib._Hash, piece: list[str]) -> None:
    data = "".join(piece).encode("utf-8")
    digest.update(data)
    handle.write(data)


def _write_quarantine(staged: StagedFiles, path: Path, items: Sequence[Quarantined]) -> str:
    digest = hashlib.sha256()
    with staged.open(path) as handle:
        for item in items:
            reason = " ".join(item.reason.split())  # one header line, whatever the reason says
            for chunk in _quarantine_chunks(item, reason):
                digest.update(chunk)
                handle.write(chunk)
    return digest.hexdigest()


def _quarantine_chunks(item: Quarantined, reason: str) -> Iterable[bytes]:
    # a file name holding a line break must not be able to forge a second header
    yield f"### {printable_name(item.source)}:{item.line}: {reason}\n".encode()
    last = b"\n"
    for chunk in _raw_chunks(item):
        last = chunk[-1:] or last
        yield chunk
    if last != b"\n":
        yield b"\n"


def _raw_chunks(item: Quarantined) -> Iterable[bytes]:
    if item.raw is not None:
        if item.raw:
            yield item.raw
        return
    with open(item.source, "rb") as handle:  # an oversized card: copied, never held whole
        handle.seek(item.offset)
        remaining = item.length
        while remaining > 0:
            chunk = handle.read(min(remaining, 1 << 20))
            if not chunk:  # the file shrank since it was read: say so, never cut silently
                raise InputError(item.source, "changed while it was being read; run again")
            remaining -= len(chunk)
            yield chunk


def _write_reports(book: Book, decisions: list[Decision], summary: dict[str, object],
                   settings: RunSettings, options: ExportOptions, store: Store,
                   at: datetime, staged: StagedFiles) -> dict[str, str]:
    from contactgate.report.build import build_report_input
    from contactgate.report.html import render_html
    from contactgate.report.pdf import write_pdf

    data = build_report_input(book, decisions, summary, settings, options, store, at,
                              operator=operator_name())
    html = render_html(data).encode("utf-8")
    return {
        REPORT_HTML: _write_staged(staged, options.out_dir / REPORT_HTML, html),
        REPORT_PDF: hashlib.sha256(write_pdf(data, options.out_dir / REPORT_PDF,
                                             staged.write_bytes)).hexdigest(),
    }


def _store_business(store: Store, decisions: list[Decision], label: str, at: datetime,
                    stored_text: dict[int, str]) -> None:
    """Business contacts in full: the export is reduced, the company's record is not."""
    save_business(store, _full_records(decisions, stored_text, take=True), label, at)


def _record_export(store: Store, label: str, at: datetime, decisions: list[Decision],
                   files: dict[str, str]) -> None:
    record_export(store, label, at, _exported_numbers(decisions), files)


def _exported_numbers(decisions: list[Decision]) -> dict[str, str]:
    """{E.164: name} of what left, for the next report's changes."""
    return {
        phone.e164: d.contact.display_name
        for d in decisions
        for phone, _grant in d.exported
        if phone.e164
    }


def operator_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"
