"""Business or private, and why: small rules, each giving named, weighted reasons.

A verdict's score is the sum of its reasons' weights; the policy's thresholds
turn the score into a bucket. Two precedence rules are reasons of their own,
so the sum still explains the bucket:

* ``OUTRANKED``: a family word, a private category or label, a HOME type or a
  number/e-mail the policy calls private outranks the weaker business hints
  (ORG, TITLE, labels …) unless a business *fact* (company or customer domain,
  customer list, policy lists, business category) speaks against it. The
  hints' weight is taken back, so such a card is private, not unsure.
* ``BARE_CARD``: a card with only a name and mobile numbers is never business
  on hints alone (a legal form in the name, a number prefix); only a number the
  policy or customer list names can make it business.

Freemail alone never makes a contact private: the private bucket needs a
private signal other than ``FREEMAIL``. A consent is never a signal here: the
gate, not the classifier, looks at consents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Protocol

from contactgate.core.model import (
    BUSINESS,
    PRIVATE,
    UNSURE,
    Bucket,
    Contact,
    Reason,
    Verdict,
)
from contactgate.core.policy import Policy

# --- reason codes by role in the precedence rules ---------------------------------

BUSINESS_FACTS = frozenset({
    "BUSINESS_NUMBER", "BUSINESS_EMAIL", "CUSTOMER_NUMBER", "CUSTOMER_EMAIL",
    "COMPANY_DOMAIN", "CUSTOMER_DOMAIN", "BUSINESS_CATEGORY", "BUSINESS_PREFIX",
})  # fmt: skip
BUSINESS_HINTS = frozenset({
    "ORG", "ORG_ONLY", "TITLE", "ROLE", "SHOW_AS_COMPANY", "BUSINESS_LABEL",
    "BUSINESS_NAME", "NUMBER_KIND", "FAX", "OWN_DOMAIN", "ROLE_ADDRESS",
})  # fmt: skip
STRONG_PRIVATE = frozenset({
    "PRIVATE_NUMBER", "PRIVATE_EMAIL", "FAMILY_WORD", "PRIVATE_CATEGORY",
    "HOME_TEL", "HOME_EMAIL", "HOME_ADR", "PRIVATE_LABEL",
})  # fmt: skip
# Only these make a card with just a name and mobile numbers business.
EXPLICIT_NUMBERS = frozenset({"BUSINESS_NUMBER", "CUSTOMER_NUMBER"})
# All that such a card can still give for business; BARE_CARD takes it back.
BARE_NEUTRALISED = frozenset({"BUSINESS_NAME", "BUSINESS_PREFIX"})

BUSINESS_KINDS = ("toll_free", "shared_cost", "premium_rate", "uan")
MOBILE_KINDS = frozenset({"mobile", "fixed_line_or_mobile"})
MOBILE_TYPES = frozenset({"cell", "mobile", "iphone"})
# Google and Android system groups say nothing about a contact.
SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts", "starred", "starred in android",
                           "other contacts", "favorites", "favourites", "favoriten"})


# --- wording: English in Reason.text, German for reports and the GUI --------------

REASON_TEXTS: dict[str, tuple[str, str]] = {
    "BUSINESS_NUMBER": ("number listed as business in the policy",
                        "Nummer ist in der Richtlinie als geschäftlich eingetragen"),
    "BUSINESS_EMAIL": ("e-mail {detail} listed as business in the policy",
                       "E-Mail {detail} ist in der Richtlinie als geschäftlich eingetragen"),
    "CUSTOMER_NUMBER": ("number on the customer list", "Nummer steht auf der Kundenliste"),
    "CUSTOMER_EMAIL": ("e-mail {detail} on the customer list",
                       "E-Mail {detail} steht auf der Kundenliste"),
    "COMPANY_DOMAIN": ("e-mail at the company's domain {detail}",
                       "E-Mail an der Firmendomain {detail}"),
    "CUSTOMER_DOMAIN": ("e-mail domain {detail} of a customer or partner",
                        "E-Mail-Domain {detail} eines Kunden oder Partners"),
    "BUSINESS_CATEGORY": ("business group “{detail}”", "geschäftliche Gruppe „{detail}“"),
    "BUSINESS_PREFIX": ("number starts with the business prefix {detail}",
                        "Nummer beginnt mit der Firmenvorwahl {detail}"),
    "WORK_TEL": ("work phone number", "geschäftliche Telefonnummer"),
    "WORK_EMAIL": ("work e-mail address", "geschäftliche E-Mail-Adresse"),
    "WORK_ADR": ("work address", "Geschäftsadresse"),
    "ORG": ("organisation “{detail}”", "Firma „{detail}“"),
    "ORG_ONLY": ("the card names an organisation, not a person",
                 "die Karte nennt eine Firma, keine Person"),
    "TITLE": ("job title “{detail}”", "Position „{detail}“"),
    "ROLE": ("role “{detail}”", "Funktion „{detail}“"),
    "SHOW_AS_COMPANY": ("shown as a company (Apple)", "wird als Firma angezeigt (Apple)"),
    "BUSINESS_LABEL": ("business label “{detail}”", "geschäftliches Etikett „{detail}“"),
    "BUSINESS_NAME": ("name contains “{detail}”", "Name enthält „{detail}“"),
    "NUMBER_KIND": ("service number ({detail})", "Servicenummer ({detail})"),
    "FAX": ("fax number", "Faxnummer"),
    "OWN_DOMAIN": ("e-mail at an own domain {detail}", "E-Mail an eigener Domain {detail}"),
    "ROLE_ADDRESS": ("shared mailbox {detail}", "Sammelpostfach {detail}"),
    "PRIVATE_NUMBER": ("number listed as private in the policy",
                       "Nummer ist in der Richtlinie als privat eingetragen"),
    "PRIVATE_EMAIL": ("e-mail {detail} listed as private in the policy",
                      "E-Mail {detail} ist in der Richtlinie als privat eingetragen"),
    "FAMILY_WORD": ("family or pet name “{detail}”", "Familien- oder Kosename „{detail}“"),
    "PRIVATE_CATEGORY": ("private group “{detail}”", "private Gruppe „{detail}“"),
    "HOME_TEL": ("home phone number", "private Telefonnummer"),
    "HOME_EMAIL": ("home e-mail address", "private E-Mail-Adresse"),
    "HOME_ADR": ("home address", "Privatadresse"),
    "PRIVATE_LABEL": ("private label “{detail}”", "privates Etikett „{detail}“"),
    "FREEMAIL": ("e-mail at a free-mail provider {detail}",
                 "E-Mail bei einem Freemail-Anbieter {detail}"),
    "OUTRANKED": ("business hints outranked by a private signal ({detail})",
                  "geschäftliche Hinweise von einem privaten Merkmal überstimmt ({detail})"),
    "BARE_CARD": ("only a name and mobile number: never business on hints alone ({detail})",
                  "nur Name und Handynummer: ohne Beleg nie geschäftlich ({detail})"),
    "NO_SIGNAL": ("no business or private signal", "kein geschäftliches oder privates Merkmal"),
}

# OUTRANKED and BARE_CARD name the reasons they take back by code; shown as words.
HINT_TEXTS: dict[str, tuple[str, str]] = {
    "ORG": ("organisation", "Firma"),
    "ORG_ONLY": ("organisation only", "nur Firma"),
    "TITLE": ("job title", "Position"),
    "ROLE": ("role", "Funktion"),
    "SHOW_AS_COMPANY": ("shown as a company", "als Firma angezeigt"),
    "BUSINESS_LABEL": ("label", "Etikett"),
    "BUSINESS_NAME": ("name", "Name"),
    "NUMBER_KIND": ("service number", "Servicenummer"),
    "FAX": ("fax", "Fax"),
    "OWN_DOMAIN": ("own domain", "eigene Domain"),
    "ROLE_ADDRESS": ("shared mailbox", "Sammelpostfach"),
    "BUSINESS_PREFIX": ("number prefix", "Firmenvorwahl"),
}

KIND_TEXTS: dict[str, tuple[str, str]] = {
    "toll_free": ("toll-free", "kostenlos"),
    "shared_cost": ("shared-cost", "geteilte Kosten"),
    "premium_rate": ("premium-rate", "Mehrwertdienst"),
    "uan": ("company-wide number", "Firmen-Sammelnummer"),
}


def reason_text(reason: Reason, lang: str) -> str:
    """The wording of a reason in ``lang`` ("de" or English), with its detail."""
    texts = REASON_TEXTS.get(reason.code)
    if texts is None:
        return reason.text
    german = lang.lower().startswith("de")
    detail = reason.detail
    if reason.code == "NUMBER_KIND":
        detail = ", ".join(KIND_TEXTS.get(k, (k, k))[german] for k in detail.split(", "))
    elif reason.code in ("OUTRANKED", "BARE_CARD"):
        detail = ", ".join(HINT_TEXTS.get(c, (c, c))[german] for c in detail.split(", "))
    return texts[german].format(detail=detail).replace(" ()", "")


@lru_cache(maxsize=65_536)  # one shared object per distinct reason: a big book repeats them
def make_reason(code: str, weight: int, detail: str = "") -> Reason:
    reason = Reason(code=code, weight=weight, text="", detail=detail)
    return Reason(code=code, weight=weight, text=reason_text(reason, "en"), detail=detail)


# --- matching words the way people write them ---------------------------------------

_TOKEN = re.compile(r"[\w.'’*]+")
_CAMEL = re.compile(r"(?<=[a-zäöü])(?=[A-ZÄÖÜ])")
IGNORED_LABELS = frozenset({"homepage", "home page"})  # Apple's URL label, not a home


@lru_cache(maxsize=131_072)  # names, labels and group names repeat across a whole book
def tokens(text: str) -> tuple[str, ...]:
    """Lower-case words; dots inside stay ("e.K." → "e.k"), hyphens split."""
    found = (t.strip("._'’*") for t in _TOKEN.findall(text.casefold().replace("*", " ")))
    return tuple(t for t in found if t)


class Keywords:
    """Policy keywords matched against the words of a text; ``*`` is a wildcard.

    ``"privat*"`` matches "Privathandy"; a keyword of several words matches
    those words in a row ("business partner").
    """

    def __init__(self, keywords: Iterable[str]) -> None:
        self._exact: set[str] = set()
        prefixes: list[str] = []  # "privat*"
        suffixes: list[str] = []  # "*verein"
        self._patterns: list[tuple[str, ...]] = []  # anything else: several words, inner *
        for keyword in keywords:
            parts = tuple(p.strip("._'’") for p in _TOKEN.findall(keyword.casefold()))
            parts = tuple(p for p in parts if p and p.strip("*"))
            if len(parts) != 1:
                if parts:
                    self._patterns.append(parts)
                continue
            word = parts[0]
            if "*" not in word:
                self._exact.add(word)
            elif word.count("*") == 1 and word.endswith("*"):
                prefixes.append(word[:-1])
            elif word.count("*") == 1 and word.startswith("*"):
                suffixes.append(word[1:])
            else:
                self._patterns.append(parts)
        self._prefixes = tuple(prefixes)
        self._suffixes = tuple(suffixes)
        self._seen: dict[str, bool] = {}
        # all patterns as one search over the words joined by spaces: most texts match
        # none, and one search says so faster than trying each pattern at each word
        self._any_pattern = re.compile("|".join(
            r"(?<![^ ])" + " ".join(re.escape(p).replace(r"\*", "[^ ]*") for p in parts)
            + r"(?![^ ])" for parts in self._patterns))

    def __bool__(self) -> bool:
        return bool(self._exact or self._prefixes or self._suffixes or self._patterns)

    def match(self, words: Sequence[str]) -> str | None:
        """The first keyword found among ``words`` (from :func:`tokens`), or None."""
        seen = self._seen
        for word in words:
            hit = seen.get(word)
            if hit is None:
                hit = (word in self._exact or word.startswith(self._prefixes)
                       or word.endswith(self._suffixes))
                if len(seen) < 100_000:  # a memo, bounded whatever the book holds
                    seen[word] = hit
            if hit:
                return word
        if not self._patterns or not self._any_pattern.search(" ".join(words)):
            return None
        for parts in self._patterns:
            start = _find(words, parts)
            if start >= 0:
                return " ".join(words[start : start + len(parts)])
        return None


def as_written(text: str, word: str) -> str:
    """``word`` (lower case, from :func:`tokens`) the way ``text`` spells it."""
    start = text.casefold().find(word)
    if start < 0 or len(text.casefold()) != len(text):
        return word
    return text[start : start + len(word)]


def _find(words: Sequence[str], parts: tuple[str, ...]) -> int:
    """Where ``parts`` (globs) match consecutive ``words``; -1 when nowhere."""
    span = len(parts)
    for i in range(len(words) - span + 1):
        if all(fnmatchcase(words[i + j], parts[j]) for j in range(span)):
            return i
    return -1


@lru_cache(maxsize=65_536)  # labels repeat across a book
def label_words(label: str) -> tuple[str, ...]:
    """Words of a phone label; Apple's built-in "HomeFAX" becomes "home fax"."""
    if label.strip().casefold() in IGNORED_LABELS:
        return ()
    return tokens(_CAMEL.sub(" ", label))


