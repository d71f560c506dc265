"""Byte-level helpers for the vCard reader.

Nothing here knows about cards. These functions answer four questions the reader
asks about raw bytes: which encoding a whole file uses (BOMs, UTF-16 recognised by
its zero bytes), how a value's bytes become text (declared CHARSET, UTF-8, a
fallback), how quoted-printable decodes, and how a vCard 2.1 value becomes the
vCard 3.0 escaped form that :mod:`contactgate.core.model` keeps.
"""

from __future__ import annotations

import binascii
import codecs
import re
from functools import lru_cache

from contactgate.core.model import escape_text

UTF8_BOM = b"\xef\xbb\xbf"
EIGHT_BIT = ""  # the stream is ASCII-compatible; each value's charset is decided on its own

# How a vCard 2.1 value is turned into vCard 3.0 escaped text.
STRUCTURED = 0  # unescaped ';' separates components (N, ADR, ORG, X-ANDROID-CUSTOM, FN, NOTE …)
LISTED = 1  # ',' separates items (CATEGORIES, NICKNAME)
VERBATIM = 2  # URIs and coordinates: kept as written, only line breaks escaped

SNIFF_BYTES = 4096  # how much of a file decides its encoding
_QP_BAD = re.compile(rb"=(?![0-9A-Fa-f]{2})")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_SPECIAL_21 = re.compile(r"[\\,\r\n]")  # what makes a structured 2.1 value differ in 3.0
_SPECIAL_21_LIST = re.compile(r"[\\;\r\n]")  # the same for a comma-separated list
_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/=]*")
_ESCAPABLE_21 = frozenset("\\;:,")  # what a 2.1 backslash escapes (as Android reads it)

_NICE_NAMES = {
    "utf-8": "UTF-8",
    "ascii": "US-ASCII",
    "cp1252": "Windows-1252",
    "latin-1": "ISO-8859-1",
    "iso8859-1": "ISO-8859-1",
    "shift_jis": "Shift_JIS",
}


def sniff_file_encoding(head: bytes) -> tuple[str, int]:
    """The encoding of a whole file from its first bytes: ``(codec, BOM length)``.

    ``codec`` is ``"utf-16-le"``/``"utf-16-be"`` for 16-bit files (with or without
    BOM) and :data:`EIGHT_BIT` for everything ASCII-compatible.
    """
    if head.startswith(UTF8_BOM):  # (a tool that added it to UTF-16 text is not believed)
        return _utf16_by_zero_bytes(head[3 : 3 + SNIFF_BYTES]), 3
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    return _utf16_by_zero_bytes(head[:SNIFF_BYTES]), 0


def _utf16_by_zero_bytes(sample: bytes) -> str:
    """UTF-16 without BOM: most code units of a vCard are ASCII, so every other byte is 0.

    One stray NUL (or a few) in an 8-bit file must not switch the decoding, hence the
    thresholds: zeros on one side in at least 40 % of the units, on the other in 5 %.
    """
    units = len(sample) // 2
    if units < 4:
        return EIGHT_BIT
    zeros_even = sample[0 : 2 * units : 2].count(0)
    zeros_odd = sample[1 : 2 * units : 2].count(0)
    if zeros_odd >= 0.4 * units and zeros_even <= 0.05 * units:
        return "utf-16-le"
    if zeros_even >= 0.4 * units and zeros_odd <= 0.05 * units:
        return "utf-16-be"
    return EIGHT_BIT


@lru_cache(maxsize=512)
def codec_for(charset: str) -> str | None:
    """The Python codec for a CHARSET parameter, or None when it names no usable charset.

    16- and 32-bit charsets are refused: inside an 8-bit stream such a label is
    always wrong, and decoding ASCII bytes as UTF-16 would produce nonsense.
    """
    name = charset.strip().strip('"').strip()
    if not name:
        return None
    try:
        info = codecs.lookup(name)
        b"x".decode(info.name)  # raises LookupError for bytes-to-bytes codecs (base64, zlib)
    except (LookupError, ValueError):
        return None
    if info.name.startswith(("utf-16", "utf-32")):
        return None
    return info.name


def is_charset_name(word: str) -> bool:
    """Whether a bare 2.1 parameter (``TEL;utf-8:…``) is a charset rather than a type."""
    low = word.lower()
    looks_like_charset = low.startswith(
        ("utf-", "utf8", "iso-8859", "iso8859", "windows-", "cp12", "us-ascii", "shift_jis",
         "shift-jis", "euc-", "koi8", "big5", "gb2312", "gbk", "gb18030", "latin")
    )
    return looks_like_charset and codec_for(word) is not None


