"""``batch``: every .vcf/.csv below a folder through ``split``, one phone at a time, in parallel.

Qt-free. The parent process walks INPUT_DIR, imports the consent register once,
and decides which inputs are unchanged since their last export; worker
processes then run the pipeline, one input each, into a hidden staging folder
beside the phone's folder and move the finished files into place. A worker
ignores Ctrl-C: the parent cancels what has not started, tells the running
workers to stop at their next progress step (discarding their staging folder),
and so every phone's folder is either as it was or complete.

Resuming: after a phone's files are in place its worker writes a state file
(``DIR/.contactgate-batch/state/``) with the input's SHA-256, a fingerprint of
the settings (policy content, region, format, …), keyed hashes of the
numbers and e-mails in the book, and a fingerprint of the database state
that matters for them (their consent grants with their validity at the export
time, erasures, user overrides). A later run recomputes that fingerprint *now*,
so a withdrawal, an expiry or a grant that came into force since the export
makes the input run again; so does a changed or missing output file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import html
import json
import multiprocessing
import os
import shutil
import stat
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.synchronize import Event
from pathlib import Path, PurePosixPath
from typing import Literal, TypeVar
from urllib.parse import quote

from contactgate import __version__
from contactgate.core.consent import (
    ConsentBook,
    apply_withdrawals,
    state_at,
    with_reconfirmation,
)
from contactgate.core.gate import Profile, decide
from contactgate.core.model import Consent, InputError, Progress
from contactgate.io.atomic import OutputError, make_private_dir, write_text_atomic
from contactgate.io.vcard_write import Format
from contactgate.pipeline import (
    ALL_FILES,
    Book,
    ExportOptions,
    RunSettings,
    SplitResult,
    build_summary,
    file_sha256,
    load_book,
    split,
)
from contactgate.store.db import Store, StoreError, open_db

SUFFIXES = (".vcf", ".csv")
STATE_DIR = ".contactgate-batch"  # also marks a folder as batch output: never read as input
SUMMARY_CSV = "batch-summary.csv"
SUMMARY_JSON = "batch-summary.json"
REPORT_HTML = "batch-report.html"
RESERVED_NAMES = (SUMMARY_CSV, SUMMARY_JSON, REPORT_HTML, STATE_DIR)
STAGING_SUFFIX = ".batch-part"
TICK_SECONDS = 0.25  # how often the parent wakes up to refresh the progress bar
HASH_CHARS = 16  # keyed hashes kept in state files: enough to notice a change
STATE_FORMAT = 1

T = TypeVar("T")
Status = Literal["done", "skipped", "failed", "refused", "interrupted", "dry-run"]
Notify = Callable[[str], None]


def _ignore(_message: str) -> None:
    return None


class BatchError(Exception):
    """The batch as a whole cannot run (bad folders, no inputs): one line, exit code 2."""


class _Cancelled(Exception):
    """The parent asked the worker to stop."""


# --- what goes in, what comes out ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchOptions:
    input_dir: Path
    out_dir: Path
    db_path: Path
    consents_csv: Path | None = None
    policy_path: Path | None = None  # only so that it is never mistaken for a phone's export
    jobs: int | None = None  # worker processes; default os.cpu_count()
    dry_run: bool = False
    force: bool = False
    write_private: bool = True
    fmt: Format = "vcard30"
    profile: Profile = "minimal"
    at: datetime | None = None  # export time; default: now (tests fix it)


@dataclass(frozen=True, slots=True)
class BatchInput:
    """One file found below INPUT_DIR."""

    rel: str  # relative to INPUT_DIR, "/"-separated, as the file system spells it
    path: Path  # INPUT_DIR/rel, with INPUT_DIR as the user wrote it (what split would get)
    out_rel: str = ""  # the phone's folder relative to DIR
    size: int = 0
    refused: str = ""  # why it is not processed
    output_refused: bool = False  # because its output folder cannot be written (exit 2)

    @property
    def name(self) -> str:
        """``rel`` as printable text: the summary's ``input`` and the export label."""
        return printable(self.rel)


@dataclass(slots=True)
class FileResult:
    """The outcome for one input: one row of the batch summary."""

    rel: str
    input: str
    sha256: str
    status: Status
    exit_status: int  # as split would exit for this file alone: 0, 1 (quarantine) or 2
    summary: dict[str, object] = field(default_factory=dict)
    error: str = ""
    out_rel: str = ""
    would_export: list[str] = field(default_factory=list)  # dry run: E.164 numbers
    unchanged: bool = False  # dry run: a real run would skip this input
    notes: list[str] = field(default_factory=list)  # "FILE:LINE: message" from the reader
    output_failed: bool = False  # its results could not be written (full disk, a file in the way)


@dataclass(frozen=True, slots=True)
class BatchProgress:
    done: int  # inputs settled (processed, skipped, failed)
    total: int
    done_bytes: int  # of the inputs processed in this run
    total_bytes: int
    elapsed: float
    finished: FileResult | None = None  # the input that has just finished, if any

    @property
    def eta_seconds(self) -> float | None:
        if self.done_bytes <= 0 or self.total_bytes <= 0:
            return None
        return self.elapsed * max(0, self.total_bytes - self.done_bytes) / self.done_bytes