def category_names(raw: str) -> list[str]:
    """Google CSV writes "* myContacts ::: Friends"; old Android "System Group: Family"."""
    names = []
    for part in raw.split(":::"):
        name = part.strip().removeprefix("*").strip()
        name = re.sub(r"^system group:\s*", "", name, flags=re.IGNORECASE)
        if name and name.casefold() not in SYSTEM_GROUPS:
            names.append(name)
    return names


# --- the rules ---------------------------------------------------------------------


class Rule(Protocol):
    """One signal: zero or more reasons for a contact."""

    def reasons(self, contact: Contact) -> Iterable[Reason]: ...


@dataclass(frozen=True)
class OrganisationRule:
    """ORG, TITLE, ROLE; and a card whose only name is its organisation."""

    weights: dict[str, int]

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        if contact.org:
            yield make_reason("ORG", self.weights["ORG"], contact.org)
            if _names_only_org(contact):
                yield make_reason("ORG_ONLY", self.weights["ORG_ONLY"])
        if contact.title:
            yield make_reason("TITLE", self.weights["TITLE"], contact.title)
        if contact.role:
            yield make_reason("ROLE", self.weights["ROLE"], contact.role)


def _names_only_org(contact: Contact) -> bool:
    """No person's name, or the name shown is the organisation's (iPhone, Android)."""
    name = (contact.fn or " ".join(p for p in contact.n[1::-1] if p)).casefold()
    org = contact.org.casefold()
    return not name or name == org or org.startswith(name + ",")


