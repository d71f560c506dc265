"""``contactgate policy check FILE``: OK with a summary, or every mistake as FILE:LINE."""

from __future__ import annotations

import io
import json
from pathlib import Path

from contactgate.cli import main
from contactgate.io.policy_file import default_policy_path


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "policy.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_policy_is_ok_with_company_and_rule_count(tmp_path: Path) -> None:
    path = write(tmp_path, '[company]\nname = "Muster GmbH"\ndomains = ["muster.de"]\n')
    code, out, err = run("policy", "check", path)
    assert code == 0
    assert err.startswith(f"{path}: OK (company Muster GmbH, ")  # a message: stderr
    assert err.rstrip().endswith("rules)")
    assert out == ""


def test_the_shipped_policy_passes_its_own_check() -> None:
    code, _, err = run("policy", "check", default_policy_path())
    assert code == 0 and ": OK (" in err


def test_every_mistake_is_printed_as_file_line_message_and_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, '[company]\nname = "X"\nregion = "XX"\ncolour = 1\n'
                           '[thresholds]\nbusiness_at = 0\n')
    code, out, err = run("policy", "check", path)
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:3", f"{path}:4", f"{path}:6"]
    assert "region" in lines[0] and "colour" in lines[1] and "business_at" in lines[2]


def test_a_toml_syntax_error_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, '[company]\nname = "unclosed\n')
    code, _, err = run("policy", "check", path)
    assert code == 2
    assert err.startswith(f"{path}:2: ")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_a_missing_file_exits_2_with_its_name(tmp_path: Path) -> None:
    code, _, err = run("policy", "check", tmp_path / "missing.toml")
    assert code == 2
    assert err.startswith(f"{tmp_path / 'missing.toml'}: cannot read")


def test_mistakes_in_the_customer_list_name_the_csv_and_its_line(tmp_path: Path) -> None:
    write(tmp_path, "telefon\n0171 5550001\n017x-oops-12345@@\n", name="kunden.csv")
    path = write(tmp_path, '[customers]\nlist = "kunden.csv"\n')
    code, _, err = run("policy", "check", path)
    assert code == 2
    assert err.startswith(f"{tmp_path / 'kunden.csv'}:3: ")


def test_json_gives_one_object_on_stdout(tmp_path: Path) -> None:
    good = write(tmp_path, '[company]\nname = "Muster"\nregion = "DE"\n')
    code, out, _ = run("--json", "policy", "check", good)
    summary = json.loads(out)
    assert code == 0
    assert summary["ok"] is True and summary["company"] == "Muster"
    assert summary["region"] == "DE" and summary["rules"] > 0 and summary["version"]
    bad = write(tmp_path, '[company]\nregion = "XX"\n', name="bad.toml")
    code, out, _ = run("--json", "policy", "check", bad)
    report = json.loads(out)
    assert code == 2
    assert report["ok"] is False
    assert report["errors"][0]["line"] == 2 and "region" in report["errors"][0]["message"]


def test_policy_without_an_action_is_a_usage_error() -> None:
    code, _, err = run("policy")
    assert code == 2
    assert "usage" in err
