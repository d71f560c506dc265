"""The layering rule of DESIGN.md: core is pure, only ui (and the PDF writer, lazily) loads Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "app" / "contactgate"


def test_importing_everything_but_the_ui_and_building_the_cli_leaves_qt_unloaded() -> None:
    probe = (
        "import sys\n"
        "import contactgate.core.gate, contactgate.core.classify, contactgate.io.vcard_read\n"
        "import contactgate.store.db, contactgate.pipeline, contactgate.cli\n"
        "contactgate.cli.build_parser()\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def _our_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith(("contactgate", "PySide6"))}


def test_core_imports_only_core_and_never_qt() -> None:
    for path in (PACKAGE / "core").glob("*.py"):
        for name in _our_imports(path):
            assert name.startswith("contactgate.core"), f"{path.name} imports {name}"


def test_nothing_outside_ui_imports_qt_at_module_level() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        for node in top_level:
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            assert not (module or "").startswith("PySide6"), f"{path} imports Qt at the top"


def test_nothing_but_entry_points_imports_cli_or_ui() -> None:
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] in ("ui", "commands") or path.name in ("cli.py", "__main__.py"):
            continue
        for name in _our_imports(path):
            assert not name.startswith(("contactgate.cli", "contactgate.ui")), (
                f"{path} imports {name}")
