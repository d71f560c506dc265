"""Big property values (photos, logos, sounds) kept in an owner-only file, not in memory.

A phone's export of a few thousand contacts with photos easily reaches a
gigabyte, nearly all of it base64 image data that nothing but the writer ever
looks at. The reader, when given a :class:`Spool`, writes each such value to
the spool's file and keeps a :class:`SpoolRef` (file, offset, length, digest)
in the property instead; the writer reads it back when it writes the card.
Memory then grows with the number of cards, not with the size of their photos.

A spool lives in a private folder (mode 0700, files 0600) that :func:`open_spool`
makes and :meth:`Spool.remove` deletes (so does the end of the process that made
it, and the next :func:`open_spool` after a process that was killed); a second
process (``contactgate.tail``) writes its own file into the same folder, so the
first can read what it set aside.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import BinaryIO

from contactgate.core.model import InputError, SpoolRef

SPOOL_MIN_CHARS = 16_384  # values shorter than this stay in memory
_PREFIX = "contactgate-spool-"


class Spool:
    """One process's spool file in a spool folder; values are appended, never changed."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.path = folder / name
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        # unbuffered: what is kept can be read back at once, from any process
        self.handle: BinaryIO = os.fdopen(descriptor, "wb", buffering=0)
        self.offset = 0

    def keep(self, text: str) -> SpoolRef:
        """Write a value (base64 text: ASCII) and say where it is."""
        data = text.encode("ascii")
        self.handle.write(data)
        ref = SpoolRef(str(self.path), self.offset, len(data), hashlib.sha256(data).hexdigest())
        self.offset += len(data)
        return ref

    def close(self) -> None:
        """Flush the file for readers; values already kept stay readable."""
        if not self.handle.closed:
            self.handle.close()

    def remove(self) -> None:
        """Delete the whole spool folder (every process's file in it)."""
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def open_spool(name: str = "main") -> Spool:
    """A new private spool folder with this process's file in it."""
    _remove_orphans()
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
    spool = Spool(folder, name)
    # also when a caller never finishes: at the latest when this process ends
    weakref.finalize(spool, shutil.rmtree, folder, True)
    return spool


def _remove_orphans() -> None:
    """Spool folders of our processes that were killed: photos must not linger."""
    if os.name != "posix":  # no cheap way there to ask whether a process is alive
        return
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = folder.name[len(_PREFIX):].split("-", 1)[0]
        try:
            if not (pid.isascii() and pid.isdigit()) or folder.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue  # alive (someone else's, or no permission to ask): leave it


def join_spool(folder: str, name: str) -> Spool:
    """This process's file in a spool folder another process made."""
    return Spool(Path(folder), name)


def read_spooled(ref: SpoolRef) -> str:
    """The value back; an error naming the file when it is gone or was changed."""
    try:
        with open(ref.path, "rb") as handle:
            handle.seek(ref.offset)
            data = handle.read(ref.length)
    except OSError as error:
        raise InputError(ref.path, f"a photo set aside cannot be read back ({error})") from None
    if len(data) != ref.length or hashlib.sha256(data).hexdigest() != ref.digest:
        raise InputError(ref.path, "a photo set aside was changed meanwhile; run again")
    return data.decode("ascii")
