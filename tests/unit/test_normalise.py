"""Cards become contacts: labels from Apple groups, Samsung and custom types are visible."""

from __future__ import annotations

from contactgate.core.model import Card, Prop
from contactgate.core.normalise import contact_from_card
from contactgate.core.phones import PhoneNormaliser

DE = PhoneNormaliser("DE")


def card(*props: Prop) -> Card:
    return Card(source="book.vcf", line=3, version="3.0", props=list(props))


def test_iphone_item_group_label_attaches_to_its_number() -> None:
    contact = contact_from_card(card(
        Prop("FN", "Praxis Dr. Weiß"),
        Prop("TEL", "030 1234567", (("TYPE", "voice"),), group="item1"),
        Prop("X-ABLABEL", "_$!<Work>!$_", group="item1"),
        Prop("TEL", "0171 3920011", (("TYPE", "cell"),), group="item2"),
        Prop("X-ABLABEL", "Notdienst", group="item2"),
        Prop("X-ABSHOWAS", "COMPANY"),
    ), 0, DE)
    assert [(p.e164, p.label) for p in contact.phones] == [
        ("+49301234567", "Work"), ("+491713920011", "Notdienst")]
    assert contact.labels == ["Work", "Notdienst"]
    assert contact.show_as_company


def test_samsung_custom_label_and_nonstandard_type_become_labels() -> None:
    contact = contact_from_card(card(
        Prop("TEL", "0171 3920011", (("TYPE", "x-custom(charset=utf-8,encoding=qp,Büro)"),)),
        Prop("EMAIL", "Anna@Example.DE", (("TYPE", "internet"), ("TYPE", "kunde"))),
    ), 0, DE)
    assert contact.phones[0].label == "Büro"
    assert contact.emails[0].address == "anna@example.de"
    assert contact.emails[0].label == "kunde"
    assert contact.emails[0].types == frozenset({"internet"})


def test_structured_fields_are_unescaped() -> None:
    contact = contact_from_card(card(
        Prop("N", "Groß\\;Klein;Jürgen;;Dr.;"),
        Prop("ORG", "Müller Bau GmbH;Einkauf"),
        Prop("CATEGORIES", "Kunden,VIP\\, wichtig"),
        Prop("ADR", ";;Weg 1;Berlin;;10115;DE", (("TYPE", "work"),)),
    ), 0, DE)
    assert contact.n == ("Groß;Klein", "Jürgen", "", "Dr.", "")
    assert contact.org == "Müller Bau GmbH, Einkauf"
    assert contact.categories == ["Kunden", "VIP, wichtig"]
    assert contact.adr_types == frozenset({"work"})
    assert contact.display_name == "Jürgen Groß;Klein"


def test_vcard40_tel_uri_and_unreadable_number_are_kept() -> None:
    contact = contact_from_card(card(
        Prop("TEL", "tel:+49-30-1234567", (("VALUE", "uri"),)),
        Prop("TEL", "ruf mich an"),
    ), 0, DE)
    assert [p.e164 for p in contact.phones] == ["+49301234567", None]
    assert contact.phones[1].raw == "ruf mich an"


def test_apple_related_name_label_is_visible_to_classification() -> None:
    contact = contact_from_card(card(
        Prop("FN", "Gisela"),
        Prop("X-ABRELATEDNAMES", "Anna", group="item3"),
        Prop("X-ABLABEL", "_$!<Mother>!$_", group="item3"),
    ), 0, DE)
    assert contact.labels == ["Mother"]
