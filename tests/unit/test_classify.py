"""The classifier: each rule, the precedence between them, and its invariants."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from fnmatch import fnmatchcase

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactgate.core.classify import (
    _TOKEN,
    REASON_TEXTS,
    Classifier,
    Keywords,
    make_reason,
    reason_text,
)
from contactgate.core.model import BUSINESS, PRIVATE, UNSURE, Contact, Email, Phone, Verdict
from contactgate.core.policy import DEFAULT_WEIGHTS, Policy, Thresholds

POLICY = Policy(
    company="Muster GmbH",
    company_domains=frozenset({"muster.de"}),
    customer_domains=frozenset({"kunde-a.de"}),
    business_number_prefixes=("+49894711",),
    business_numbers=frozenset({"+4930111111"}),
    private_numbers=frozenset({"+4930222222"}),
    business_emails=frozenset({"einkauf@partner.example"}),
    private_emails=frozenset({"anna@familie-beispiel.de"}),
    customer_numbers=frozenset({"+491715550001"}),
    customer_emails=frozenset({"chef@kleinkunde.de"}),
    freemail_domains=frozenset({"gmx.de", "web.de", "gmail.com", "t-online.de"}),
)
CLASSIFIER = Classifier(POLICY)
MOBILE = "+491701234567"


def mobile(e164: str = MOBILE, types: Iterable[str] = ("cell",), label: str = "") -> Phone:
    return Phone(raw=e164, e164=e164, types=frozenset(types), label=label, kind="mobile")


def landline(e164: str = "+4930123456", types: Iterable[str] = (), kind: str = "fixed_line",
             label: str = "") -> Phone:
    return Phone(raw=e164, e164=e164, types=frozenset(types), label=label, kind=kind)


def email(address: str, types: Iterable[str] = ()) -> Email:
    return Email(address=address, types=frozenset(types))


def person(fn: str = "Anna Beispiel", n: tuple[str, ...] = ("Beispiel", "Anna"),
           phones: Iterable[Phone] = (), **fields: object) -> Contact:
    return Contact(key=1, cards=[], fn=fn, n=n, phones=list(phones) or [mobile()],
                   **fields)  # type: ignore[arg-type]


def verdict(contact: Contact, classifier: Classifier = CLASSIFIER) -> Verdict:
    return classifier.classify(contact)


def codes(contact: Contact) -> dict[str, int]:
    return {r.code: r.weight for r in verdict(contact).reasons}


# --- single signals --------------------------------------------------------------


def test_org_title_and_role_are_each_named_with_their_value() -> None:
    result = verdict(person(org="Meier Bau", title="Bauleiter", role="Einkauf"))
    found = {r.code: r for r in result.reasons}
    assert found["ORG"].detail == "Meier Bau" and found["ORG"].weight == DEFAULT_WEIGHTS["ORG"]
    assert found["TITLE"].detail == "Bauleiter" and found["ROLE"].weight == 1
    assert result.bucket == BUSINESS


def test_an_employer_and_a_job_title_beside_a_mobile_are_not_enough_for_business() -> None:
    """A friend's card often names their employer: that alone is a guess, so review it."""
    assert verdict(person(org="Lufthansa", title="Pilotin")).bucket == UNSURE


def test_a_card_that_is_only_an_organisation_counts_more_than_a_person_with_an_org() -> None:
    company_card = person(fn="Stadtwerke Musterstadt", n=(), org="Stadtwerke Musterstadt",
                          phones=[landline()])
    assert "ORG_ONLY" in codes(company_card)
    assert "ORG_ONLY" not in codes(person(org="Stadtwerke Musterstadt"))


def test_work_types_on_tel_email_and_adr_speak_for_business() -> None:
    found = codes(person(phones=[mobile(types=("cell", "work"))],
                         emails=[email("a@firma-x.de", ("work",))],
                         adr_types=frozenset({"work"})))
    assert {"WORK_TEL", "WORK_EMAIL", "WORK_ADR"} <= found.keys()


def test_home_types_on_tel_email_and_adr_speak_for_private() -> None:
    found = codes(person(phones=[landline(types=("home",))],
                         emails=[email("a@gmx.de", ("home",))],
                         adr_types=frozenset({"home"})))
    assert found["HOME_TEL"] < 0 and found["HOME_EMAIL"] < 0 and found["HOME_ADR"] < 0


def test_one_reason_per_kind_however_many_numbers_carry_the_type() -> None:
    contact = person(phones=[landline("+4930111", ("work",)), landline("+4930112", ("work",))])
    assert [r.code for r in verdict(contact).reasons].count("WORK_TEL") == 1


