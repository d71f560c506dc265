"""The company policy: parsing, defaults, mistakes with line numbers, the loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from contactgate.core.policy import (
    DEFAULT_FAMILY_WORDS,
    DEFAULT_WEIGHTS,
    CustomerRow,
    Policy,
    PolicyError,
    Thresholds,
    parse_freemail,
    parse_policy,
)
from contactgate.io.policy_file import default_policy_path, load_freemail, load_policy

SRC = "company.toml"


def errors_of(text: str, rows: tuple[CustomerRow, ...] = ()) -> list[tuple[int, str]]:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, SRC, rows)
    return [(e.line, e.message) for e in caught.value.errors]


def only_error(text: str) -> tuple[int, str]:
    found = errors_of(text)
    assert len(found) == 1, found
    return found[0]


# --- what a policy says ------------------------------------------------------------

FULL = """\
[company]
name = "Muster GmbH"
region = "at"
timezone = "Europe/Vienna"
domains = ["muster.de", "@Muster-Gruppe.com"]

[customers]
domains = ["kunde-a.de"]

[categories]
business = ["Projekt Alpha", "Kunden*"]

[numbers]
business_prefixes = ["+49 89 4711", "0043 1 555"]
business = ["+49 30 1234567"]
private = ["01 234 5678"]

[emails]
business = ["Einkauf@Partner.example"]
freemail_extra = ["meinmail.example"]

[thresholds]
business_at = 4
private_at = -2

[consent]
reconfirm_months = 24

