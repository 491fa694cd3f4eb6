"""Evidence files with planted metadata, made in memory for the tests."""
from __future__ import annotations

import io
import zipfile

GPS_LATITUDE = (2.0, 59.0, 27.0)        # 2°59'27" S — Palembang
AUTHOR = "Penulis-Rahasia-Budi-Santoso-7731"
CAMERA = "KameraRahasia-X9"


def jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = CAMERA                 # Make
    exif[0x0110] = CAMERA                 # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = GPS_LATITUDE
    gps[3] = "E"
    gps[4] = (104.0, 45.0, 21.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def pdf_with_author(text: str = "Bukti transfer") -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Author"] = AUTHOR
    pdf.docinfo["/Title"] = text
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [AUTHOR]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def docx_with_author() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>')
        z.writestr("docProps/core.xml", f'<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:creator>{AUTHOR}</dc:creator></cp:coreProperties>')
    return out.getvalue()
