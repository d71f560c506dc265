"""The fuzzers' bounded share of ``make test`` (well under a minute).

* every stored regression input (``regressions/<target>/*.bin``) keeps the property;
* every seed (the shared vCard corpus, shipped policy, samples) keeps it;
* a short, derandomised hypothesis run per target (reproducible in CI; ``make
  fuzz`` explores at random and for longer);
* a short atheris run when atheris is installed (fixed seed and input count).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from contactgate.core.model import Card, Prop, Quarantined
from tests.fuzz.inputs import seeds, strategy
from tests.fuzz.run import REGRESSIONS, REPO, TARGET_NAMES
from tests.fuzz.targets import TARGETS, PropertyBroken, available, check_items

EXAMPLES = {"vcard": 250, "contacts_csv": 200, "consent_csv": 200, "policy": 200}


def _needs(name: str) -> None:
    if not available(name):
        pytest.skip(f"the {name} reader is not present yet")


def _regression_files() -> list[Path]:
    return sorted(REGRESSIONS.glob("*/*.bin"))


@pytest.mark.parametrize("path", _regression_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_stored_finding_stays_fixed(path: Path) -> None:
    name = path.parent.name
    _needs(name)
    TARGETS[name](path.read_bytes())


@pytest.mark.parametrize("name", TARGET_NAMES)
def test_every_seed_keeps_the_property(name: str) -> None:
    _needs(name)
    pool = seeds(name)
    assert pool
    for data in pool:
        TARGETS[name](data)


@pytest.mark.parametrize("name", TARGET_NAMES)
def test_short_fuzz_run(name: str) -> None:
    _needs(name)

    @settings(max_examples=EXAMPLES[name], deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy(name))
    def probe(data: bytes) -> None:
        TARGETS[name](data)

    probe()


def test_the_checks_catch_a_smuggled_line_break_and_a_silent_loss() -> None:
    """The property must be able to fail, or the fuzzing proves nothing."""
    smuggled = Card("x.vcf", 1, "3.0", [Prop("FN", "Anna\r\nEND:VCARD\r\nBEGIN:VCARD")])
    with pytest.raises(PropertyBroken):
        check_items([smuggled], "x.vcf")
    with pytest.raises(PropertyBroken):
        check_items([Quarantined("x.vcf", 1, "  ", b"BEGIN:VCARD")], "x.vcf")
    from tests.fuzz.targets import _top_level_begins

    book = b"BEGIN:VCARD\r\nAGENT:\r\nBEGIN:VCARD\r\nEND:VCARD\r\nEND:VCARD\r\nBEGIN:VCARD\r\n"
    assert _top_level_begins(book) == 2
    assert _top_level_begins(b"NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nBEGIN:VCARD\r\n") == 0


@pytest.mark.slow
def test_short_atheris_run_when_installed(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    names = [n for n in TARGET_NAMES if available(n)]
    command = [sys.executable, "-m", "tests.fuzz.run", "--engine", "atheris", "--seconds", "20",
               "--runs", "400", "--seed", "7", "--work", str(tmp_path)]
    for name in names:
        command += ["--target", name]
    before = set(_regression_files())
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300,
                            check=False)
    new = set(_regression_files()) - before
    assert result.returncode == 0 and not new, result.stdout + result.stderr
