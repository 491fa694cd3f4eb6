"""A metadata-free "clean copy" of an uploaded file, made in memory on arrival.

Images are redrawn from their pixels (EXIF, GPS, XMP, ICC, PNG text chunks all dropped; the EXIF
orientation applied first so the picture still stands upright); PDFs lose their document
information dictionary and XMP metadata (pikepdf); Office files lose docProps/* (author, company,
last modified by, custom properties) and the references to them. Plain text has no metadata.
The desk can call `clean_copy` too (no web or Qt dependency).
"""
from __future__ import annotations

import io
import re
import zipfile

from antasena_desktop.web import sniff as kinds


def clean_copy(data: bytes, mime: str) -> bytes | None:
    """The clean bytes for `data` of type `mime`, or None when that type cannot be cleaned."""
    if mime in (kinds.JPEG, kinds.PNG, kinds.WEBP):
        return _clean_image(data, mime)
    if mime == kinds.PDF:
        return _clean_pdf(data)
    if mime in (kinds.DOCX, kinds.XLSX, kinds.PPTX):
        return _clean_office(data)
    if mime == kinds.TEXT:
        return data
    return None


_PIL_FORMATS = {kinds.JPEG: "JPEG", kinds.PNG: "PNG", kinds.WEBP: "WEBP"}


def _clean_image(data: bytes, mime: str) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as source:
        source.load()
        upright = ImageOps.exif_transpose(source)
        mode = upright.mode if upright.mode in ("RGB", "RGBA", "L", "LA", "P") else "RGB"
        pixels = upright.convert(mode)
        if mime == kinds.JPEG and pixels.mode not in ("RGB", "L"):
            pixels = pixels.convert("RGB")
        bare = Image.new(pixels.mode, pixels.size)
        if pixels.mode == "P":
            bare.putpalette(pixels.getpalette())
        bare.paste(pixels)
    out = io.BytesIO()
    options = {"quality": 92} if mime in (kinds.JPEG, kinds.WEBP) else {}
    bare.save(out, format=_PIL_FORMATS[mime], **options)
    return out.getvalue()


def _clean_pdf(data: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        if "/PieceInfo" in pdf.Root:
            del pdf.Root["/PieceInfo"]
        for page in pdf.pages:
            for key in ("/Metadata", "/PieceInfo"):
                if key in page.obj:
                    del page.obj[key]
        out = io.BytesIO()
        pdf.save(out, fix_metadata_version=False, deterministic_id=True)
    return out.getvalue()


_DOCPROPS = re.compile(r"^docProps/")
_REL_TO_DOCPROPS = re.compile(rb"<Relationship\b[^>]*Target=\"/?docProps/[^\"]*\"[^>]*/>")
_OVERRIDE_DOCPROPS = re.compile(rb"<Override\b[^>]*PartName=\"/docProps/[^\"]*\"[^>]*/>")


def _clean_office(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if _DOCPROPS.match(info.filename):
                continue
            body = source.read(info)
            if info.filename == "_rels/.rels":
                body = _REL_TO_DOCPROPS.sub(b"", body)
            elif info.filename == "[Content_Types].xml":
                body = _OVERRIDE_DOCPROPS.sub(b"", body)
            clean_info = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            clean_info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(clean_info, body)
    return out.getvalue()
