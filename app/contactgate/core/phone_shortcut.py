"""The plainly written numbers of an address book, parsed without phonenumbers' detours.

``phonenumbers.parse`` + ``is_possible_number`` + ``format_number`` +
``number_type`` cost ~26 µs a number, most of it generic work (extensions,
letters, RFC 3966, unicode digits, re-compiling patterns) that a number such as
``0171 1234567`` or ``+49 (30) 123-456`` never needs. For those, this module
follows the same steps with the same metadata, its patterns compiled once:
country code, national prefix, possible lengths, number type. Anything outside
the plain case (letters, an international prefix such as ``00``, a national
prefix with a transform rule, country codes shared by several regions, Italian
leading zeros) answers ``None`` and goes to phonenumbers itself.

A differential test (``tests/unit/test_phone_shortcut.py``) holds every answer
given here equal to phonenumbers' own over generated and real-world numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata, PhoneNumberDesc

Parsed = tuple[str | None, str]  # (E.164 or None, kind)

MIN_NATIONAL = 10_000  # at least five national digits: shorter cannot carry a WhatsApp account
_MIN_NSN, _MAX_NSN = 2, 17  # phonenumbers' _MIN_LENGTH_FOR_NSN / _MAX_LENGTH_FOR_NSN
_MAX_INPUT = 250  # phonenumbers' _MAX_INPUT_STRING_LENGTH
_NOT_POSSIBLE: Parsed = (None, "")

_SEPARATORS = str.maketrans("", "", " -./()")
_PLAIN = re.compile(r"\+?[0-9]{3,}", re.ASCII)  # all phonenumbers treats as a viable number


@dataclass(frozen=True, slots=True)
class _Desc:
    """A PhoneNumberDesc with its pattern compiled: lengths first, then the pattern."""

    pattern: re.Pattern[str] | None
    lengths: tuple[int, ...]
    local_lengths: tuple[int, ...]

    def matches(self, nsn: str) -> bool:  # phonenumbers' _is_number_matching_desc
        if self.lengths and len(nsn) not in self.lengths:
            return False
        return self.fits(nsn)

    def fits(self, nsn: str) -> bool:  # phonenumbers' _match_national_number
        return self.pattern is not None and self.pattern.fullmatch(nsn) is not None


def _desc(desc: PhoneNumberDesc | None) -> _Desc | None:
    if desc is None:
        return None
    pattern = re.compile(desc.national_number_pattern) if desc.national_number_pattern else None
    return _Desc(pattern, tuple(desc.possible_length), tuple(desc.possible_length_local_only))


# The order of phonenumbers' _number_type_helper: the first special type that matches wins.
_SPECIAL_TYPES = (
    ("premium_rate", "premium_rate"), ("toll_free", "toll_free"),
    ("shared_cost", "shared_cost"), ("voip", "voip"), ("personal_number", "personal"),
    ("pager", "pager"), ("uan", "uan"), ("voicemail", "voicemail"),
)


@dataclass(frozen=True, slots=True)
class _Region:
    country_code: int
    general: _Desc
    national_prefix: re.Pattern[str] | None
    international_prefix: re.Pattern[str] | None
    special: tuple[tuple[str, _Desc], ...]
    fixed_line: _Desc | None
    mobile: _Desc | None
    same_mobile_and_fixed_line: bool
    # by number length: the special types' patterns as one (see _special_of_length)
    special_by_length: dict[int, re.Pattern[str] | None] = field(default_factory=dict)

    def possible_length(self, nsn: str) -> str:
        """phonenumbers' _test_number_length for the general description."""
        size, lengths = len(nsn), self.general.lengths
        if size in self.general.local_lengths:
            return "local_only"
        if size == lengths[0]:
            return "possible"
        if size < lengths[0]:
            return "too_short"
        if size > lengths[-1]:
            return "too_long"
        return "possible" if size in lengths[1:] else "invalid_length"

    def kind(self, nsn: str) -> str:
        """phonenumbers' _number_type_helper, named as :mod:`contactgate.core.phones` names it."""
        if not self.general.matches(nsn):
            return "unknown"
        size = len(nsn)
        if size not in self.special_by_length:
            self.special_by_length[size] = _special_of_length(self, size)
        special = self.special_by_length[size]
        found = special.fullmatch(nsn) if special is not None else None
        if found is not None:
            return self.special[int(found.lastgroup[1:])][0]  # type: ignore[index]
        if self.fixed_line is not None and self.fixed_line.matches(nsn):
            if self.same_mobile_and_fixed_line or (self.mobile and self.mobile.matches(nsn)):
                return "fixed_line_or_mobile"
            return "fixed_line"
        if not self.same_mobile_and_fixed_line and self.mobile and self.mobile.matches(nsn):
            return "mobile"
        return "unknown"

    def strip_national_prefix(self, digits: str) -> str:
        """phonenumbers' _maybe_strip_national_prefix_carrier_code without a transform rule."""
        if self.national_prefix is None or not digits:
            return digits
        found = self.national_prefix.match(digits)
        if found is None:
            return digits
        rest = digits[found.end():]
        if self.general.fits(digits) and not self.general.fits(rest):
            return digits
        return rest


