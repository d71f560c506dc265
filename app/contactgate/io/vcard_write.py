"""Write cards as clean vCard 3.0 (default), 2.1 or 4.0.

Every name, parameter and value is checked here again, whatever the reader
promised: a property name can only hold letters, digits and dashes, a
parameter value can hold no quote or line break, and a value's line breaks
become ``\\n``. So no input can create an extra card, property or parameter
(invariant 4). Lines are folded at 75 octets on character boundaries.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Literal

from contactgate import __version__
from contactgate.core.model import Contact, Prop, split_unescaped, unescape_text
from contactgate.io.spool import read_spooled

Format = Literal["vcard30", "vcard21", "vcard40"]
FORMATS: tuple[Format, ...] = ("vcard30", "vcard21", "vcard40")
VERSION_OF: dict[Format, str] = {"vcard30": "3.0", "vcard21": "2.1", "vcard40": "4.0"}
PRODID = f"-//ContactGate//ContactGate {__version__}//EN"
CRLF = "\r\n"

# RFC 6350 names are letters, digits and "-", but real exports hold "_" and "/" too: keep
# every printable ASCII character that cannot end a name, a group or a parameter.
_NAME_OK = re.compile(r'^[^\x00-\x20\x7f-\U0010ffff:;.,="\\]+$')
_NAME_BAD_CHARS = re.compile(r'[\x00-\x20\x7f-\U0010ffff:;.,="\\]+')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MANAGED = frozenset({"VERSION", "PRODID", "BEGIN", "END"})
# vCard 2.1/3.0 TYPE words for binary values (RFC 2426 §3.1.4, 2.1 §2.1.4) as media types
_MEDIA_TYPES = {
    "jpeg": "image/jpeg", "jpg": "image/jpeg", "png": "image/png", "gif": "image/gif",
    "bmp": "image/bmp", "tiff": "image/tiff", "webp": "image/webp", "heic": "image/heic",
    "wave": "audio/wav", "wav": "audio/wav", "aiff": "audio/aiff", "mp3": "audio/mpeg",
    "x509": "application/pkix-cert", "pgp": "application/pgp-keys",
}
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


_CARD_START = {fmt: f"BEGIN:VCARD{CRLF}VERSION:{version}{CRLF}PRODID:{PRODID}{CRLF}"
               for fmt, version in VERSION_OF.items()}
_CARD_END = "END:VCARD" + CRLF


def render_card(props: Iterable[Prop], fmt: Format = "vcard30") -> str:
    """One card as text with CRLF line ends; VERSION and PRODID are written here."""
    parts = [_CARD_START[fmt]]
    for prop in props:
        if prop.name.upper() in _MANAGED:
            continue
        parts.append(_render_prop(prop, fmt))
    parts.append(_CARD_END)
    return "".join(parts)


AHEAD_MAX_CHARS = 4_096  # a contact with more property text is rendered when it is written


def render_ahead(contacts: Iterable[Contact], fmt: Format = "vcard30") -> list[str]:
    """Each contact in full (:func:`full_props`) as :func:`render_card` writes it, for an
    export to come; "" for a contact with big values (a photo), which the export renders
    as it writes: a photo-heavy book is then not held in memory twice."""
    return [render_card(full_props(contact), fmt) if _small(contact) else ""
            for contact in contacts]


def _small(contact: Contact) -> bool:
    size = 0
    for card in contact.cards:
        for prop in card.props:
            size += len(prop.value) if prop.spooled is None else prop.spooled.length
    return size <= AHEAD_MAX_CHARS


def full_props(contact: Contact) -> list[Prop]:
    """Every property of every source card (fidelity outputs): a card's own properties
    all, as read; of a merged contact's later cards those not already there.

    A merged contact has one name: the first card's FN, and of all its cards' N the one
    that says the most (a middle name, a title), so that merging loses neither. Apple
    item groups are renamed per card so that ``item1`` of one card does not pick up the
    label of ``item1`` of another.
    """
    if len(contact.cards) == 1:  # the common case: the card's own properties, every one
        return list(contact.cards[0].props)
    names = _merged_names(contact)
    # how often each property is written so far: a card that repeats one adds repeats
    written: Counter[tuple[str, str, tuple[tuple[str, str], ...], str, str]] = Counter()
    result: list[Prop] = []
    for index, card in enumerate(contact.cards):
        in_card: Counter[tuple[str, str, tuple[tuple[str, str], ...], str, str]] = Counter()
        for prop in card.props:
            if prop.name in names:
                if names[prop.name] is None:
                    continue  # the merged name is written already
                prop, names[prop.name] = names[prop.name] or prop, None
            group = f"{prop.group}c{index}" if prop.group and index else prop.group
            key = _identity(group, prop)
            in_card[key] += 1
            if in_card[key] > written[key]:  # as often as the card that has it most often
                written[key] += 1
                result.append(Prop(prop.name, prop.value, prop.params, group, prop.spooled))
    return result


def _merged_names(contact: Contact) -> dict[str, Prop | None]:
    """FN and N of a merged contact: the first FN, and the N with the most parts given."""
    first_fn = next((p for c in contact.cards for p in c.props if p.name == "FN"), None)
    n_props = [p for c in contact.cards for p in c.props if p.name == "N"]
    richest_n = max(n_props, key=lambda p: sum(1 for part in split_unescaped(p.value, ";")
                                               if part.strip()), default=None)
    return {"FN": first_fn, "N": richest_n}


def _identity(group: str, prop: Prop) -> tuple[str, str, tuple[tuple[str, str], ...], str, str]:
    """What makes two properties the same; a value set aside counts by its digest."""
    digest = prop.spooled.digest if prop.spooled is not None else ""
    return group, prop.name, prop.params, prop.value, digest


# --- one property ------------------------------------------------------------------


def _render_prop(prop: Prop, fmt: Format) -> str:
    """The property's line, folded, each physical line ending in CRLF."""
    head = _head(prop.group, prop.name)
    value = prop.value if prop.spooled is None else read_spooled(prop.spooled)
    if not value.isprintable():  # rare: only then pay for the clean-up
        value = _CONTROL.sub("", value.replace("\r\n", "\\n").replace("\r", "\\n"))
        value = value.replace("\n", "\\n")
    params = prop.params
    is_binary = bool(params) and any(
        k == "ENCODING" and v.lower() in ("b", "base64") for k, v in params)
    if fmt == "vcard21":
        return "".join(line + CRLF for line in _render_21(head, list(params), value, is_binary,
                                                           prop.name in _LISTED_21))
    if fmt == "vcard40" and is_binary:
        kept, value = _as_data_uri(list(params), value)
        params = tuple(kept)
    line = head + _params_text(params, fmt) + ":" + value
    if len(line) <= _FOLD_AT and line.isascii():
        return line + CRLF
    return CRLF.join(_fold(line)) + CRLF