def test_apple_show_as_company_is_a_business_hint() -> None:
    assert codes(person(show_as_company=True))["SHOW_AS_COMPANY"] > 0


@pytest.mark.parametrize("label", ["Büro", "Arbeit", "Firmenhandy", "_Work", "Diensthandy"])
def test_business_labels_in_german_and_english(label: str) -> None:
    assert "BUSINESS_LABEL" in codes(person(phones=[mobile(label=label)], labels=[label]))


@pytest.mark.parametrize("label", ["Privat", "Privathandy", "home", "Zuhause", "Mother"])
def test_private_labels_in_german_and_english(label: str) -> None:
    assert "PRIVATE_LABEL" in codes(person(labels=[label]))


def test_apple_homepage_label_is_not_a_home() -> None:
    assert "PRIVATE_LABEL" not in codes(person(labels=["HomePage"]))


@pytest.mark.parametrize("category", ["Kunden", "kunden 2024", "Work", "Kollegen", "LIEFERANTEN",
                                      "* myContacts ::: Coworkers"])
def test_business_categories_case_insensitive(category: str) -> None:
    assert "BUSINESS_CATEGORY" in codes(person(categories=[category]))


@pytest.mark.parametrize("category", ["Familie", "FRIENDS", "Freunde aus Köln", "Nachbarn",
                                      "System Group: Family", "Privat"])
def test_private_categories_case_insensitive(category: str) -> None:
    result = verdict(person(categories=[category]))
    assert {r.code for r in result.reasons} >= {"PRIVATE_CATEGORY"}
    assert result.bucket == PRIVATE


def test_google_system_groups_say_nothing() -> None:
    result = verdict(person(categories=["myContacts", "starred"]))
    assert [r.code for r in result.reasons] == ["NO_SIGNAL"]
    assert result.bucket == UNSURE


@pytest.mark.parametrize(("address", "code"), [
    ("max@muster.de", "COMPANY_DOMAIN"),
    ("max@vertrieb.muster.de", "COMPANY_DOMAIN"),
    ("einkauf@kunde-a.de", "CUSTOMER_DOMAIN"),
    ("chef@kleinkunde.de", "CUSTOMER_EMAIL"),
    ("einkauf@partner.example", "BUSINESS_EMAIL"),
    ("anna@familie-beispiel.de", "PRIVATE_EMAIL"),
    ("info@schreinerei-holz.de", "OWN_DOMAIN"),
    ("tom@gmx.de", "FREEMAIL"),
])
def test_email_domains_and_lists(address: str, code: str) -> None:
    assert code in codes(person(emails=[email(address)]))


@pytest.mark.parametrize("address", ["info@schreinerei-holz.de", "Kontakt2@praxis-weber.de",
                                     "buero@kanzlei-roth.de"])
def test_a_shared_mailbox_is_a_business_hint(address: str) -> None:
    assert codes(person(emails=[email(address.lower())]))["ROLE_ADDRESS"] > 0


def test_home_type_on_a_shared_mailbox_is_androids_default_not_a_home() -> None:
    """Android files a new e-mail address as HOME; info@ is nobody's home."""
    result = verdict(person(org="Elektro Schulz GmbH", phones=[landline(types=("work",))],
                            emails=[email("info@elektro-schulz.de", ("home",))]))
    assert "HOME_EMAIL" not in {r.code for r in result.reasons}
    assert result.bucket == BUSINESS
    assert "HOME_EMAIL" in codes(person(emails=[email("anna.b@gmx.de", ("home",))]))


def test_a_domain_that_only_ends_like_the_company_domain_is_not_the_company() -> None:
    assert "COMPANY_DOMAIN" not in codes(person(emails=[email("x@nichtmuster.de")]))


@pytest.mark.parametrize(("number", "code"), [
    ("+4930111111", "BUSINESS_NUMBER"),
    ("+491715550001", "CUSTOMER_NUMBER"),
    ("+4930222222", "PRIVATE_NUMBER"),
    ("+49894711123", "BUSINESS_PREFIX"),
])
def test_number_lists_and_prefixes(number: str, code: str) -> None:
    assert code in codes(person(phones=[landline(number)]))


@pytest.mark.parametrize("kind", ["toll_free", "shared_cost", "premium_rate", "uan"])
def test_service_numbers_are_business_hints(kind: str) -> None:
    result = verdict(person(fn="Hotline", n=(), phones=[landline("+498001234567", kind=kind)]))
    assert "NUMBER_KIND" in {r.code for r in result.reasons}
    assert result.bucket == BUSINESS


