"""The number shortcut answers exactly as phonenumbers does, or leaves the number to it.

A wrong E.164 would open the gate for a number nobody consented for, or keep
a consented one back: every answer the shortcut gives is compared with
phonenumbers' own (``parse_with_phonenumbers``) over each region's example
numbers written several ways, generated numbers, and the real-world corpus.
"""

from __future__ import annotations

import re
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers.phonemetadata import PhoneMetadata

from contactgate.core.phone_shortcut import parse_plain
from contactgate.core.phones import dialable_part, parse_with_phonenumbers
from tests.corpus import corpus_files

REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
_TYPES = ("fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "voip",
          "personal_number", "pager", "uan", "voicemail")


def _written_ways(region: str) -> list[str]:
    """Each example number of a region as people write it: national, international, grouped."""
    meta = PhoneMetadata.metadata_for_region(region)
    assert meta is not None
    ways = []
    for desc in (getattr(meta, name) for name in _TYPES):
        example = desc.example_number if desc is not None else None
        if not example:
            continue
        ways += [example, f"+{meta.country_code} {example}", f"+{meta.country_code}{example[:-1]}",
                 f"({example[:3]}) {example[3:]}", f"{example[:4]}-{example[4:]}",
                 f"+{meta.country_code} ({example[:2]}) {example[2:]}"]
        if meta.national_prefix:
            ways.append(f"{meta.national_prefix}{example}")
            ways.append(f"+{meta.country_code} {meta.national_prefix}{example}")
    return ways


def _agrees(written: str, region: str) -> bool:
    """True when the shortcut declines, or gives phonenumbers' own answer."""
    plain = parse_plain(written, region)
    return plain is None or plain == parse_with_phonenumbers(written, region)


@pytest.mark.parametrize("region", REGIONS)
def test_example_numbers_of_every_region_agree(region: str) -> None:
    ways = _written_ways(region)
    disagreeing = [w for w in ways for home in (region, "DE") if not _agrees(w, home)]
    assert disagreeing == []


def test_german_numbers_take_the_shortcut_with_the_right_answer() -> None:
    """The shortcut must actually serve a German book, or it saves nothing."""
    answers = {w: parse_plain(w, "DE") for w in
               ("0171 1234567", "+49 30 1234567", "(030) 123 45 67", "+49 (0)30 1234567",
                "030/1234567", "+43 1 5321234")}
    assert answers == {
        "0171 1234567": ("+491711234567", "mobile"),
        "+49 30 1234567": ("+49301234567", "fixed_line"),
        "(030) 123 45 67": ("+49301234567", "fixed_line"),
        "+49 (0)30 1234567": ("+49301234567", "fixed_line"),
        "030/1234567": ("+49301234567", "fixed_line"),
        "+43 1 5321234": ("+4315321234", "fixed_line"),
    }


@pytest.mark.parametrize("written", ["0049 30 1234567", "+1 212 555 0100", "+39 06 1234 5678",
                                     "030 1234567 ext. 12", "0800-FLOWERS", "+49 30 1234567#"])
def test_what_the_shortcut_does_not_know_goes_to_phonenumbers(written: str) -> None:
    assert parse_plain(written, "DE") is None


@given(
    region=st.sampled_from(REGIONS),
    prefix=st.sampled_from(["", "+", "0", "00", "+49 ", "+49 0", "(0", "+33 ", "+1 ", "+7 ",
                            "+39 ", "+44 ", "+43 (0) ", "011 "]),
    digits=st.text("0123456789", min_size=1, max_size=17),
    separators=st.lists(st.sampled_from([" ", "-", "/", ".", "(", ")"]), max_size=3),
)
def test_generated_numbers_agree(region: str, prefix: str, digits: str,
                                 separators: list[str]) -> None:
    written = prefix + digits
    for position, separator in enumerate(separators, start=1):
        cut = min(len(written), len(prefix) + position * 2)
        written = written[:cut] + separator + written[cut:]
    assert _agrees(written, region), written


_TEL = re.compile(rb"^(?:[A-Za-z0-9-]+\.)?TEL[;:][^\r\n]*", re.IGNORECASE | re.MULTILINE)


def test_real_world_numbers_agree() -> None:
    files = corpus_files()
    if not files:
        pytest.skip("the shared vCard corpus (../shared/corpus) is not present")
    written = {_tel_value(line) for path in files for line in _TEL.findall(_bytes(path))}
    checked = [w for w in written if w]
    assert len(checked) > 500  # the corpus holds thousands of numbers: the test reads them
    disagreeing = [w for w in checked for home in ("DE", "US", "FR") if not _agrees(w, home)]
    assert disagreeing == []


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def _tel_value(line: bytes) -> str:
    value = line.split(b":", 1)[1] if b":" in line else b""
    return dialable_part(value.decode("utf-8", "replace"))
