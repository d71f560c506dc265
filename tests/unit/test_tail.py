"""A big file's second half loaded by a second process gives the very book one process gives.

``load_book`` hands the part of a big vCard file after a seam to a spawned
process (:mod:`contactgate.tail`) and takes its cards, contacts, verdicts and
rendered texts when its own reader paused cleanly at that seam. These tests
force that path on generated phone books (``TAIL_MIN_BYTES`` 0 and small read
chunks, so that ``find_seam`` accepts a 1 MB file; the spawned process imports
the modules afresh and reads with the real chunk size) and compare the book
field by field with the one read without a second process: when the tail is
taken, when the second process dies, when the load is cancelled, and over
several inputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

import pytest

import contactgate.io.vcard_read as vcard_read
import contactgate.tail as tail_module
from contactgate.core.classify import Classifier
from contactgate.core.model import Card, Contact, Progress
from contactgate.io.policy_file import load_policy
from contactgate.io.vcard_write import Format
from contactgate.pipeline import Book, RunSettings, load_book
from contactgate.tail import Tail, TailLoader
from tests.bench.books import write_book
from tests.factories import card, finish

CHUNK = 64 * 1024  # find_seam wants the seam at least two chunks in: a 1 MB book is enough
NEVER = 1 << 62

# Read before the seam: one person's first card, a card with a broken property (a
# note), a card that cannot be parsed (quarantined), text and a calendar between cards.
HEAD_EXTRAS = (
    card("seam-1", "Klara Kunde", "0171 3920077", org="Kunde AG")
    + card("bad-1", "Bernd Base", "0171 3920078", extra="PHOTO;ENCODING=b:@@not base64@@")
    + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kaputt Vorne\r\nthis line has no colon\r\nEND:VCARD\r\n"
    + "stray text before the book\r\n"
    + "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
# Read after the seam: the same person again (same number and name, now with a family
# category), and the same kinds of trouble.
TAIL_EXTRAS = (
    card("seam-2", "Klara Kunde", "0171 3920077", extra="CATEGORIES:Familie")
    + card("bad-2", "Berta Base", "0171 3920079", extra="PHOTO;ENCODING=b:@@not base64@@")
    + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kaputt Hinten\r\nthis line has no colon\r\nEND:VCARD\r\n"
    + "stray text after the book\r\n"
)


def book_file(path: Path, style: str, count: int, seed: int = 7) -> Path:
    """A generated phone book with the extras before and after its cards."""
    body = write_book(path, style, count, seed).read_bytes()
    path.write_bytes(HEAD_EXTRAS.encode() + body + TAIL_EXTRAS.encode())
    return path


@dataclass
class TailSpy:
    """What the second process was asked to do and what came of it."""

    seams: list[int | None] = field(default_factory=list)  # TailLoader.start, per file
    lines: list[int] = field(default_factory=list)  # its seam line, when started
    results: list[Tail | None] = field(default_factory=list)  # TailLoader.result
    loaders: list[TailLoader] = field(default_factory=list)

    @property
    def taken(self) -> int:
        return sum(isinstance(result, Tail) for result in self.results)


def force_tail(monkeypatch: pytest.MonkeyPatch,
               before_result: Callable[[TailLoader], None] | None = None) -> TailSpy:
    """The second process for every file that has a seam; its starts and results recorded."""
    monkeypatch.setattr(tail_module, "TAIL_MIN_BYTES", 0)
    monkeypatch.setattr(vcard_read, "READ_CHUNK_BYTES", CHUNK)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # a one-core machine would never split
    spy = TailSpy()
    start, result = TailLoader.start, TailLoader.result

    def spied_start(self: TailLoader, path: Path) -> int | None:
        seam = start(self, path)
        spy.seams.append(seam)
        spy.loaders.append(self)
        if seam is not None:
            spy.lines.append(self.line)
        return seam

    def spied_result(self: TailLoader) -> Tail | None:
        if before_result is not None:
            before_result(self)
        got = result(self)
        spy.results.append(got)
        return got

    monkeypatch.setattr(TailLoader, "start", spied_start)
    monkeypatch.setattr(TailLoader, "result", spied_result)
    return spy


def no_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tail_module, "TAIL_MIN_BYTES", NEVER)


def settings() -> RunSettings:
    return RunSettings(load_policy(None), "DE", "--region")


def load(paths: list[Path], render: Format | None = None) -> Book:
    return finish(load_book(paths, settings(), render=render))


def assert_same_book(split: Book, sequential: Book) -> None:
    """Field by field, so that a failure names what differs."""
    assert [c.key for c in split.contacts] == [c.key for c in sequential.contacts]
    for mine, theirs in zip(split.contacts, sequential.contacts, strict=True):
        assert mine == theirs, f"contact {mine.key} differs"
    assert split.verdicts == sequential.verdicts
    assert split.notes == sequential.notes
    assert split.quarantined == sequential.quarantined
    assert split.inputs == sequential.inputs
    assert split.parsed == sequential.parsed
    assert split.texts == sequential.texts
    assert split.texts_format == sequential.texts_format
    checked = {"contacts", "verdicts", "notes", "quarantined", "inputs", "parsed", "texts",
               "texts_format"}
    assert {f.name for f in fields(Book)} == checked, "a new Book field: compare it here too"


# --- one big file, read with and without the second process ---------------------------


@dataclass
class Loaded:
    path: Path
    split: Book  # with the second process
    sequential: Book  # without
    spy: TailSpy
    render: Format | None


@pytest.fixture(scope="module", params=[("android", "vcard30"), ("iphone", None)],
                ids=["android-2.1-rendered", "iphone-3.0"])
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Loaded]:
    style, render = request.param
    path = book_file(tmp_path_factory.mktemp(style) / f"{style}.vcf", style, 3000)
    with pytest.MonkeyPatch.context() as monkeypatch:
        spy = force_tail(monkeypatch)
        split = load([path], render)
        no_tail(monkeypatch)
        sequential = load([path], render)
    assert len(spy.seams) == 2 and spy.seams[1] is None  # the second load: no second process
    yield Loaded(path, split, sequential, spy, render)


def test_the_second_process_was_used(loaded: Loaded) -> None:
    seam = loaded.spy.seams[0]
    assert seam is not None and loaded.spy.taken == 1, loaded.spy
    size = loaded.path.stat().st_size
    assert 0.5 * size < seam < 0.6 * size
    [tail] = [result for result in loaded.spy.results if result is not None]
    # it did a good share of the work: cards, contacts, verdicts (and texts if asked)
    cards = [item for item in tail.items if isinstance(item, Card)]
    assert len(cards) > 1000
    assert len(tail.contacts) == len(tail.verdicts) == len(cards)
    assert len(tail.texts) == (len(cards) if loaded.render else 0)


def test_book_with_the_second_process_equals_one_read(loaded: Loaded) -> None:
    assert_same_book(loaded.split, loaded.sequential)
    book = loaded.split
    assert book.parsed == 3000 + 4 and len(book.quarantined) == 2
    assert book.inputs[0].cards == 3000 + 4 + 2
    assert [c.key for c in book.contacts] == sorted(c.key for c in book.contacts)


def test_notes_and_quarantine_from_both_halves_in_file_order(loaded: Loaded) -> None:
    book = loaded.split
    assert [q.raw is not None and b"Kaputt Vorne" in q.raw for q in book.quarantined] == [
        True, False]
    data = loaded.path.read_bytes()
    for item in book.quarantined:  # offsets from the second process are file offsets
        assert item.raw is not None
        assert data[item.offset : item.offset + item.length] == item.raw
    joined = "\n".join(book.notes)
    for expected in ("not valid base64", "text outside any vCard", "VCALENDAR"):
        assert expected in joined
    seam_line = loaded.spy.lines[0]
    after = [n for n in book.notes if int(n.split(":")[1]) >= seam_line]
    assert any("base64" in n for n in after) and any("text outside" in n for n in after)


def test_same_person_on_both_sides_of_the_seam_is_merged_and_judged_as_one(
        loaded: Loaded) -> None:
    book = loaded.split
    seam_line = loaded.spy.lines[0]
    [klara] = [c for c in book.contacts if c.fn == "Klara Kunde"]
    first, second = (c.line for c in klara.cards)
    assert first < seam_line <= second
    assert klara.key == 0  # the key of her first card, read before the seam
    assert klara.org == "Kunde AG" and "Familie" in klara.categories
    classifier = Classifier(settings().policy)
    verdict = book.verdicts[klara.key]
    assert verdict == classifier.classify(klara)
    # judged on both cards: not what either card alone would have got
    alone = [classifier.classify(_contact_of(c, key)) for key, c in enumerate(klara.cards)]
    assert all(verdict != v for v in alone)
    assert verdict.bucket != alone[0].bucket
    assert klara.key not in book.texts  # rendered at export from both cards, never half


def _contact_of(one: Card, key: int) -> Contact:
    from contactgate.core.normalise import contact_from_card
    from contactgate.core.phones import PhoneNormaliser

    return contact_from_card(one, key, PhoneNormaliser("DE"))


# --- the second process refused or failing, a cancelled load ---------------------------


def test_seam_on_another_line_than_the_reader_counts_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bare CR line ends before the seam: find_seam counts LF only, the reader counts CR too.

    The pause says so by its line; this process reads on and stops the other one.
    """
    path = book_file(tmp_path / "book.vcf", "android", 3000)
    old_mac = card("cr-1", "Carla Return", "0171 3920081").replace("\r\n", "\r")
    path.write_bytes(old_mac.encode() + path.read_bytes())
    no_tail(monkeypatch)
    sequential = load([path])
    spy = force_tail(monkeypatch)
    split = load([path])
    [loader] = spy.loaders
    assert spy.seams[0] is not None and spy.results == [], spy  # refused, never received
    assert loader.process is None and loader.connection is None
    assert_same_book(split, sequential)
    carla = [c for c in split.contacts if c.fn == "Carla Return"]
    assert len(carla) == 1 and carla[0].key == 0