def test_a_fax_line_is_a_hint_but_a_home_fax_is_not() -> None:
    assert "FAX" in codes(person(phones=[landline(types=("fax", "work"))]))
    assert "FAX" not in codes(person(phones=[landline(types=("fax", "home"))]))


@pytest.mark.parametrize("name", ["Mama", "Oma Erna", "Schatz ❤️", "Tante Gabi", "Onkel Heinz",
                                  "Dad", "Grandma Rose", "Schwiegermutter", "Bruder Max",
                                  "Großmutter", "Mausi", "Lisa ❤", "Jan 😘", "Bruderherz"])
def test_family_words_make_a_card_private(name: str) -> None:
    result = verdict(person(fn=name, n=("", name)))
    assert "FAMILY_WORD" in {r.code for r in result.reasons}
    assert result.bucket == PRIVATE


@pytest.mark.parametrize("category", ["Sportverein", "Fußballfreunde"])
def test_german_compounds_ending_in_a_private_group_word(category: str) -> None:
    assert "PRIVATE_CATEGORY" in codes(person(categories=[category]))


def test_german_compounds_ending_in_a_business_group_word() -> None:
    assert "BUSINESS_CATEGORY" in codes(person(categories=["Arbeitskollegen"]))


def test_family_word_in_an_android_nickname_label_counts() -> None:
    assert "FAMILY_WORD" in codes(person(fn="Erika Muster", n=("Muster", "Erika"),
                                         labels=["Mutti"]))


def test_a_surname_that_is_a_family_word_is_a_name_not_a_relation() -> None:
    assert "FAMILY_WORD" not in codes(person(fn="Thomas Bruder", n=("Bruder", "Thomas")))
    assert "FAMILY_WORD" not in codes(person(fn="Lisa Schatz", n=("Schatz", "Lisa")))


def test_family_word_detail_is_shown_as_written() -> None:
    found = {r.code: r for r in verdict(person(fn="Oma Erna", n=("", "Oma Erna"))).reasons}
    assert found["FAMILY_WORD"].detail == "Oma"


@pytest.mark.parametrize("name", ["Müller Haustechnik GmbH", "Kanzlei Roth", "Weber e.K.",
                                  "ACME Ltd."])
def test_legal_forms_and_departments_in_a_name(name: str) -> None:
    result = verdict(person(fn=name, n=(), phones=[landline()]))
    assert "BUSINESS_NAME" in {r.code for r in result.reasons}
    assert result.bucket == BUSINESS


# --- precedence ------------------------------------------------------------------


def test_family_word_outranks_org_and_title() -> None:
    result = verdict(person(fn="Papa", n=("", "Papa"), org="Siemens AG", title="Ingenieur"))
    found = {r.code: r for r in result.reasons}
    assert found["OUTRANKED"].weight == -(found["ORG"].weight + found["TITLE"].weight)
    assert result.bucket == PRIVATE


def test_home_number_outranks_weaker_business_hints() -> None:
    result = verdict(person(org="Bosch", title="Ingenieurin", phones=[landline(types=("home",))]))
    assert result.bucket == PRIVATE


def test_private_category_outranks_a_business_label() -> None:
    result = verdict(person(categories=["Familie"], labels=["Büro"], org="Kita Sonnenschein"))
    assert result.bucket == PRIVATE


def test_a_business_fact_is_not_outranked() -> None:
    """A colleague at the company's domain with a home number stays business."""
    result = verdict(person(org="Muster GmbH", emails=[email("max@muster.de")],
                            phones=[landline(types=("home",))]))
    assert "OUTRANKED" not in {r.code for r in result.reasons}
    assert result.bucket == BUSINESS


def test_freemail_alone_never_makes_a_contact_private() -> None:
    strict = Classifier(replace(POLICY, thresholds=Thresholds(3, -1)))
    result = verdict(person(emails=[email("a@gmx.de"), email("b@web.de")]), strict)
    assert result.score <= -1
    assert result.bucket == UNSURE


def test_a_bare_name_and_mobile_is_unsure() -> None:
    result = verdict(person())
    assert result.bucket == UNSURE
    assert [r.code for r in result.reasons] == ["NO_SIGNAL"]


def test_a_business_word_in_the_name_of_a_bare_mobile_card_is_taken_back() -> None:
    result = verdict(person(fn="Müller GmbH", n=()))
    assert {r.code for r in result.reasons} == {"BUSINESS_NAME", "BARE_CARD"}
    assert result.bucket == UNSURE


