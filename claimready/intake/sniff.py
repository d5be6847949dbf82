"""Identify a file by its first bytes, never by its name."""

from __future__ import annotations

from claimready.models import FileKind

_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF-", FileKind.PDF),
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"II*\x00", FileKind.TIFF),
    (b"MM\x00*", FileKind.TIFF),
    (b"II+\x00", FileKind.TIFF),  # BigTIFF
    (b"MM\x00+", FileKind.TIFF),
)


def sniff_kind(head: bytes) -> FileKind:
    """Kind of a file from its first 1 KiB. A PDF header may follow a little junk (as readers allow)."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"%PDF-" in head[:1024] and not head.startswith(_CONTAINERS):
        return FileKind.PDF
    return FileKind.UNKNOWN


# Formats whose first bytes say what they are: a PDF stored inside one (an uncompressed ZIP
# member, say) puts "%PDF-" in the first KiB, but the file is the container, not a PDF.
_CONTAINERS = (b"PK\x03\x04", b"PK\x05\x06", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b",
               b"GIF8", b"{\\rtf")


def describe_unknown(head: bytes) -> str:
    """A human reason for a file we do not read, e.g. 'a ZIP archive'."""
    known = {
        b"PK\x03\x04": "a ZIP archive (or Office document)",
        b"\x7fELF": "an executable (ELF)",
        b"GIF8": "a GIF image",
        b"\xd0\xcf\x11\xe0": "a legacy Office document",
        b"{\\rtf": "an RTF document",
    }
    for magic, what in known.items():
        if head.startswith(magic):
            return what
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if stripped.startswith(b"<?xml"):
        return "an XML document"
    try:
        head.decode("utf-8")
        return "a plain text file"
    except UnicodeDecodeError:
        return "a file of unknown format"
