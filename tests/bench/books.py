"""Generated address books the way phones write them, for benchmarks and large tests.

Android 2.1: CRLF, quoted-printable UTF-8 names, TEL;CELL/WORK, 5 % base64 photos.
iPhone 3.0: item groups with X-ABLabel, type=pref, ORG/TITLE, X-ABShowAs.
Deterministic for a given seed, so runs compare.
"""

from __future__ import annotations

import base64
import quopri
import random
from collections.abc import Iterator
from pathlib import Path

GIVEN = ["Jürgen", "Anna", "Björn", "Özlem", "Lena", "Max", "Sören", "Ilse", "Kai", "Marie"]
FAMILY = ["Müller", "Schmidt", "Weiß", "Groß", "Becker", "Schäfer", "Koch", "Richter"]
ORGS = ["Bau GmbH", "Praxis Nord", "Kunde AG", "Elektro Süd KG", "", "", "", ""]
PHOTO = base64.b64encode(bytes(range(256)) * 12).decode("ascii")  # ~4 KB of image data


def _qp(text: str) -> str:
    return quopri.encodestring(text.encode("utf-8")).decode("ascii").replace("=\n", "")


def android_card(index: int, rng: random.Random) -> str:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    org = rng.choice(ORGS)
    lines = [
        "BEGIN:VCARD", "VERSION:2.1",
        f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(family)};{_qp(given)};;;",
        f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(f'{given} {family}')}",
        f"TEL;CELL:0171 {index % 10_000_000:07d}",
        f"TEL;WORK:+49 30 {index % 10_000_000:07d}" if org else f"TEL;HOME:030 {index:08d}",
    ]
    if org:
        lines.append(f"ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(org)}")
        lines.append(f"EMAIL;WORK:{given.lower()}.{index}@firma{index % 97}.example")
    if index % 20 == 0:
        lines.append("PHOTO;ENCODING=BASE64;JPEG:" + PHOTO[:76])
        lines.extend(" " + PHOTO[i : i + 76] for i in range(76, len(PHOTO), 76))
        lines.append("")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def iphone_card(index: int, rng: random.Random) -> str:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    org = rng.choice(ORGS)
    lines = [
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.0//EN",
        f"N:{family};{given};;;", f"FN:{given} {family}",
        f"item1.TEL;type=CELL;type=VOICE;type=pref:+49 171 {index % 10_000_000:07d}",
        "item1.X-ABLabel:_$!<Mobile>!$_",
    ]
    if org:
        lines += [f"ORG:{org};", "TITLE:Einkauf", "X-ABShowAs:COMPANY",
                  f"item2.EMAIL;type=INTERNET;type=WORK:{given.lower()}@firma{index % 97}.example",
                  "item2.X-ABLabel:_$!<Work>!$_"]
    else:
        lines.append(f"EMAIL;type=INTERNET;type=HOME:{given.lower()}{index}@web.de")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def cards(style: str, count: int, seed: int = 7) -> Iterator[str]:
    rng = random.Random(seed)
    make = android_card if style == "android" else iphone_card
    for index in range(count):
        yield make(index, rng)


def write_book(path: Path, style: str, count: int, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        for text in cards(style, count, seed):
            handle.write(text)
    return path
