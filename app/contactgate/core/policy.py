"""The company policy: TOML text (distributed by IT) → :class:`Policy`.

Pure: the caller reads the files (``contactgate.io.policy_file``) and passes the
text, the rows of the customer list and the freemail domains in. Every mistake
is a :class:`PolicyError` naming the file and the line; :func:`parse_policy`
collects all of them so ``policy check`` can list every one at once.

A key left out keeps the built-in default (the values below, which the shipped
``resources/policy.toml`` repeats with comments); a key that is given replaces
the default list.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import NumberParseException

from contactgate.core.model import InputError

DEFAULT_TIMEZONE = "Europe/Berlin"
NUMBER_REGION_FALLBACK = "DE"  # for national numbers in a policy that names no region

# --- weights: the one table of reason codes and their default weight -------------

# weights and thresholds stay within this: scores are stored as SQLite integers, and
# no sensible policy comes near it
SCORE_LIMIT = 1_000_000

# Positive codes speak for business, negative ones for private. The classifier's
# precedence rules (family words outrank hints …) work on these codes.
DEFAULT_WEIGHTS: dict[str, int] = {
    # facts the company states in its policy, or the user's own grouping
    "BUSINESS_NUMBER": 10,
    "BUSINESS_EMAIL": 10,
    "CUSTOMER_NUMBER": 8,
    "CUSTOMER_EMAIL": 8,
    "COMPANY_DOMAIN": 6,
    "CUSTOMER_DOMAIN": 6,
    "BUSINESS_CATEGORY": 5,
    "BUSINESS_PREFIX": 4,
    # WORK types on TEL, EMAIL, ADR
    "WORK_TEL": 2,
    "WORK_EMAIL": 2,
    "WORK_ADR": 1,
    # weaker hints (a friend's card may carry them too)
    "ORG": 1,
    "ORG_ONLY": 2,
    "TITLE": 1,
    "ROLE": 1,
    "SHOW_AS_COMPANY": 2,
    "BUSINESS_LABEL": 2,
    "BUSINESS_NAME": 3,
    "NUMBER_KIND": 3,
    "FAX": 1,
    "OWN_DOMAIN": 2,
    "ROLE_ADDRESS": 2,
    # private
    "PRIVATE_NUMBER": -10,
    "PRIVATE_EMAIL": -10,
    "FAMILY_WORD": -8,
    "PRIVATE_CATEGORY": -6,
    "HOME_TEL": -4,
    "HOME_EMAIL": -3,
    "HOME_ADR": -3,
    "PRIVATE_LABEL": -4,
    "FREEMAIL": -1,
}

# --- built-in defaults (resources/policy.toml shows the same values) --------------

DEFAULT_BUSINESS_CATEGORIES: tuple[str, ...] = (
    "arbeit", "beruf*", "business", "geschäft*", "geschaeft*", "firma", "firmen*",
    "company", "work", "büro*", "buero*", "office", "kunde*", "kundin*", "customer*",
    "client*", "kollege*", "kollegin*", "*kollegen", "*kolleginnen", "colleague*",
    "coworker*", "lieferant*", "supplier*", "vendor*", "dienstlich",
)  # fmt: skip
DEFAULT_PRIVATE_CATEGORIES: tuple[str, ...] = (
    "familie", "family", "freunde", "freund*", "*freunde", "friends", "friend", "privat*",
    "private", "personal", "verwandt*", "relatives", "nachbar*", "neighbo*", "verein*",
    "*verein", "schule", "kita", "kindergarten", "school", "hobby*",
)  # fmt: skip
DEFAULT_BUSINESS_LABEL_KEYWORDS: tuple[str, ...] = (
    "work*", "arbeit*", "büro*", "buero*", "office", "firma", "firmen*", "geschäft*",
    "geschaeft*", "dienst*", "business", "company", "zentrale", "durchwahl",
    "sekretariat", "assistant", "assistent*", "manager", "kunde*", "customer",
    "lieferant*", "supplier", "hotline", "support",
)  # fmt: skip
DEFAULT_PRIVATE_LABEL_KEYWORDS: tuple[str, ...] = (
    "home", "privat*", "private", "personal", "zuhause", "daheim", "mother", "father",
    "parent", "brother", "sister", "child", "son", "daughter", "spouse", "husband",
    "wife", "partner", "friend", "mutter", "vater", "eltern", "bruder", "schwester",
    "kind", "sohn", "tochter", "ehefrau", "ehemann", "freund", "freundin",
)  # fmt: skip
DEFAULT_FAMILY_WORDS: tuple[str, ...] = (
    "mama", "mami", "mutti", "mum", "mom", "mommy", "mummy", "papa", "papi", "vati",
    "dad", "daddy", "oma", "omi", "opa", "opi", "grandma", "grandpa", "granny",
    "grandad", "grandmother", "grandfather", "grossmutter", "grossvater", "schatz",
    "schatzi", "liebling", "tante", "onkel", "aunt", "auntie",
    "uncle", "schwester", "bruder", "sister", "brother", "sis", "bro", "cousin",
    "cousine", "neffe", "nichte", "nephew", "niece", "schwager", "schwägerin",
    "schwieger*", "mother-in-law", "father-in-law", "eltern", "parents", "sohn",
    "tochter", "daughter", "ehemann", "ehefrau", "husband", "wife", "hubby", "wifey",
    "bruderherz", "brüderchen", "schwesterherz", "schwesterchen", "tantchen", "omchen",
    "mausi", "maus", "hasi", "häschen", "bärchen", "spatz", "spatzi", "schnucki",
    "schnuckel", "liebste", "liebster", "babe", "honey", "sweetie", "darling",
)  # fmt: skip
DEFAULT_ROLE_MAILBOXES: tuple[str, ...] = (
    "info", "kontakt", "contact", "office", "buero", "büro", "service", "support", "mail",
    "post", "verwaltung", "vertrieb", "sales", "einkauf", "bestellung", "auftrag",
    "rechnung", "rechnungen", "buchhaltung", "zentrale", "empfang", "team", "hello",
    "hallo", "anfrage", "termine", "praxis", "kanzlei", "invoice", "billing", "orders",
    "bewerbung", "jobs", "presse", "press", "marketing", "noreply", "no-reply",
)  # fmt: skip
DEFAULT_BUSINESS_NAME_WORDS: tuple[str, ...] = (
    "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "gbr", "ug", "e.k", "e.kfm", "e.v",
    "ltd", "llc", "inc", "corp", "plc", "s.a", "sarl", "s.r.l", "srl", "b.v", "n.v",
    "s.p.a", "praxis", "kanzlei", "hotline", "zentrale", "kundendienst",
    "kundenservice", "sekretariat", "vertrieb", "einkauf", "buchhaltung", "service",
    "support", "helpdesk",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Score ≥ ``business_at`` → business; ≤ ``private_at`` → private; between → unsure."""

    business_at: int = 3
    private_at: int = -3


