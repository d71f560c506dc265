"""Render the app icon (resources/icons/app.svg) into the files installers need.

    .venv/bin/python packaging/render_icons.py

writes, under packaging/icons/:

- ``hicolor/NxN/apps/<ID>.png`` for the sizes desktops look up (16 … 256), and
  ``hicolor/scalable/apps/<ID>.svg``, a copy of the SVG: ready to copy into
  ``/usr/share/icons/hicolor`` or ``~/.local/share/icons/hicolor``;
- ``contactgate.ico`` (Windows, PNG-compressed entries 16 … 256) and
  ``contactgate.icns`` (macOS), which the PyInstaller spec uses on those systems.

Qt renders the SVG offscreen, so no display and no extra library is needed. Run it
again whenever app.svg changes; a test compares the scalable copy with the source.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "app.svg"
OUT = ROOT / "packaging" / "icons"
APP_ID = "io.github.contactgate.ContactGate"
SIZES = (16, 32, 48, 64, 128, 256)
# macOS icon types that hold PNG data, by edge length (Apple's icns element types).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent size×size canvas, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes, Qt wants str
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, payload = b"", b""
    for size, png in sorted(pngs.items()):
        edge = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(png), offset)
        payload += png
        offset += len(png)
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding the PNG images of the sizes it has a type for."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
        for size, png in sorted(pngs.items()) if size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"{path.relative_to(ROOT)}  {len(data)} bytes")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    pngs = {size: render_png(SOURCE, size) for size in (*SIZES, 512)}
    for size in SIZES:
        write(OUT / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png", pngs[size])
    scalable = OUT / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    print(f"{scalable.relative_to(ROOT)}  copied from {SOURCE.relative_to(ROOT)}")
    write(OUT / "contactgate.ico", ico_bytes({s: pngs[s] for s in SIZES}))
    write(OUT / "contactgate.icns", icns_bytes(pngs))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