@dataclass(frozen=True)
class TypeRule:
    """WORK and HOME types on TEL, EMAIL and ADR: one reason per kind of property.

    A shared mailbox (info@…) is nobody's home: Android files a new e-mail
    address as HOME unless told otherwise, so HOME on it does not count.
    """

    weights: dict[str, int]
    role_mailboxes: frozenset[str]

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        tel: set[str] = set()
        for phone in contact.phones:
            tel |= phone.types
        email: set[str] = set()
        for mail in contact.emails:
            if "home" in mail.types and is_role_address(mail.address, self.role_mailboxes):
                email |= mail.types - {"home"}
            else:
                email |= mail.types
        for name, types in (("TEL", tel), ("EMAIL", email), ("ADR", contact.adr_types)):
            if "work" in types:
                yield make_reason(f"WORK_{name}", self.weights[f"WORK_{name}"])
            if "home" in types:
                yield make_reason(f"HOME_{name}", self.weights[f"HOME_{name}"])


def is_role_address(address: str, role_mailboxes: frozenset[str]) -> bool:
    """``info@``, ``kontakt2@``, ``buero@``: a mailbox of an organisation, not a person."""
    local = address.partition("@")[0].casefold().rstrip("0123456789")
    return local in role_mailboxes


@dataclass(frozen=True)
class RoleAddressRule:
    role_mailboxes: frozenset[str]
    weight: int

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        found = [e.address for e in contact.emails
                 if is_role_address(e.address, self.role_mailboxes)]
        if found:
            yield make_reason("ROLE_ADDRESS", self.weight, found[0])


