"""Translated wording for the core's stable keys: groups, buckets, consent states, stages.

The core speaks in stable codes ("business", "withdrawn", "classify"); the UI
shows them in the user's language. Each function builds its table when called,
so a language switch takes effect at the next call.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QCoreApplication, QLocale

from contactgate.core.classify import reason_text
from contactgate.core.model import Reason

Group = Literal["ready", "no_consent", "private", "unsure", "quarantined"]
GROUPS: tuple[Group, ...] = ("ready", "no_consent", "private", "unsure", "quarantined")
ALL = "all"
FILTERS: tuple[str, ...] = (*GROUPS, ALL)


def fill(text: str, *values: object) -> str:
    """Put values into %1, %2, … of a translated text (numbers with thousands separators)."""
    for number in range(len(values), 0, -1):  # %10 before %1
        value = values[number - 1]
        if isinstance(value, int) and not isinstance(value, bool):
            shown: object = QLocale().toString(value)  # 1.234 in German, 1,234 in English
        else:
            shown = value
        text = text.replace(f"%{number}", str(shown))
    return text


def line_kind_label(kind: str) -> str:
    """The kind of line phonenumbers tells (``fixed_line`` …), as the user reads it."""
    labels = {
        "fixed_line": QCoreApplication.translate("Texts", "landline"),
        "mobile": QCoreApplication.translate("Texts", "mobile"),
        "fixed_line_or_mobile": QCoreApplication.translate("Texts", "landline or mobile"),
        "toll_free": QCoreApplication.translate("Texts", "toll-free"),
        "premium_rate": QCoreApplication.translate("Texts", "premium rate"),
        "shared_cost": QCoreApplication.translate("Texts", "shared cost"),
        "voip": QCoreApplication.translate("Texts", "internet telephony"),
        "personal": QCoreApplication.translate("Texts", "personal number"),
        "pager": QCoreApplication.translate("Texts", "pager"),
        "uan": QCoreApplication.translate("Texts", "company number"),
        "voicemail": QCoreApplication.translate("Texts", "voicemail"),
        "unknown": "",
    }
    return labels.get(kind, kind.replace("_", " "))


def filter_label(key: str) -> str:
    labels = {
        "ready": QCoreApplication.translate("Texts", "Ready for WhatsApp"),
        "no_consent": QCoreApplication.translate("Texts", "Business without consent"),
        "private": QCoreApplication.translate("Texts", "Private"),
        "unsure": QCoreApplication.translate("Texts", "Unsure"),
        "quarantined": QCoreApplication.translate("Texts", "Quarantined"),
        "all": QCoreApplication.translate("Texts", "All"),
    }
    return labels.get(key, key)


def filter_help(key: str) -> str:
    texts = {
        "ready": QCoreApplication.translate(
            "Texts", "Business contacts with a valid WhatsApp consent: these are exported."),
        "no_consent": QCoreApplication.translate(
            "Texts", "Business contacts without a valid consent: kept back until one is recorded."),
        "private": QCoreApplication.translate(
            "Texts", "Private contacts: never exported, never stored in the database."),
        "unsure": QCoreApplication.translate(
            "Texts", "Contacts the rules could not decide: mark them business or private."),
        "quarantined": QCoreApplication.translate(
            "Texts", "Cards that could not be read: kept unchanged in quarantine.txt."),
        "all": QCoreApplication.translate("Texts", "Every contact and every unreadable card."),
    }
    return texts.get(key, "")


def bucket_label(bucket: str) -> str:
    labels = {
        "business": QCoreApplication.translate("Texts", "Business"),
        "private": QCoreApplication.translate("Texts", "Private"),
        "unsure": QCoreApplication.translate("Texts", "Unsure"),
        "quarantined": QCoreApplication.translate("Texts", "Unreadable"),
    }
    return labels.get(bucket, bucket)


def consent_label(state: str) -> str:
    """A consent state or a held-back key (core.consent.HELD_BACK_REASONS) in words."""
    labels = {
        "valid": QCoreApplication.translate("Texts", "Valid consent"),
        "no_consent": QCoreApplication.translate("Texts", "No consent"),
        "withdrawn": QCoreApplication.translate("Texts", "Withdrawn"),
        "expired": QCoreApplication.translate("Texts", "Expired"),
        "not_yet_granted": QCoreApplication.translate("Texts", "Not yet valid"),
        "other_purpose": QCoreApplication.translate("Texts", "Other purpose only"),
        "no_number": QCoreApplication.translate("Texts", "No readable number"),
        "": "",
    }
    return labels.get(state, state)


def stage_label(stage: str) -> str:
    labels = {
        "read": QCoreApplication.translate("Texts", "Reading cards"),
        "normalise": QCoreApplication.translate("Texts", "Reading phone numbers"),
        "merge": QCoreApplication.translate("Texts", "Merging duplicates"),
        "classify": QCoreApplication.translate("Texts", "Sorting contacts"),
        "gate": QCoreApplication.translate("Texts", "Checking consents"),
        "write": QCoreApplication.translate("Texts", "Writing files"),
        "report": QCoreApplication.translate("Texts", "Writing the report"),
        "consents": QCoreApplication.translate("Texts", "Importing consents"),
        "index": QCoreApplication.translate("Texts", "Preparing the table"),
    }
    return labels.get(stage, stage)


def reason_label(reason: Reason, language: str) -> str:
    """A verdict reason in the user's language: the classifier words its own codes."""
    if reason.code == "user_override":
        return QCoreApplication.translate("Texts", "Marked %1 by you").replace(
            "%1", bucket_label(reason.detail))
    return reason_text(reason, language)