def test_unclean_pause_inside_a_card_over_the_limit_reads_the_file_once_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A nested card without END swallows the cards after it past the size limit, across
    the seam: reading on from the pause could cut it up differently, so the file is read
    again from its start, and the book is the one a single read gives."""
    lines = "".join(card(f"p{i}", f"Person {i}", f"0171 {i:07d}") for i in range(3000))
    broken = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Cut;;;;\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:No End\r\n"
    after = "".join(card(f"q{i}", f"Later {i}", f"0172 {i:07d}") for i in range(3000))
    path = tmp_path / "book.vcf"
    path.write_text(lines + broken + after, encoding="utf-8", newline="")
    monkeypatch.setattr(vcard_read, "MAX_CARD_BYTES", 200_000)  # the broken card passes it
    monkeypatch.setattr(vcard_read, "READ_CHUNK_BYTES", CHUNK)  # both reads in the same chunks
    no_tail(monkeypatch)
    sequential = load([path])
    spy = force_tail(monkeypatch)
    monkeypatch.setattr(tail_module, "TAIL_SHARE", 0.4)  # the seam inside the broken card
    split = load([path])
    assert spy.seams[0] is not None and spy.results == []  # refused, never received
    assert_same_book(split, sequential)
    assert any(q.raw is None for q in split.quarantined)  # the card over the limit


def test_second_process_dying_leaves_the_book_whole(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed before it could send (out of memory, say): this process reads the rest itself."""
    path = book_file(tmp_path / "book.vcf", "iphone", 3000)
    no_tail(monkeypatch)
    sequential = load([path])

    def kill(loader: TailLoader) -> None:
        assert loader.process is not None
        loader.process.terminate()
        loader.process.join()

    spy = force_tail(monkeypatch, before_result=kill)
    split = load([path])
    assert spy.seams[0] is not None and spy.results == [None], spy
    assert_same_book(split, sequential)