@dataclass(frozen=True)
class ShowAsCompanyRule:
    weight: int

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        if contact.show_as_company:
            yield make_reason("SHOW_AS_COMPANY", self.weight)


@dataclass(frozen=True)
class KeywordRule:
    """Words found in some texts of the card: labels, categories, names."""

    code: str
    weight: int
    keywords: Keywords
    texts: str  # "labels", "categories" or "names"

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        for text, words in _TEXTS[self.texts](contact):
            found = self.keywords.match(words)
            if found:
                # a label or group is shown whole; in a name, only the word that counted
                shown = as_written(text, found) if self.texts == "names" else text
                yield make_reason(self.code, self.weight, shown)
                return


def _label_texts(contact: Contact) -> Iterator[tuple[str, Sequence[str]]]:
    labels = [*contact.labels, *(p.label for p in contact.phones),
              *(e.label for e in contact.emails)]
    for label in dict.fromkeys(label.strip() for label in labels if label.strip()):
        yield label, label_words(label)


def _category_texts(contact: Contact) -> Iterator[tuple[str, Sequence[str]]]:
    for raw in contact.categories:
        for name in category_names(raw):
            yield name, tokens(name)


def _name_texts(contact: Contact) -> Iterator[tuple[str, Sequence[str]]]:
    for text in (contact.fn, *contact.n):
        if text:
            yield text, tokens(text)


