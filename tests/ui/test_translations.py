"""The German translation is complete, covers every string in the code, and is compiled."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QTranslator

from tests.ui.helpers import REPO

TRANSLATIONS = REPO / "resources" / "translations"


def tool_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations_tool",
                                                  REPO / "tools" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found[(name, message.findtext("source", ""))] = message
    return found


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_unfinished_or_empty_entries(language: str) -> None:
    assert tool_module().problems(TRANSLATIONS / f"contactgate_{language}.ts") == []


def test_every_string_in_the_code_is_in_the_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh_de.ts"
    tool_module().update(target=fresh, language="de")
    in_code = set(messages(fresh))
    translated = set(messages(TRANSLATIONS / "contactgate_de.ts"))
    assert in_code, "lupdate found no strings"
    assert in_code - translated == set(), "run: python tools/translations.py update"
    assert translated - in_code == set(), "strings no longer in the code: run update"


def test_compiled_german_file_matches_the_ts_file() -> None:
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "contactgate_de.qm"))
    checked = 0
    for (context, source), message in messages(TRANSLATIONS / "contactgate_de.ts").items():
        if message.get("numerus") == "yes":
            forms = [f.text for f in message.iter("numerusform")]
            assert translator.translate(context, source, "", 2) == forms[1]
        else:
            assert translator.translate(context, source) == message.findtext("translation")
        checked += 1
    assert checked > 200, "run: python tools/translations.py release"