def test_a_number_prefix_alone_does_not_make_a_bare_mobile_card_business() -> None:
    prefixed = Classifier(replace(POLICY, business_number_prefixes=("+49170",)))
    assert verdict(person(), prefixed).bucket == UNSURE


def test_a_bare_mobile_card_on_the_customer_list_is_business() -> None:
    result = verdict(person(phones=[mobile("+491715550001")]))
    assert result.bucket == BUSINESS


def test_thresholds_come_from_the_policy() -> None:
    contact = person(org="Meier Bau", title="Bauleiter", role="Einkauf")  # score 3
    assert verdict(contact).bucket == BUSINESS
    cautious = Classifier(replace(POLICY, thresholds=Thresholds(business_at=5, private_at=-3)))
    assert verdict(contact, cautious).bucket == UNSURE


def test_weights_come_from_the_policy() -> None:
    weights = dict(DEFAULT_WEIGHTS, ORG=5)
    heavy = Classifier(replace(POLICY, weights=tuple(weights.items())))
    assert codes(person(org="X"))["ORG"] == DEFAULT_WEIGHTS["ORG"]
    assert {r.code: r.weight for r in verdict(person(org="X"), heavy).reasons}["ORG"] == 5


# --- wording ---------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(REASON_TEXTS))
def test_every_reason_code_has_german_and_english_wording(code: str) -> None:
    reason = make_reason(code, 1, "ORG" if code in ("OUTRANKED", "BARE_CARD") else "x")
    german, english = reason_text(reason, "de"), reason_text(reason, "en")
    assert german and english and german != english
    assert "{" not in german + english


def test_every_weighted_code_has_wording() -> None:
    assert set(DEFAULT_WEIGHTS) <= set(REASON_TEXTS)


def test_reason_text_carries_the_detail_and_translates_kinds() -> None:
    assert reason_text(make_reason("CUSTOMER_DOMAIN", 6, "kunde-a.de"), "de") == \
        "E-Mail-Domain kunde-a.de eines Kunden oder Partners"
    assert "kostenlos" in reason_text(make_reason("NUMBER_KIND", 3, "toll_free"), "de")
    assert reason_text(make_reason("OUTRANKED", -3, "ORG, TITLE"), "en").endswith(
        "(organisation, job title)")


def test_reason_text_in_english_is_the_reason_text() -> None:
    for reason in verdict(person(org="X", categories=["Familie"])).reasons:
        assert reason_text(reason, "en") == reason.text


# --- invariants (hypothesis) -----------------------------------------------------

NAMES = st.sampled_from(["Anna Beispiel", "Müller GmbH", "Kanzlei Roth", "Jo", "", "Hotline",
                         "Lisa Schatz", "Praxis Dr. Weber", "李雷"])
PHONES = st.builds(
    Phone,
    raw=st.just("x"),
    e164=st.sampled_from([MOBILE, "+4930111111", "+491715550001", "+4930222222",
                          "+49894711123", "+4930123456", None]),
    types=st.frozensets(st.sampled_from(["cell", "home", "work", "fax", "voice", "pref"])),
    label=st.sampled_from(["", "Büro", "Privat", "iPhone", "Mama"]),
    kind=st.sampled_from(["mobile", "fixed_line", "toll_free", "shared_cost", "", "unknown"]),
)
EMAILS = st.builds(
    Email,
    address=st.sampled_from(["a@muster.de", "b@kunde-a.de", "c@gmx.de", "d@firma-x.de",
                             "chef@kleinkunde.de", "anna@familie-beispiel.de"]),
    types=st.frozensets(st.sampled_from(["home", "work", "internet"])),
)
CONTACTS = st.builds(
    Contact,
    key=st.just(1),
    cards=st.just([]),
    fn=NAMES,
    n=st.sampled_from([(), ("Beispiel", "Anna"), ("Bruder", "Thomas"), ("", "")]),
    org=st.sampled_from(["", "Siemens AG", "Meier Bau"]),
    title=st.sampled_from(["", "Einkauf"]),
    role=st.just(""),
    phones=st.lists(PHONES, max_size=3),
    emails=st.lists(EMAILS, max_size=2),
    categories=st.lists(st.sampled_from(["Kunden", "Fußball", "myContacts", "Familie"]),
                        max_size=2),
    labels=st.lists(st.sampled_from(["Büro", "Privat", "HomePage", "Hasi"]), max_size=2),
    adr_types=st.frozensets(st.sampled_from(["home", "work", "postal"])),
    show_as_company=st.booleans(),
)
RANK = {PRIVATE: 0, UNSURE: 1, BUSINESS: 2}


