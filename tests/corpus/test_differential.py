"""The lean reader against vobject 0.9.9 over the corpus, wherever vobject parses a file.

vobject runs twice: as a naive caller uses it, and with ``allowQP=True`` (which lets
it read more 2.1 files). Both times the readers must find the same cards with the
same properties and values. Values are
compared after normalising what legitimately differs in form: escaping
(both unescaped), line breaks (CR LF = LF), base64 (compared as bytes) and
CATEGORIES (compared as lists). Every remaining difference is listed in
``KNOWN_DIFFERENCES`` with the reason; in each, the lean reader is the one that
reads what the file says.
"""

from __future__ import annotations

import base64
import binascii
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from contactgate.core.model import Card, InputError, Prop, split_unescaped, unescape_text
from contactgate.io.vcard_read import read_vcards
from tests.corpus import CORPUS, corpus_files

vobject = pytest.importorskip("vobject")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared vCard corpus (../shared/corpus) is not present"
)

_FOLDED_QP = "vobject does not join 2.1 quoted-printable soft breaks (allowQP is off)"
_COMMA = "vobject cuts a 2.1 value at an unescaped comma"
_UNDERSCORE = "vobject turns '_' in property names into '-'; we keep the name as written"
KNOWN_DIFFERENCES: dict[str, tuple[frozenset[str], str]] = {
    "aosp_vcard/v21_complicated.vcf": (frozenset({"LABEL"}), _COMMA),
    "ez-vcard/io/text/outlook-2003.vcf": (frozenset({"LABEL"}), _COMMA),
    "ez-vcard/io/text/outlook-2007.vcf": (frozenset({"LABEL"}), _COMMA),
    "folkerkinzel-vcards/FolkerKinzel.VCards.Tests/TestFiles/v2_1.vcf": (
        frozenset({"LABEL", "PHOTO", "X-WAB-SPOUSE-NAME", "X-WAB-SPOUSE_NAME",
                   "X-WAB-WEDDING-ANNIVERSARY", "X-WAB-WEDDING_ANNIVERSARY"}),
        f"{_COMMA}; {_UNDERSCORE}; vobject does not know the bare 2.1 'B' (base64)",
    ),
    "py-vobject/inline/test_compatibility__04.vcf": (
        frozenset({"OPPO-RECENT-CALL", "OPPO_RECENT_CALL"}), _UNDERSCORE),
    "py-vobject/inline/test_compatibility__05.vcf": (
        frozenset({"OPPO-RECENT-CALL", "OPPO_RECENT_CALL", "X-ANDROID-CUSTOM"}),
        f"{_UNDERSCORE}; {_COMMA}",
    ),
    "aosp_vcard/v21_backslash.vcf": (
        frozenset({"FN"}),
        "2.1 has no \\C escape; vobject drops the backslash, Android and we keep it",
    ),
    "aosp_vcard/v21_invalid_multiple_line.vcf": (
        frozenset({"EMAIL"}),
        "2.1 folding keeps the whitespace (RFC 822); vobject drops one space as in 3.0",
    ),
    "aosp_vcard/v21_nest.vcf": (
        frozenset({"AGENT"}),
        "nested cards without AGENT: vobject makes child components, we keep them as AGENT",
    ),
    "ical4j-vcard/invalid/vcard-dirk-whitespaceafterbegin.vcf": (
        frozenset({"card count"}),
        "'BEGIN:VCARD ' with a trailing blank: vobject finds no VCARD, we read the card",
    ),
    "jeroendesloovere-vcard/examples/assets/contacts.vcf": (frozenset({"NOTE"}), _COMMA),
    "sabre-vobject/inline/VObject_Issue96Test__01.vcf": (frozenset({"URL", "HTTP"}), _FOLDED_QP),
    "sabre-vobject/inline/VObject_Parser_MimeDirTest__02.vcf": (
        frozenset({"FN"}),
        "2.1 has no \\x escape; vobject drops the backslash",
    ),
    "sabre-vobject/inline/VObject_Parser_MimeDirTest__07.vcf": (
        frozenset({"FN"}),
        "2.1 has no \\x escape; vobject drops the backslash",
    ),
    "sabre-vobject/inline/VObject_Parser_QuotedPrintableTest__02.vcf": (
        frozenset({"LABEL"}), _FOLDED_QP),
    "sabre-vobject/inline/VObject_Parser_QuotedPrintableTest__03.vcf": (
        frozenset({"LABEL"}), _FOLDED_QP),
    "sabre-vobject/inline/VObject_Parser_QuotedPrintableTest__04.vcf": (
        frozenset({"LABEL", "DEUTSCHLAND"}), _FOLDED_QP),
    "sabre-vobject/inline/VObject_VCardConverterTest__04.vcf": (
        frozenset({"LABEL"}),
        "a folded 2.1 quoted-printable line: vobject keeps only the first line",
    ),
    "sabre-vobject/inline/VObject_VCardConverterTest__02.vcf": (
        frozenset({"PHOTO"}),
        "vobject knows no vCard 4.0 and cuts a data: URI at its comma",
    ),
    "sabre-vobject/inline/VObject_VCardConverterTest__03.vcf": (
        frozenset({"PHOTO"}),
        "vobject knows no vCard 4.0 and cuts a data: URI at its comma",
    ),
    "sabre-vobject/inline/VObject_VCardConverterTest__07.vcf": (
        frozenset({"PHOTO"}),
        "vobject knows no vCard 4.0 and cuts a data: URI at its comma",
    ),
}

