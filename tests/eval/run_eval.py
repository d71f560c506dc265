"""Measure the classifier on the labelled evaluation book: ``python -m tests.eval.run_eval``.

The book (``resources/eval/eval-book.vcf``) holds invented contacts written the
way Android 2.1, iPhone and Google exports write them; ``truth.csv`` says what
a person reading each card would call it, and whether that is clear. Figures
count clear cases only; unclear ones are shown for information.

Targets (issue 4): business precision ≥ 0.98, private recall ≥ 0.98, unsure ≤ 15 %.
Exit status 0 when every target is met, 1 when one is missed, 2 when the files
cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contactgate.core.classify import Classifier, reason_text
from contactgate.core.model import BUCKETS, BUSINESS, PRIVATE, UNSURE, Card, Verdict
from contactgate.core.normalise import contact_from_card
from contactgate.core.phones import PhoneNormaliser
from contactgate.io.policy_file import load_policy
from contactgate.resources import resource

EVAL_DIR = resource("eval")
BOOK = EVAL_DIR / "eval-book.vcf"
TRUTH = EVAL_DIR / "truth.csv"
POLICY = EVAL_DIR / "policy.toml"
REGION = "DE"

BUSINESS_PRECISION_MIN = 0.98
PRIVATE_RECALL_MIN = 0.98
UNSURE_RATE_MAX = 0.15


@dataclass(frozen=True, slots=True)
class Truth:
    bucket: str
    clear: bool
    scenario: str


@dataclass(frozen=True, slots=True)
class Miss:
    uid: str
    scenario: str
    truth: str
    predicted: str
    explanation: str


@dataclass
class Figures:
    business_precision: float
    business_recall: float
    private_precision: float
    private_recall: float
    unsure_rate: float
    clear_cases: int
    all_cases: int
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (truth, verdict)
    unclear: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)  # clear cases sorted wrongly or left unsure
    missing: list[str] = field(default_factory=list)  # uids in truth.csv the reader did not give

    def missed_targets(self) -> list[str]:
        missed = []
        if self.business_precision < BUSINESS_PRECISION_MIN:
            missed.append(f"business precision {self.business_precision:.3f} < "
                          f"{BUSINESS_PRECISION_MIN}")
        if self.private_recall < PRIVATE_RECALL_MIN:
            missed.append(f"private recall {self.private_recall:.3f} < {PRIVATE_RECALL_MIN}")
        if self.unsure_rate > UNSURE_RATE_MAX:
            missed.append(f"unsure rate {self.unsure_rate:.1%} > {UNSURE_RATE_MAX:.0%}")
        if self.missing:
            missed.append(f"{len(self.missing)} labelled cards not read: {self.missing[:5]}")
        return missed


def read_truth(path: Path) -> dict[str, Truth]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["uid"]: Truth(row["truth"], row["clear"] == "1", row.get("scenario", ""))
            for row in csv.DictReader(handle)
        }


def classify_book(book: Path, classifier: Classifier, region: str = REGION) -> dict[str, Verdict]:
    """Each card on its own (no merging): the verdict by the card's UID."""
    from contactgate.io.vcard_read import read_vcards

    phones = PhoneNormaliser(region)
    verdicts: dict[str, Verdict] = {}
    for key, item in enumerate(read_vcards(book)):
        if isinstance(item, Card):
            contact = contact_from_card(item, key, phones)
            verdicts[contact.uid] = classifier.classify(contact)
    return verdicts


def evaluate(book: Path = BOOK, truth_path: Path = TRUTH,
             policy_path: Path | None = POLICY) -> Figures:
    truth = read_truth(truth_path)
    verdicts = classify_book(book, Classifier(load_policy(policy_path)))
    confusion: Counter[tuple[str, str]] = Counter()
    unclear: Counter[tuple[str, str]] = Counter()
    misses: list[Miss] = []
    for uid, expected in truth.items():
        verdict = verdicts.get(uid)
        if verdict is None:
            continue
        pair = (expected.bucket, verdict.bucket)
        if not expected.clear:
            unclear[pair] += 1
            continue
        confusion[pair] += 1
        if verdict.bucket != expected.bucket:
            misses.append(Miss(uid, expected.scenario, expected.bucket, verdict.bucket,
                               explain(verdict)))
    return _figures(confusion, unclear, misses, len(truth),
                    sorted(set(truth) - set(verdicts)))


