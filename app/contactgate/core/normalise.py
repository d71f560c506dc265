"""A parsed card to a :class:`Contact`: names, numbers in E.164, labels made visible.

Labels come from three places phones use: Apple item groups (``item1.TEL`` with
``item1.X-ABLabel``), Samsung ``X-CUSTOM(...)`` parameters and non-standard
TYPE values. All of them end up in ``Phone.label``/``Email.label`` and in
``Contact.labels`` so the classifier can read them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from contactgate.core.model import (
    Card,
    Contact,
    Email,
    Prop,
    components,
    split_unescaped,
    unescape_text,
)
from contactgate.core.phones import PhoneNormaliser

STANDARD_TYPES = frozenset(
    {
        "cell", "mobile", "home", "work", "voice", "fax", "pager", "pref", "msg", "bbs",
        "modem", "car", "isdn", "video", "pcs", "internet", "x400", "main", "other",
        "iphone", "text", "textphone", "dom", "intl", "postal", "parcel",
    }
)  # fmt: skip
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_CUSTOM_TYPE = re.compile(r"^x-custom\((?:.*,)?([^,)]*)\)$", re.IGNORECASE)


def contact_from_card(card: Card, key: int, phones: PhoneNormaliser) -> Contact:
    group_labels = _group_labels(card)
    contact = Contact(key=key, cards=[card])
    for prop in card.props:
        _apply(contact, prop, group_labels, phones)
    contact.labels.extend(_labels_of_other_groups(card, group_labels))
    return contact


def _labels_of_other_groups(card: Card, group_labels: dict[str, str]) -> list[str]:
    """Labels on groups without a number or address, e.g. Apple's related names ("Mother")."""
    used = {p.group.lower() for p in card.props if p.group and p.name in ("TEL", "EMAIL")}
    return [label for group, label in group_labels.items() if group not in used and label]


def _apply(contact: Contact, prop: Prop, group_labels: dict[str, str],
           phones: PhoneNormaliser) -> None:
    name = prop.name
    if name == "FN" and not contact.fn:
        contact.fn = prop.text().strip()
    elif name == "N" and not contact.n:
        contact.n = tuple(part.strip() for part in components(prop.value))
    elif name == "ORG" and not contact.org:
        contact.org = ", ".join(p.strip() for p in components(prop.value) if p.strip())
    elif name == "TITLE" and not contact.title:
        contact.title = prop.text().strip()
    elif name == "ROLE" and not contact.role:
        contact.role = prop.text().strip()
    elif name == "TEL":
        _add_phone(contact, prop, group_labels, phones)
    elif name == "EMAIL":
        _add_email(contact, prop, group_labels)
    elif name == "CATEGORIES":
        contact.categories.extend(_list_values(prop.value))
    elif name == "ADR":
        contact.adr_types |= prop.types()
    elif name == "X-ABSHOWAS":
        contact.show_as_company = prop.text().strip().upper() == "COMPANY"
    elif name == "UID" and not contact.uid:
        contact.uid = prop.text().strip()
    elif name in ("X-ABLABEL", "X-ANDROID-CUSTOM", "X-GROUP-MEMBERSHIP"):
        _add_label_prop(contact, prop)


def _add_phone(contact: Contact, prop: Prop, group_labels: dict[str, str],
               phones: PhoneNormaliser) -> None:
    raw = prop.text().strip()
    if not raw:
        return
    label = _label_of(prop, group_labels)
    contact.phones.append(phones.phone(raw, _known_types(prop), label))
    if label:
        contact.labels.append(label)


def _add_email(contact: Contact, prop: Prop, group_labels: dict[str, str]) -> None:
    address = prop.text().strip().removeprefix("mailto:").lower()
    if not address:
        return
    label = _label_of(prop, group_labels)
    contact.emails.append(Email(address=address, types=_known_types(prop), label=label))
    if label:
        contact.labels.append(label)


def _add_label_prop(contact: Contact, prop: Prop) -> None:
    if prop.name == "X-ANDROID-CUSTOM":
        # vnd.android.cursor.item/nickname;Hasi;… — the first free-text field is the value.
        fields = [f for f in components(prop.value)[1:] if f.strip()]
        if fields:
            contact.labels.append(fields[0].strip())
        return
    if prop.name == "X-GROUP-MEMBERSHIP":
        contact.categories.extend(_list_values(prop.value))
        return
    if not prop.group:  # grouped labels were attached to their TEL/EMAIL already
        contact.labels.append(_clean_label(prop.text()))


def _group_labels(card: Card) -> dict[str, str]:
    return {
        prop.group.lower(): _clean_label(prop.text())
        for prop in card.props
        if prop.group and prop.name == "X-ABLABEL"
    }


def _label_of(prop: Prop, group_labels: dict[str, str]) -> str:
    if prop.group and prop.group.lower() in group_labels:
        return group_labels[prop.group.lower()]
    return _label_of_params(prop.params)


@lru_cache(maxsize=4096)  # a few distinct parameter sets per book
def _label_of_params(params: tuple[tuple[str, str], ...]) -> str:
    for key, value in params:
        custom = _CUSTOM_TYPE.match(value) if key == "TYPE" else None
        if custom:
            return custom.group(1).strip()
        if key.startswith("X-CUSTOM"):
            return value.strip()
        if key == "TYPE" and value not in STANDARD_TYPES and not value.startswith("x-"):
            return value
    return ""


def _known_types(prop: Prop) -> frozenset[str]:
    return _standard_types(prop.params)


@lru_cache(maxsize=4096)  # a few distinct parameter sets per book: share one frozenset each
def _standard_types(params: tuple[tuple[str, str], ...]) -> frozenset[str]:
    return frozenset(v for k, v in params if k == "TYPE" and v in STANDARD_TYPES)


def _clean_label(text: str) -> str:
    """Apple writes built-in labels as ``_$!<Work>!$_``; keep the word."""
    text = text.strip()
    match = _APPLE_LABEL.match(text)
    return match.group(1) if match else text


def _list_values(value: str) -> list[str]:
    return [unescape_text(v).strip() for v in split_unescaped(value, ",") if v.strip()]
