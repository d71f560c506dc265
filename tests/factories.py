"""Small vCards for tests, written the way a phone writes them; driving the pipeline."""

from __future__ import annotations

from collections.abc import Generator
from typing import TypeVar

T = TypeVar("T")


def finish(work: Generator[object, None, T]) -> T:
    """Run a pipeline generator (load_book, split, …) to its end; its return value."""
    while True:
        try:
            next(work)
        except StopIteration as stop:
            result: T = stop.value
            return result


def card(uid: str, name: str, tel: str, org: str = "", email: str = "", extra: str = "") -> str:
    """One vCard 3.0: a work number when there is an organisation, a mobile otherwise."""
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{name}", f"N:{name};;;;"]
    if org:
        lines.append(f"ORG:{org}")
    lines.append(f"TEL;TYPE=WORK:{tel}" if org else f"TEL;TYPE=CELL:{tel}")
    if email:
        lines.append(f"EMAIL;TYPE=WORK:{email}")
    if extra:
        lines.append(extra)
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