@lru_cache(maxsize=4096)
def _head(group: str, name: str) -> str:
    """``group.NAME`` made safe; the few distinct heads of a book are worked out once."""
    safe = _safe_name(name)
    return f"{group}.{safe}" if group and _NAME_OK.match(group) else safe


@lru_cache(maxsize=4096)
def _params_text(params: tuple[tuple[str, str], ...], fmt: Format) -> str:
    return _render_params(list(params), fmt) if params else ""


def _render_params(params: list[tuple[str, str]], fmt: Format) -> str:
    types = [v for k, v in params if k == "TYPE"]
    out: list[str] = []
    if types:
        out.append("TYPE=" + ",".join(_safe_param_value(t) for t in types))
    for key, val in params:
        if key == "TYPE" or (key == "ENCODING" and fmt == "vcard40"):
            continue
        out.append(f"{_safe_name(key)}={_safe_param_value(val)}")
    return "".join(";" + p for p in out)


def _as_data_uri(params: list[tuple[str, str]], value: str) -> tuple[list[tuple[str, str]], str]:
    """vCard 4.0 writes binary values as data URIs: the TYPE that names the media type
    (``JPEG``, ``image/jpeg``) goes into the URI; other TYPEs (``HOME``) stay."""
    media = ""
    kept: list[tuple[str, str]] = []
    for key, val in params:
        if key == "ENCODING":
            continue
        if key == "TYPE" and not media and _media_type(val):
            media = _media_type(val)
            continue
        kept.append((key, val))
    return kept, f"data:{media or 'application/octet-stream'};base64,{value}"


def _media_type(word: str) -> str:
    lowered = word.lower()
    return _MEDIA_TYPES.get(lowered) or (lowered if _MEDIA_TYPE.match(lowered) else "")