Normalised = tuple[str, object]


def _vobject_cards(path: Path, allow_qp: bool) -> list[Any] | None:
    """vobject's VCARDs, or None where vobject cannot parse the file at all."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        cards = vobject.readComponents(text, transform=False, allowQP=allow_qp)
        return [card for card in cards if card.name == "VCARD"]
    except Exception:  # vobject raises many kinds; any of them means "not parsed"
        return None


def _from_vobject(card: Any) -> Counter[tuple[str, Normalised]]:
    found: Counter[tuple[str, Normalised]] = Counter()
    for line in card.lines():
        name = line.name.upper()
        if name == "VERSION":
            continue
        value = line.value
        if isinstance(value, bytes):
            found[name, ("bytes", value)] += 1
        elif isinstance(value, list):
            found[name, ("list", tuple(value))] += 1
        else:
            found[name, ("text", unescape_text(value).replace("\r\n", "\n"))] += 1
    return found


def _normalised(prop: Prop) -> Normalised:
    if prop.param("ENCODING") == "b":
        try:
            return ("bytes", base64.b64decode(prop.value))
        except binascii.Error:
            return ("base64 kept as written", prop.value)
    if prop.name == "CATEGORIES":
        return ("list", tuple(unescape_text(item) for item in split_unescaped(prop.value, ",")))
    return ("text", prop.text())


def _from_lean(card: Card) -> Counter[tuple[str, Normalised]]:
    return Counter((prop.name, _normalised(prop)) for prop in card.props)


def _differences(path: Path, theirs: list[Any]) -> frozenset[str]:
    """Property names on which the two readers disagree ("card count" if they do on that)."""
    try:
        ours = [item for item in read_vcards(path) if isinstance(item, Card)]
    except InputError:
        ours = []
    if len(ours) != len(theirs):
        return frozenset({"card count"})
    names: set[str] = set()
    for their_card, our_card in zip(theirs, ours, strict=True):
        a, b = _from_vobject(their_card), _from_lean(our_card)
        names.update(name for name, _ in (a - b) + (b - a))
    return frozenset(names)


def _all_differences(allow_qp: bool) -> tuple[int, dict[str, frozenset[str]]]:
    """How many files vobject parsed, and the differences found in them."""
    compared = 0
    found: dict[str, frozenset[str]] = {}
    for path in corpus_files():
        theirs = _vobject_cards(path, allow_qp)
        if theirs is None:
            continue
        compared += 1
        differing = _differences(path, theirs)
        if differing:
            found[path.relative_to(CORPUS).as_posix()] = differing
    return compared, found


def test_lean_reader_reads_what_vobject_reads() -> None:
    seen: set[str] = set()
    for allow_qp, at_least in ((False, 150), (True, 175)):
        compared, found = _all_differences(allow_qp)
        assert compared >= at_least, "vobject should parse most of the corpus"
        unexplained = {
            name: names
            for name, names in found.items()
            if name not in KNOWN_DIFFERENCES or not names <= KNOWN_DIFFERENCES[name][0]
        }
        assert unexplained == {}, f"allowQP={allow_qp}"
        seen.update(found)
    assert seen == set(KNOWN_DIFFERENCES), "every listed difference still exists"