@settings(max_examples=300, deadline=None)
@given(CONTACTS)
def test_score_is_the_sum_of_the_reason_weights(contact: Contact) -> None:
    result = verdict(contact)
    assert result.score == sum(r.weight for r in result.reasons)
    assert result.reasons


@settings(max_examples=300, deadline=None)
@given(CONTACTS)
def test_the_bucket_follows_the_thresholds(contact: Contact) -> None:
    result = verdict(contact)
    if result.bucket == BUSINESS:
        assert result.score >= POLICY.thresholds.business_at
    if result.bucket == PRIVATE:
        assert result.score <= POLICY.thresholds.private_at


@settings(max_examples=300, deadline=None)
@given(CONTACTS, st.sampled_from(["Mama", "Oma", "Schatz", "Dad", "Tante", "Schwester"]))
def test_a_family_word_never_moves_a_contact_toward_business(contact: Contact, word: str) -> None:
    before = verdict(contact)
    after = verdict(replace(contact, fn=f"{contact.fn} {word}".strip()))
    assert after.score <= before.score
    assert RANK[after.bucket] <= RANK[before.bucket]


@settings(max_examples=300, deadline=None)
@given(CONTACTS, st.sampled_from(["Familie", "Freunde", "Family", "Friends", "Nachbarn"]))
def test_a_private_category_never_moves_a_contact_toward_business(contact: Contact,
                                                                  category: str) -> None:
    before = verdict(contact)
    after = verdict(replace(contact, categories=[*contact.categories, category]))
    assert after.score <= before.score
    assert RANK[after.bucket] <= RANK[before.bucket]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.lists(st.sampled_from(["+491701234567", "+491609876543"]),
                                      min_size=1, max_size=3),
       st.sampled_from([("mobile", frozenset({"cell"})), ("", frozenset({"cell"})),
                        ("fixed_line_or_mobile", frozenset())]))
def test_a_bare_name_and_mobile_card_is_never_business(name: str, numbers: list[str],
                                                       kind_types: tuple[str, frozenset[str]]
                                                       ) -> None:
    kind, types = kind_types
    prefixed = Classifier(replace(POLICY, business_number_prefixes=("+49170", "+49160")))
    contact = Contact(key=1, cards=[], fn=name, n=("", name),
                      phones=[Phone(n, n, types, kind=kind) for n in numbers])
    assert verdict(contact, prefixed).bucket != BUSINESS


@settings(max_examples=300, deadline=None)
@given(CONTACTS)
def test_private_needs_a_private_signal_other_than_freemail(contact: Contact) -> None:
    result = verdict(contact)
    negative = {r.code for r in result.reasons if r.weight < 0} - {"OUTRANKED", "BARE_CARD"}
    if result.bucket == PRIVATE:
        assert negative - {"FREEMAIL"}


@settings(max_examples=100, deadline=None)
@given(CONTACTS)
def test_classifying_is_repeatable(contact: Contact) -> None:
    assert verdict(contact) == verdict(contact)


# --- keyword matching: the one-search shortcut never hides a keyword -------------------

_WORDS = st.text("abc*", min_size=1, max_size=4)


def _match_one_by_one(keywords: list[str], words: tuple[str, ...]) -> str | None:
    """Keywords.match as its documentation says, one keyword and one position at a time."""
    simple: list[str] = []  # a word, "word*" or "*word": matched word by word first
    patterns: list[tuple[str, ...]] = []
    for keyword in keywords:
        parts = tuple(p.strip("._'’") for p in _TOKEN.findall(keyword.casefold()))
        parts = tuple(p for p in parts if p and p.strip("*"))
        stars = parts[0].count("*") if len(parts) == 1 else -1
        if stars == 0 or (stars == 1 and (parts[0].endswith("*") or parts[0].startswith("*"))):
            simple.append(parts[0])
        elif parts:
            patterns.append(parts)
    for word in words:
        if any(fnmatchcase(word, keyword) for keyword in simple):
            return word
    for parts in patterns:
        for i in range(len(words) - len(parts) + 1):
            if all(fnmatchcase(words[i + j], parts[j]) for j in range(len(parts))):
                return " ".join(words[i : i + len(parts)])
    return None


@given(keywords=st.lists(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), max_size=5),
       words=st.lists(st.text("abc", min_size=1, max_size=4), max_size=6).map(tuple))
def test_keywords_match_as_documented(keywords: list[str], words: tuple[str, ...]) -> None:
    assert Keywords(keywords).match(words) == _match_one_by_one(keywords, words)
