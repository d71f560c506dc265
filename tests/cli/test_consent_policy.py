"""Consent commands read region, time zone and controller from the company policy."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SAMPLES, CliRun

Run = Callable[..., CliRun]
POLICY = SAMPLES / "policy.toml"  # company "Muster Haustechnik GmbH", region DE


def exported(cli: Run, tmp_path: Path) -> list[dict[str, str]]:
    assert cli("consent", "export", tmp_path / "register.csv").code == 0
    with (tmp_path / "register.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_consent_add_records_the_policy_company_as_controller(cli: Run, tmp_path: Path) -> None:
    result = cli("consent", "add", "0171 3920099", "--granted-at", "2026-03-01",
                 "--method", "web_form", "--evidence", "form 1", "--policy", POLICY)
    assert result.code == 0, result.err
    rows = exported(cli, tmp_path)
    assert rows[0]["controller"] == "Muster Haustechnik GmbH"
    assert rows[0]["phone"].lstrip("'") == "+491713920099"  # national number read as German


def test_split_import_records_the_controller_too(cli: Run, tmp_path: Path) -> None:
    result = cli("split", SAMPLES / "phone-book.vcf", "--consents", SAMPLES / "consents.csv",
                 "--policy", POLICY, "--out-dir", tmp_path / "out")
    assert result.code == 0, result.err
    assert {row["controller"] for row in exported(cli, tmp_path)} == {"Muster Haustechnik GmbH"}