def _safe_name(name: str) -> str:
    if _NAME_OK.match(name):
        return name.upper()
    return "X-" + (_NAME_BAD_CHARS.sub("-", name).strip("-").upper() or "UNKNOWN")


def _safe_param_value(value: str) -> str:
    clean = _CONTROL.sub("", value.replace("\r", " ").replace("\n", " ").replace('"', "'"))
    return f'"{clean}"' if any(ch in clean for ch in ":;,") else clean


_FOLD_AT = 75


def _fold(line: str, first_width: int = _FOLD_AT) -> Iterator[str]:
    """Fold at 75 octets without splitting a UTF-8 sequence (RFC 6350 §3.2)."""
    if len(line) <= first_width and (line.isascii() or len(line.encode("utf-8")) <= first_width):
        yield line
        return
    if line.isascii():  # base64 photos: plain slices, no per-character work
        yield line[:first_width]
        for start in range(first_width, len(line), first_width - 1):
            yield " " + line[start : start + first_width - 1]
        return
    chunk: list[str] = []
    size = 0
    width = first_width
    for ch in line:
        octets = len(ch.encode("utf-8"))
        if size + octets > width:
            yield ("" if width == first_width else " ") + "".join(chunk)
            chunk, size, width = [], 0, first_width - 1
        chunk.append(ch)
        size += octets
    yield ("" if width == first_width else " ") + "".join(chunk)


# --- vCard 2.1 ---------------------------------------------------------------------


def _render_21(head: str, params: list[tuple[str, str]], value: str,
               is_binary: bool, listed: bool = False) -> Iterator[str]:
    # a TYPE that is a plain word is written bare (TEL;CELL); any other (TYPE=Büro) in full
    bare = "".join(";" + _safe_name(t) if _NAME_OK.match(t) else f";TYPE={_safe_param_value(t)}"
                   for k, t in params if k == "TYPE")
    rest = "".join(
        f";{_safe_name(k)}={_safe_param_value(v)}"
        for k, v in params
        if k not in ("TYPE", "ENCODING", "CHARSET")
    )
    if is_binary:
        yield from _render_21_base64(head + bare + rest + ";ENCODING=BASE64", value)
        return
    text = _listed_21(value) if listed else ";".join(
        unescape_text(part).replace("\\", "\\\\").replace(";", "\\;")
        for part in split_unescaped(value, ";")
    )
    if text.isascii() and "\n" not in text and "\r" not in text:
        # 2.1 folding keeps the inserted blank in the value: long lines stay whole
        yield head + bare + rest + ":" + text
        return
    encoded = _quoted_printable(text.replace("\r\n", "\n").replace("\n", "\r\n"))
    yield from _qp_lines(head + bare + rest + ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:", encoded)


_LISTED_21 = frozenset({"CATEGORIES", "NICKNAME"})  # comma-separated: as the reader reads them


def _listed_21(value: str) -> str:
    """A comma-separated 3.0 value in 2.1: a comma inside an item stays escaped (``\\,``),
    as Android writes it and as the reader reads it back, so one item stays one."""
    return ",".join(
        unescape_text(item).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        for item in split_unescaped(value, ",")
    )


def _render_21_base64(head: str, value: str) -> Iterator[str]:
    try:
        data = base64.b64decode(value, validate=False)
    except (binascii.Error, ValueError):
        data = value.encode("ascii", "replace")
    text = base64.b64encode(data).decode("ascii")
    yield head + ":"
    for start in range(0, len(text), 72):
        yield "  " + text[start : start + 72]
    yield ""  # 2.1 ends inline base64 with a blank line


def _quoted_printable(text: str) -> str:
    """QP with ``:`` encoded too, so no soft-broken line can read as ``BEGIN:VCARD``."""
    out: list[str] = []
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        if (33 <= byte <= 126 and ch not in "=:") or ch == " ":
            out.append(ch)
        else:
            out.append(f"={byte:02X}")
    if out and out[-1] == " ":
        out[-1] = "=20"
    return "".join(out)


def _qp_lines(head: str, encoded: str, width: int = 74) -> Iterator[str]:
    """Soft line breaks (``=`` at the end) keep QP lines short without splitting an escape."""
    line = head
    index = 0
    while index < len(encoded):
        token = encoded[index : index + 3] if encoded[index] == "=" else encoded[index]
        if len(line) + len(token) > width:
            yield line + "="
            line = ""
        line += token
        index += len(token)
    yield line
