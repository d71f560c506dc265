"""The core's messages in the window's language.

The core never imports Qt and words its messages in English, as the command
line prints them. The messages a user of the window meets (a file that cannot
be read or written, a card that cannot be read, a rejected consent row) are
translated here: fixed ones by their text, ones that carry a value (the
system's reason, a number, a date) by a pattern that keeps the value. A
message not known here is shown as the core wrote it, never dropped.
``tests/ui/test_core_texts.py`` holds every entry to a message the core still
writes, so that a reworded message cannot silently fall back to English.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

CONTEXT = "Core"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for translation in ``context`` (lupdate finds it); returns it as it is."""
    return text


FIXED: tuple[str, ...] = (
    # reading address books
    QT_TRANSLATE_NOOP("Core", "file is empty"),
    QT_TRANSLATE_NOOP("Core", "no such file"),
    QT_TRANSLATE_NOOP("Core", "permission denied"),
    QT_TRANSLATE_NOOP("Core", "is a folder, not a file"),
    QT_TRANSLATE_NOOP("Core", "no vCard found (is this an address-book export?)"),
    QT_TRANSLATE_NOOP("Core", "empty file"),
    QT_TRANSLATE_NOOP("Core", "too large for a contacts CSV"),
    QT_TRANSLATE_NOOP("Core", "not a contacts CSV: the file holds binary data"),
    QT_TRANSLATE_NOOP("Core", "not a contacts CSV: no name, phone or e-mail column"),
    QT_TRANSLATE_NOOP("Core", "not a contacts CSV: its first line names no columns (JSON, a log?)"),
    QT_TRANSLATE_NOOP("Core", "changed while it was being read; run again"),
    QT_TRANSLATE_NOOP("Core", "a photo set aside was changed meanwhile; run again"),
    # cards that cannot be read
    QT_TRANSLATE_NOOP("Core", "missing END:VCARD"),
    QT_TRANSLATE_NOOP("Core", "missing BEGIN:VCARD"),
    # writing
    QT_TRANSLATE_NOOP("Core", "is a file, not a folder"),
    QT_TRANSLATE_NOOP("Core", "is a broken link, not a folder"),
    QT_TRANSLATE_NOOP("Core", "Qt produced no PDF"),
    # the database and its key
    QT_TRANSLATE_NOOP("Core", "is a folder, not a database file"),
    QT_TRANSLATE_NOOP("Core", "not a ContactGate database (not SQLite); restore a backup"),
    QT_TRANSLATE_NOOP("Core", "the key file is unreadable or damaged"),
    QT_TRANSLATE_NOOP("Core", "the key file is damaged (wrong length)"),
    QT_TRANSLATE_NOOP("Core", "the key is missing but the database remembers decisions by it; "
                              "restore the key saved with the database"),
    QT_TRANSLATE_NOOP("Core", "the database is busy (another ContactGate is using it); "
                              "try again"),
    # the consent register
    QT_TRANSLATE_NOOP("Core", "empty file, not a consent CSV"),
    QT_TRANSLATE_NOOP("Core", "is a folder, not a consent CSV"),
    QT_TRANSLATE_NOOP("Core", "too large for a consent CSV"),
    QT_TRANSLATE_NOOP("Core", "damaged UTF-16 text"),
    QT_TRANSLATE_NOOP("Core", "neither UTF-8 nor Windows-1252 text"),
    QT_TRANSLATE_NOOP("Core", "not a consent CSV: no phone column (phone / Telefon / Nummer)"),
    QT_TRANSLATE_NOOP("Core", "row too long to be a consent record; not read"),
    QT_TRANSLATE_NOOP("Core", "empty date"),
    QT_TRANSLATE_NOOP("Core", "contains a NUL character"),
    QT_TRANSLATE_NOOP("Core", "withdrawn_at lies before granted_at"),
    QT_TRANSLATE_NOOP("Core", "expires_at lies before granted_at"),
)