def explain(verdict: Verdict) -> str:
    reasons = "; ".join(f"{r.weight:+d} {reason_text(r, 'en')}" for r in verdict.reasons)
    return f"score {verdict.score:+d}: {reasons}"


def _figures(confusion: Counter[tuple[str, str]], unclear: Counter[tuple[str, str]],
             misses: list[Miss], all_cases: int, missing: list[str]) -> Figures:
    def predicted(bucket: str) -> int:
        return sum(n for (_, p), n in confusion.items() if p == bucket)

    def actual(bucket: str) -> int:
        return sum(n for (t, _), n in confusion.items() if t == bucket)

    def ratio(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    clear_cases = sum(confusion.values())
    return Figures(
        business_precision=ratio(confusion[(BUSINESS, BUSINESS)], predicted(BUSINESS)),
        business_recall=ratio(confusion[(BUSINESS, BUSINESS)], actual(BUSINESS)),
        private_precision=ratio(confusion[(PRIVATE, PRIVATE)], predicted(PRIVATE)),
        private_recall=ratio(confusion[(PRIVATE, PRIVATE)], actual(PRIVATE)),
        unsure_rate=ratio(predicted(UNSURE), clear_cases) if clear_cases else 0.0,
        clear_cases=clear_cases,
        all_cases=all_cases,
        confusion=confusion,
        unclear=unclear,
        misses=misses,
        missing=missing,
    )


def report(figures: Figures, show_misses: bool) -> str:
    lines = [
        f"evaluation book: {figures.all_cases} labelled cards, {figures.clear_cases} clear",
        f"  business precision {figures.business_precision:.3f}  (target ≥ "
        f"{BUSINESS_PRECISION_MIN})",
        f"  business recall    {figures.business_recall:.3f}",
        f"  private precision  {figures.private_precision:.3f}",
        f"  private recall     {figures.private_recall:.3f}  (target ≥ {PRIVATE_RECALL_MIN})",
        f"  unsure rate        {figures.unsure_rate:.1%}  (target ≤ {UNSURE_RATE_MAX:.0%})",
        "",
        _table("clear cases (rows: truth, columns: verdict)", figures.confusion),
        _table("unclear cases, for information", figures.unclear),
    ]
    if show_misses and figures.misses:
        lines.append("clear cases sorted wrongly or left unsure:")
        lines += [f"  {m.uid} [{m.scenario}] truth {m.truth}, verdict {m.predicted}: "
                  f"{m.explanation}" for m in figures.misses]
    missed = figures.missed_targets()
    lines.append("targets: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
    return "\n".join(lines)


def _table(title: str, counts: Counter[tuple[str, str]]) -> str:
    header = f"  {'':10}" + "".join(f"{b:>10}" for b in BUCKETS)
    rows = [f"  {t:10}" + "".join(f"{counts[(t, p)]:>10}" for p in BUCKETS) for t in BUCKETS]
    return "\n".join([title, header, *rows, ""])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval.run_eval",
                                     description="Classifier quality on the labelled book.")
    parser.add_argument("--book", type=Path, default=BOOK)
    parser.add_argument("--truth", type=Path, default=TRUTH)
    parser.add_argument("--policy", type=Path, default=POLICY)
    parser.add_argument("--misses", action="store_true", help="list every clear case missed")
    args = parser.parse_args(argv)
    try:
        figures = evaluate(args.book, args.truth, args.policy)
    except (OSError, KeyError, ValueError) as exc:
        print(f"run_eval: cannot evaluate: {exc}", file=sys.stderr)
        return 2
    print(report(figures, args.misses))
    return 1 if figures.missed_targets() else 0


if __name__ == "__main__":
    sys.exit(main())