def test_cancelled_load_stops_the_second_process(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = book_file(tmp_path / "book.vcf", "android", 3000)
    spy = force_tail(monkeypatch)
    loading = load_book([path], settings())
    first = next(loading)
    assert isinstance(first, Progress)
    [loader] = spy.loaders
    process = loader.process
    assert spy.seams[0] is not None and process is not None
    was_alive = process.is_alive()
    loading.close()  # what the GUI's cancel does
    assert was_alive, "the second process had finished before the first progress"
    assert not process.is_alive() and process.exitcode is not None
    assert loader.process is None and loader.connection is None
    assert spy.results == []  # nothing was taken from it


# --- several inputs -------------------------------------------------------------------


def test_several_inputs_equal_one_read_each(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Two big files (each split) and a small one: keys run on in input order."""
    big_1 = book_file(tmp_path / "a.vcf", "iphone", 2500, seed=1)
    small = tmp_path / "b.vcf"
    small.write_text(card("s-1", "Klara Kunde", "0171 3920077", email="klara@kunde-ag.example")
                     + card("s-2", "Sam Small", "0171 3920080"), encoding="utf-8")
    big_2 = book_file(tmp_path / "c.vcf", "android", 2500, seed=2)
    paths = [big_1, small, big_2]
    no_tail(monkeypatch)
    sequential = load(paths, "vcard30")
    spy = force_tail(monkeypatch)
    split = load(paths, "vcard30")
    assert spy.seams[1] is None and None not in (spy.seams[0], spy.seams[2]), spy
    assert spy.taken == 2, spy
    assert_same_book(split, sequential)
    assert [i.name for i in split.inputs] == ["a.vcf", "b.vcf", "c.vcf"]
    assert [i.cards for i in split.inputs] == [2506, 2, 2506]
    keys = [c.key for c in split.contacts]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # a key is the position of the contact's first card among all cards of all inputs
    order = {name: index for index, name in enumerate(["a.vcf", "b.vcf", "c.vcf"])}
    every = sorted((order[Path(c.source).name], c.line) for k in split.contacts for c in k.cards)
    position = {where: index for index, where in enumerate(every)}
    assert len(every) == split.parsed == 2504 + 2 + 2504
    for contact in split.contacts:
        first = contact.cards[0]
        assert contact.key == position[order[Path(first.source).name], first.line]
    # Klara: two cards in each big file (before and after its seam) and one in the small one
    [klara] = [c for c in split.contacts if c.fn == "Klara Kunde"]
    assert [Path(c.source).name for c in klara.cards] == ["a.vcf", "a.vcf", "b.vcf", "c.vcf",
                                                         "c.vcf"]
    assert split.verdicts[klara.key] == Classifier(settings().policy).classify(klara)