_TEXTS = {"labels": _label_texts, "categories": _category_texts, "names": _name_texts}


HEARTS = frozenset("❤♥💕💖💗💘💙💚💛💜🧡🖤🤍🤎💞💓💝😘😍🥰")
_HEART = re.compile("[" + "".join(sorted(HEARTS)) + "]")


@dataclass(frozen=True)
class FamilyWordRule:
    """Mama, Oma, Schatz, Mausi … or a heart in the name or a nickname label.

    A family word that is the surname of a named person ("Thomas Bruder") is a
    name, not a relation, and does not count.
    """

    weight: int
    keywords: Keywords

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        surname = set(tokens(contact.n[0])) if len(contact.n) > 1 and contact.n[1] else set()
        texts = [contact.fn, *contact.n[1:], *contact.labels]
        if not surname and contact.n:
            texts.append(contact.n[0])
        for text in texts:
            if not text:
                continue
            words = [w for w in tokens(text) if w not in surname]
            found = self.keywords.match(words)
            if found:
                yield make_reason("FAMILY_WORD", self.weight, as_written(text, found))
                return
            heart = _HEART.search(text)
            if heart:
                yield make_reason("FAMILY_WORD", self.weight, heart[0])
                return


@dataclass(frozen=True)
class EmailDomainRule:
    """Company and customer domains, freemail providers, any other (own) domain."""

    policy: Policy
    weights: dict[str, int]
    # domain -> code: a book's addresses share few domains (bounded like Keywords' memo)
    _codes: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        found: dict[str, list[str]] = {}
        for email in contact.emails:
            domain = email.domain
            if not domain:
                continue
            code = self._codes.get(domain)
            if code is None:
                code = self._code(domain)
                if len(self._codes) < 100_000:
                    self._codes[domain] = code
            found.setdefault(code, []).append(domain)
        for code in ("COMPANY_DOMAIN", "CUSTOMER_DOMAIN", "OWN_DOMAIN", "FREEMAIL"):
            if code in found:
                detail = ", ".join(dict.fromkeys(found[code]))
                yield make_reason(code, self.weights[code], detail)

    def _code(self, domain: str) -> str:
        if _under(domain, self.policy.company_domains):
            return "COMPANY_DOMAIN"
        if _under(domain, self.policy.customer_domains):
            return "CUSTOMER_DOMAIN"
        if domain in self.policy.freemail_domains:
            return "FREEMAIL"
        return "OWN_DOMAIN"


