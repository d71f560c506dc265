"""Test doubles and small inputs for the GUI tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QWidget

REPO = Path(__file__).resolve().parents[2]
SAMPLE_BOOK = REPO / "resources" / "samples" / "phone-book.vcf"
SAMPLE_CONSENTS = REPO / "resources" / "samples" / "consents.csv"


@dataclass
class ScriptedPrompts:
    """Answers dialogs from a script and records what the user would have seen."""

    answers: list[bool] = field(default_factory=list)
    default_answer: bool = False
    files: list[list[Path]] = field(default_factory=list)
    file: list[Path | None] = field(default_factory=list)
    dirs: list[Path | None] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    presented: list[QDialog] = field(default_factory=list)
    urls: list[QUrl] = field(default_factory=list)

    def error(self, parent: QWidget | None, title: str, message: str) -> None:
        self.errors.append((title, message))

    def info(self, parent: QWidget | None, title: str, message: str) -> None:
        self.infos.append((title, message))

    def ask(self, parent: QWidget | None, title: str, question: str) -> bool:
        self.questions.append(question)
        return self.answers.pop(0) if self.answers else self.default_answer

    def open_files(self, parent: QWidget | None, title: str, start: str,
                   name_filter: str) -> list[Path]:
        return self.files.pop(0) if self.files else []

    def open_file(self, parent: QWidget | None, title: str, start: str,
                  name_filter: str) -> Path | None:
        return self.file.pop(0) if self.file else None

    def choose_dir(self, parent: QWidget | None, title: str, start: str) -> Path | None:
        return self.dirs.pop(0) if self.dirs else None

    def present(self, dialog: QDialog) -> None:
        self.presented.append(dialog)
        dialog.show()  # never exec(): the test drives the dialog itself

    def open_url(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True


def write_vcards(path: Path, cards: list[str]) -> Path:
    path.write_text("".join(cards), encoding="utf-8", newline="")
    return path


def card(fn: str, *lines: str) -> str:
    body = "\r\n".join((f"FN:{fn}", *lines))
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body}\r\nEND:VCARD\r\n"
