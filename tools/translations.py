"""Keep the GUI's translations in step with the code.

    python tools/translations.py update    # pyside6-lupdate: new strings into the .ts files
    python tools/translations.py release   # pyside6-lrelease: .ts -> .qm (what the app loads)
    python tools/translations.py check     # exit 1 if a .ts has unfinished or missing entries

``update`` keeps every existing translation and marks new strings unfinished;
``check`` is what CI runs (tests/ui/test_translations.py does the same).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "app" / "contactgate" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("de", "en")


def ts_file(language: str) -> Path:
    return TRANSLATIONS / f"contactgate_{language}.ts"


def tool(name: str) -> str:
    """pyside6-lupdate/-lrelease from this Python's environment, else from PATH."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6 into this environment")
    return found


def python_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def update(target: Path | None = None, language: str = "de") -> None:
    """Run lupdate over the GUI's sources into ``target`` (default: the .ts files)."""
    targets = [target] if target is not None else [ts_file(lang) for lang in LANGUAGES]
    for ts in targets:
        lang = language if target is not None else ts.stem.rsplit("_", 1)[1]
        subprocess.run([tool("lupdate"), "-no-obsolete", "-locations", "none",
                        "-target-language", lang, *python_sources(), "-ts", str(ts)],
                       cwd=ROOT, check=True, capture_output=True)


def release() -> list[Path]:
    made = []
    for language in LANGUAGES:
        ts = ts_file(language)
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        made.append(qm)
    return made


def problems(ts: Path) -> list[str]:
    """Unfinished, empty or vanished entries of one .ts file, one line each."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None:
                found.append(f"{ts.name}: {name}: {source!r}: missing")
                continue
            kind = translation.get("type", "")
            forms = [f.text for f in translation.iter("numerusform")]
            text = (translation.text or "").strip()
            empty = not any(forms) if message.get("numerus") == "yes" else not text
            if kind or empty:
                found.append(f"{ts.name}: {name}: {source!r}: {kind or 'empty'}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "release"
    if command == "update":
        update()
    elif command == "release":
        for qm in release():
            print(qm.relative_to(ROOT))
    elif command == "check":
        found = [line for lang in LANGUAGES for line in problems(ts_file(lang))]
        print("\n".join(found) or "translations complete")
        return 1 if found else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
