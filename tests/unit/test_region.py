"""Which country numbers without + belong to: --region, policy, locale, else DE."""

from __future__ import annotations

import pytest

from contactgate.io.policy_file import load_policy
from contactgate.pipeline import resolve_region
from tests.conftest import SAMPLES


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de_AT.UTF-8", ("AT", "locale")), ("fr_CH", ("CH", "locale")),
     ("C.UTF-8", ("DE", "default")), ("POSIX", ("DE", "default")), ("", ("DE", "default"))],
)
def test_the_locale_decides_only_when_it_names_a_country(
    monkeypatch: pytest.MonkeyPatch, lang: str, expected: tuple[str, str]
) -> None:
    for var in ("LC_ALL", "LC_CTYPE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", lang)
    assert resolve_region(None, load_policy(None)) == expected


def test_command_line_beats_policy_beats_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    policy = load_policy(SAMPLES / "policy.toml")  # region DE
    assert resolve_region(None, policy) == ("DE", "policy")
    assert resolve_region("at", policy) == ("AT", "--region")
