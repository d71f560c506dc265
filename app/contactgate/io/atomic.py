"""Atomic, owner-only file writes: ``NAME.part``, fsync, rename.

A reader of the folder sees each file either absent or complete, never a
truncated vCard someone might import into a phone.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700


class OutputError(Exception):
    """An output that cannot be written; the message names the path."""


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` and any missing parents owner-only (0700), whatever the umask.

    Folders that already exist are left as they are: they are the user's.
    A file in the way is an error naming it.
    """
    missing: list[Path] = []
    current = directory
    while not current.exists():
        if current.is_symlink():  # a dangling link: do not create through it
            raise OutputError(f"{current}: is a broken link, not a folder")
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    if not current.is_dir():
        raise OutputError(f"{current}: is a file, not a folder")
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
            os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask
        except FileExistsError:
            if not folder.is_dir():
                raise OutputError(f"{folder}: is a file, not a folder") from None
        except OSError as exc:
            raise OutputError(f"{folder}: cannot create the folder ({exc.strerror})") from exc


@contextlib.contextmanager
def atomic_binary(path: Path) -> Iterator[IO[bytes]]:
    """Write ``path`` through ``path.part``; on any error the part file is removed."""
    with _complete_part(path) as handle:
        yield handle
    _publish(path.with_name(path.name + ".part"), path)


@contextlib.contextmanager
def _complete_part(path: Path) -> Iterator[IO[bytes]]:
    """``path.part`` written, flushed to disk and owner-only; removed again on any error."""
    part = path.with_name(path.name + ".part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(part, FILE_MODE)  # a pre-existing .part may have had wider bits
    except OSError as exc:
        _remove_quietly(part)
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from exc
    except BaseException:
        _remove_quietly(part)
        raise


def _publish(part: Path, path: Path) -> None:
    try:
        os.replace(part, path)
    except OSError as exc:
        _remove_quietly(part)
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from exc


class StagedFiles:
    """Files written completely as ``NAME.part`` now, and renamed later.

    An export's files appear only once the export is recorded in the database
    (invariant 6: nothing leaves without a record). If recording fails, or the
    work is cancelled, :meth:`discard` removes them and the folder keeps what
    it held before.
    """

    def __init__(self) -> None:
        self._parts: list[Path] = []

    @contextlib.contextmanager
    def open(self, path: Path) -> Iterator[IO[bytes]]:
        with _complete_part(path) as handle:
            yield handle
        self._parts.append(path)

    def write_bytes(self, path: Path, data: bytes) -> None:
        with self.open(path) as handle:
            handle.write(data)

    def check_names(self) -> None:
        """OutputError for a name that a rename cannot take (a folder is in its place):
        asked before the files are recorded, so that such an export records nothing."""
        for path in self._parts:
            if path.is_dir():
                raise OutputError(f"{path}: is a folder, not a file")

    def publish(self, last: Path | None = None) -> None:
        """Rename every part file to its name, ``last`` after all others.

        The caller has recorded these files: a rename that fails leaves the
        files not yet renamed as they are, and the error says which they are.
        """
        order = sorted(self._parts, key=lambda path: path == last)  # a stable sort
        for done, path in enumerate(order):
            try:
                os.replace(path.with_name(path.name + ".part"), path)
            except OSError as exc:
                waiting = ", ".join(p.name + ".part" for p in order[done:])
                raise OutputError(
                    f"{path}: cannot write ({exc.strerror}); the export is recorded, but "
                    f"these files are still named .part: {waiting}. Rename them (close a "
                    "program that holds the file open), or run the export again") from exc
        self._parts.clear()

    def discard(self) -> None:
        """Remove the part files (an export that failed or was cancelled before its record)."""
        for path in self._parts:
            _remove_quietly(path.with_name(path.name + ".part"))
        self._parts.clear()


@contextlib.contextmanager
def atomic_text(path: Path, encoding: str = "utf-8", newline: str = "") -> Iterator[IO[str]]:
    """Text variant of :func:`atomic_binary`; ``newline=""`` writes line ends as given."""
    import io

    with atomic_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline=newline, write_through=False)
        try:
            yield text
            text.flush()
        finally:
            text.detach()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    with atomic_binary(path) as handle:
        handle.write(data)


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