[weights]
ORG = 3
"""


def test_a_full_policy_is_read_into_its_fields() -> None:
    policy = parse_policy(FULL, SRC, freemail_domains=["gmx.de"])
    assert policy.company == "Muster GmbH"
    assert policy.region == "AT"
    assert policy.timezone == "Europe/Vienna"
    assert policy.company_domains == {"muster.de", "muster-gruppe.com"}
    assert policy.customer_domains == {"kunde-a.de"}
    assert policy.business_categories == ("projekt alpha", "kunden*")
    assert policy.business_number_prefixes == ("+49894711", "+431555")
    assert policy.business_numbers == {"+49301234567"}
    assert policy.private_numbers == {"+4312345678"}  # national, in the policy's region AT
    assert policy.business_emails == {"einkauf@partner.example"}
    assert policy.freemail_domains == {"gmx.de", "meinmail.example"}
    assert policy.thresholds == Thresholds(business_at=4, private_at=-2)
    assert policy.reconfirm_months == 24
    assert policy.weight("ORG") == 3 and policy.weight("TITLE") == DEFAULT_WEIGHTS["TITLE"]
    assert policy.source == SRC


def test_left_out_keys_keep_the_defaults() -> None:
    policy = parse_policy('[company]\nname = "X"\n', SRC)
    assert policy.family_words == DEFAULT_FAMILY_WORDS
    assert policy.region is None
    assert policy.timezone == "Europe/Berlin"
    assert policy.thresholds == Thresholds(3, -3)
    assert policy.reconfirm_months is None  # reconfirmation is off unless asked for


def test_an_empty_policy_is_the_default_policy() -> None:
    parsed = parse_policy("", SRC)
    assert parsed.family_words == Policy().family_words
    assert dict(parsed.weights) == DEFAULT_WEIGHTS


def test_the_version_changes_with_the_text_and_the_customer_list() -> None:
    a = parse_policy('[company]\nname = "A"\n', SRC)
    b = parse_policy('[company]\nname = "B"\n', SRC)
    rows = (CustomerRow("k.csv", 1, ("+49 171 5550001",)),)
    c = parse_policy('[company]\nname = "A"\n', SRC, rows)
    assert a.version != b.version and a.version != c.version
    assert a.version == parse_policy('[company]\nname = "A"\n', SRC).version
    assert len(a.version) == 12


# --- mistakes, each with its line --------------------------------------------------


@pytest.mark.parametrize(("text", "line", "words"), [
    ('[company]\nname = "x"\ncolour = "red"\n', 3, "unknown key company.colour"),
    ('[company]\nname = "x"\n[bogus]\na = 1\n', 3, "unknown table"),
    ('title = "x"\n', 1, "unknown table or key 'title'"),
    ('[company]\nname = 5\n', 2, "must be a text"),
    ('[company]\nregion = "XX"\n', 2, "not a country code"),
    ('[company]\ntimezone = "Mars/Olympus"\n', 2, "not a time zone"),
    ('[company]\n\ndomains = ["muster.de", "not a domain"]\n', 3, "not a domain"),
    ('[customers]\ndomains = "kunde.de"\n', 2, "must be a list of texts"),
    ('[names]\nfamily_words = [\n  "mama",\n  "pa$pa",\n]\n', 4, "not a keyword"),
    ('[numbers]\nbusiness_prefixes = ["089 4711"]\n', 2, "internationally"),
    ('[numbers]\nbusiness = ["+49 30 1234567", "hello"]\n', 2, "not a phone number"),
    ('[emails]\nprivate = ["nobody"]\n', 2, "not an e-mail address"),
    ('[thresholds]\nbusiness_at = 0\n', 2, "business_at must be 1 or more"),
    ('[thresholds]\nprivate_at = 2\n', 2, "private_at must be -1 or less"),
    ('[thresholds]\nbusiness_at = "3"\n', 2, "whole number"),
    ('[consent]\nreconfirm_months = 0\n', 2, "between 1 and 120"),
    ('[weights]\n\nHOME_TEL = 4\n', 3, "turns it around"),
    ('[weights]\nSHOE_SIZE = 4\n', 2, "unknown key weights.SHOE_SIZE"),
    # scores are stored as SQLite integers: a weight beyond them was once a traceback
    ('[weights]\nWORK_TEL = 99999999999999999999999\n', 2, "between -1000000 and 1000000"),
    ('[weights]\nFAMILY_WORD = -1000001\n', 2, "between -1000000 and 1000000"),
    ('[thresholds]\nbusiness_at = 1000001\n', 2, "between -1000000 and 1000000"),
])
def test_each_mistake_is_reported_at_its_line(text: str, line: int, words: str) -> None:
    found_line, message = only_error(text)
    assert found_line == line
    assert words in message


@pytest.mark.parametrize("nested", ["[" * 5000 + "]" * 5000, "{a=" * 3000 + "1" + "}" * 3000])
def test_values_nested_beyond_reason_are_a_mistake_at_their_line(nested: str) -> None:
    # tomllib recurses: this was a RecursionError traceback out of policy check and split
    assert only_error(f'[company]\nname = "x"\nregion = {nested}\n') == (
        3, "values nested too deeply for a policy")


@pytest.mark.parametrize("table", ["company", "customers"])
def test_a_free_mail_provider_is_no_company_or_customer_domain(table: str) -> None:
    # with gmx.de as the company's domain, every private friend on gmx.de was business
    text = f'[{table}]\ndomains = ["muster.de",\n  "GMX.de"]\n'
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, SRC, (), frozenset({"gmx.de", "web.de"}))
    [error] = caught.value.errors
    assert error.line == 3 and "'GMX.de' is a free-mail provider" in error.message


def test_a_threshold_order_that_lets_freemail_decide_is_refused() -> None:
    line, message = only_error('[thresholds]\nprivate_at = -1\n[weights]\nFREEMAIL = -2\n')
    assert line == 2 and "freemail" in message.lower()


def test_every_mistake_is_reported_in_line_order() -> None:
    text = '[company]\nname = 1\nregion = "ZZ"\n[thresholds]\nbusiness_at = -5\n'
    assert [line for line, _ in errors_of(text)] == [2, 3, 5]


@pytest.mark.parametrize(("text", "line"), [
    ('[company]\nname = "x\n', 2),
    ('[company\nname = "x"\n', 1),
    ('[company]\nname = "a"\nname = "b"\n', 3),
])
def test_toml_syntax_errors_carry_their_line(text: str, line: int) -> None:
    found_line, message = only_error(text)
    assert found_line == line
    assert message


def test_policy_error_prints_file_and_line() -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy('[company]\nregion = "XX"\n', "/etc/cg/policy.toml")
    assert str(caught.value).startswith("/etc/cg/policy.toml:2: company.region")


# --- customer list rows --------------------------------------------------------------


def rows(*lines: tuple[str, ...]) -> tuple[CustomerRow, ...]:
    return tuple(CustomerRow("kunden.csv", i, cells) for i, cells in enumerate(lines, 1))


def test_customer_rows_give_numbers_and_emails() -> None:
    policy = parse_policy('[company]\nregion = "DE"\n', SRC,
                          rows(("0171 5550001",), ("Einkauf@Kunde-B.de",), ("+43 1 5550002",)))
    assert policy.customer_numbers == {"+491715550001", "+4315550002"}
    assert policy.customer_emails == {"einkauf@kunde-b.de"}


def test_with_a_header_only_phone_and_email_columns_are_read() -> None:
    policy = parse_policy("", SRC, rows(("Kundennummer", "Name", "Telefon", "E-Mail"),
                                        ("100234", "Meier", "030 1234567", ""),
                                        ("100235", "Roth", "", "roth@example.de")))
    assert policy.customer_numbers == {"+49301234567"}  # not the customer id 100234
    assert policy.customer_emails == {"roth@example.de"}


def test_a_bad_customer_row_names_the_csv_file_and_its_line() -> None:
    text = '[customers]\nlist = "kunden.csv"\n'
    found = errors_of(text, rows(("0171 5550001",), ("nobody@",), ("12345678901234567890",)))
    assert found == [(2, "'nobody@' is not an e-mail address"),
                     (3, "'12345678901234567890' is not a phone number")]


def test_a_customer_list_without_any_number_is_an_error_at_the_key() -> None:
    line, message = only_error_rows('[customers]\n\nlist = "kunden.csv"\n',
                                    rows(("Name",), ("Meier",)))
    assert line == 3 and "no phone numbers" in message


def only_error_rows(text: str, customer_rows: tuple[CustomerRow, ...]) -> tuple[int, str]:
    found = errors_of(text, customer_rows)
    assert len(found) == 1, found
    return found[0]


# --- freemail list -------------------------------------------------------------------


def test_freemail_list_skips_comments_and_blank_lines() -> None:
    assert parse_freemail("# providers\nweb.de\n\nGMX.de  # GMX\n@gmail.com\n") == \
        {"web.de", "gmx.de", "gmail.com"}


def test_shipped_freemail_list_covers_german_and_international_providers() -> None:
    freemail = load_freemail()
    german = {"web.de", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "t-online.de", "freenet.de",
              "posteo.de", "mailbox.org", "arcor.de", "online.de", "magenta.de", "vodafone.de",
              "1und1.de", "yahoo.de", "hotmail.de", "outlook.de"}
    international = {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
                     "yahoo.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me",
                     "protonmail.com", "gmx.com", "mail.com", "yandex.ru"}
    assert german | international <= freemail


# --- the loader ----------------------------------------------------------------------


def test_the_shipped_policy_is_the_built_in_default() -> None:
    shipped = load_policy(None)
    default = Policy()
    for name in ("company", "region", "timezone", "company_domains", "customer_domains",
                 "business_categories", "private_categories", "business_label_keywords",
                 "private_label_keywords", "family_words", "business_name_words", "role_mailboxes",
                 "business_number_prefixes", "thresholds", "weights", "reconfirm_months"):
        assert getattr(shipped, name) == getattr(default, name), name
    assert "gmx.de" in shipped.freemail_domains
    assert shipped.source == str(default_policy_path())


def test_a_policy_file_reads_its_customer_list_relative_to_itself(tmp_path: Path) -> None:
    folder = tmp_path / "it"
    folder.mkdir()
    (folder / "kunden.csv").write_bytes(
        "Name;Telefon;E-Mail\nMüller;0171 5550001;einkauf@kunde-b.de\n".encode("cp1252"))
    (folder / "policy.toml").write_text('[customers]\nlist = "kunden.csv"\n', encoding="utf-8")
    policy = load_policy(folder / "policy.toml")
    assert policy.customer_numbers == {"+491715550001"}
    assert policy.customer_emails == {"einkauf@kunde-b.de"}
    assert "gmx.de" in policy.freemail_domains  # the shipped list applies to every policy


def test_a_missing_customer_list_is_an_error_at_the_key(tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text('[company]\nname = "X"\n\n[customers]\nlist = "weg.csv"\n')
    with pytest.raises(PolicyError) as caught:
        load_policy(policy_file)
    assert caught.value.line == 5
    assert caught.value.source == str(policy_file)
    assert "weg.csv" in caught.value.message


def test_a_bad_row_in_the_customer_list_is_reported_in_that_file(tmp_path: Path) -> None:
    (tmp_path / "k.csv").write_text("phone\n0171 5550001\nzero-one-seven-one@\n")
    (tmp_path / "p.toml").write_text('[customers]\nlist = "k.csv"\n')
    with pytest.raises(PolicyError) as caught:
        load_policy(tmp_path / "p.toml")
    assert str(caught.value) == f"{tmp_path / 'k.csv'}:3: 'zero-one-seven-one@' is not an " \
        "e-mail address"


def test_a_missing_policy_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(tmp_path / "nope.toml")
    assert caught.value.line == 0
    assert str(caught.value).startswith(str(tmp_path / "nope.toml") + ": cannot read")


def test_a_policy_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_bytes(b'[company]\nname = "M\xfcller"\n')
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.line == 2