def _special_of_length(region: _Region, size: int) -> re.Pattern[str] | None:
    """The special types a number of this length can be, as one pattern in their order.

    One ``fullmatch`` of ``(?P<k0>…)|(?P<k1>…)…`` finds the first that matches
    whole, as checking them one by one does, at a fraction of the cost.
    """
    alternatives = [
        f"(?P<k{index}>{desc.pattern.pattern})"
        for index, (_kind, desc) in enumerate(region.special)
        if desc.pattern is not None and (not desc.lengths or size in desc.lengths)
    ]
    return re.compile("|".join(alternatives)) if alternatives else None


@lru_cache(maxsize=512)
def _region(code: str) -> _Region | None:
    """A region's metadata compiled, or None when its rules are beyond the shortcut."""
    meta: PhoneMetadata | None = PhoneMetadata.metadata_for_region(code, None)
    if meta is None or meta.country_code is None or meta.national_prefix_transform_rule:
        return None
    general = _desc(meta.general_desc)
    if general is None or not general.lengths or min(general.lengths) < 1:
        return None
    special = tuple((kind, d) for attr, kind in _SPECIAL_TYPES
                    if (d := _desc(getattr(meta, attr))) is not None)
    prefix = meta.national_prefix_for_parsing
    idd = meta.international_prefix
    return _Region(
        country_code=meta.country_code,
        general=general,
        national_prefix=re.compile(prefix) if prefix else None,
        international_prefix=re.compile(idd) if idd else None,
        special=special,
        fixed_line=_desc(meta.fixed_line),
        mobile=_desc(meta.mobile),
        same_mobile_and_fixed_line=bool(meta.same_mobile_and_fixed_line_pattern),
    )


@lru_cache(maxsize=512)
def _region_of_country_code(country_code: int) -> _Region | None:
    """The one region a country code belongs to; None when it is shared (+1, +44, +7 …)."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code, ())
    if len(regions) != 1 or regions[0] == "001":
        return None
    return _region(regions[0])


def _country_code_of(digits: str) -> int:
    """phonenumbers' _extract_country_code: the shortest known prefix of one to three digits."""
    if digits[0] == "0":
        return 0
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            return code
    return 0


def parse_plain(dialable: str, region: str) -> Parsed | None:
    """(E.164, kind) as phonenumbers would give it, or None: ask phonenumbers itself.

    ``region`` is upper case; the answer for a number that is not possible is
    ``(None, "")``, as in :func:`contactgate.core.phones._parse_uncached`.
    """
    if len(dialable) > _MAX_INPUT:
        return None
    digits = dialable.translate(_SEPARATORS)
    if not _PLAIN.fullmatch(digits):  # so nothing but digits, separators and one leading +
        return None
    if digits[0] == "+":
        return _international(digits[1:])
    return _national(digits, region)


def _international(digits: str) -> Parsed | None:
    if len(digits) <= _MIN_NSN:
        return None
    country_code = _country_code_of(digits)
    target = _region_of_country_code(country_code) if country_code else None
    if target is None:
        return None
    return _finish(target, digits[len(str(country_code)):])


def _national(digits: str, region: str) -> Parsed | None:
    home = _home(region)
    if home is None:
        return None
    target, country_code = home
    assert target.international_prefix is not None
    if target.international_prefix.match(digits) or digits.startswith(country_code):
        return None  # an international prefix or a country code without "+": the long way
    return _finish(target, digits)


@lru_cache(maxsize=512)
def _home(region: str) -> tuple[_Region, str] | None:
    """The default region and its country code as digits, when the shortcut serves it."""
    home = _region(region)
    if home is None or _region_of_country_code(home.country_code) is not home:
        return None  # a region sharing its country code: phonenumbers picks the metadata
    if home.international_prefix is None:
        return None
    return home, str(home.country_code)


def _finish(target: _Region, national: str) -> Parsed | None:
    if len(national) < _MIN_NSN:
        return None
    stripped = target.strip_national_prefix(national)
    if target.possible_length(stripped) in ("possible", "too_long"):
        national = stripped
    if not _MIN_NSN <= len(national) <= _MAX_NSN or national[0] == "0":
        return None  # phonenumbers' errors and Italian leading zeros: the long way
    if int(national) < MIN_NATIONAL or target.possible_length(national) not in (
            "possible", "local_only"):
        return _NOT_POSSIBLE
    return f"+{target.country_code}{national}", target.kind(national)

