"""StagedFiles: an export's files are complete on disk first and appear together later."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from contactgate.io.atomic import OutputError, StagedFiles


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_files_appear_only_when_published_owner_only_and_whole(tmp_path: Path) -> None:
    (tmp_path / "a.vcf").write_bytes(b"the previous export\n")
    staged = StagedFiles()
    with staged.open(tmp_path / "a.vcf") as handle:
        handle.write(b"BEGIN:VCARD\r\n")
        handle.write(b"END:VCARD\r\n")
    staged.write_bytes(tmp_path / "b.json", b"{}\n")
    # written and flushed, but a reader of the folder still sees what it held before
    assert names(tmp_path) == {"a.vcf", "a.vcf.part", "b.json.part"}
    assert (tmp_path / "a.vcf").read_bytes() == b"the previous export\n"

    staged.publish()

    assert names(tmp_path) == {"a.vcf", "b.json"}
    assert (tmp_path / "a.vcf").read_bytes() == b"BEGIN:VCARD\r\nEND:VCARD\r\n"
    assert (tmp_path / "b.json").read_bytes() == b"{}\n"
    for name in ("a.vcf", "b.json"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_discard_removes_every_part_and_keeps_what_was_there(tmp_path: Path) -> None:
    (tmp_path / "a.vcf").write_bytes(b"kept\n")
    staged = StagedFiles()
    staged.write_bytes(tmp_path / "a.vcf", b"new\n")
    staged.write_bytes(tmp_path / "b.vcf", b"new\n")

    staged.discard()
    staged.publish()  # nothing is left to publish: it changes nothing

    assert names(tmp_path) == {"a.vcf"}
    assert (tmp_path / "a.vcf").read_bytes() == b"kept\n"


def test_a_file_that_fails_while_written_leaves_no_part(tmp_path: Path) -> None:
    staged = StagedFiles()
    staged.write_bytes(tmp_path / "first.vcf", b"whole\n")
    with pytest.raises(RuntimeError), staged.open(tmp_path / "second.vcf") as handle:
        handle.write(b"half")
        raise RuntimeError("the writer failed")
    assert names(tmp_path) == {"first.vcf.part"}  # the caller decides: publish or discard
    staged.discard()
    assert names(tmp_path) == set()


def test_after_a_rename_fails_the_rest_stay_parts_and_the_error_names_them(
        tmp_path: Path) -> None:
    (tmp_path / "report.html").mkdir()  # a folder is in the way of the rename
    (tmp_path / "report.html" / "inside").write_text("x")
    staged = StagedFiles()
    for name in ("whatsapp.vcf", "summary.json", "report.html", "report.pdf"):
        staged.write_bytes(tmp_path / name, name.encode())

    with pytest.raises(OutputError) as failed:
        staged.publish(last=tmp_path / "whatsapp.vcf")

    # the export was recorded: what could not be renamed yet is kept, never deleted,
    # and the gated file, published last, is not out without its report
    assert names(tmp_path) == {"summary.json", "report.html", "report.html.part",
                               "report.pdf.part", "whatsapp.vcf.part"}
    message = str(failed.value)
    assert "report.html.part, report.pdf.part, whatsapp.vcf.part" in message
    assert "recorded" in message and str(tmp_path / "report.html") in message


def test_the_file_named_last_is_renamed_after_all_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staged = StagedFiles()
    for name in ("gated.vcf", "b.vcf", "report.pdf"):
        staged.write_bytes(tmp_path / name, b"x")
    renamed: list[str] = []
    replace = os.replace

    def recording(source: Path, target: Path) -> None:
        renamed.append(Path(target).name)
        replace(source, target)

    monkeypatch.setattr(os, "replace", recording)
    staged.publish(last=tmp_path / "gated.vcf")
    assert renamed == ["b.vcf", "report.pdf", "gated.vcf"]
    assert names(tmp_path) == {"gated.vcf", "b.vcf", "report.pdf"}


def test_a_folder_that_cannot_be_written_is_an_output_error_naming_the_file(
        tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="missing"):
        StagedFiles().write_bytes(tmp_path / "missing" / "a.vcf", b"x")
