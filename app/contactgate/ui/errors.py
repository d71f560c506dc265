"""Exceptions as messages a user can act on: what went wrong, and what to do next."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from contactgate.core.model import ConsentFileError, InputError
from contactgate.core.policy import PolicyError
from contactgate.ui.core_texts import core_text, located_text


def describe(exc: BaseException) -> str:
    """One paragraph for an error dialog; the core's message names the file."""
    from contactgate.io.atomic import OutputError
    from contactgate.store.db import StoreError

    if isinstance(exc, PolicyError):  # before InputError: a PolicyError is one
        return QCoreApplication.translate(
            "Errors", "%1\n\nCorrect the policy file, or clear it in Settings to use the "
            "shipped policy.").replace("%1", str(exc))
    if isinstance(exc, ConsentFileError):  # before InputError: a ConsentFileError is one
        return QCoreApplication.translate(
            "Errors", "%1\n\nCheck that the file is the consent register as CSV: a header row "
            "with phone, granted_at, method and evidence (German headers such as Telefon, "
            "erteilt_am, Methode, Nachweis work too), then one consent a row.").replace(
            "%1", f"{exc.path}: {core_text(exc.message)}")
    if isinstance(exc, InputError):
        return QCoreApplication.translate(
            "Errors", "%1\n\nCheck that the file is a vCard (.vcf) or CSV export of an "
            "address book, then import it again.").replace(
            "%1", f"{exc.path}: {core_text(exc.message)}")
    if isinstance(exc, StoreError):
        return QCoreApplication.translate(
            "Errors", "%1\n\nChoose another database location in Settings, or restore the "
            "database together with its key file.").replace("%1", located_text(str(exc)))
    if isinstance(exc, OutputError):
        return QCoreApplication.translate(
            "Errors", "%1\n\nChoose a folder you can write to, with enough free space.").replace(
            "%1", located_text(str(exc)))
    if isinstance(exc, ValueError):
        return str(exc)
    if isinstance(exc, OSError):
        return QCoreApplication.translate(
            "Errors", "%1\n\nCheck that the file or folder exists and that you may use it."
        ).replace("%1", str(exc))
    return QCoreApplication.translate(
        "Errors", "Something unexpected went wrong: %1\n\nNothing was exported. Please report "
        "this message to the ContactGate maintainers.").replace(
        "%1", f"{type(exc).__name__}: {exc}")