@dataclass
class BatchResult:
    files: list[FileResult]  # exactly one per input, in input order
    summary_keys: tuple[str, ...]
    count_keys: tuple[str, ...]
    input_dir: str
    out_dir: str
    at: datetime
    policy_version: str
    region: str
    consent_rows_rejected: int = 0
    problems: list[str] = field(default_factory=list)  # folders that could not be read
    dry_run: bool = False
    interrupted: bool = False
    seconds: float = 0.0
    lang: str = "en"  # of batch-report.html, as of each phone's report

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if any(f.output_failed for f in self.files):
            return 2  # DESIGN: an output that cannot be written is exit 2, batch or not
        failed = self.problems or any(f.exit_status != 0 for f in self.files)
        return 1 if failed else 0

    def rows(self) -> list[dict[str, object]]:
        """The objects of ``batch-summary.json``; the CSV holds the same, column by column."""
        return [summary_row(f, self.summary_keys) for f in self.files]

    def header(self) -> list[str]:
        return ["input", "sha256", *self.summary_keys, "exit_status", "error"]

    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys(self.count_keys, 0)
        for result in self.files:
            for key in self.count_keys:
                value = result.summary.get(key)
                if isinstance(value, int):
                    totals[key] += value
        return totals

    def status_counts(self) -> dict[str, int]:
        counts: Counter[str] = Counter(f.status for f in self.files)
        counts["with_quarantine"] = sum(1 for f in self.files if f.exit_status == 1)
        return dict(counts)


def summary_row(result: FileResult, keys: Sequence[str]) -> dict[str, object]:
    row: dict[str, object] = {"input": result.input, "sha256": result.sha256}
    for key in keys:
        row[key] = result.summary.get(key)
    row["exit_status"] = result.exit_status
    row["error"] = result.error
    return row


def printable(text: str) -> str:
    """A file name that may hold undecodable bytes, as text that can be written anywhere."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# --- the folder walk -----------------------------------------------------------------------


def find_inputs(input_dir: Path, out_dir: Path, exclude: Iterable[Path] = (),
                notify: Notify = _ignore) -> tuple[list[BatchInput], list[str]]:
    """Every .vcf/.csv (any case) below ``input_dir`` with its output folder, and the
    folders that could not be read. Hidden files and folders, the output folder and
    earlier batch outputs are left out; symbolic links to folders are not followed."""
    root = input_dir.resolve()
    out_root = out_dir.resolve()
    skip = {p.resolve() for p in exclude}
    problems: list[str] = []
    found: list[BatchInput] = []

    def walk_error(exc: OSError) -> None:
        problems.append(f"{exc.filename}: cannot read the folder ({exc.strerror})")

    for dirpath, dirnames, filenames in os.walk(root, onerror=walk_error):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if _walk_into(here / d, out_root, notify))
        for name in sorted(filenames):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            if _resolved(path) in skip:
                notify(f"{path}: the consent register, policy or customer list; not a phone")
                continue
            rel = path.relative_to(root).as_posix()
            refused, size = _refusal(path, root, out_root)
            found.append(BatchInput(rel, input_dir / rel, size=size, refused=refused))
    return _with_output_folders(found, root, out_root), problems


def _walk_into(folder: Path, out_root: Path, notify: Notify) -> bool:
    if folder.name.startswith("."):
        return False
    if folder.is_symlink():
        notify(f"{folder}: a symbolic link to a folder; not followed")
        return False
    if folder == out_root:
        return False
    try:
        earlier_output = (folder / STATE_DIR).is_dir()
    except OSError:  # a folder that cannot be read: walking into it says so, row and all
        return True
    if earlier_output:
        notify(f"{folder}: the output of an earlier batch run; not read as input")
        return False
    return True


def _resolved(path: Path) -> Path | None:
    """``path.resolve()``; None for a link that goes round in a loop (refused later)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _refusal(path: Path, root: Path, out_root: Path) -> tuple[str, int]:
    """Why this file must not be read ('' when it may be), and its size."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "refused: a broken symbolic link", 0
        if not target.is_relative_to(root):
            return "refused: a symbolic link to a file outside INPUT_DIR", 0
        if target.is_relative_to(out_root):
            return "refused: a symbolic link into the output folder", 0
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot read ({exc.strerror})", 0
    if not stat.S_ISREG(info.st_mode):
        return "refused: not a regular file", 0
    return "", info.st_size


def output_folders(rels: Sequence[str]) -> dict[str, str]:
    """Each input's folder below DIR: its relative path without the suffix, or with the
    suffix where that would collide with another input's folder, with a folder that
    holds inputs, or with the batch's own files. Case is ignored when comparing, since
    DIR may live on a file system that ignores it."""
    paths = {rel: PurePosixPath(rel) for rel in rels}
    stems = {rel: path.with_suffix("") for rel, path in paths.items()}
    stem_count = Counter(_fold(stem) for stem in stems.values())
    folders = {_fold(parent) for path in paths.values() for parent in _parents(path)}
    reserved = {name.casefold() for name in RESERVED_NAMES}
    chosen: dict[str, str] = {}
    for rel, stem in stems.items():
        key = _fold(stem)
        clash = stem_count[key] > 1 or key in folders or key in reserved
        chosen[rel] = rel if clash else stem.as_posix()
    return chosen


def colliding_outputs(folders: Mapping[str, str]) -> dict[str, str]:
    """Inputs whose folder still collides after :func:`output_folders` (names equal but
    for case, say), each with the input it collides with; the first input keeps its folder."""
    owner: dict[str, str] = {}
    clashes: dict[str, str] = {}
    nested = {_fold(p): rel for rel, out in folders.items() for p in _parents(PurePosixPath(out))}
    for rel in sorted(folders):
        key = _fold(PurePosixPath(folders[rel]))
        if key in owner:
            clashes[rel] = owner[key]
        elif key in nested:
            clashes[rel] = nested[key]
        else:
            owner[key] = rel
    return clashes


def _parents(path: PurePosixPath) -> list[PurePosixPath]:
    return [p for p in path.parents if p != PurePosixPath(".")]


def _fold(path: PurePosixPath) -> str:
    return path.as_posix().casefold()


def safe_output_dir(out_root: Path, out_rel: str) -> Path:
    """``out_root/out_rel``, refusing names that would leave ``out_root``: ``..``,
    absolute paths, and existing symbolic links (or files) on the way."""
    parts = out_rel.split("/")
    if out_rel.startswith("/") or any(p in ("", ".", "..") or "\x00" in p for p in parts):
        raise OutputError(f"{printable(out_rel)}: a name that would leave the output folder")
    current = out_root
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise OutputError(f"{printable(str(current))}: is a symbolic link; not written through")
        if current.exists() and not current.is_dir():
            raise OutputError(f"{printable(str(current))}: a file is in the way of the folder")
    return current


def _with_output_folders(found: list[BatchInput], root: Path, out_root: Path) -> list[BatchInput]:
    folders = output_folders([i.rel for i in found if not i.refused])
    clashes = colliding_outputs(folders)
    result = []
    for item in found:
        if item.refused:
            result.append(item)
            continue
        out_rel = folders[item.rel]
        unwritable = False
        if item.rel in clashes:
            other = printable(clashes[item.rel])
            refused = f"refused: its output folder would collide with that of {other}"
        else:
            refused, unwritable = _output_refusal(out_root, out_rel, root)
        result.append(dataclasses.replace(item, out_rel=out_rel, refused=refused,
                                          output_refused=unwritable))
    return result


def _output_refusal(out_root: Path, out_rel: str, root: Path) -> tuple[str, bool]:
    """Why the phone's folder must not be written ('' when it may be), and whether that is
    because it cannot be (DESIGN: exit 2, as when writing fails later)."""
    try:
        target = safe_output_dir(out_root, out_rel)
    except OutputError as exc:
        return f"refused: {exc}", True
    # Inside INPUT_DIR is fine only within an out-dir there, which the walk leaves out.
    inside_input = target.is_relative_to(root) and not out_root.is_relative_to(root)
    if inside_input or root.is_relative_to(target):
        return "refused: its output folder would overlap INPUT_DIR", False
    return "", False


# --- fingerprints --------------------------------------------------------------------------


def canonical(value: object) -> object:
    """``value`` as JSON-able data that is equal in every process (sets sorted, dates ISO)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return [[canonical(k), canonical(v)] for k, v in sorted(value.items(), key=_sort_key)]
    if isinstance(value, set | frozenset):
        return sorted((canonical(v) for v in value), key=_sort_key)
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return repr(value)


