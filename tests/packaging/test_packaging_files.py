"""The release files agree with each other and with pyproject.toml (no build: fast).

`make package` builds and smoke-tests the app itself; these tests catch what would
make an installed app look wrong or lie about its version: a spec with a version of
its own, a desktop entry whose icon or command does not exist, metadata for another
release, icons missing a size or rendered from an old SVG.
"""

from __future__ import annotations

import ast
import configparser
import os
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
SPEC = PACKAGING / "contactgate.spec"
APP_ID = "io.github.contactgate.ContactGate"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 32, 48, 64, 128, 256)
PYPROJECT: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
NAME: str = PYPROJECT["project"]["name"]
VERSION: str = PYPROJECT["project"]["version"]


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text("utf-8"), filename=str(SPEC))


def spec_function(name: str) -> Any:
    """A top-level function of the spec, run on its own (the rest needs PyInstaller)."""
    func = next(n for n in spec_tree().body if isinstance(n, ast.FunctionDef) and n.name == name)
    namespace: dict[str, Any] = {"tomllib": tomllib, "Path": Path}
    exec(compile(ast.Module(body=[func], type_ignores=[]), str(SPEC), "exec"), namespace)
    return namespace[name]


def spec_constant(name: str) -> Any:
    for node in spec_tree().body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{SPEC.name} assigns no {name}")


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- the spec ---------------------------------------------------------------------------


def test_spec_is_python_and_reads_name_and_version_from_pyproject(tmp_path: Path) -> None:
    project_metadata = spec_function("project_metadata")
    assert project_metadata(REPO / "pyproject.toml") == (NAME, VERSION)
    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "other"\nversion = "9.8.7"\n', encoding="utf-8")
    assert project_metadata(other) == ("other", "9.8.7")


def test_spec_does_not_hard_code_the_version() -> None:
    literals = {n.value for n in ast.walk(spec_tree()) if isinstance(n, ast.Constant)}
    assert VERSION not in literals


def test_spec_bundles_every_resource_the_app_reads_and_not_the_evaluation_set() -> None:
    globs: tuple[str, ...] = spec_constant("RESOURCE_GLOBS")
    root = REPO / "resources"
    bundled = {p.relative_to(root).as_posix() for g in globs for p in root.glob(g) if p.is_file()}
    needed = {
        "policy.toml", "freemail.txt", "icons/app.svg",
        "translations/contactgate_de.qm", "translations/contactgate_en.qm",
        "samples/phone-book.vcf", "samples/consents.csv",
    }
    assert needed <= bundled
    assert not any(path.startswith("eval/") or path.endswith(".ts") for path in bundled)


def test_build_script_is_executable_and_pins_pyinstaller_exactly() -> None:
    script = PACKAGING / "build.sh"
    assert os.access(script, os.X_OK)
    assert re.search(r"\bpyinstaller==\d+\.\d+(\.\d+)?\b", script.read_text("utf-8"))


def test_package_extra_pins_the_same_pyinstaller_as_the_build_script() -> None:
    extra = PYPROJECT["project"].get("optional-dependencies", {}).get("package")
    if extra is None:
        pytest.skip("pyproject.toml has no 'package' extra yet")
    pins = set(re.findall(r"pyinstaller==[\w.]+", (PACKAGING / "build.sh").read_text("utf-8")))
    assert pins <= {req.replace(" ", "") for req in extra}


# --- desktop entry ----------------------------------------------------------------------


def test_desktop_entry_has_the_keys_a_launcher_needs() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "ContactGate"
    assert entry["Terminal"] == "false"
    assert {"Office", "ContactManagement"} <= set(entry["Categories"].rstrip(";").split(";"))
    mime = set(entry["MimeType"].rstrip(";").split(";"))
    assert {"text/vcard", "text/x-vcard", "text/csv"} <= mime


def test_desktop_entry_starts_the_bundled_command_with_the_files_it_was_given() -> None:
    entry = desktop_entry()
    assert entry["Exec"] == f"{NAME} gui %F"
    assert entry["TryExec"] == NAME
    # The spec names the console executable after the project, like the installed script.
    assert NAME in PYPROJECT["project"]["scripts"]


def test_desktop_entry_icon_and_name_match_the_app_id() -> None:
    assert desktop_entry()["Icon"] == APP_ID
    # Qt reports this id to Wayland compositors, which look the .desktop file up by it.
    app_module = ast.parse((REPO / "app" / "contactgate" / "ui" / "app.py").read_text("utf-8"))
    ids = [ast.literal_eval(n.value) for n in app_module.body if isinstance(n, ast.Assign)
           and any(isinstance(t, ast.Name) and t.id == "DESKTOP_ID" for t in n.targets)]
    assert ids == [DESKTOP.stem]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (desktop-file-utils)")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# --- AppStream metadata -------------------------------------------------------------------


def test_metainfo_describes_this_desktop_app_and_this_release() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("provides/binary") == NAME
    assert root.findtext("project_license") == PYPROJECT["project"]["license"]  # SPDX string
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == VERSION


def test_metainfo_release_date_is_the_changelog_date() -> None:
    newest = ET.parse(METAINFO).getroot().find("releases/release")
    assert newest is not None
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    match = re.search(rf"^## \[{re.escape(VERSION)}\] - (\d{{4}}-\d{{2}}-\d{{2}})$",
                      changelog, re.MULTILINE)
    assert match, f"CHANGELOG.md has no '## [{VERSION}] - YYYY-MM-DD' heading"
    assert newest.get("date") == match.group(1)


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (apt-get install appstream)")
def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# --- icons ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_exists_in_every_size_with_those_dimensions(size: int) -> None:
    icon = PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png_size(icon) == (size, size)


def test_icons_were_rendered_from_the_current_app_svg() -> None:
    scalable = PACKAGING / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    source = REPO / "resources" / "icons" / "app.svg"
    assert scalable.read_bytes() == source.read_bytes(), (
        "resources/icons/app.svg changed: run .venv/bin/python packaging/render_icons.py")


def test_windows_icon_holds_every_size() -> None:
    data = (PACKAGING / "icons" / "contactgate.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    edges = {data[6 + 16 * i] or 256 for i in range(count)}  # 0 stands for 256
    assert edges == set(ICON_SIZES)


def test_macos_icon_is_an_icns_file_of_its_stated_length() -> None:
    data = (PACKAGING / "icons" / "contactgate.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)


# --- changelog --------------------------------------------------------------------------


def test_changelog_has_an_entry_for_the_current_version() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert changelog.startswith("# Changelog")
    assert re.search(rf"^## \[{re.escape(VERSION)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog,
                     re.MULTILINE)
