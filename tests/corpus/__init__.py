"""Helpers for the tests that run the vCard reader over ``../shared/corpus`` and fuzz it.

:func:`count_top_level_cards` counts the cards a file holds without the reader's
code: a second, deliberately simple implementation of the splitting rules the
reader documents, used as the oracle for "every card comes back as a Card or a
Quarantined". The rules: a ``BEGIN:VCARD``/``END:VCARD`` line (any case, a BOM
and trailing blanks allowed, no leading blanks) opens/closes a card; a card
nested inside another is part of it when the outer card closes after at most
eight nested cards not announced by an empty ``AGENT:`` line, otherwise the outer
card lacks its END and the nested ones count on their own; an ``END:VCARD`` with
text before it and no open card is a card that lost its BEGIN; other components
(``BEGIN:VCALENDAR``) are skipped up to their own END or the next ``BEGIN:VCARD``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
NOT_VCARD_FILES = frozenset({"PROVENANCE.tsv", "README.md"})

_LINE_BREAK = re.compile(r"\r\r\n|\r\n|\r|\n")
_BOUNDARY = re.compile(r"(BEGIN|END)[ \t]*:[ \t]*([A-Za-z0-9_-]+)", re.IGNORECASE)
_EMPTY_AGENT = re.compile(r"(?:[A-Za-z0-9_-]+\.)?AGENT(?:;[^:]*)?:[ \t]*", re.IGNORECASE)
_BLANKS = " \t\n\r\x0b\x0c"
MAX_NESTED_WITHOUT_AGENT = 8


def corpus_files() -> list[Path]:
    """Every file of the corpus (empty when the corpus is absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(
        path for path in CORPUS.rglob("*") if path.is_file() and path.name not in NOT_VCARD_FILES
    )


@dataclass(frozen=True)
class _Token:
    begin: bool
    name: str
    after_empty_agent: bool
    text_before: bool  # non-blank, non-comment lines since the previous BEGIN/END line


def _text(data: bytes) -> tuple[str, str]:
    """The file as text and how a BOM looks in it, decided as the reader documents:
    a BOM, else UTF-16 by its zero bytes, else 8-bit (Latin-1 keeps every byte)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16-le" if data[0] == 0xFF else "utf-16-be"
        return data[2:].decode(codec, "replace"), "\ufeff"
    after_bom = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    sample = after_bom[:4096]
    units = len(sample) // 2
    if units >= 4:
        zeros_even = sample[0 : 2 * units : 2].count(0)
        zeros_odd = sample[1 : 2 * units : 2].count(0)
        if zeros_odd >= 0.4 * units and zeros_even <= 0.05 * units:
            return after_bom.decode("utf-16-le", "replace"), "\ufeff"
        if zeros_even >= 0.4 * units and zeros_odd <= 0.05 * units:
            return after_bom.decode("utf-16-be", "replace"), "\ufeff"
    return data.decode("latin-1"), "\xef\xbb\xbf"


def _tokens(data: bytes) -> list[_Token]:
    tokens: list[_Token] = []
    previous = ""  # the last non-blank line
    text_before = False
    text, bom = _text(data)
    for line in _LINE_BREAK.split(text):
        bare = line.removeprefix(bom)
        found = _BOUNDARY.fullmatch(bare.rstrip(" \t"))
        if found:
            after_agent = _EMPTY_AGENT.fullmatch(previous) is not None
            tokens.append(
                _Token(found[1].upper() == "BEGIN", found[2].upper(), after_agent, text_before)
            )
            text_before = False
        elif line.strip(_BLANKS) and not line.lstrip(_BLANKS).startswith("#"):
            text_before = True
        if line.strip(_BLANKS):
            previous = line
    return tokens


def _after_card(tokens: list[_Token], start: int) -> int:
    """Index of the first token after the card opened at ``tokens[start]``."""
    depth = 1
    nested = 0
    first_nested: int | None = None
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        if token.name != "VCARD":
            continue
        if not token.begin:
            depth -= 1
            if depth == 0:
                return index + 1
            continue
        if depth == 1 and not token.after_empty_agent:
            first_nested = index if first_nested is None else first_nested
            nested += 1
            if nested > MAX_NESTED_WITHOUT_AGENT:
                return first_nested
        depth += 1
    return first_nested if first_nested is not None else len(tokens)


def count_top_level_cards(data: bytes) -> int:
    """How many cards (complete, cut short, or without BEGIN) the file's bytes hold."""
    tokens = _tokens(data)
    count = 0
    index = 0
    foreign = ""
    depth = 0
    while index < len(tokens):
        token = tokens[index]
        if foreign:
            if token.begin and token.name == "VCARD":
                foreign = ""
                continue
            if token.name == foreign:
                depth += 1 if token.begin else -1
                foreign = foreign if depth else ""
            index += 1
        elif token.name != "VCARD":
            foreign, depth = (token.name, 1) if token.begin else ("", 0)
            index += 1
        elif token.begin:
            count += 1
            index = _after_card(tokens, index)
        else:
            count += token.text_before
            index += 1
    return count
