"""What the fuzzers run: one function per reader, taking raw file bytes.

Each target writes the bytes to a scratch file, reads it the way ContactGate
does, and checks the property every reader promises:

* it raises nothing but the documented :class:`InputError` (a
  :class:`PolicyError` for policies, which is one);
* it never loses a card without a quarantine entry (vCard: every top-level
  ``BEGIN:VCARD`` line comes back as a card or inside a quarantined item);
* nothing it hands on can be smuggled: property names are plain tokens, values
  hold no raw line break, and every card renders as exactly one card.

A failed property raises :class:`PropertyBroken`; any other exception is a crash.
Both are findings; run.py stores the input under ``regressions/``.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from contactgate.core.model import Card, InputError, Quarantined, ReadProblem

Target = Callable[[bytes], None]


class PropertyBroken(AssertionError):
    """A reader returned without error but broke one of its promises."""


class _Scratch:
    """One reusable file per process and suffix: fuzzing writes millions of inputs."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="cg-fuzz-"))

    def write(self, data: bytes, name: str) -> Path:
        path = self.folder / name
        with open(path, "wb") as handle:
            handle.write(data)
        return path


_scratch: _Scratch | None = None


def scratch(data: bytes, name: str) -> Path:
    global _scratch
    if _scratch is None or not _scratch.folder.is_dir():
        _scratch = _Scratch()
    return _scratch.write(data, name)


# --- vCard -------------------------------------------------------------------------


def vcard(data: bytes) -> None:
    from contactgate.io.vcard_read import read_vcards

    path = scratch(data, "book.vcf")
    try:
        items = list(read_vcards(path))
    except InputError:
        return
    check_items(items, str(path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return  # decoded as UTF-16: BEGIN lines are not visible as bytes to count
    found = sum(1 if isinstance(i, Card) else _top_level_begins(_raw(i, path))
                for i in items if isinstance(i, Card | Quarantined))
    expected = _top_level_begins(data)
    if found < expected:
        raise PropertyBroken(
            f"{expected} top-level BEGIN:VCARD lines but only {found} cards or quarantined")


def _raw(item: Quarantined, path: Path) -> bytes:
    if item.raw is not None:
        return item.raw
    with open(path, "rb") as handle:
        handle.seek(item.offset)
        return handle.read(item.length)


def _top_level_begins(data: bytes) -> int:
    """BEGIN:VCARD lines at nesting depth 0, counted conservatively.

    Lines end at CRLF, LF or a lone CR, as the reader splits them; a line after a
    quoted-printable soft break (previous line ending in ``=``) is a continuation
    and not counted.
    """
    depth = 0
    count = 0
    soft_break = False
    for line in re.split(rb"\r\n|\r|\n", data):
        word = line.upper()
        if not soft_break and word == b"BEGIN:VCARD":
            if depth == 0:
                count += 1
            depth += 1
        elif not soft_break and word == b"END:VCARD" and depth > 0:
            depth -= 1
        soft_break = line.endswith(b"=")
    return count


# --- contacts CSV ------------------------------------------------------------------


def contacts_csv(data: bytes) -> None:
    from contactgate.io.csv_read import read_contacts_csv

    path = scratch(data, "book.csv")
    try:
        items = list(read_contacts_csv(path))
    except InputError:
        return
    check_items(items, str(path))


# --- consent CSV -------------------------------------------------------------------


def consent_csv(data: bytes) -> None:
    from contactgate.io.consent_csv import read_consent_csv

    path = scratch(data, "consents.csv")
    try:
        grants, errors = read_consent_csv(path)
    except InputError:
        return
    for grant in grants:
        if not grant.e164.startswith("+") or grant.granted_at.utcoffset() is None:
            raise PropertyBroken(f"a grant that is not normalised: {grant!r}")
    for error in errors:
        if error.line < 2 or "\n" in error.reason:
            raise PropertyBroken(f"a row error without a line or on several lines: {error}")


# --- policy ------------------------------------------------------------------------


def policy(data: bytes) -> None:
    from contactgate.core.policy import PolicyError
    from contactgate.io.policy_file import load_policy

    path = scratch(data, "policy.toml")
    try:
        load_policy(path)
    except PolicyError:
        return


# --- shared checks -----------------------------------------------------------------


def check_items(items: Iterable[object], source: str) -> None:
    """Every item is one of the three documented kinds and holds nothing smuggled."""
    for item in items:
        if isinstance(item, Card):
            check_card(item)
        elif isinstance(item, Quarantined):
            if not item.reason.strip():
                raise PropertyBroken(f"quarantined at line {item.line} without a reason")
            if item.raw is None and item.length <= 0:
                raise PropertyBroken(f"quarantined at line {item.line} without its bytes")
        elif not isinstance(item, ReadProblem):
            raise PropertyBroken(f"{source}: a reader yielded {type(item).__name__}")


def check_card(card: Card) -> None:
    from contactgate.io.vcard_write import FORMATS, render_card

    for prop in card.props:
        # Odd names are the writer's to clean (X-…); a line break anywhere is the reader's bug.
        params = (part for pair in prop.params for part in pair)
        fields = (prop.name, prop.group, prop.value, *params)
        if any("\r" in text or "\n" in text for text in fields):
            raise PropertyBroken(f"line {card.line}: raw line break in {prop.name!r}")
    for fmt in FORMATS:
        text = render_card(card.props, fmt)
        begins, ends = count_card_lines(text)
        if (begins, ends) != (1, 1):
            raise PropertyBroken(f"line {card.line}: renders as {begins} BEGIN / {ends} END")


def count_card_lines(text: str) -> tuple[int, int]:
    """BEGIN:VCARD and END:VCARD lines after unfolding."""
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    lines = [line.upper() for line in unfolded.split("\r\n")]
    return lines.count("BEGIN:VCARD"), lines.count("END:VCARD")


TARGETS: dict[str, Target] = {
    "vcard": vcard,
    "contacts_csv": contacts_csv,
    "consent_csv": consent_csv,
    "policy": policy,
}

# Modules a coverage-guided fuzzer instruments for each target.
MODULES: dict[str, tuple[str, ...]] = {
    "vcard": ("contactgate.io.vcard_read", "contactgate.core.model"),
    "contacts_csv": ("contactgate.io.csv_read",),
    "consent_csv": ("contactgate.io.consent_csv", "contactgate.core.phones"),
    "policy": ("contactgate.io.policy_file", "contactgate.core.policy"),
}


def available(name: str) -> bool:
    """Whether the target's reader exists yet (others are still writing some)."""
    import importlib.util

    return all(importlib.util.find_spec(module) is not None for module in MODULES[name])


def cleanup() -> None:
    if _scratch is not None:
        for path in _scratch.folder.iterdir():
            path.unlink()
        os.rmdir(_scratch.folder)
