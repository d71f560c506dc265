"""Policy files on disk → :class:`~contactgate.core.policy.Policy`.

The core parses text; this module reads the policy, the shipped freemail list
and the customer list CSV the policy points to (relative to the policy file).
"""

from __future__ import annotations

import csv
from pathlib import Path

from contactgate.core.policy import (
    CustomerRow,
    Policy,
    PolicyError,
    customer_list_ref,
    parse_freemail,
    parse_policy,
)
from contactgate.resources import resource

DEFAULT_POLICY = ("policy.toml",)
FREEMAIL_LIST = ("freemail.txt",)


def default_policy_path() -> Path:
    return resource(*DEFAULT_POLICY)


def load_policy(path: Path | None) -> Policy:
    """The policy at ``path`` (None: the shipped default); raises :class:`PolicyError`."""
    policy_path = path if path is not None else default_policy_path()
    source = str(policy_path)
    text = _read_text(policy_path, source)
    customer_rows: list[CustomerRow] = []
    ref = customer_list_ref(text, source)
    if ref is not None:
        list_path, line = ref
        customer_rows = read_customer_rows(policy_path.parent / list_path, source, line)
    return parse_policy(text, source, customer_rows, load_freemail())


def load_freemail() -> frozenset[str]:
    path = resource(*FREEMAIL_LIST)
    return parse_freemail(_read_text(path, str(path)))


def read_customer_rows(path: Path, policy_source: str, key_line: int) -> list[CustomerRow]:
    """Rows of the customer list; a file that cannot be read is the policy key's error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise PolicyError(policy_source, key_line,
                          f"customers.list: cannot read {path}: {reason}") from None
    text = _decode(data)
    delimiter = _delimiter(text)
    rows = csv.reader(text.splitlines(), delimiter=delimiter)
    result: list[CustomerRow] = []
    try:
        for cells in rows:
            if any(cell.strip() for cell in cells):
                result.append(CustomerRow(str(path), rows.line_num, tuple(cells)))
    except csv.Error as exc:
        raise PolicyError(str(path), rows.line_num, f"not a readable CSV row: {exc}") from None
    return result


def _read_text(path: Path, source: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(source, 0, f"cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PolicyError(source, line, "not UTF-8 text") from None


def _decode(data: bytes) -> str:
    """CRM exports come as UTF-8 or Windows-1252 (Excel)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","
