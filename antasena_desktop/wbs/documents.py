"""Printouts of the WBS as `PrintDocument`s for the existing renderer (ui/printing/render.py):
Telaahan, Laporan Hasil Tindak Lanjut, the letter to an identified reporter, the yearly WBS report.

Building a case document decrypts it, so it needs the reader's Keyring and is audited as an export
("cetak"). The yearly report uses clear metadata only.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from antasena_desktop.documents.html import FONT_FAMILY, e, kop_html
from antasena_desktop.documents.model import Column, HtmlSection, PrintDocument, TableGroup, TableSection
from antasena_desktop.i18n import T, UserError
from antasena_desktop.timefmt import format_date_id, now_utc
from antasena_desktop.wbs import audit, cases, dashboard, settings, workflow as wf
from antasena_desktop.wbs.keys import Keyring
from antasena_desktop.wbs.roles import WILAYAH, WbsActor, WbsPermission, require

KINDS = ("telaahan", "lhtl", "surat", "tahunan")
_LAYOUT = 'width="100%" cellspacing="0" cellpadding="0" border="0"'
_FIELDS = (("what", "Apa yang terjadi"), ("who", "Siapa yang terlibat"), ("where", "Di mana"),
           ("when", "Kapan"), ("how", "Bagaimana"), ("how_much", "Nilai/kerugian"))


def _page(body: str) -> str:
    return (f'<html><head><meta charset="utf-8"/></head>'
            f'<body style="font-family: {FONT_FAMILY}; font-size: 11pt;">{body}</body></html>')


def _para(text: str) -> str:
    return "".join(f'<p align="justify" style="margin: 0 0 6px 0;">{e(line)}</p>'
                   for line in (text or "-").splitlines() if line.strip()) or "<p>-</p>"


def _rows(pairs: list[tuple[str, str]], label_width: int = 28) -> str:
    rows = "".join(f'<tr><td width="{label_width}%" valign="top">{e(k)}</td><td width="3%" valign="top">:</td>'
                   f'<td width="{97 - label_width}%" valign="top">{e(v) or "-"}</td></tr>' for k, v in pairs)
    return f'<table {_LAYOUT} style="margin-bottom: 10px;">{rows}</table>'


def _heading(session: Session, title: str, number: str) -> str:
    return (kop_html(settings.get(session, "inspektorat_lines"))
            + f'<p align="center" style="margin-top: 18px; margin-bottom: 0;"><b><u>{e(title)}</u></b></p>'
            + f'<p align="center" style="margin-top: 2px; margin-bottom: 16px;">Nomor : {e(number)}</p>')


def _section(title: str, html: str) -> str:
    return f'<p style="margin: 10px 0 4px 0;"><b>{e(title)}</b></p>{html}'


def _signature(title_lines: list[str], name: str, nip: str, day: date) -> str:
    titles = "<br/>".join(e(t) for t in title_lines)
    name_html = f"<b><u>{e(name)}</u></b>" if name else "&nbsp;" * 40
    block = (f'<p align="center" style="margin: 0;">Palembang, {e(format_date_id(day))}</p>'
             f'<p align="center" style="margin: 0;">{titles}</p><p>&nbsp;</p><p>&nbsp;</p>'
             f'<p align="center" style="margin: 0;">{name_html}</p>'
             f'<p align="center" style="margin: 0;">NIP {e(nip) if nip else "&nbsp;" * 30}</p>')
    return (f'<table {_LAYOUT} style="margin-top: 18px;"><tr><td width="45%">&nbsp;</td>'
            f'<td width="55%" valign="top">{block}</td></tr></table>')


def _inspektur_signature(session: Session, day: date) -> str:
    return _signature(["INSPEKTUR DAERAH KOTA PALEMBANG"], settings.get(session, "inspektur_name"),
                      settings.get(session, "inspektur_nip"), day)


def _party(report: dict) -> str:
    party = report.get("reported_party") or {}
    return ", ".join(p for p in (party.get("name"), party.get("position"), party.get("agency")) if p)


def _full_name(session: Session, actor: WbsActor) -> str:
    from db.wbs.models import WbsAccount
    account = session.get(WbsAccount, actor.user_id) if actor.user_id else None
    return account.full_name if account else ""


def _latest(view: cases.CaseView, kind: str) -> str:
    texts = [n.text for n in view.notes if n.kind == kind]
    return texts[-1] if texts else ""


def _audited(session: Session, actor: WbsActor, view: cases.CaseView, kind: str) -> None:
    audit.record(session, actor, "cetak", case_id=view.id, entity="wbs_case", entity_id=view.id, note=kind)


def _require_print(session: Session, actor: WbsActor, case_id: str | None = None) -> None:
    require(actor, WbsPermission.PRINT, session, case_id)


def telaahan_document(session: Session, actor: WbsActor, keyring: Keyring, case_id: str) -> PrintDocument:
    _require_print(session, actor, case_id)
    view = cases.open_case(session, actor, keyring, case_id)
    memo = _latest(view, "telaahan")
    if not memo:
        raise UserError(T("Perkara {r} belum memiliki telaahan.", "Case {r} has no review memo yet.", r=view.reference))
    today = format_date_id(now_utc())
    report = view.report
    body = [_heading(session, "TELAAHAN ATAS PENGADUAN WHISTLEBLOWING SYSTEM", f"{view.reference}/TLH"),
            _rows([("Nomor pengaduan", view.reference), ("Tanggal diterima", format_date_id(view.received_at)),
                   ("Kategori", str(view.category_label)), ("Terlapor", _party(report)),
                   ("Wilayah penelaah", str(WILAYAH[view.wilayah]) if view.wilayah in WILAYAH else "-"),
                   ("Tahap", str(view.stage_label))]),
            _section("I. Pokok pengaduan", _rows([(label, report.get(key, "")) for key, label in _FIELDS])),
            _section("II. Telaahan", _para(memo)),
            _section("III. Catatan", _para("Telaahan ini diajukan untuk persetujuan Inspektur. Identitas pelapor "
                                           "tidak dicantumkan dan dilindungi kerahasiaannya.")),
            _signature(["PENELAAH"], _full_name(session, actor), "", now_utc().date())]
    _audited(session, actor, view, "telaahan")
    return PrintDocument(title=f"Telaahan {view.reference}", sections=[HtmlSection(_page("".join(body)))])


def lhtl_document(session: Session, actor: WbsActor, keyring: Keyring, case_id: str) -> PrintDocument:
    _require_print(session, actor, case_id)
    view = cases.open_case(session, actor, keyring, case_id)
    result = _latest(view, "lhtl")
    if not result:
        raise UserError(T("Perkara {r} belum memiliki laporan hasil tindak lanjut.",
                          "Case {r} has no follow-up report yet.", r=view.reference))
    follow = wf.FOLLOW_UPS.get(view.follow_up or "")
    outcome = wf.ALL_OUTCOMES.get(view.outcome or "")
    closing = [f"Hasil akhir: {outcome.render('id')}." if outcome else "Hasil akhir: belum diputuskan."]
    if view.name_restored:
        closing.append("Dugaan tidak terbukti: nama baik terlapor dipulihkan sesuai ketentuan.")
    body = [_heading(session, "LAPORAN HASIL TINDAK LANJUT PENGADUAN", f"{view.reference}/LHTL"),
            _rows([("Nomor pengaduan", view.reference), ("Tanggal diterima", format_date_id(view.received_at)),
                   ("Kategori", str(view.category_label)), ("Terlapor", _party(view.report)),
                   ("Bentuk tindak lanjut", follow.render("id") if follow else "-")]),
            _section("I. Pokok pengaduan", _para(view.report.get("what", ""))),
            _section("II. Hasil tindak lanjut", _para(result)),
            _section("III. Verifikasi", _para(_latest(view, "verifikasi") or "Belum diverifikasi.")),
            _section("IV. Kesimpulan", _para("\n".join(closing))),
            _inspektur_signature(session, now_utc().date())]
    _audited(session, actor, view, "lhtl")
    return PrintDocument(title=f"LHTL {view.reference}", sections=[HtmlSection(_page("".join(body)))])


def reporter_letter(session: Session, actor: WbsActor, keyring: Keyring, case_id: str, body_text: str = "") -> PrintDocument:
    """A letter to an identified reporter: only for those who may read the identity (Inspektur or
    an approved request); anonymous reporters are answered through the tracking page."""
    _require_print(session, actor, case_id)
    identity = cases.read_identity(session, actor, keyring, case_id)
    if identity is None:
        raise UserError(T("Pelapor anonim: jawab melalui pesan di halaman lacak, bukan surat.",
                          "Anonymous reporter: answer through a tracking-page message, not a letter."))
    view = cases.open_case(session, actor, keyring, case_id)
    status = wf.ALL_OUTCOMES.get(view.outcome or "")
    default = (f"Dengan hormat, bersama ini kami sampaikan bahwa pengaduan Saudara/i nomor {view.reference} "
               f"yang kami terima pada {format_date_id(view.received_at)} saat ini berada pada tahap "
               f"{view.stage_label.render('id')}"
               + (f" dengan hasil: {status.render('id')}." if status else ".")
               + "\nKerahasiaan identitas Saudara/i tetap kami jaga. Terima kasih atas partisipasi Saudara/i "
                 "dalam mewujudkan pemerintahan yang bersih.")
    body = [_heading(session, "SURAT PEMBERITAHUAN PERKEMBANGAN PENGADUAN", f"{view.reference}/SRT"),
            _rows([("Kepada Yth.", identity.name), ("NIP", identity.nip), ("Sifat", "Rahasia"),
                   ("Perihal", "Perkembangan pengaduan melalui Whistleblowing System")]),
            _para(body_text or default), _inspektur_signature(session, now_utc().date())]
    _audited(session, actor, view, "surat")
    return PrintDocument(title=f"Surat pelapor {view.reference}", sections=[HtmlSection(_page("".join(body)))])


def yearly_report(session: Session, actor: WbsActor, year: int) -> PrintDocument:
    """Counts by stage, category, outcome; average days per stage; % followed up — no content."""
    require(actor, WbsPermission.DASHBOARD, session)
    d = dashboard.compute(session, year)
    flow_labels = {s.code: s.label.render("id") for s in wf.DEFAULT_STAGES}
    categories = dashboard.category_labels(session)
    pct = f"{d.followed_up_percent:.2f}".replace(".", ",")
    intro = (_heading(session, f"LAPORAN TAHUNAN WHISTLEBLOWING SYSTEM TAHUN {year}", f"WBS/{year}/LAP")
             + _rows([("Pengaduan diterima", str(d.received)), ("Diterima dan ditangani", str(d.handled)),
                      ("Selesai (termasuk tidak dapat ditindaklanjuti)", str(d.completed)),
                      ("Selesai dan berhasil ditindaklanjuti", str(d.followed_up)),
                      ("Persentase ditindaklanjuti", f"{pct}%"), ("Masih berjalan", str(d.open)),
                      ("Lewat tenggat", str(d.overdue)),
                      ("Rata-rata lama penanganan (hari kalender)",
                       "-" if d.average_days_to_close is None else f"{d.average_days_to_close:.1f}".replace(".", ","))],
                    label_width=55))
    def days(v: float | None) -> str:
        return "-" if v is None else f"{v:.1f}".replace(".", ",")
    groups = [
        TableGroup("Menurut tahap", [[flow_labels.get(s, s), str(n), days(d.average_days_per_stage.get(s))]
                                     for s, n in sorted(d.by_stage.items(), key=lambda kv: list(flow_labels).index(kv[0]))]),
        TableGroup("Menurut kategori", [[categories.get(c, c), str(n), ""] for c, n in sorted(d.by_category.items())]),
        TableGroup("Menurut hasil akhir", [[wf.ALL_OUTCOMES[o].render("id") if o in wf.ALL_OUTCOMES else o, str(n), ""]
                                           for o, n in sorted(d.by_outcome.items())]),
    ]
    table = TableSection(columns=[Column("Uraian", 60), Column("Jumlah", 15, "right"),
                                  Column("Rata-rata hari di tahap", 25, "right")],
                         groups=groups, intro_html=_page(intro),
                         outro_html=_page(_para("Laporan ini hanya memuat angka; tidak memuat isi pengaduan "
                                                "maupun identitas pelapor.") + _inspektur_signature(session, now_utc().date())))
    audit.record(session, actor, "cetak", note=f"laporan tahunan {year}")
    return PrintDocument(title=f"Laporan tahunan WBS {year}", sections=[table])
