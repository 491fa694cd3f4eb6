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
from antasena_desktop.web.sniff import sniff


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


# ---------------------------------------------------------------- stored beside the original

CLEAN_ORIGIN = "clean"
_SEAL_OVERHEAD = 48        # libsodium sealed box: ephemeral public key + MAC


def clean_name(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    return f"{stem} (salinan bersih).{ext}" if dot and stem else f"{filename} (salinan bersih)"


def store_clean_copies(session, case_id: str, originals) -> int:
    """Seal a clean copy of each just-stored original to the case key, as an attachment row with
    origin "clean" whose (encrypted) meta names the original (`clean_of`). Returns how many were made.

    Call in the same transaction right after the service stored `originals` (their rows are the
    case's newest reporter attachments). A file that cannot be cleaned just gets no clean copy.
    """
    from sqlalchemy import select

    from antasena_desktop.timefmt import now_utc
    from antasena_desktop.wbs import crypto
    from db.wbs.models import WbsAttachment, WbsCase

    originals = list(originals)
    if not originals:
        return 0
    session.flush()
    case = session.get(WbsCase, case_id)
    rows = session.scalars(select(WbsAttachment).where(WbsAttachment.case_id == case_id,
                                                       WbsAttachment.origin == "reporter")
                           .order_by(WbsAttachment.at.desc())).all()[:len(originals)]
    unpaired = list(reversed(rows))
    made = 0
    for original in originals:
        row = next((r for r in unpaired if len(r.data_ct) == len(original.data) + _SEAL_OVERHEAD), None)
        if row is None:
            continue
        unpaired.remove(row)
        kind = sniff(original.data)
        try:
            data = clean_copy(original.data, kind) if kind else None
        except Exception:       # damaged file that still looks like its type: no clean copy
            data = None
        if data is None:
            continue
        meta = {"filename": clean_name(original.filename), "content_type": kind, "size": len(data),
                "clean_of": row.id, "clean": True}
        session.add(WbsAttachment(case_id=case_id, at=now_utc(), origin=CLEAN_ORIGIN,
                                  meta_ct=crypto.seal_json(case.public_key, meta),
                                  data_ct=crypto.seal(case.public_key, data)))
        made += 1
    return made
