"""Phone numbers to E.164 with phonenumbers, cached per (raw, region).

Parsing is the costliest stage of a lean pipeline (~26 µs a number through
phonenumbers, ~5 µs through :mod:`contactgate.core.phone_shortcut`), and
address books repeat numbers across merged cards and inputs: the cache pays.
A number that cannot be parsed is kept as written with ``e164=None``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from contactgate.core.model import Phone
from contactgate.core.phone_shortcut import MIN_NATIONAL, Parsed, parse_plain

DEFAULT_REGION = "DE"

# DTMF pause/wait characters and the digits after them are dialled later, not part of the number.
_PAUSE = re.compile(r"[pPwW,;]", re.ASCII)
_TEL_URI = re.compile(r"^tel:", re.IGNORECASE)

_KIND_NAMES: dict[int, str] = {
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}


def valid_region(region: str) -> bool:
    return region.upper() in phonenumbers.SUPPORTED_REGIONS


def dialable_part(raw: str) -> str:
    """The part of a written number that identifies the line: no tel: scheme, no pauses."""
    text = _TEL_URI.sub("", raw.strip())
    match = _PAUSE.search(text)  # also cuts a tel: URI's ";ext=" parameters
    return text[: match.start()] if match else text


@lru_cache(maxsize=8_192)  # numbers that recur (a switchboard on many cards) stay; memory bounded
def _parse(dialable: str, region: str) -> tuple[str | None, str]:
    return _parse_uncached(dialable, region)


def _parse_uncached(dialable: str, region: str) -> Parsed:
    """Plainly written numbers by the shortcut (~10x faster), the rest by phonenumbers."""
    plain = parse_plain(dialable, region)
    return plain if plain is not None else parse_with_phonenumbers(dialable, region)


def parse_with_phonenumbers(dialable: str, region: str) -> Parsed:
    try:
        number = phonenumbers.parse(dialable, region)
    except NumberParseException:
        return None, ""
    if not phonenumbers.is_possible_number(number) or (number.national_number or 0) < MIN_NATIONAL:
        return None, ""  # short codes and fragments cannot carry a WhatsApp account
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    kind = _KIND_NAMES.get(phonenumbers.number_type(number), "unknown")
    return e164, kind


def to_e164(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 form of a written number, or None when it is not a possible number."""
    return _parse(dialable_part(raw), region.upper())[0]


class PhoneNormaliser:
    """Turns written numbers into :class:`Phone` objects for one default region."""

    def __init__(self, region: str = DEFAULT_REGION) -> None:
        self.region = region.upper()

    def phone(self, raw: str, types: frozenset[str] = frozenset(), label: str = "") -> Phone:
        e164, kind = _parse(dialable_part(raw), self.region)
        return Phone(raw, e164, types, label, kind)
