"""``python -m tests.fuzz.run --seconds N``: fuzz ContactGate's readers (``make fuzz``).

Targets: the vCard reader, the contacts CSV reader, the consent CSV reader and
the policy loader (see ``targets.py`` for the property each must keep).

Engines: atheris (coverage-guided libFuzzer, used when it is installed:
``pip install 'atheris>=3.0,<3.1'`` on CPython 3.11) or hypothesis with a
time budget (always there: it is a test dependency). Each target gets an
equal share of the seconds. Every input that breaks a target is stored as
``tests/fuzz/regressions/<target>/<sha256-prefix>.bin``, which
``test_fuzz_short.py`` replays in every ``make test`` from then on: a crash
found once stays a test. Exit code 1 when anything was found.

Scratch state (atheris' growing corpus, logs) lives in ``.fuzz/`` at the repo root.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REGRESSIONS = Path(__file__).resolve().parent / "regressions"
WORK = REPO / ".fuzz"
TARGET_NAMES = ("vcard", "contacts_csv", "consent_csv", "policy")
MAX_LEN = 65_536
PER_INPUT_TIMEOUT_S = 10


@dataclass
class Outcome:
    target: str
    engine: str
    runs: int = 0
    findings: list[Path] = field(default_factory=list)
    note: str = ""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.child:
        return _atheris_child(args.child, args.seconds, args.runs, args.seed, args.work)
    engine = _engine(args.engine)
    names = args.target or list(TARGET_NAMES)
    share = max(1.0, args.seconds / len(names))
    outcomes = [_fuzz_one(name, engine, share, args) for name in names]
    _print_table(outcomes)
    return 1 if any(o.findings for o in outcomes) else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="total time budget")
    parser.add_argument("--target", action="append", choices=TARGET_NAMES,
                        help="fuzz only this target (repeatable)")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("--runs", type=int, default=-1,
                        help="atheris: stop after this many inputs per target (deterministic "
                        "with --seed); -1 runs until the time is up")
    parser.add_argument("--seed", type=int, default=0, help="random seed (0: a fresh one)")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="atheris' corpus and logs (default: .fuzz/ in the repo)")
    parser.add_argument("--child", choices=TARGET_NAMES, help=argparse.SUPPRESS)
    return parser


def _engine(choice: str) -> str:
    has_atheris = importlib.util.find_spec("atheris") is not None
    if choice == "atheris" and not has_atheris:
        raise SystemExit("atheris is not installed: pip install 'atheris>=3.0,<3.1'")
    if choice == "auto":
        return "atheris" if has_atheris else "hypothesis"
    return choice


def _fuzz_one(name: str, engine: str, seconds: float, args: argparse.Namespace) -> Outcome:
    from tests.fuzz.targets import available

    if not available(name):
        return Outcome(name, engine, note="skipped: reader not present yet")
    if engine == "atheris":
        return _run_atheris(name, seconds, args.runs, args.seed, args.work)
    return _run_hypothesis(name, seconds, args.seed)


# --- atheris -------------------------------------------------------------------------


def _run_atheris(name: str, seconds: float, runs: int, seed: int, root: Path) -> Outcome:
    work = root / name
    (work / "corpus").mkdir(parents=True, exist_ok=True)
    before = set(work.glob("crash-*")) | set(work.glob("timeout-*")) | set(work.glob("oom-*"))
    log = work / "last-run.log"
    command = [sys.executable, "-m", "tests.fuzz.run", "--child", name,
               "--seconds", str(seconds), "--runs", str(runs), "--seed", str(seed),
               "--work", str(root)]
    with open(log, "wb") as handle:
        completed = subprocess.run(command, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT,
                                   timeout=seconds + 120, check=False)
    text = log.read_text(encoding="utf-8", errors="replace")
    artifacts = (set(work.glob("crash-*")) | set(work.glob("timeout-*"))
                 | set(work.glob("oom-*"))) - before
    outcome = Outcome(name, "atheris", runs=_done_runs(text))
    outcome.findings = [save_regression(name, p.read_bytes()) for p in sorted(artifacts)]
    if completed.returncode != 0 and not artifacts:
        outcome.note = f"fuzzer exited {completed.returncode}; see {log}"
    elif artifacts:
        outcome.note = f"traceback in {log}"
    return outcome


def _done_runs(log: str) -> int:
    match = re.search(r"Done (\d+) runs", log) or re.findall(r"#(\d+)\s", log)[-1:]
    if isinstance(match, re.Match):
        return int(match.group(1))
    return int(match[0]) if match else 0


def _atheris_child(name: str, seconds: float, runs: int, seed: int, root: Path) -> int:
    import atheris

    from tests.fuzz.targets import MODULES

    with atheris.instrument_imports(include=["contactgate"]):
        for module in (*MODULES[name], "contactgate.io.vcard_write"):
            importlib.import_module(module)
    from tests.fuzz.inputs import seeds
    from tests.fuzz.targets import TARGETS

    work = root / name
    corpus = work / "corpus"
    for data in seeds(name):
        (corpus / ("seed-" + _digest(data))).write_bytes(data[:MAX_LEN])
    target = TARGETS[name]
    options = [sys.argv[0], str(corpus), f"-max_total_time={max(1, int(seconds))}",
               f"-artifact_prefix={work}{os.sep}", f"-max_len={MAX_LEN}",
               f"-timeout={PER_INPUT_TIMEOUT_S}", "-rss_limit_mb=2048", "-print_final_stats=1"]
    if runs >= 0:
        options.append(f"-runs={runs}")
    if seed:
        options.append(f"-seed={seed}")
    atheris.Setup(options, target)
    atheris.Fuzz()
    return 0


# --- hypothesis ----------------------------------------------------------------------


def _run_hypothesis(name: str, seconds: float, seed: int) -> Outcome:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fix_seed

    from tests.fuzz.inputs import strategy
    from tests.fuzz.targets import TARGETS

    target = TARGETS[name]
    outcome = Outcome(name, "hypothesis")
    last: list[bytes] = [b""]
    deadline = time.monotonic() + seconds
    batch = 0
    while time.monotonic() < deadline:
        batch += 1

        @settings(max_examples=200, deadline=None, database=None,
                  phases=[Phase.generate, Phase.shrink],
                  suppress_health_check=list(HealthCheck))
        @given(strategy(name))
        def probe(data: bytes) -> None:
            last[0] = data
            outcome.runs += 1
            target(data)

        if seed:
            probe = fix_seed(seed + batch)(probe)
        try:
            probe()
        except Exception:  # the last call is hypothesis' shrunk, minimal example
            found = save_regression(name, last[0])
            if found not in outcome.findings:
                outcome.findings.append(found)
            outcome.note = traceback.format_exc(limit=-3).strip().splitlines()[-1]
    return outcome


# --- findings ------------------------------------------------------------------------


def save_regression(name: str, data: bytes) -> Path:
    folder = REGRESSIONS / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_digest(data)}.bin"
    path.write_bytes(data)
    return path


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _print_table(outcomes: list[Outcome]) -> None:
    print(f"{'target':<14} {'engine':<11} {'inputs':>9} findings")
    for o in outcomes:
        found = ", ".join(str(p.relative_to(REPO)) for p in o.findings) or "none"
        print(f"{o.target:<14} {o.engine:<11} {o.runs:>9} {found}")
        if o.note:
            print(f"{'':<14} {o.note}")


if __name__ == "__main__":
    sys.exit(main())
