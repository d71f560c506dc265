"""Shared tools of the reliability suite: generated books, ContactGate in a
subprocess (so it can be killed, starved or measured), and strict checks that
an output file is complete."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VCARD_OUTPUTS = ("whatsapp-business.vcf", "business-no-consent.vcf", "private.vcf", "review.vcf")
ALL_OUTPUTS = (*VCARD_OUTPUTS, "quarantine.txt", "report.html", "report.pdf", "summary.json")


def needs_split() -> None:
    """``split`` needs the vCard and CSV readers, which others are still finishing."""
    missing = [m for m in ("contactgate.io.vcard_read", "contactgate.io.csv_read")
               if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"split cannot run yet: {', '.join(missing)} not present")


# --- generated books ---------------------------------------------------------------


def business_card(i: int, name: str = "", org: str = "", extra: str = "") -> str:
    name = name or f"Kundin {i:06d}"
    org = org or f"Kunde {i % 97} GmbH"
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"UID:b{i}\r\nFN:{name}\r\nN:{name};;;;\r\nORG:{org}\r\nTITLE:Einkauf\r\n"
        f"TEL;TYPE=WORK,VOICE:+49 30 {2_000_000 + i:07d}\r\n"
        f"EMAIL;TYPE=WORK:k{i}@kunde{i % 97}.example\r\n{extra}END:VCARD\r\n"
    )


def private_card(i: int) -> str:
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"UID:p{i}\r\nFN:Freundin {i:06d}\r\nN:Freundin {i:06d};;;;\r\n"
        f"TEL;TYPE=CELL:0171 {3_000_000 + i:07d}\r\nCATEGORIES:Familie\r\n"
        "NOTE:Geburtstag im Mai\\, Kuchen mitbringen\r\nEND:VCARD\r\n"
    )


def unsure_card(i: int) -> str:
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"UID:u{i}\r\nFN:Person {i:06d}\r\nTEL:0172 {4_000_000 + i:07d}\r\nEND:VCARD\r\n"
    )


def write_book(path: Path, cards: int) -> Path:
    """A book of ``cards`` cards: a third each business, private and unsure."""
    makers = (business_card, private_card, unsure_card)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for i in range(cards):
            handle.write(makers[i % 3](i))
    return path


def write_consents(path: Path, cards: int) -> Path:
    """A WhatsApp consent for every other business card of :func:`write_book`."""
    rows = ["phone,granted_at,method,evidence"]
    rows += [f"+49 30 {2_000_000 + i:07d},2026-01-15,web_form,form {i}"
             for i in range(0, cards, 6)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# --- ContactGate in a subprocess ---------------------------------------------------


def cg_command(db: Path, *args: str | Path) -> list[str]:
    return [sys.executable, "-m", "contactgate", "--db", str(db), *[str(a) for a in args]]


def cg_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("CONTACTGATE_DB", None)  # every call names its --db
    env.update(extra)
    return env


def run_cg(db: Path, *args: str | Path, timeout: float = 120,
           umask: int | None = None) -> subprocess.CompletedProcess[str]:
    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(cg_command(db, *args), capture_output=True, text=True, timeout=timeout,
                          env=cg_env(), check=False, preexec_fn=set_umask)


@dataclass
class Measured:
    code: int
    err: str
    peak_rss_mb: float


def run_measured(db: Path, *args: str | Path, timeout: float = 300) -> Measured:
    """Run ContactGate and report its own peak resident memory (ru_maxrss of the child).

    A tiny wrapper process runs it and reads ``getrusage(RUSAGE_CHILDREN)``: the
    wrapper's only child is ContactGate, so the figure is ContactGate's alone.
    """
    wrapper = (
        "import resource, subprocess, sys\n"
        "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
    )
    done = subprocess.run([sys.executable, "-c", wrapper, *cg_command(db, *args)],
                          capture_output=True, text=True, timeout=timeout, env=cg_env(),
                          check=False)
    rss_kb, code = done.stdout.split()
    return Measured(int(code), done.stderr, int(rss_kb) / 1024)


# --- strict completeness checks ----------------------------------------------------

_PROP_HEAD = re.compile(r"^(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9-]+(?:;[^:]*)?:", re.DOTALL)


def vcard_cards(path: Path) -> list[list[str]]:
    """The cards of a vCard file ContactGate wrote, each as its unfolded lines.

    Fails on anything but a sequence of complete cards: an unterminated or nested
    card, a line outside a card, a line that is no property, a missing final CRLF.
    """
    data = path.read_bytes()
    if not data:
        return []
    text = data.decode("utf-8")
    assert text.endswith("END:VCARD\r\n"), f"{path.name}: does not end with END:VCARD CRLF"
    lines = re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]
    cards: list[list[str]] = []
    current: list[str] | None = None
    continuation = ""  # "qp" after a soft line break, "b64" inside vCard 2.1 base64
    for number, line in enumerate(lines, 1):
        if continuation == "qp":
            continuation = "qp" if line.endswith("=") else ""
            continue
        if continuation == "b64" and (line.startswith("  ") or line == ""):
            continuation = "b64" if line else ""
            continue
        continuation = ""
        if line == "BEGIN:VCARD":
            assert current is None, f"{path.name}:{number}: BEGIN inside a card"
            current = []
        elif line == "END:VCARD":
            assert current is not None, f"{path.name}:{number}: END outside a card"
            cards.append(current)
            current = None
        else:
            assert current is not None, f"{path.name}:{number}: text outside a card: {line[:60]!r}"
            assert _PROP_HEAD.match(line), f"{path.name}:{number}: not a property: {line[:60]!r}"
            current.append(line)
            continuation = _continues(line)
    assert current is None, f"{path.name}: the last card is unterminated"
    return cards


def _continues(line: str) -> str:
    """vCard 2.1 output continues quoted-printable and base64 values on further lines."""
    upper = line.upper()
    if "ENCODING=QUOTED-PRINTABLE" in upper and line.endswith("="):
        return "qp"
    if "ENCODING=BASE64" in upper and line.endswith(":"):
        return "b64"
    return ""


def assert_complete(out_dir: Path) -> dict[str, int]:
    """Every output present in ``out_dir`` is complete; returns cards per vCard file."""
    counts: dict[str, int] = {}
    for name in VCARD_OUTPUTS:
        if (out_dir / name).is_file():
            counts[name] = len(vcard_cards(out_dir / name))
    if (out_dir / "summary.json").is_file():
        json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    if (out_dir / "report.html").is_file():
        html = (out_dir / "report.html").read_text(encoding="utf-8")
        assert html.rstrip().lower().endswith("</html>"), "report.html is truncated"
    if (out_dir / "report.pdf").is_file():
        pdf = (out_dir / "report.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-64:], "report.pdf is truncated"
    if (out_dir / "quarantine.txt").is_file():
        text = (out_dir / "quarantine.txt").read_bytes()
        assert not text or (text.startswith(b"### ") and text.endswith(b"\n"))
    return counts


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def one_line_error(err: str) -> str:
    """The single ``contactgate: error: …`` line; fails on a traceback or chatter."""
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


# --- a small filesystem that fills up ----------------------------------------------


class SmallFilesystem:
    """A tmpfs of ``size`` mounted at ``path`` (root only); skips the test otherwise."""

    def __init__(self, path: Path, size: str) -> None:
        self.path = path
        self.size = size

    def __enter__(self) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        if os.geteuid() != 0:
            pytest.skip("a full filesystem needs root to mount a small tmpfs")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={self.size},mode=0700",
                               "tmpfs", str(self.path)], capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
        return self.path

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["umount", "-l", str(self.path)], capture_output=True, check=False)


def fill(directory: Path) -> None:
    """Fill the filesystem of ``directory`` to the last byte."""
    with open(directory / "filler", "wb") as handle:
        block = b"\0" * 65536
        try:
            while True:
                handle.write(block)
                handle.flush()
        except OSError:
            pass
    with open(directory / "filler-tail", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0")
        except OSError:
            pass


def leftovers(directory: Path) -> list[str]:
    """Temporary files ContactGate must never leave behind."""
    return sorted(p.name for p in directory.rglob("*")
                  if p.name.endswith((".part", "-journal", "-part")) or ".part-" in p.name)
