"""The second half of a big vCard file, loaded by a second process while this one reads the first.

Reading, normalising and classifying a 100,000-card book takes seconds of one
core. For a big 8-bit vCard file, :class:`TailLoader` finds a seam between two
cards (``find_seam``) and starts a spawned process (forking a process that may
hold Qt threads or a database connection is unsafe) that reads from the seam to
the end, normalises and classifies those cards, and sends them back, while
this process reads up to the seam. The reader pausing at the seam says whether
it was between cards there (:class:`~contactgate.io.vcard_read.Pause`): only then
is the other process's work taken; otherwise, or when that process fails, this
one reads on itself. Either way the book holds the items of one sequential read.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from contactgate.core.classify import Classifier
from contactgate.core.model import Card, Contact, Quarantined, ReadProblem, Verdict
from contactgate.core.normalise import contact_from_card
from contactgate.core.phones import PhoneNormaliser
from contactgate.core.policy import Policy
from contactgate.io.spool import Spool, join_spool
from contactgate.io.vcard_read import Pause, find_seam, read_vcards_from
from contactgate.io.vcard_write import Format, render_ahead
from contactgate.second_core import second_core_free, start_helper, stop_helper

TAIL_MIN_BYTES = 8 * 1024 * 1024  # ~15,000 cards: below, a second process costs more than it saves
TAIL_SHARE = 0.42  # of the file for the second process, which also starts and sends

ReadItem = Card | Quarantined | ReadProblem


@dataclass(slots=True)
class Tail:
    """What the second process made of the cards after the seam."""

    items: list[ReadItem]  # in file order
    contacts: list[Contact]  # one per Card of ``items``, keys numbered from 0
    verdicts: list[Verdict]  # one per contact
    texts: list[str]  # one per contact when asked to render, else none


def load_tail(path: Path, offset: int, line: int, region: str, policy: Policy,
              render: Format | None = None, spool: Spool | None = None) -> Tail:
    items = list(read_vcards_from(path, offset, line, spool))
    phones = PhoneNormaliser(region)
    cards = [item for item in items if isinstance(item, Card)]
    contacts = [contact_from_card(card, key, phones) for key, card in enumerate(cards)]
    classifier = Classifier(policy)
    verdicts = [classifier.classify(contact) for contact in contacts]
    texts = render_ahead(contacts, render) if render is not None else []
    return Tail(items, contacts, verdicts, texts)


PART_CARDS = 4_000  # sent in parts: the first process never holds the whole tail pickled


def _parts(tail: Tail) -> Iterator[Tail]:
    """The tail in parts of about PART_CARDS cards; a part's contacts are its own cards'."""
    items: list[ReadItem] = []
    cards = done = 0
    for item in tail.items:
        items.append(item)
        cards += isinstance(item, Card)
        if cards == PART_CARDS:
            end = done + cards
            yield Tail(items, tail.contacts[done:end], tail.verdicts[done:end],
                       tail.texts[done:end])
            items, done, cards = [], end, 0
    yield Tail(items, tail.contacts[done:], tail.verdicts[done:], tail.texts[done:])


def _serve(connection: Connection, path: str, offset: int, line: int, region: str,
           policy: Policy, render: Format | None, spool_folder: str | None) -> None:
    """The second process: the tail in parts, then "end"; "failed" for any failure.

    The parts are pickled before the first is sent: the first process, still busy
    with its own half, need not wait for that when it comes to take this one.
    """
    gc.disable()  # hundreds of thousands of small acyclic objects (see collector_paused)
    try:
        spool = join_spool(spool_folder, f"tail-{os.getpid()}") if spool_folder else None
        try:
            tail = load_tail(Path(path), offset, line, region, policy, render, spool)
            parts = [pickle.dumps(("part", part), pickle.HIGHEST_PROTOCOL)
                     for part in _parts(tail)]
            del tail
        except Exception:  # the first process reads on and reports the problem itself
            connection.send_bytes(pickle.dumps(("failed", None)))
            return
        finally:
            if spool is not None:
                spool.close()  # its file stays: the first process reads the photos from it
        for part in parts:
            connection.send_bytes(part)
        connection.send_bytes(pickle.dumps(("end", None)))
    except (OSError, ValueError):  # the first process went away (cancelled)
        pass
    finally:
        connection.close()


class TailLoader:
    """Hands the tail of a big file to a second process; one file at a time."""

    def __init__(self, region: str, policy: Policy, render: Format | None = None,
                 spool_folder: str | None = None) -> None:
        self.region = region
        self.policy = policy
        self.render = render
        self.spool_folder = spool_folder
        self.process: BaseProcess | None = None
        self.connection: Connection | None = None
        self.line = 0  # where the second process believes the seam is

    def start(self, path: Path) -> int | None:
        """The seam offset the second process reads from, or None to read the whole file here."""
        self.close()  # one file at a time
        seam = self._seam(path)
        if seam is None:
            return None
        started = start_helper(_serve, (str(path), *seam, self.region, self.policy, self.render,
                                        self.spool_folder), "contactgate-tail")
        if started is None:  # no process to be had: read it all here
            return None
        self.process, self.connection = started
        self.line = seam[1]
        return seam[0]

    def agrees(self, pause: Pause) -> bool:
        """Whether the reader here paused between cards where the second process began.

        When it did not, the second process is stopped: this one reads on.
        """
        if self.connection is not None and pause.clean and pause.line == self.line:
            return True
        self.close()
        return False

    def result(self) -> Tail | None:
        """The tail once the second process sends it; None when it failed."""
        if self.connection is None:
            return None
        whole = Tail([], [], [], [])
        try:
            while True:
                kind, part = pickle.loads(self.connection.recv_bytes())
                if kind != "part":
                    break
                whole.items += part.items
                whole.contacts += part.contacts
                whole.verdicts += part.verdicts
                whole.texts += part.texts
        except (EOFError, OSError, pickle.UnpicklingError):  # killed, out of memory: read on here
            kind = "failed"
        self.close()
        return whole if kind == "end" else None

    def close(self) -> None:
        """Stop the second process (a cancelled or failed read must not leave it working)."""
        if self.process is not None and self.connection is not None:
            stop_helper(self.process, self.connection)
        self.process = self.connection = None

    def _seam(self, path: Path) -> tuple[int, int] | None:
        if not second_core_free():
            return None
        try:
            size = path.stat().st_size
        except OSError:
            return None  # the reader reports it
        if size < TAIL_MIN_BYTES:
            return None
        return find_seam(path, int(size * (1 - TAIL_SHARE)))