def nice_charset(codec: str) -> str:
    """A charset name for messages a user reads."""
    return _NICE_NAMES.get(codec, codec)


def _single_byte(codec: str) -> bool:
    return codec == "ascii" or codec.startswith(("cp125", "iso8859", "latin", "cp437", "cp850"))


def decode_8bit(data: bytes, codec: str) -> str:
    """Decode with ``codec``; bytes it cannot map are read as Latin-1 (single-byte) or replaced.

    Windows-1252 leaves five bytes undefined; Latin-1 maps them, so nothing is lost.
    """
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return data.decode("latin-1" if _single_byte(codec) else codec, "replace")


def decode_value(
    data: bytes, declared: str | None, unknown: str, card_fallback: str | None
) -> tuple[str, str]:
    """Decode one value's bytes: ``(text, problem)``; ``problem`` is "" when all went well.

    ``declared`` is the codec of the value's CHARSET (None: none given or unknown),
    ``unknown`` the name of a CHARSET Python does not know, ``card_fallback`` another
    8-bit charset the card declares (Outlook labels only some values, the rest are in
    the same charset). Undeclared values are UTF-8 when they validate, else the
    card's charset, else Windows-1252.
    """
    if declared is None or declared == "utf-8":
        try:
            return data.decode("utf-8"), ""
        except UnicodeDecodeError:
            pass
        fallback = card_fallback or "cp1252"
        text = decode_8bit(data, fallback)
        if unknown:
            return text, f"unknown charset {unknown!r}; read as {nice_charset(fallback)}"
        if declared == "utf-8":
            return text, f"not valid UTF-8; read as {nice_charset(fallback)}"
        if card_fallback is None:
            return text, "has no charset and is not UTF-8; read as Windows-1252"
        return text, ""
    if data.isascii():
        return data.decode("ascii"), ""
    if _single_byte(declared):
        # A file re-saved as UTF-8 keeps its old labels: bytes that validate as UTF-8
        # are UTF-8 (a Latin-1 text that also validates is vanishingly rare).
        try:
            return data.decode("utf-8"), ""
        except UnicodeDecodeError:
            pass
        if declared == "ascii":
            return decode_8bit(data, "cp1252"), "not US-ASCII as declared; read as Windows-1252"
        return decode_8bit(data, declared), ""
    try:
        return data.decode(declared), ""
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("utf-8")
        return text, f"not valid {nice_charset(declared)}; read as UTF-8"
    except UnicodeDecodeError:
        text = data.decode(declared, "replace")
        return text, f"not valid {nice_charset(declared)}; damaged characters replaced"


def decode_qp(data: bytes) -> tuple[bytes, bool]:
    """Quoted-printable to bytes (soft breaks already joined): ``(bytes, malformed)``.

    A trailing ``=`` (a soft break before the next property) is dropped; an ``=`` not
    followed by two hex digits is kept as written and reported.
    """
    stripped = data.rstrip(b" \t")
    if stripped.endswith(b"="):
        data = stripped[:-1]
    malformed = b"=" in data and _QP_BAD.search(data) is not None
    return binascii.a2b_qp(data), malformed


def clean_base64(data: bytes) -> tuple[str, bool]:
    """Base64 text without whitespace, byte for byte: ``(text, valid)``."""
    text = b"".join(data.split())
    valid = _BASE64_TEXT.fullmatch(text) is not None
    if valid and text:
        try:
            binascii.a2b_base64(text, strict_mode=True)
        except binascii.Error:
            valid = False
    return text.decode("ascii", "replace"), valid


def escape_newlines(text: str) -> str:
    """Line breaks become ``\\n``: an escaped value never holds a raw CR or LF."""
    if "\n" in text or "\r" in text:
        return _NEWLINES.sub(r"\\n", text)
    return text


def value_21_to_30(text: str, kind: int) -> str:
    """A vCard 2.1 value (commas and line breaks literal) in vCard 3.0 escaped form.

    2.1 knows one escape, ``\\;``; like Android we also read ``\\\\``, ``\\:`` and
    ``\\,`` as escapes and keep any other backslash as a character.
    """
    if kind == VERBATIM:
        return escape_newlines(text)
    special = _SPECIAL_21 if kind == STRUCTURED else _SPECIAL_21_LIST
    if special.search(text) is None:
        return text  # nothing to escape; the separators stay as they are
    separator = ";" if kind == STRUCTURED else ","
    parts: list[str] = []
    current: list[str] = []
    i, length = 0, len(text)
    while i < length:
        ch = text[i]
        if ch == "\\" and i + 1 < length and text[i + 1] in _ESCAPABLE_21:
            current.append(text[i + 1])
            i += 2
            continue
        if ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return separator.join(escape_text(part) for part in parts)
