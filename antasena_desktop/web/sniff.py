"""What a file really is, from its first bytes (never from its name or the browser's claim)."""
from __future__ import annotations

import io
import zipfile

JPEG, PNG, WEBP, PDF, DOCX, XLSX, PPTX, TEXT = (
    "image/jpeg", "image/png", "image/webp", "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "text/plain",
)

# What reporters may upload as evidence, with a human name for messages.
ACCEPTED = {
    JPEG: "JPEG", PNG: "PNG", WEBP: "WebP", PDF: "PDF",
    DOCX: "Word (.docx)", XLSX: "Excel (.xlsx)", PPTX: "PowerPoint (.pptx)", TEXT: "teks (.txt)",
}

_OFFICE_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}


def sniff(data: bytes) -> str | None:
    """The MIME type of `data` among ACCEPTED, or None when it is anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data[:1024].lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    if _is_plain_text(data):
        return TEXT
    return None


def _office_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for part, kind in _OFFICE_PARTS.items():
        if part in names:
            return kind
    return None


def _is_plain_text(data: bytes) -> bool:
    if not data or b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls == 0
