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


def test_consent_list_judges_validity_with_the_policy_reconfirmation(
    cli: Run, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[company]\nregion = "DE"\n[consent]\nreconfirm_months = 6\n',
                      encoding="utf-8")
    assert cli("consent", "add", "0171 3920099", "--granted-at", "2026-01-15",
               "--method", "web_form", "--evidence", "form 1").code == 0
    assert "1 consent record" in cli("--region", "DE", "consent", "list", "--valid-at",
                                     "2026-09-01").err
    lapsed = cli("consent", "list", "--valid-at", "2026-09-01", "--policy", policy)
    assert "0 consent record" in lapsed.err
    due = cli("consent", "list", "--valid-at", "2026-06-01", "--expiring-within", "60",
              "--policy", policy)
    assert "1 consent record" in due.err  # its review date, 2026-07-15, is within 60 days