@dataclass(frozen=True)
class Policy:
    company: str = ""
    region: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    company_domains: frozenset[str] = frozenset()
    customer_domains: frozenset[str] = frozenset()
    business_categories: tuple[str, ...] = DEFAULT_BUSINESS_CATEGORIES
    private_categories: tuple[str, ...] = DEFAULT_PRIVATE_CATEGORIES
    business_label_keywords: tuple[str, ...] = DEFAULT_BUSINESS_LABEL_KEYWORDS
    private_label_keywords: tuple[str, ...] = DEFAULT_PRIVATE_LABEL_KEYWORDS
    family_words: tuple[str, ...] = DEFAULT_FAMILY_WORDS
    business_name_words: tuple[str, ...] = DEFAULT_BUSINESS_NAME_WORDS
    role_mailboxes: tuple[str, ...] = DEFAULT_ROLE_MAILBOXES  # info@, kontakt@ …: no person's
    business_number_prefixes: tuple[str, ...] = ()  # E.164 prefixes, "+4989471"
    business_numbers: frozenset[str] = frozenset()  # E.164
    private_numbers: frozenset[str] = frozenset()
    business_emails: frozenset[str] = frozenset()  # lower case
    private_emails: frozenset[str] = frozenset()
    customer_numbers: frozenset[str] = frozenset()
    customer_emails: frozenset[str] = frozenset()
    freemail_domains: frozenset[str] = frozenset()
    thresholds: Thresholds = field(default_factory=Thresholds)
    weights: tuple[tuple[str, int], ...] = tuple(DEFAULT_WEIGHTS.items())
    reconfirm_months: int | None = None  # off unless the policy sets it
    version: str = ""
    source: str = ""

    def weight(self, code: str) -> int:
        return dict(self.weights)[code]


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """One row of the customer list CSV as read: its cells, where it came from."""

    source: str
    line: int
    cells: tuple[str, ...]