# (pattern of the English message, its translatable text with %1, %2 … for the groups)
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"cannot read \((.+)\)", QT_TRANSLATE_NOOP("Core", "cannot read (%1)")),
    (r"cannot read: (.+)", QT_TRANSLATE_NOOP("Core", "cannot read: %1")),
    (r"cannot write \((.+?)\); the export is recorded, but these files are still named "
     r"\.part: (.+)\. Rename them \(close a program that holds the file open\), or run the "
     r"export again",
     QT_TRANSLATE_NOOP("Core", "cannot write (%1); the export is recorded, but these files "
                               "are still named .part: %2. Rename them (close a program that "
                               "holds the file open), or run the export again")),
    (r"cannot write \((.+)\)", QT_TRANSLATE_NOOP("Core", "cannot write (%1)")),
    (r"cannot read the database \((.+)\)",
     QT_TRANSLATE_NOOP("Core", "cannot read the database (%1)")),
    (r"cannot create the database \((.+)\)",
     QT_TRANSLATE_NOOP("Core", "cannot create the database (%1)")),
    (r"cannot write the key \((.+)\)", QT_TRANSLATE_NOOP("Core", "cannot write the key (%1)")),
    (r"cannot write the database \((.+)\); free some space and try again",
     QT_TRANSLATE_NOOP("Core", "cannot write the database (%1); free some space and try again")),
    (r"not a ContactGate database or damaged \((.+)\); restore a backup",
     QT_TRANSLATE_NOOP("Core", "not a ContactGate database or damaged (%1); restore a backup")),
    (r"cannot create the folder \((.+)\)",
     QT_TRANSLATE_NOOP("Core", "cannot create the folder (%1)")),
    (r"cannot read the evidence file \((.+)\)",
     QT_TRANSLATE_NOOP("Core", "cannot read the evidence file (%1)")),
    (r"a photo set aside cannot be read back \((.+)\)",
     QT_TRANSLATE_NOOP("Core", "a photo set aside cannot be read back (%1)")),
    (r"card larger than (\S+ \S+)", QT_TRANSLATE_NOOP("Core", "card larger than %1")),
    (r"row longer than (\d+) MB", QT_TRANSLATE_NOOP("Core", "row longer than %1 MB")),
    (r"line (\d+): not readable as CSV \((.+)\)",
     QT_TRANSLATE_NOOP("Core", "line %1: not readable as CSV (%2)")),
    (r"consent CSV without column\(s\): (.+)",
     QT_TRANSLATE_NOOP("Core", "consent CSV without column(s): %1")),
    (r"not a phone number for region (\w+): (.+)",
     QT_TRANSLATE_NOOP("Core", "not a phone number for region %1: %2")),
    (r"not an ISO 8601 date: (.+)", QT_TRANSLATE_NOOP("Core", "not an ISO 8601 date: %1")),
    (r"not a date: (.+)", QT_TRANSLATE_NOOP("Core", "not a date: %1")),
    (r"not a year from (\d+) to (\d+): (.+)",
     QT_TRANSLATE_NOOP("Core", "not a year from %1 to %2: %3")),
    (r"(\w+) is empty", QT_TRANSLATE_NOOP("Core", "%1 is empty")),
)
_COMPILED = tuple((re.compile(pattern, re.DOTALL), text) for pattern, text in PATTERNS)
_FIXED_SET = frozenset(FIXED)
# a consent CSV's column, named before what is wrong with it ("granted_at: not a date: …")
_FIELD = re.compile(r"(granted_at|withdrawn_at|expires_at|confirmed_at): (.+)", re.DOTALL)


def core_text(message: str) -> str:
    """``message`` in the current language; as it is when it is not one of the core's."""
    if message in _FIXED_SET:
        return QCoreApplication.translate(CONTEXT, message)
    field = _FIELD.fullmatch(message)
    if field:
        return f"{field[1]}: {core_text(field[2])}"
    for pattern, text in _COMPILED:
        found = pattern.fullmatch(message)
        if found:
            translated = QCoreApplication.translate(CONTEXT, text)
            for number in range(len(found.groups()), 0, -1):  # %10 before %1
                translated = translated.replace(f"%{number}", found[number])
            return translated
    if "; " in message:  # "card larger than 64 MiB; missing END:VCARD"
        return "; ".join(core_text(part) for part in message.split("; "))
    return message


def located_text(text: str) -> str:
    """``PATH: message`` (or ``FILE:LINE: message``) with the message translated: the
    message is the longest tail after ": " that the core wrote."""
    start = 0
    while (cut := text.find(": ", start)) >= 0:
        message = text[cut + 2:]
        translated = core_text(message)
        if translated != message:
            return f"{text[:cut]}: {translated}"
        start = cut + 1
    return text