def _sort_key(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False)


def digest(value: object) -> str:
    text = json.dumps(canonical(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def settings_fingerprint(settings: RunSettings, options: BatchOptions) -> str:
    """Everything besides the input and the database that shapes a phone's files."""
    return digest({
        "app": __version__,
        "policy": dataclasses.replace(settings.policy, source=""),  # content, not its path
        "region": settings.region,
        "lang": settings.lang,
        "format": options.fmt,
        "profile": options.profile,
        "private": options.write_private,
    })


@dataclass(frozen=True, slots=True)
class DbSnapshot:
    """What of the database decides a phone's export, by short keyed hash of number/e-mail."""

    grants: dict[str, list[Consent]] = field(default_factory=dict)
    erased: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)


def db_snapshot(store: Store, register: Sequence[Consent] | None = None,
                reconfirm_months: int | None = None) -> DbSnapshot:
    """The database's state, or the state it would have with ``register`` as its grants.

    Grants carry the policy's review date, so a grant that lapses by
    re-confirmation changes the phone's fingerprint like any expiry.
    """
    from contactgate.store.consents import load_consents, number_hash
    from contactgate.store.contacts import suppressions

    grants: dict[str, list[Consent]] = {}
    source = load_consents(store) if register is None else register
    for grant in apply_withdrawals(with_reconfirmation(source, reconfirm_months)):
        grants.setdefault(_short(number_hash(store, grant.e164)), []).append(grant)
    for listed in grants.values():
        listed.sort(key=lambda g: (g.purpose, g.granted_at))
    erased = {_short(h): at.isoformat() for h, at in suppressions(store).items()}
    rows = store.db.conn.execute("SELECT hash, bucket FROM decisions WHERE source = 'override'")
    overrides = {_short(str(h)): str(bucket) for h, bucket in rows}
    return DbSnapshot(grants, erased, overrides)


def state_fingerprint(hashes: Iterable[str], snapshot: DbSnapshot, at: datetime) -> str:
    """The database state for these numbers and e-mails, with each grant's validity at ``at``."""
    items: list[object] = []
    for key in sorted(set(hashes)):
        for grant in snapshot.grants.get(key, ()):
            items.append(["grant", key, canonical(grant), state_at(grant, at)])
        if key in snapshot.erased:
            items.append(["erased", key, snapshot.erased[key]])
        if key in snapshot.overrides:
            items.append(["override", key, snapshot.overrides[key]])
    return digest(items)


def book_hashes(store: Store, book: Book) -> list[str]:
    """Short keyed hashes of every number and e-mail in the book (never the values)."""
    from contactgate.store.contacts import contact_hashes

    return sorted({_short(h) for contact in book.contacts for h in contact_hashes(store, contact)})


def _short(keyed_hash: str) -> str:
    return keyed_hash[:HASH_CHARS]


# --- state files ---------------------------------------------------------------------------


def state_path(out_root: Path, rel: str) -> Path:
    key = hashlib.sha256(rel.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return out_root / STATE_DIR / "state" / f"{key}.json"


def _read_state(out_root: Path, rel: str) -> dict[str, object] | None:
    try:
        data = json.loads(state_path(out_root, rel).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == STATE_FORMAT else None


def _unchanged(item: BatchInput, sha256: str, state: Mapping[str, object], settings_fp: str,
               snapshot: DbSnapshot, at: datetime, out_root: Path) -> bool:
    hashes = state.get("hashes")
    files = state.get("files")
    if not isinstance(hashes, list) or not isinstance(files, dict):
        return False
    return (
        state.get("sha256") == sha256
        and state.get("settings") == settings_fp
        and state.get("out") == item.out_rel
        and state.get("fingerprint") == state_fingerprint(map(str, hashes), snapshot, at)
        and _outputs_intact(out_root / item.out_rel, files)
    )


def _outputs_intact(folder: Path, files: Mapping[str, object]) -> bool:
    """Every file of the last export still there unchanged, and no other output beside it."""
    for name in ALL_FILES:
        path = folder / name
        if name not in files:
            if path.exists():
                return False
            continue
        try:
            if file_sha256(path) != files[name]:
                return False
        except OSError:
            return False
    return True


def _skipped(item: BatchInput, sha256: str, state: Mapping[str, object]) -> FileResult:
    summary = state.get("summary")
    exit_status = state.get("exit_status")
    return FileResult(
        item.rel, item.name, sha256, "skipped",
        exit_status if isinstance(exit_status, int) else 0,
        summary=dict(summary) if isinstance(summary, dict) else {},
        out_rel=item.out_rel,
    )


# --- the plan: everything decided before the workers start ---------------------------------


@dataclass(frozen=True, slots=True)
class _Shared:
    """What every worker needs, sent to each worker process once."""

    settings: RunSettings
    db_path: Path
    use_db: bool
    out_root: Path
    fmt: Format
    profile: Profile
    write_private: bool
    dry_run: bool
    at: datetime | None
    settings_fp: str
    snapshot: DbSnapshot
    preview_grants: tuple[Consent, ...]  # dry run: the register as the import would leave it
    rejected: int


@dataclass(frozen=True, slots=True)
class _Job:
    item: BatchInput
    sha256: str
    unchanged: bool = False


@dataclass
class BatchPlan:
    options: BatchOptions
    settings: RunSettings
    items: list[BatchInput]
    jobs: list[_Job]  # largest first, so that the workers finish close together
    settled: list[FileResult]  # known without a worker: refused, unreadable, unchanged
    shared: _Shared
    workers: int
    summary_keys: tuple[str, ...]
    count_keys: tuple[str, ...]
    problems: list[str]
    at: datetime


def prepare_batch(options: BatchOptions, settings: RunSettings,
                  notify: Notify = _ignore) -> BatchPlan:
    """Walk the folder, import the consent register once, and sort out unchanged inputs."""
    at = options.at or datetime.now(UTC)
    out_root = _check_folders(options)
    exclude = [p for p in (options.consents_csv, options.policy_path, _customer_list(options))
               if p is not None]
    items, problems = find_inputs(options.input_dir, options.out_dir, exclude, notify)
    if not items:
        raise BatchError(f"{options.input_dir}: no .vcf or .csv files in it or below it")
    if not options.dry_run:
        make_private_dir(out_root / STATE_DIR / "state")
    use_db = not options.dry_run or options.db_path.exists()
    store = open_db(options.db_path) if use_db else None
    try:
        rejected, register = _consents(options, settings, store, notify)
        months = settings.policy.reconfirm_months
        snapshot = db_snapshot(store, register, months) if store is not None else DbSnapshot()
        preview = (with_reconfirmation(_without_erased(store, register), months)
                   if options.dry_run else [])
    finally:
        if store is not None:
            store.close()
    settings_fp = settings_fingerprint(settings, options)
    jobs, settled = _sort_out(items, options, settings_fp, snapshot, at, out_root)
    keys, counts = summary_keys(settings)
    shared = _Shared(settings, options.db_path, use_db, out_root, options.fmt, options.profile,
                     options.write_private, options.dry_run, options.at, settings_fp, snapshot,
                     tuple(preview), rejected)
    workers = max(1, min(options.jobs or os.cpu_count() or 1, len(jobs) or 1))
    return BatchPlan(options, settings, items, jobs, settled, shared, workers, keys, counts,
                     problems, at)


def _check_folders(options: BatchOptions) -> Path:
    """The output folder, resolved, once INPUT_DIR and DIR are known to make sense."""
    input_dir = options.input_dir
    if not input_dir.exists():
        raise BatchError(f"{input_dir}: no such folder")
    if not input_dir.is_dir():
        raise BatchError(f"{input_dir}: is a file, not a folder of address-book exports")
    root = input_dir.resolve()
    out_root = options.out_dir.resolve()
    if out_root == root:
        raise BatchError(f"{options.out_dir}: the output folder must not be INPUT_DIR itself")
    if (root / STATE_DIR).is_dir():
        raise BatchError(f"{input_dir}: holds the output of an earlier batch run, "
                         "not phone exports")
    if out_root.exists() and not out_root.is_dir():
        raise BatchError(f"{options.out_dir}: is a file, not a folder")
    return out_root


def _customer_list(options: BatchOptions) -> Path | None:
    """The policy's customer list, which may sit among the exports as a .csv."""
    if options.policy_path is None:
        return None
    from contactgate.core.policy import customer_list_ref

    try:
        ref = customer_list_ref(options.policy_path.read_text(encoding="utf-8"), "")
    except (OSError, ValueError, InputError):
        return None
    return options.policy_path.parent / ref[0] if ref else None


def _consents(options: BatchOptions, settings: RunSettings, store: Store | None,
              notify: Notify) -> tuple[int, list[Consent] | None]:
    """Import the consent CSV once, before any worker starts; a dry run only reads it.
    Returns the rejected rows and, for a dry run, the register as the import would leave it
    (None: the register is what the database holds)."""
    from contactgate.io.consent_csv import read_consent_csv
    from contactgate.pipeline import import_consent_file
    from contactgate.store.consents import load_consents

    if options.consents_csv is None:
        return 0, (None if not options.dry_run else load_consents(store) if store else [])
    if not options.dry_run:
        assert store is not None
        done = import_consent_file(store, options.consents_csv, settings.policy.timezone,
                                   settings.region, settings.policy.company)
        for error in done.errors:
            notify(str(error))
        notify(f"{printable(str(options.consents_csv))}: {done.added} added, "
               f"{done.updated} updated, {done.unchanged} unchanged, "
               f"{len(done.errors)} rejected")
        return len(done.errors), None
    grants, errors = read_consent_csv(options.consents_csv, tz=settings.policy.timezone,
                                      region=settings.region)
    for error in errors:
        notify(str(error))
    rejected = len(errors)
    stored = load_consents(store) if store is not None else []
    return rejected, _merged(stored, grants)


def _without_erased(store: Store | None, register: list[Consent] | None) -> list[Consent]:
    from contactgate.store.consents import drop_suppressed

    grants = register or []
    return drop_suppressed(store, grants)[0] if store is not None else grants


def _merged(stored: list[Consent], imported: list[Consent]) -> list[Consent]:
    """The register after an import, for a preview: a grant already stored changes as the
    import would change it (a withdrawal stands; its other fields stay as recorded)."""
    from contactgate.store.consents import reimported

    by_identity = {(c.e164, c.purpose, c.granted_at): c for c in stored}
    for grant in imported:
        key = (grant.e164, grant.purpose, grant.granted_at)
        old = by_identity.get(key)
        by_identity[key] = grant if old is None else reimported(old, grant)
    return list(by_identity.values())


def _sort_out(items: list[BatchInput], options: BatchOptions, settings_fp: str,
              snapshot: DbSnapshot, at: datetime,
              out_root: Path) -> tuple[list[_Job], list[FileResult]]:
    jobs: list[_Job] = []
    settled: list[FileResult] = []
    for item in items:
        if item.refused:
            settled.append(FileResult(item.rel, item.name, "", "refused", 2, error=item.refused,
                                      output_failed=item.output_refused))
            continue
        try:
            sha = file_sha256(item.path)
        except OSError as exc:
            error = f"{printable(str(item.path))}: cannot read ({exc.strerror})"
            settled.append(FileResult(item.rel, item.name, "", "failed", 2, error=error))
            continue
        state = None if options.force else _read_state(out_root, item.rel)
        unchanged = state is not None and _unchanged(item, sha, state, settings_fp, snapshot,
                                                     at, out_root)
        if unchanged and not options.dry_run and state is not None:
            settled.append(_skipped(item, sha, state))
            continue
        if not options.dry_run:
            _remove_tree(_staging_dir(out_root / item.out_rel))  # left by a killed run
        jobs.append(_Job(item, sha, unchanged))
    jobs.sort(key=lambda job: -job.item.size)
    return jobs, settled


def summary_keys(settings: RunSettings) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys of a phone's summary in the pipeline's order (all, and those that count)."""
    sample = build_summary(Book(), [], settings, ExportOptions(out_dir=Path()), 0)
    keys = tuple(k for k in sample if k != "inputs")  # the row names its one input already
    counts = tuple(k for k in keys if type(sample[k]) is int)
    return keys, counts


# --- one input, in a worker process --------------------------------------------------------


def process_file(job: _Job, shared: _Shared, cancelled: Callable[[], bool]) -> FileResult:
    """Run one input; every failure becomes a row, never an exception."""
    item = job.item
    try:
        if shared.dry_run:
            return _preview(job, shared, cancelled)
        return _export(job, shared, cancelled)
    except _Cancelled:
        return _interrupted(job)
    except OutputError as exc:
        return replace(_failed(job, str(exc)), output_failed=True)
    except (InputError, StoreError) as exc:
        return _failed(job, str(exc))
    except Exception as exc:  # one bad file must not stop the others
        return _failed(job, f"{item.name}: internal error: {type(exc).__name__}: {exc}")


def _failed(job: _Job, error: str) -> FileResult:
    one_line = " ".join(printable(error).split())
    return FileResult(job.item.rel, job.item.name, job.sha256, "failed", 2, error=one_line,
                      out_rel=job.item.out_rel)


def _interrupted(job: _Job) -> FileResult:
    return FileResult(job.item.rel, job.item.name, job.sha256, "interrupted", 2,
                      error="interrupted before it was finished", out_rel=job.item.out_rel)


def _export(job: _Job, shared: _Shared, cancelled: Callable[[], bool]) -> FileResult:
    item = job.item
    target = shared.out_root / item.out_rel
    staging = _staging_dir(target)
    _remove_tree(staging)
    at = shared.at or datetime.now(UTC)
    options = ExportOptions(out_dir=staging, label=item.name, fmt=shared.fmt,
                            profile=shared.profile, write_private=shared.write_private, at=at,
                            consent_rows_rejected=shared.rejected)
    notes: list[str] = []
    _check_can_publish(shared.out_root, item.out_rel)  # before anything is recorded
    store = open_db(shared.db_path)
    try:
        work = split([item.path], shared.settings, options, store, notes.append)
        result: SplitResult = _until_cancelled(work, cancelled)
        hashes = book_hashes(store, result.book)
        safe_output_dir(shared.out_root, item.out_rel)  # nothing changed under us meanwhile
        make_private_dir(target)
        state_path(shared.out_root, item.rel).unlink(missing_ok=True)  # until the new one
        _publish(staging, target)
    finally:
        store.close()
        _remove_tree(staging)
    sha = result.book.inputs[0].sha256 if result.book.inputs else job.sha256
    _write_state(shared, item, sha, at, hashes, result)
    return FileResult(item.rel, item.name, sha, "done", result.exit_code,
                      summary=dict(result.summary), out_rel=item.out_rel, notes=notes)


def _until_cancelled(work: Generator[Progress, None, T], cancelled: Callable[[], bool]) -> T:
    while True:
        try:
            next(work)
        except StopIteration as stop:
            result: T = stop.value
            return result
        # Closing the export at any progress leaves nothing recorded and no file: it reports
        # no progress between its record and its files' being in place.
        if cancelled():
            work.close()
            raise _Cancelled


def _staging_dir(target: Path) -> Path:
    return target.with_name(f".{target.name}{STAGING_SUFFIX}")


def _check_can_publish(out_root: Path, out_rel: str) -> None:
    """OutputError unless the phone's folder can take the files: the export is recorded
    before they are moved there, and a record of files the phone never got would make its
    next report leave out numbers it still holds."""
    target = safe_output_dir(out_root, out_rel)
    for name in ALL_FILES:
        if (target / name).is_dir():
            raise OutputError(f"{target / name}: is a folder, not a file")
    existing = target  # made only when the files come: a folder is absent or complete
    while not existing.is_dir() and existing != out_root:
        existing = existing.parent
    try:
        handle, probe = tempfile.mkstemp(prefix=".contactgate-probe-", dir=existing)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror})") from exc


def _publish(staging: Path, target: Path) -> None:
    """Move the finished files into the phone's folder, one rename each; an output the
    new run did not write (private.vcf after --no-private) goes."""
    try:
        written = {p.name for p in staging.iterdir() if not p.name.endswith(".part")}
        for name in sorted(written):
            os.replace(staging / name, target / name)
        for name in ALL_FILES:
            if name not in written:
                (target / name).unlink(missing_ok=True)
    except OSError as exc:  # a full disk or a folder in the way: exit 2, naming the place
        raise OutputError(f"{target}: cannot put the results in place ({exc.strerror})") from exc


def _remove_tree(folder: Path) -> None:
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)


def _write_state(shared: _Shared, item: BatchInput, sha256: str, at: datetime,
                 hashes: list[str], result: SplitResult) -> None:
    state = {
        "format": STATE_FORMAT,
        "input": item.name,
        "sha256": sha256,
        "out": item.out_rel,
        "settings": shared.settings_fp,
        "fingerprint": state_fingerprint(hashes, shared.snapshot, at),
        "exported_at": at.isoformat(),
        "exit_status": result.exit_code,
        "files": result.files,
        "summary": result.summary,
        "hashes": hashes,
    }
    # ASCII: a file name that is not UTF-8 (surrogate escapes) survives the round trip
    write_text_atomic(state_path(shared.out_root, item.rel),
                      json.dumps(state, ensure_ascii=True, sort_keys=True, default=str))


def _preview(job: _Job, shared: _Shared, cancelled: Callable[[], bool]) -> FileResult:
    """What a real run would export for this input: counts and numbers, nothing written."""
    item = job.item
    notes: list[str] = []
    store = open_db(shared.db_path) if shared.use_db else None
    try:
        book = _until_cancelled(load_book([item.path], shared.settings, store, notes.append),
                                cancelled)
    finally:
        if store is not None:
            store.close()
    at = shared.at or datetime.now(UTC)
    consents = ConsentBook(shared.preview_grants)
    decisions = [decide(c, book.verdicts[c.key], consents, at) for c in book.contacts]
    options = ExportOptions(out_dir=Path(), label=item.name, fmt=shared.fmt,
                            profile=shared.profile, write_private=shared.write_private, at=at)
    summary = build_summary(book, decisions, shared.settings, options, shared.rejected)
    numbers = [p.e164 for d in decisions for p, _grant in d.exported if p.e164]
    sha = book.inputs[0].sha256 if book.inputs else job.sha256
    return FileResult(item.rel, item.name, sha, "dry-run", 1 if book.quarantined else 0,
                      summary=summary, out_rel=item.out_rel, would_export=numbers,
                      unchanged=job.unchanged, notes=notes)


# Set in each worker process by _init_worker.
_worker_shared: _Shared | None = None
_worker_cancel: Event | None = None


def _init_worker(shared: _Shared, cancel: Event, lifeline: Connection) -> None:
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    global _worker_shared, _worker_cancel
    _worker_shared, _worker_cancel = shared, cancel
    threading.Thread(target=_exit_with_parent, args=(lifeline,), daemon=True).start()


def _exit_with_parent(lifeline: Connection) -> None:
    """A parent that was killed cannot shut its workers down; without this they would go on
    writing into DIR beside the next run, then wait for work forever."""
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()  # the parent never sends: this returns at end of file, when it is gone
    os._exit(1)


def _work(job: _Job) -> FileResult:
    shared, cancel = _worker_shared, _worker_cancel
    if shared is None or cancel is None:
        raise RuntimeError("worker process not initialised")
    return process_file(job, shared, cancel.is_set)


# --- the parent: workers, progress, interruption -------------------------------------------


def _mp_context() -> BaseContext:
    """Workers start from a clean process (never a fork of one that may hold Qt or threads)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["contactgate.batch"])
        return context
    return multiprocessing.get_context("spawn")


class _Workers:
    """A pool of worker processes. If one dies (a crash in a library, say), every input
    it may have held is tried again in a process of its own, so that only the input
    that kills its process fails."""

    def __init__(self, shared: _Shared, workers: int) -> None:
        self.context = _mp_context()
        self.cancel = self.context.Event()
        # Only the parent holds the sending end: the workers see its end of file when it dies.
        self.lifeline, self.lifeline_parent_end = self.context.Pipe(duplex=False)
        self.shared = shared
        self.workers = workers
        self.running: dict[Future[FileResult], tuple[_Job, ProcessPoolExecutor, bool]] = {}
        self.retry: deque[_Job] = deque()
        self.pools: list[ProcessPoolExecutor] = []

    def start(self, jobs: Sequence[_Job]) -> None:
        pending = deque(jobs)
        for _attempt in range(3):
            pool = self._pool(self.workers)
            try:
                while pending:
                    self.running[pool.submit(_work, pending[0])] = (pending[0], pool, False)
                    pending.popleft()
                return
            except BrokenProcessPool:
                continue  # a worker died at once: what is left goes to a fresh pool
            except OSError as exc:
                raise BatchError(f"cannot start worker processes ({exc})") from exc
        raise BatchError("cannot start worker processes: they stop as soon as they start")

    @property
    def busy(self) -> bool:
        return bool(self.running or self.retry)

    def finished(self, timeout: float) -> list[tuple[_Job, FileResult]]:
        done, _ = wait(list(self.running), timeout=timeout, return_when=FIRST_COMPLETED)
        results = []
        for future in done:
            job, pool, alone = self.running.pop(future)
            try:
                results.append((job, future.result()))
            except BrokenProcessPool:
                if alone:
                    error = "the worker process stopped unexpectedly while processing this file"
                    results.append((job, _failed(job, f"{job.item.name}: {error}")))
                else:
                    self.retry.append(job)
            if alone:
                pool.shutdown(wait=False)
        self._start_retries()
        return results

    def _start_retries(self) -> None:
        alone = sum(1 for _job, _pool, single in self.running.values() if single)
        while self.retry and alone < self.workers:
            job = self.retry.popleft()
            pool = self._pool(1)
            self.running[pool.submit(_work, job)] = (job, pool, True)
            alone += 1

    def _pool(self, size: int) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(size, mp_context=self.context, initializer=_init_worker,
                                   initargs=(self.shared, self.cancel, self.lifeline))
        self.pools.append(pool)
        return pool

    def stop(self) -> list[tuple[_Job, FileResult]]:
        """Cancel what has not started, let running inputs stop at their next step,
        and return what finished meanwhile."""
        self.cancel.set()
        self.retry.clear()
        for future in self.running:
            future.cancel()
        for pool in self.pools:
            pool.shutdown(wait=True, cancel_futures=True)
        self.lifeline_parent_end.close()  # every worker has exited
        self.lifeline.close()
        results = []
        for future, (job, _pool, _alone) in self.running.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                results.append((job, future.result()))
        self.running.clear()
        return results


def run_batch(plan: BatchPlan) -> Generator[BatchProgress, None, BatchResult]:
    """Process the plan's jobs in worker processes, yielding progress. A KeyboardInterrupt
    (raised here or thrown in at a yield) stops the run cleanly: the result then has
    ``interrupted`` set and a row for every input, processed or not."""
    started = time.monotonic()
    results = {r.rel: r for r in plan.settled}
    total_bytes = sum(job.item.size for job in plan.jobs)
    done_bytes = 0
    workers = _Workers(plan.shared, plan.workers) if plan.jobs else None
    interrupted = False

    def progress(finished: FileResult | None = None) -> BatchProgress:
        return BatchProgress(len(results), len(plan.items), done_bytes, total_bytes,
                             time.monotonic() - started, finished)

    try:
        yield progress()
        if workers is not None:
            workers.start(plan.jobs)
        while workers is not None and workers.busy:
            for job, result in workers.finished(TICK_SECONDS):
                results[job.item.rel] = result
                done_bytes += job.item.size
                yield progress(result)
            yield progress()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if workers is not None:
            for job, result in workers.stop():
                results.setdefault(job.item.rel, result)
    for job in plan.jobs:
        if job.item.rel not in results:
            results[job.item.rel] = _interrupted(job)
        if not plan.options.dry_run and results[job.item.rel].status != "done":
            _remove_tree(_staging_dir(plan.shared.out_root / job.item.out_rel))
    return BatchResult(
        files=[results[item.rel] for item in plan.items],
        summary_keys=plan.summary_keys,
        count_keys=plan.count_keys,
        input_dir=printable(str(plan.options.input_dir)),
        out_dir=printable(str(plan.options.out_dir)),
        at=plan.at,
        policy_version=plan.settings.policy.version,
        region=plan.settings.region,
        consent_rows_rejected=plan.shared.rejected,
        problems=plan.problems,
        dry_run=plan.options.dry_run,
        interrupted=interrupted,
        seconds=time.monotonic() - started,
        lang=plan.settings.lang,
    )


def drive_batch(work: Generator[BatchProgress, None, BatchResult],
                on_progress: Callable[[BatchProgress], None] | None = None) -> BatchResult:
    """Run :func:`run_batch`; a Ctrl-C that arrives while ``on_progress`` runs is passed
    to the batch, which stops cleanly and still returns its result."""
    interrupt = False
    while True:
        try:
            progress = work.throw(KeyboardInterrupt()) if interrupt else next(work)
        except StopIteration as stop:
            result: BatchResult = stop.value
            return result
        interrupt = False
        try:
            if on_progress is not None:
                on_progress(progress)
        except KeyboardInterrupt:
            interrupt = True


# --- the summary files ---------------------------------------------------------------------


def write_batch_files(result: BatchResult, out_dir: Path) -> list[Path]:
    """``batch-summary.csv``, ``batch-summary.json`` and ``batch-report.html`` in DIR."""
    from contactgate.io.csv_write import write_csv

    make_private_dir(out_dir)
    rows = result.rows()
    header = result.header()
    paths = [out_dir / SUMMARY_CSV, out_dir / SUMMARY_JSON, out_dir / REPORT_HTML]
    write_csv(paths[0], header, ([_cell(row[key]) for key in header] for row in rows))
    write_text_atomic(paths[1], json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(paths[2], render_batch_report(result))
    return paths


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return value


_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "ContactGate batch report", "dry_run": " (dry run, nothing written)",
        "totals": "Totals", "inputs_heading": "Inputs", "created": "Created",
        "input_dir": "Input folder", "out_dir": "Output folder",
        "policy_version": "Policy version", "region": "Region",
        "rejected": "Consent rows rejected", "stopped": "Stopped",
        "stopped_text": "interrupted before every input was processed",
        "not_read": "Folder not read", "inputs": "inputs",
        "with_quarantine": "inputs with quarantined cards", "input": "input",
        "status": "status", "exit_status": "exit status", "error": "error",
        "done": "exported", "skipped": "unchanged, skipped", "failed": "failed",
        "refused": "refused", "interrupted": "interrupted", "dry-run": "dry run",
        "keep": "Each folder holds a phone's files, including <code>private.vcf</code> with "
                "the employee's private contacts unless the run used <code>--no-private</code>. "
                "Keep these folders only until the phones are set up, then delete them; keep "
                "this report, the summary files and each phone's <code>report.html</code>/"
                "<code>report.pdf</code> for the company's records.",
    },
    "de": {
        "title": "ContactGate-Stapelbericht", "dry_run": " (Probelauf, nichts geschrieben)",
        "totals": "Summen", "inputs_heading": "Eingaben", "created": "Erstellt",
        "input_dir": "Eingabeordner", "out_dir": "Ausgabeordner",
        "policy_version": "Version der Richtlinie", "region": "Region",
        "rejected": "Abgelehnte Einwilligungszeilen", "stopped": "Abgebrochen",
        "stopped_text": "unterbrochen, bevor alle Eingaben verarbeitet waren",
        "not_read": "Ordner nicht gelesen", "inputs": "Eingaben",
        "with_quarantine": "Eingaben mit unlesbaren Karten", "input": "Eingabe",
        "status": "Status", "exit_status": "Exit-Status", "error": "Fehler",
        "done": "exportiert", "skipped": "unverändert, übersprungen", "failed": "fehlgeschlagen",
        "refused": "abgelehnt", "interrupted": "unterbrochen", "dry-run": "Probelauf",
        "keep": "Jeder Ordner enthält die Dateien eines Telefons, auch <code>private.vcf</code> "
                "mit den privaten Kontakten der Mitarbeiterin oder des Mitarbeiters, außer der "
                "Lauf nutzte <code>--no-private</code>. Bewahren Sie diese Ordner nur auf, bis "
                "die Telefone eingerichtet sind, und löschen Sie sie dann; bewahren Sie diesen "
                "Bericht, die Übersichtsdateien und die <code>report.html</code>/"
                "<code>report.pdf</code> jedes Telefons für die Unterlagen des Unternehmens auf.",
    },
}
_STATUSES = ("done", "skipped", "failed", "refused", "interrupted", "dry-run")
_TABLE_KEYS = ("input_cards", "business", "private", "unsure", "exported_contacts",
               "exported_numbers", "quarantined")


def _texts(lang: str) -> dict[str, str]:
    return _TEXTS.get(lang, _TEXTS["en"])


def render_batch_report(result: BatchResult) -> str:
    """A self-contained HTML page: totals, then one line per input. Every value escaped,
    in the language of the phones' reports."""
    t = _texts(result.lang)
    title = t["title"] + (t["dry_run"] if result.dry_run else "")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_h(result.lang if result.lang in _TEXTS else "en")}">'
        '<head><meta charset="utf-8">',
        f"<title>{_h(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #bbb;padding:.2em .6em;text-align:left}"
        ".n{text-align:right}.bad{color:#a00}</style></head><body>",
        f"<h1>{_h(title)}</h1>",
        _facts(result),
        f"<h2>{_h(t['totals'])}</h2>",
        _totals_table(result),
        f"<h2>{_h(t['inputs_heading'])}</h2>",
        _inputs_table(result),
        f"<p>{t['keep']}</p>",  # our own markup: the <code> names of files and options
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _facts(result: BatchResult) -> str:
    t = _texts(result.lang)
    facts = [
        (t["created"], result.at.isoformat(timespec="seconds")),
        (t["input_dir"], result.input_dir),
        (t["out_dir"], result.out_dir),
        (t["policy_version"], result.policy_version),
        (t["region"], result.region),
        (t["rejected"], result.consent_rows_rejected),
        ("ContactGate", __version__),
    ]
    if result.interrupted:
        facts.append((t["stopped"], t["stopped_text"]))
    facts += [(t["not_read"], problem) for problem in result.problems]
    return "<table>" + "".join(f"<tr><th>{_h(k)}</th><td>{_h(v)}</td></tr>" for k, v in facts) \
        + "</table>"