class PolicyError(InputError):
    """A mistake in a policy (or its customer list) at ``source:line``.

    ``errors`` holds every mistake found in the same pass (this one first), so a
    check can report them all; ``line`` 0 means the file as a whole.
    """

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(source, message)
        self.source = source
        self.line = line
        self.errors: tuple[PolicyError, ...] = (self,)

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


# --- entry points ------------------------------------------------------------------


def parse_policy(
    text: str,
    source: str,
    customer_rows: Sequence[CustomerRow] = (),
    freemail_domains: Iterable[str] = (),
) -> Policy:
    """The policy in ``text``; raises :class:`PolicyError` listing every mistake."""
    data = _load_toml(text, source)
    reader = _Reader(text, source, data)
    policy = reader.policy(customer_rows, frozenset(freemail_domains))
    if reader.errors:
        # the policy's own lines first, in order; then the customer list's
        errors = sorted(reader.errors, key=lambda e: (e.source != source, e.source, e.line))
        errors[0].errors = tuple(errors)
        raise errors[0]
    return policy


def customer_list_ref(text: str, source: str) -> tuple[str, int] | None:
    """The customer list path as written in the policy, and the line of its key."""
    data = _load_toml(text, source)
    customers = data.get("customers")
    if not isinstance(customers, dict) or "list" not in customers:
        return None
    path = customers["list"]
    line = _KeyIndex(text).line(("customers", "list"))
    if not isinstance(path, str):
        raise PolicyError(source, line, "customers.list must be a text (a file path)")
    return (path, line) if path.strip() else None


def parse_freemail(text: str) -> frozenset[str]:
    """Domains of a freemail list: one a line, ``#`` starts a comment."""
    domains = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(d.removeprefix("@") for d in domains if d)


def policy_version(text: str, customers: Iterable[str] = ()) -> str:
    """A short fingerprint: equal policies (and customer lists) give equal versions."""
    digest = hashlib.sha256(text.encode("utf-8"))
    for entry in sorted(customers):
        digest.update(b"\n" + entry.encode("utf-8"))
    return digest.hexdigest()[:12]


# --- TOML and where its keys are ---------------------------------------------------

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def _load_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:  # tomllib parses nested arrays and tables by recursion
        lines = text.splitlines() or [""]
        deepest = max(range(len(lines)), key=lambda i: lines[i].count("[") + lines[i].count("{"))
        raise PolicyError(source, deepest + 1, "values nested too deeply for a policy") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match:
            short = message[: match.start()]
            raise PolicyError(source, int(match.group(1)),
                              f"{short} (column {match.group(2)})") from None
        end = _TOML_AT_END.search(message)
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        raise PolicyError(source, line, message[: end.start()] if end else message) from None


_TABLE_LINE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
                       r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=")


def _dotted(path: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in path.split("."))