def _under(domain: str, domains: frozenset[str]) -> bool:
    """``mail.kunde-a.de`` belongs to ``kunde-a.de``."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts) - 1))


@dataclass(frozen=True)
class ListRule:
    """Numbers and e-mails the policy or the customer list names explicitly."""

    policy: Policy
    weights: dict[str, int]

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        numbers = set(contact.numbers())
        emails = [e.address for e in contact.emails]
        p = self.policy
        for code, listed in (("BUSINESS_NUMBER", p.business_numbers),
                             ("CUSTOMER_NUMBER", p.customer_numbers),
                             ("PRIVATE_NUMBER", p.private_numbers)):
            if numbers & listed:
                yield make_reason(code, self.weights[code])
        for code, listed in (("BUSINESS_EMAIL", p.business_emails),
                             ("CUSTOMER_EMAIL", p.customer_emails),
                             ("PRIVATE_EMAIL", p.private_emails)):
            hit = next((e for e in emails if e in listed), None)
            if hit:
                yield make_reason(code, self.weights[code], hit)


@dataclass(frozen=True)
class PrefixRule:
    prefixes: tuple[str, ...]
    weight: int

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        for number in contact.numbers():
            prefix = next((p for p in self.prefixes if number.startswith(p)), None)
            if prefix:
                yield make_reason("BUSINESS_PREFIX", self.weight, prefix)
                return


@dataclass(frozen=True)
class NumberKindRule:
    """Toll-free, shared-cost, premium-rate and company-wide numbers; fax lines."""

    weights: dict[str, int]

    def reasons(self, contact: Contact) -> Iterator[Reason]:
        kinds = {p.kind.lower() for p in contact.phones}
        service = [k for k in BUSINESS_KINDS if k in kinds]
        if service:
            yield make_reason("NUMBER_KIND", self.weights["NUMBER_KIND"], ", ".join(service))
        if any("fax" in p.types and "home" not in p.types for p in contact.phones):
            yield make_reason("FAX", self.weights["FAX"])


# --- the classifier -----------------------------------------------------------------


class Classifier:
    """The rules one policy asks for, and the precedence between them."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.rules: tuple[Rule, ...] = tuple(self._build_rules(policy))

    @staticmethod
    def _build_rules(policy: Policy) -> Iterator[Rule]:
        w = dict(policy.weights)
        if any((policy.business_numbers, policy.customer_numbers, policy.private_numbers,
                policy.business_emails, policy.customer_emails, policy.private_emails)):
            yield ListRule(policy, w)  # empty lists name nobody: no rule to run per contact
        yield EmailDomainRule(policy, w)
        yield OrganisationRule(w)
        roles = frozenset(policy.role_mailboxes)
        yield TypeRule(w, roles)
        if roles:
            yield RoleAddressRule(roles, w["ROLE_ADDRESS"])
        yield ShowAsCompanyRule(w["SHOW_AS_COMPANY"])
        yield NumberKindRule(w)
        if policy.business_number_prefixes:
            yield PrefixRule(policy.business_number_prefixes, w["BUSINESS_PREFIX"])
        keyword_rules = (
            ("BUSINESS_CATEGORY", policy.business_categories, "categories"),
            ("PRIVATE_CATEGORY", policy.private_categories, "categories"),
            ("BUSINESS_LABEL", policy.business_label_keywords, "labels"),
            ("PRIVATE_LABEL", policy.private_label_keywords, "labels"),
            ("BUSINESS_NAME", policy.business_name_words, "names"),
        )
        for code, words, texts in keyword_rules:
            if words:
                yield KeywordRule(code, w[code], Keywords(words), texts)
        if policy.family_words:
            yield FamilyWordRule(w["FAMILY_WORD"], Keywords(policy.family_words))

    def classify(self, contact: Contact) -> Verdict:
        reasons = [r for rule in self.rules for r in rule.reasons(contact)]
        reasons += _precedence(contact, reasons)
        if not reasons:
            reasons.append(make_reason("NO_SIGNAL", 0))
        score = sum(r.weight for r in reasons)
        return Verdict(bucket=self._bucket(score, reasons), score=score, reasons=tuple(reasons))

    def _bucket(self, score: int, reasons: list[Reason]) -> Bucket:
        thresholds = self.policy.thresholds
        if score >= thresholds.business_at:
            return BUSINESS
        private_signal = any(r.weight < 0 and r.code in STRONG_PRIVATE for r in reasons)
        if score <= thresholds.private_at and private_signal:
            return PRIVATE
        return UNSURE


def _precedence(contact: Contact, reasons: list[Reason]) -> list[Reason]:
    """BARE_CARD and OUTRANKED: take back business weight that must not count."""
    codes = {r.code for r in reasons}
    taken: list[Reason] = []
    result: list[Reason] = []
    if is_bare(contact, codes) and not codes & EXPLICIT_NUMBERS:
        taken = [r for r in reasons if r.code in BARE_NEUTRALISED and r.weight > 0]
        if taken:
            result.append(_compensation("BARE_CARD", taken))
    if codes & STRONG_PRIVATE and not codes & BUSINESS_FACTS:
        hints = [r for r in reasons if r.code in BUSINESS_HINTS and r.weight > 0
                 and r not in taken]
        if hints:
            result.append(_compensation("OUTRANKED", hints))
    return result


def _compensation(code: str, taken: list[Reason]) -> Reason:
    detail = ", ".join(r.code for r in taken)
    return make_reason(code, -sum(r.weight for r in taken), detail)


# Business evidence a bare card cannot carry: anything but its name and number prefix.
_NOT_BARE = (BUSINESS_FACTS | BUSINESS_HINTS | {"WORK_TEL", "WORK_EMAIL", "WORK_ADR"}) \
    - BARE_NEUTRALISED


def is_bare(contact: Contact, codes: set[str]) -> bool:
    """Only a name and mobile numbers, as far as business is concerned.

    Private details (a family word, a HOME type, a freemail address) do not
    make a card less bare: adding them must never move it toward business.
    """
    if not contact.phones or codes & _NOT_BARE:
        return False
    return all(_is_mobile(p.kind, p.types) for p in contact.phones)


def _is_mobile(kind: str, types: frozenset[str]) -> bool:
    if kind in MOBILE_KINDS:
        return True
    return kind in ("", "unknown") and bool(types & MOBILE_TYPES)
