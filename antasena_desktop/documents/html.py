"""Printouts as sections: flowing HTML (the subset Qt's QTextDocument understands: tables, inline
CSS) and long ruled tables (`TableSection`, painted row by row). Pure text: no Qt here.

The renderer (ui/printing/render.py) paginates, adds "Halaman X dari N" and the KONSEP watermark.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from antasena_desktop.services.settings import AppSettings

from .model import (Column, HtmlSection, PlanSnapshot, PrintDocument, Signature, SprinContent, TableGroup,
                    TableSection)

BODY_PT = 11
TABLE_PT = 9
FONT_FAMILY = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
TABLE_FONT_FAMILY = "'Arial Narrow', 'Liberation Sans Narrow', 'DejaVu Sans Condensed', Arial, sans-serif"
_LAYOUT = 'width="100%" cellspacing="0" cellpadding="0" border="0"'


def _grid(extra_css: str = "") -> str:
    """Attributes of a ruled data table (narrow font, collapsed 1px borders)."""
    return ('width="100%" cellspacing="0" cellpadding="2" border="1" '
            f'style="border-collapse: collapse; border-color: #000; border-style: solid; '
            f'font-family: {TABLE_FONT_FAMILY}; font-size: {TABLE_PT}pt; {extra_css}"')


def e(value: object) -> str:
    return escape(str(value or ""), quote=True)


def _nbsp(text: str) -> str:
    return e(text).replace(" ", "&nbsp;")


def kop_html(lines: list[str], page_break: bool = False) -> str:
    """Naskah dinas letterhead: top-left block, lines centred on each other, bold, ruled under the last line."""
    rows = []
    for n, line in enumerate(lines):
        last = n == len(lines) - 1
        style = ' style="border-bottom: 1.5px solid #000;"' if last else ""
        rows.append(f'<tr><td align="center"{style}><b>{e(line)}</b></td></tr>')
    brk = " page-break-before: always;" if page_break else ""
    return (f'<table cellspacing="0" cellpadding="0" border="0" style="border-collapse: collapse;{brk}">'
            f'{"".join(rows)}</table>')


def _document(body: str, font_pt: int = BODY_PT) -> str:
    return (f'<html><head><meta charset="utf-8"/></head>'
            f'<body style="font-family: {FONT_FAMILY}; font-size: {font_pt}pt;">{body}</body></html>')


def _numbered(items: list[str], justify: bool = True) -> str:
    """A numbered list with hanging indent (number column + text column)."""
    align = ' align="justify"' if justify else ""
    rows = "".join(f'<tr><td width="6%" valign="top">{n}.</td><td valign="top"{align}>{e(item)}</td></tr>'
                   for n, item in enumerate(items, 1))
    return f'<table {_LAYOUT}>{rows}</table>'


def _labelled(label: str, content_html: str, space_after: int = 10) -> str:
    """`Label : content` with the content hanging under itself (the naskah dinas layout)."""
    return (f'<table {_LAYOUT} style="margin-bottom: {space_after}px;"><tr>'
            f'<td width="17%" valign="top">{e(label)}</td><td width="3%" valign="top">:</td>'
            f'<td width="80%" valign="top">{content_html}</td></tr></table>')


def signature_html(place: str, date_text: str, signature: Signature, with_place: bool = True) -> str:
    """Right-hand signature block: Dikeluarkan di / pada tanggal (ruled), title, space, name, rank + NRP."""
    place_rows = ""
    if with_place:
        place_rows = (f'<table cellspacing="0" cellpadding="0" border="0" style="border-collapse: collapse;">'
                      f'<tr><td>Dikeluarkan di</td><td>&nbsp;:&nbsp;</td><td>{e(place)}</td></tr>'
                      f'<tr><td style="border-bottom: 1px solid #000;">pada tanggal</td>'
                      f'<td style="border-bottom: 1px solid #000;">&nbsp;:&nbsp;</td>'
                      f'<td style="border-bottom: 1px solid #000;">{e(date_text)}</td></tr></table><br/>')
    titles = "<br/>".join(e(t) for t in signature.title_lines)
    name = e(signature.name) if signature.name else "&nbsp;" * 40
    rank_line = " ".join(p for p in (e(signature.rank), f"NRP {e(signature.nrp)}" if signature.nrp else "NRP") if p)
    block = (f'{place_rows}<p align="center" style="margin: 0;">{titles}</p>'
             f'<p style="margin: 0;">&nbsp;</p><p style="margin: 0;">&nbsp;</p><p style="margin: 0;">&nbsp;</p>'
             f'<p align="center" style="margin: 0;"><b><u>{name}</u></b></p>'
             f'<p align="center" style="margin: 0;">{rank_line}</p>')
    return (f'<table {_LAYOUT} style="margin-top: 14px;"><tr><td width="35%">&nbsp;</td>'
            f'<td width="65%" valign="top">{block}</td></tr></table>')


def _title_block(title: str, number_line: str) -> str:
    return (f'<p align="center" style="margin-top: 18px; margin-bottom: 0;">'
            f'<span style="font-size: {BODY_PT + 1}pt;"><b><u>{e(title)}</u></b></span></p>'
            f'<p align="center" style="margin-top: 2px; margin-bottom: 18px;">{number_line}</p>')


def sprin_body_html(content: SprinContent) -> str:
    number_line = f"Nomor : {_nbsp(content.number_text)}"
    parts = [kop_html(content.kop), _title_block(content.title, number_line)]
    if content.parent_number:
        parts.append(f'<p align="center" style="margin-top: -12px; margin-bottom: 14px;">'
                     f'(Perubahan atas Sprin Nomor : {e(content.parent_number)})</p>')
    parts.append(_labelled("Pertimbangan", f'<p align="justify" style="margin: 0;">{e(content.pertimbangan)}</p>'))
    parts.append(_labelled("Dasar", _numbered(content.dasar), 14))
    parts.append('<p align="center" style="margin-bottom: 14px;"><b>DIPERINTAHKAN</b></p>')
    if content.kepada_lampiran:
        kepada = f'<p align="justify" style="margin: 0;">{e(content.kepada[0])}</p>'
    else:
        kepada = _numbered(content.kepada)
    parts.append(_labelled("Kepada", kepada, 14))
    parts.append(_labelled("Untuk", _numbered(content.untuk)))
    parts.append(f'<table {_LAYOUT}><tr><td width="20%">&nbsp;</td><td width="80%">Selesai.</td></tr></table>')
    parts.append(signature_html(content.place, content.date_text, content.signature))
    if content.tembusan:
        parts.append('<p style="margin-top: 16px; margin-bottom: 0;"><u>Tembusan</u> :</p>'
                     '<table cellspacing="0" cellpadding="0" border="0" width="55%">'
                     + "".join(f'<tr><td width="8%" valign="top">{n}.</td><td>{e(t)}</td></tr>'
                               for n, t in enumerate(content.tembusan, 1))
                     + "</table>")
    return "".join(parts)


LAMPIRAN_COLUMNS = [Column("No", 5, "center"), Column("Nama", 23), Column("Pangkat/NRP", 21), Column("Jabatan", 12),
                    Column("Kesatuan", 18), Column("Pos/Tugas", 13), Column("Ket", 8)]


def _lampiran_intro(content: SprinContent) -> str:
    """Reference block top right (LAMPIRAN … NOMOR … TANGGAL, ruled) and the annex title."""
    reference = (f'<table {_LAYOUT} style="font-size: {BODY_PT - 1}pt;"><tr><td width="42%">&nbsp;</td>'
                 f'<td width="58%"><table width="100%" cellspacing="0" cellpadding="0" border="0" '
                 f'style="border-collapse: collapse;">'
                 f'<tr><td colspan="3">LAMPIRAN SURAT PERINTAH KAPOLRESTABES PALEMBANG</td></tr>'
                 f'<tr><td width="22%">NOMOR</td><td width="5%">&nbsp;:&nbsp;</td>'
                 f'<td width="73%">{_nbsp(content.number_text)}</td></tr>'
                 f'<tr><td style="border-bottom: 1px solid #000;">TANGGAL</td>'
                 f'<td style="border-bottom: 1px solid #000;">&nbsp;:&nbsp;</td>'
                 f'<td style="border-bottom: 1px solid #000;">{e(content.date_text)}</td></tr>'
                 f'</table></td></tr></table>')
    title = (f'<p align="center" style="margin-top: 14px; margin-bottom: 4px;"><b>DAFTAR NAMA PERSONEL '
             f'PENGAMANAN<br/>{e(content.event_title.upper())}</b></p>')
    return _document(reference + title)


def lampiran_section(content: SprinContent) -> TableSection:
    """The annex table: grouped by post (senior first inside a post), numbered through, signed at the end."""
    groups = [TableGroup(g.title, [[str(r.no), r.name, f"{r.rank}/{r.nrp}", r.jabatan, r.unit, r.task, r.note]
                                   for r in g.rows]) for g in content.lampiran]
    outro = _document(signature_html(content.place, content.date_text, content.signature, with_place=False))
    return TableSection(LAMPIRAN_COLUMNS, groups, intro_html=_lampiran_intro(content), outro_html=outro,
                        font_pt=TABLE_PT)


def sprin_document(content: SprinContent, draft: bool | None = None) -> PrintDocument:
    """The whole order: body, then the Lampiran on a new page. Drafts (no number) carry the KONSEP watermark."""
    draft = content.number is None if draft is None else draft
    sections: list[HtmlSection | TableSection] = [HtmlSection(_document(sprin_body_html(content)))]
    if content.kepada_lampiran and content.lampiran:
        sections.append(lampiran_section(content))
    title = f"Surat Perintah {content.number_text}" if content.number else f"Konsep Surat Perintah {content.event_number}"
    return PrintDocument(title=title, sections=sections, watermark="KONSEP" if draft else "")


# --- other printouts of the same plan -------------------------------------------------------------

def _heading(settings: AppSettings, title: str, plan: PlanSnapshot, extra_html: str = "") -> str:
    return _document(
        kop_html(settings.kop_lines)
        + f'<p align="center" style="margin-top: 14px; margin-bottom: 4px;"><b><u>{e(title)}</u></b></p>'
        + f'<p align="center" style="margin-top: 0; margin-bottom: 8px;">{e(plan.kind_label)} '
          f'&quot;{e(plan.title)}&quot;<br/>{e(plan.place)} — {e(plan.date_range)}</p>' + extra_html)


def _coordinates(lat: float | None, lon: float | None) -> str:
    return f"{lat:.5f}, {lon:.5f}" if lat is not None and lon is not None else "-"


ROSTER_COLUMNS = [Column("No", 5, "center"), Column("Nama", 27), Column("Pangkat/NRP", 19), Column("Kesatuan", 16),
                  Column("Tugas", 12), Column("No. HP", 13), Column("Ket", 8)]


def roster_document(plan: PlanSnapshot, settings: AppSettings) -> PrintDocument:
    """One sheet per post (a long post runs on): who stands there, with task and phone."""
    sections: list[HtmlSection | TableSection] = []
    for post in plan.posts:
        facts = (f'<table {_LAYOUT} style="margin-bottom: 4px;">'
                 f'<tr><td width="18%">Pos</td><td width="2%">:</td><td><b>{e(post.name)}</b></td></tr>'
                 f'<tr><td>Waktu</td><td>:</td><td>{e(post.time_text)}</td></tr>'
                 f'<tr><td>Koordinat</td><td>:</td><td>{e(_coordinates(post.lat, post.lon))}</td></tr>'
                 f'<tr><td>Kekuatan</td><td>:</td><td>{len(post.rows)} personel</td></tr>'
                 + (f'<tr><td>Catatan</td><td>:</td><td>{e(post.notes)}</td></tr>' if post.notes else "")
                 + "</table>")
        rows = [[str(i), r.name, f"{r.rank_code}/{r.nrp}", r.unit, r.task, r.phone, r.note]
                for i, r in enumerate(post.rows, 1)]
        sections.append(TableSection(ROSTER_COLUMNS, [TableGroup("", rows)],
                                     intro_html=_heading(settings, "DAFTAR PERSONEL POS", plan, facts),
                                     empty_text="Belum ada personel"))
    if not sections:
        sections.append(HtmlSection(_heading(settings, "DAFTAR PERSONEL POS", plan, "<p><i>Belum ada pos.</i></p>")))
    return PrintDocument(title=f"Daftar personel pos {plan.event_number}", sections=sections)


APEL_COLUMNS = [Column("No", 5, "center"), Column("Nama", 26), Column("Pangkat/NRP", 19), Column("Kesatuan", 15),
                Column("Pos", 17), Column("Paraf", 18)]


def apel_document(plan: PlanSnapshot, settings: AppSettings) -> PrintDocument:
    """Roll-call list with a signature (paraf) column, numbers staggered left/right as on paper lists."""
    groups = []
    n = 0
    for post in plan.posts:
        group = TableGroup(f"{post.name.upper()} ({post.time_text})")
        for r in post.rows:
            n += 1
            paraf = f"{n}." if n % 2 else f"{'':14}{n}."
            group.rows.append([str(n), r.name, f"{r.rank_code}/{r.nrp}", r.unit, post.name, paraf])
        groups.append(group)
    outro = _document(f'<p style="margin-top: 8px;">Jumlah personel: {n} orang.</p>')
    return PrintDocument(title=f"Daftar hadir apel {plan.event_number}", sections=[TableSection(
        APEL_COLUMNS, groups, intro_html=_heading(settings, "DAFTAR HADIR APEL PENGAMANAN", plan),
        outro_html=outro, min_row_mm=8.0)])


CONTACT_COLUMNS = [Column("No", 5, "center"), Column("Pos", 19), Column("Waktu", 12), Column("Komandan Pos", 19),
                   Column("Pangkat/NRP", 17), Column("Kesatuan", 13), Column("No. HP", 15)]


def contacts_document(plan: PlanSnapshot, settings: AppSettings) -> PrintDocument:
    """Post commanders (Danpos) and how to reach them."""
    rows = []
    for n, post in enumerate(plan.posts, 1):
        boss = post.commander
        if boss is None:
            rows.append([str(n), post.name, post.time_text, "belum ditentukan", "", "", ""])
        else:
            rows.append([str(n), post.name, post.time_text, f"{boss.name}\n({boss.task})",
                         f"{boss.rank_code}/{boss.nrp}", boss.unit, boss.phone])
    return PrintDocument(title=f"Daftar kontak Danpos {plan.event_number}", sections=[TableSection(
        CONTACT_COLUMNS, [TableGroup("", rows)],
        intro_html=_heading(settings, "DAFTAR KONTAK KOMANDAN POS", plan), empty_text="Belum ada pos")])


MAP_IMAGE_NAME = "antasena-map-snapshot.png"


def map_document(plan: PlanSnapshot, settings: AppSettings, png_path: str | Path | None = None) -> PrintDocument:
    """A map page: the snapshot (from ui/map/snapshot.py) when given, then the posts with coordinates."""
    images = {}
    if png_path and Path(png_path).is_file():
        images[MAP_IMAGE_NAME] = str(png_path)
        picture = f'<p align="center"><img src="{MAP_IMAGE_NAME}" width="620"/></p>'
    else:
        picture = ('<table width="100%" border="1" cellspacing="0" cellpadding="40" style="border-collapse: collapse;">'
                   '<tr><td align="center"><i>Peta belum tersedia</i></td></tr></table>')
    head = "".join(f'<th width="{w}%" bgcolor="#d9d9d9">{e(h)}</th>'
                   for h, w in (("No", 6), ("Pos", 40), ("Waktu", 24), ("Koordinat", 20), ("Personel", 10)))
    rows = [f'<table {_grid("margin-top: 10px;")}><thead><tr>{head}</tr></thead>']
    for n, post in enumerate(plan.posts, 1):
        rows.append(f'<tr><td align="center">{n}</td><td>{e(post.name)}</td><td>{e(post.time_text)}</td>'
                    f'<td>{e(_coordinates(post.lat, post.lon))}</td><td align="center">{len(post.rows)}</td></tr>')
    rows.append("</table>")
    heading = _heading(settings, "PETA PENGAMANAN", plan)
    body = heading.replace("</body></html>", picture + "".join(rows) + "</body></html>")
    return PrintDocument(title=f"Peta pengamanan {plan.event_number}", sections=[HtmlSection(body)], images=images)