def _totals_table(result: BatchResult) -> str:
    from contactgate.report.html import summary_label

    t = _texts(result.lang)
    counts = result.status_counts()
    rows: list[tuple[str, int]] = [(t["inputs"], len(result.files))]
    rows += [(t[s], counts[s]) for s in _STATUSES if counts.get(s)]
    rows.append((t["with_quarantine"], counts.get("with_quarantine", 0)))
    rows += [(summary_label(k, result.lang), v) for k, v in result.totals().items()]
    return "<table>" + "".join(
        f'<tr><th>{_h(k)}</th><td class="n">{_h(v)}</td></tr>' for k, v in rows
    ) + "</table>"


def _inputs_table(result: BatchResult) -> str:
    from contactgate.report.html import summary_label

    t = _texts(result.lang)
    head = [t["input"], t["status"], *(summary_label(k, result.lang) for k in _TABLE_KEYS),
            t["exit_status"], t["error"]]
    lines = ["<table><tr>" + "".join(f"<th>{_h(h)}</th>" for h in head) + "</tr>"]
    for item in result.files:
        name = _h(item.input)
        if item.status in ("done", "skipped") and item.out_rel:
            href = quote(printable(item.out_rel) + "/report.html")
            name = f'<a href="{_h(href)}">{name}</a>'
        cells = [f"<td>{name}</td>", f"<td>{_h(t[item.status])}</td>"]
        cells += [f'<td class="n">{_h(_blank(item.summary.get(k)))}</td>' for k in _TABLE_KEYS]
        cells += [f'<td class="n">{_h(item.exit_status)}</td>',
                  f'<td class="bad">{_h(item.error)}</td>']
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _blank(value: object) -> object:
    return "" if value is None else value


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)