class _KeyIndex:
    """Line numbers of tables and keys, found by a light scan of the text.

    tomllib gives values, not positions; a line-wise scan is exact for the
    plain layout a policy uses and falls back to the table's line otherwise.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._index: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(self.lines, 1):
            table_match = _TABLE_LINE.match(line)
            if table_match:
                table = _dotted(table_match.group(1))
                self._index.setdefault(table, number)
                continue
            key_match = _KEY_LINE.match(line)
            if key_match:
                self._index.setdefault(table + _dotted(key_match.group(1)), number)

    def line(self, path: tuple[str, ...]) -> int:
        while path:
            if path in self._index:
                return self._index[path]
            path = path[:-1]
        return 1

    def value_line(self, path: tuple[str, ...], value: str) -> int:
        """The line of one element of an array: the first quoted ``value`` from the key on."""
        start = self.line(path)
        quoted = (f'"{value}"', f"'{value}'")
        for number in range(start, len(self.lines) + 1):
            if any(q in self.lines[number - 1] for q in quoted):
                return number
        return start


# --- the reader: one method per table ----------------------------------------------

_SCHEMA: dict[str, frozenset[str]] = {
    "company": frozenset({"name", "region", "timezone", "domains"}),
    "customers": frozenset({"domains", "list"}),
    "categories": frozenset({"business", "private"}),
    "labels": frozenset({"business", "private"}),
    "names": frozenset({"family_words", "business_words"}),
    "numbers": frozenset({"business_prefixes", "business", "private"}),
    "emails": frozenset({"business", "private", "freemail_extra", "role_mailboxes"}),
    "thresholds": frozenset({"business_at", "private_at"}),
    "consent": frozenset({"reconfirm_months"}),
    "weights": frozenset(DEFAULT_WEIGHTS),
}

_DOMAIN = re.compile(r"^(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_KEYWORD = re.compile(r"^[\w .'’*&-]+$")
_PREFIX = re.compile(r"^\+[1-9]\d{1,14}$")
_PHONE_CHARS = re.compile(r"^[\d\s+()\-/.]+$")
_NUMBER_SEPARATORS = re.compile(r"[\s()\-/.]")


class _Reader:
    def __init__(self, text: str, source: str, data: dict[str, Any]) -> None:
        self.text = text
        self.source = source
        self.data = data
        self.keys = _KeyIndex(text)
        self.errors: list[PolicyError] = []

    def error(self, line: int, message: str) -> None:
        self.errors.append(PolicyError(self.source, line, message))

    def policy(self, customer_rows: Sequence[CustomerRow], freemail: frozenset[str]) -> Policy:
        self._check_schema()
        region = self._region()
        number_region = region or NUMBER_REGION_FALLBACK
        customer_numbers, customer_emails = self._customers(customer_rows, number_region)
        return Policy(
            company=self._text("company", "name", ""),
            region=region,
            timezone=self._timezone(),
            company_domains=self._domains("company", "domains", freemail),
            customer_domains=self._domains("customers", "domains", freemail),
            business_categories=self._keywords("categories", "business",
                                               DEFAULT_BUSINESS_CATEGORIES),
            private_categories=self._keywords("categories", "private",
                                              DEFAULT_PRIVATE_CATEGORIES),
            business_label_keywords=self._keywords("labels", "business",
                                                   DEFAULT_BUSINESS_LABEL_KEYWORDS),
            private_label_keywords=self._keywords("labels", "private",
                                                  DEFAULT_PRIVATE_LABEL_KEYWORDS),
            family_words=self._keywords("names", "family_words", DEFAULT_FAMILY_WORDS),
            business_name_words=self._keywords("names", "business_words",
                                               DEFAULT_BUSINESS_NAME_WORDS),
            role_mailboxes=self._keywords("emails", "role_mailboxes", DEFAULT_ROLE_MAILBOXES),
            business_number_prefixes=self._prefixes(),
            business_numbers=self._numbers("business", number_region),
            private_numbers=self._numbers("private", number_region),
            business_emails=self._emails("business"),
            private_emails=self._emails("private"),
            customer_numbers=customer_numbers,
            customer_emails=customer_emails,
            freemail_domains=freemail | self._domains("emails", "freemail_extra"),
            thresholds=self._thresholds(),
            weights=self._weights(),
            reconfirm_months=self._reconfirm_months(),
            version=policy_version(self.text, sorted(customer_numbers | customer_emails)),
            source=self.source,
        )

    # -- structure

    def _check_schema(self) -> None:
        for table, value in self.data.items():
            if table not in _SCHEMA:
                known = ", ".join(f"[{name}]" for name in _SCHEMA)
                self.error(self.keys.line((table,)), f"unknown table or key {table!r} "
                           f"(known tables: {known})")
                continue
            if not isinstance(value, dict):
                self.error(self.keys.line((table,)), f"{table!r} must be a table: [{table}]")
                continue
            for key in value:
                if key not in _SCHEMA[table]:
                    known = ", ".join(sorted(_SCHEMA[table]))
                    self.error(self.keys.line((table, key)),
                               f"unknown key {table}.{key} (known: {known})")

    def _get(self, table: str, key: str) -> Any:
        section = self.data.get(table)
        return section.get(key) if isinstance(section, dict) else None

    def _line(self, table: str, key: str) -> int:
        return self.keys.line((table, key))

    def _text(self, table: str, key: str, default: str) -> str:
        value = self._get(table, key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.error(self._line(table, key), f"{table}.{key} must be a text in quotes")
            return default
        return value.strip()

    def _list(self, table: str, key: str) -> list[str] | None:
        value = self._get(table, key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(self._line(table, key),
                       f'{table}.{key} must be a list of texts, e.g. ["a", "b"]')
            return None
        return [v.strip() for v in value]

    def _int(self, table: str, key: str, limit: int | None = None) -> int | None:
        """A whole number, within ±``limit`` when given; None (and an error) otherwise."""
        value = self._get(table, key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(self._line(table, key), f"{table}.{key} must be a whole number")
            return None
        if limit is not None and not -limit <= value <= limit:
            self.error(self._line(table, key),
                       f"{table}.{key} must be between -{limit} and {limit}")
            return None
        return value

    # -- company

    def _region(self) -> str | None:
        region = self._text("company", "region", "")
        if not region:
            return None
        if region.upper() not in phonenumbers.SUPPORTED_REGIONS:
            self.error(self._line("company", "region"),
                       f"company.region {region!r} is not a country code such as DE, AT, CH")
            return None
        return region.upper()

    def _timezone(self) -> str:
        name = self._text("company", "timezone", DEFAULT_TIMEZONE)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            self.error(self._line("company", "timezone"),
                       f"company.timezone {name!r} is not a time zone such as Europe/Berlin")
            return DEFAULT_TIMEZONE
        return name

    def _domains(self, table: str, key: str,
                 freemail: frozenset[str] = frozenset()) -> frozenset[str]:
        """Domains of a list; a free-mail provider in ``freemail`` is refused (company and
        customer domains: everyone with a gmx.de address would count as business)."""
        domains: set[str] = set()
        for raw in self._list(table, key) or ():
            domain = raw.lower().removeprefix("@").removeprefix("*.")
            if not _DOMAIN.match(domain):  # the line is looked up for a mistake only
                self.error(self.keys.value_line((table, key), raw),
                           f"{table}.{key}: {raw!r} is not a domain such as example.de")
                continue
            if domain in freemail:
                self.error(self.keys.value_line((table, key), raw),
                           f"{table}.{key}: {raw!r} is a free-mail provider, whose users "
                           "are mostly private people; list the domains of your own mail")
                continue
            domains.add(domain)
        return frozenset(domains)

    def _keywords(self, table: str, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        values = self._list(table, key)
        if values is None:
            return default
        keywords: list[str] = []
        for raw in values:
            word = " ".join(raw.casefold().split())
            if not word or not _KEYWORD.match(word) or not word.strip("*"):
                line = self.keys.value_line((table, key), raw)
                self.error(line, f"{table}.{key}: {raw!r} is not a keyword (letters, digits, "
                           "spaces, '.', '-', and '*' as a wildcard)")
                continue
            keywords.append(word)
        return tuple(dict.fromkeys(keywords))

    # -- numbers and e-mails

    def _prefixes(self) -> tuple[str, ...]:
        prefixes: list[str] = []
        for raw in self._list("numbers", "business_prefixes") or ():
            prefix = _NUMBER_SEPARATORS.sub("", raw)
            prefix = "+" + prefix[2:] if prefix.startswith("00") else prefix
            if not _PREFIX.match(prefix):
                line = self.keys.value_line(("numbers", "business_prefixes"), raw)
                self.error(line, f"numbers.business_prefixes: {raw!r} must be written "
                           "internationally, e.g. \"+49 89 4711\"")
                continue
            prefixes.append(prefix)
        return tuple(dict.fromkeys(prefixes))

    def _numbers(self, key: str, region: str) -> frozenset[str]:
        numbers: set[str] = set()
        for raw in self._list("numbers", key) or ():
            e164 = _to_e164(raw, region)
            if e164 is None:
                line = self.keys.value_line(("numbers", key), raw)
                self.error(line, f"numbers.{key}: {raw!r} is not a phone number")
                continue
            numbers.add(e164)
        return frozenset(numbers)

    def _emails(self, key: str) -> frozenset[str]:
        emails: set[str] = set()
        for raw in self._list("emails", key) or ():
            address = raw.lower()
            if not _EMAIL.match(address):
                line = self.keys.value_line(("emails", key), raw)
                self.error(line, f"emails.{key}: {raw!r} is not an e-mail address")
                continue
            emails.add(address)
        return frozenset(emails)

    def _customers(self, rows: Sequence[CustomerRow],
                   region: str) -> tuple[frozenset[str], frozenset[str]]:
        numbers: set[str] = set()
        emails: set[str] = set()
        columns = _customer_columns(rows[0].cells) if rows else None
        for row in rows[1:] if columns is not None else rows:
            cells = row.cells if columns is None else tuple(
                row.cells[i] for i in columns if i < len(row.cells))
            problem = _read_customer_cells(row, cells, region, numbers, emails)
            if problem is not None:
                self.errors.append(problem)
        if rows and not numbers and not emails:
            self.error(self._line("customers", "list"),
                       "the customer list holds no phone numbers or e-mail addresses")
        return frozenset(numbers), frozenset(emails)

    # -- scores

    def _thresholds(self) -> Thresholds:
        default = Thresholds()
        business_at = self._int("thresholds", "business_at", SCORE_LIMIT)
        private_at = self._int("thresholds", "private_at", SCORE_LIMIT)
        business_at = default.business_at if business_at is None else business_at
        private_at = default.private_at if private_at is None else private_at
        if business_at < 1:
            self.error(self._line("thresholds", "business_at"),
                       "thresholds.business_at must be 1 or more (a card without any "
                       "business signal must never be business)")
        if private_at > -1:
            self.error(self._line("thresholds", "private_at"),
                       "thresholds.private_at must be -1 or less (a card without any "
                       "private signal must never be private)")
        freemail = self._weight_value("FREEMAIL")
        if -1 >= private_at >= freemail:
            self.error(self._line("thresholds", "private_at"),
                       f"thresholds.private_at must be below the FREEMAIL weight ({freemail}):"
                       " a freemail address alone never makes a contact private")
        return Thresholds(business_at, private_at)

    def _weight_value(self, code: str) -> int:
        value = self._get("weights", code)
        ok = isinstance(value, int) and not isinstance(value, bool) and abs(value) <= SCORE_LIMIT
        return value if ok else DEFAULT_WEIGHTS[code]

    def _weights(self) -> tuple[tuple[str, int], ...]:
        weights = dict(DEFAULT_WEIGHTS)
        for code, default in DEFAULT_WEIGHTS.items():
            value = self._int("weights", code, SCORE_LIMIT)
            if value is None:
                continue
            if (default > 0 and value < 0) or (default < 0 and value > 0):
                side = "business (0 or more)" if default > 0 else "private (0 or less)"
                self.error(self._line("weights", code),
                           f"weights.{code} speaks for {side}; {value} turns it around")
                continue
            weights[code] = value
        return tuple(weights.items())

    def _reconfirm_months(self) -> int | None:
        months = self._int("consent", "reconfirm_months")
        if months is not None and not 1 <= months <= 120:
            self.error(self._line("consent", "reconfirm_months"),
                       "consent.reconfirm_months must be between 1 and 120 "
                       "(leave it out to switch reconfirmation off)")
            return None
        return months


def _to_e164(raw: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _looks_like_number(cell: str) -> bool:
    digits = sum(ch.isdigit() for ch in cell)
    return digits >= 5 and bool(_PHONE_CHARS.match(cell))


_CUSTOMER_HEADER = re.compile(
    r"^(?:phone|phone.?number|telephone|telefon\w*|tel|mobil\w*|handy\w*|rufnummer|"
    r"nummer|number|e164|e.?mail\w*|mail|mail.?adresse)$"
)


def _customer_columns(header: tuple[str, ...]) -> tuple[int, ...] | None:
    """Columns named like phone or e-mail columns; None when the first row is no such header.

    A CRM export also holds customer ids and postcodes, which look like numbers:
    with a header, only the phone and e-mail columns are read.
    """
    named = tuple(i for i, cell in enumerate(header)
                  if _CUSTOMER_HEADER.match(cell.strip().casefold()))
    return named or None


def _read_customer_cells(row: CustomerRow, cells: tuple[str, ...], region: str,
                         numbers: set[str], emails: set[str]) -> PolicyError | None:
    """Add the row's numbers and e-mails; cells that are neither (names…) are skipped."""
    for cell in (c.strip() for c in cells):
        if "@" in cell:
            if not _EMAIL.match(cell.lower()):
                return PolicyError(row.source, row.line, f"{cell!r} is not an e-mail address")
            emails.add(cell.lower())
        elif _looks_like_number(cell):
            e164 = _to_e164(cell, region)
            if e164 is None:
                return PolicyError(row.source, row.line, f"{cell!r} is not a phone number")
            numbers.add(e164)
    return None
