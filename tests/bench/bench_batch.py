"""Batch throughput: phone exports of 1,000 cards each, ``--jobs 1`` against ``--jobs 2``.

A script, not a test::

    python -m tests.bench.bench_batch [--files 100] [--cards 1000] [--budget 45]

It generates the exports (a realistic mix of business, private and unsure cards,
a consent register for part of the business numbers), runs ``contactgate batch``
in-process once with each job count on fresh databases and output folders, and
prints a table. To stay within ``--budget`` seconds on a slow machine it first
times two files and, if all files would not fit, measures fewer (and says so).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from contactgate.cli import main as contactgate

FIRST_NAMES = ("Anna", "Bernd", "Carla", "Dieter", "Emine", "Frank", "Gül", "Hans", "Ines",
               "Jörg", "Katja", "Lars", "Mia", "Nils", "Olga", "Paul")
LAST_NAMES = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
              "Becker", "Schulz", "Hoffmann", "Yilmaz", "Nowak")
FAMILY = ("Mama", "Papa", "Oma", "Opa", "Tante Eva", "Onkel Jo", "Schatz")
COMPANIES = ("Kunde AG", "Bauer GmbH", "Nordlicht KG", "Elektro Fuchs", "Praxis Dr. Lang")


@dataclass(frozen=True)
class Measurement:
    jobs: int
    files: int
    cards: int
    seconds: float

    @property
    def cards_per_second(self) -> float:
        return self.cards / self.seconds


def business_card(rng: random.Random, index: int) -> tuple[str, str]:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    company = rng.choice(COMPANIES)
    number = f"+49 30 {rng.randrange(1000, 9999)} {index % 100_000:05}"
    domain = company.split()[0].lower().replace(".", "") + ".example"
    text = (f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:{name.split()[1]};{name.split()[0]};;;"
            f"\r\nORG:{company}\r\nTITLE:Einkauf\r\nTEL;TYPE=WORK:{number}\r\n"
            f"EMAIL;TYPE=WORK:{name.split()[0].lower()}@{domain}\r\nEND:VCARD\r\n")
    return text, number


def private_card(rng: random.Random, index: int) -> str:
    name = rng.choice(FAMILY) if rng.random() < 0.3 else rng.choice(FIRST_NAMES)
    extra = "CATEGORIES:Familie\r\n" if rng.random() < 0.5 else ""
    return (f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:;{name};;;\r\n"
            f"TEL;TYPE=CELL:0171 {index % 10_000_000:07}\r\n"
            f"TEL;TYPE=HOME:030 {rng.randrange(100000, 999999)}\r\n{extra}END:VCARD\r\n")


def write_phones(folder: Path, files: int, cards: int, seed: int = 7) -> Path:
    """``files`` exports of ``cards`` cards each, and a consent register."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    consents = ["phone,granted_at,method,evidence"]
    index = 0
    for number in range(files):
        parts = []
        for _ in range(cards):
            index += 1
            if rng.random() < 0.35:
                text, phone = business_card(rng, index)
                if rng.random() < 0.4:
                    consents.append(f"{phone},2026-01-15,web_form,opt-in #{index}")
                parts.append(text)
            else:
                parts.append(private_card(rng, index))
        (folder / f"phone-{number:03}.vcf").write_text("".join(parts), encoding="utf-8")
    register = folder.parent / "consents.csv"
    register.write_text("\n".join(consents) + "\n", encoding="utf-8")
    return register


def run_batch(phones: Path, register: Path, work: Path, jobs: int) -> float:
    db = work / f"jobs{jobs}" / "contactgate.db"
    out = work / f"jobs{jobs}" / "out"
    args = ["--db", str(db), "--region", "DE", "batch", str(phones), "--out-dir", str(out),
            "--consents", str(register), "--jobs", str(jobs), "--force"]
    started = time.perf_counter()
    code = contactgate(args, stdout=io.StringIO(), stderr=(err := io.StringIO()))
    seconds = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"batch --jobs {jobs} failed with exit code {code}:\n{err.getvalue()}")
    return seconds


def affordable_files(work: Path, cards: int, wanted: int, budget: float) -> int:
    """How many files both runs can process within the budget, from a two-file probe."""
    probe = work / "probe"
    register = write_phones(probe / "phones", 2, cards)
    seconds = run_batch(probe / "phones", register, probe, jobs=1)
    per_file = seconds / 2
    remaining = max(0.0, budget - seconds)
    # --jobs 1 takes files × per_file, --jobs 2 about half of that on two cores; a file
    # costs more beside a larger consent register, hence the margin
    fitting = int(remaining / (per_file * 2.2))
    return max(2, min(wanted, fitting))


def measure(files: int, cards: int, budget: float) -> tuple[list[Measurement], int]:
    with tempfile.TemporaryDirectory(prefix="contactgate-bench-") as tmp:
        work = Path(tmp)
        chosen = affordable_files(work, cards, files, budget)
        register = write_phones(work / "phones", chosen, cards)
        results = []
        for jobs in (1, 2):
            seconds = run_batch(work / "phones", register, work, jobs)
            results.append(Measurement(jobs, chosen, chosen * cards, seconds))
        return results, chosen


def print_table(results: list[Measurement], wanted: int, chosen: int) -> None:
    base = results[0].seconds
    print(f"batch: {chosen} files × {results[0].cards // chosen} cards"
          f" on {os.cpu_count()} CPUs")
    if chosen < wanted:
        print(f"(scaled down from {wanted} files to stay within the time budget)")
    print(f"{'jobs':>4}  {'files':>5}  {'cards':>7}  {'seconds':>8}  {'cards/s':>8}  "
          f"{'speed-up':>8}")
    for r in results:
        print(f"{r.jobs:>4}  {r.files:>5}  {r.cards:>7}  {r.seconds:>8.1f}  "
              f"{r.cards_per_second:>8.0f}  {base / r.seconds:>7.2f}×")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--budget", type=float, default=45.0, help="seconds, roughly")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results, chosen = measure(args.files, args.cards, args.budget)
    print_table(results, args.files, chosen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
