"""The reporter's side: file a report, track it with the receipt, reply, add evidence or identity.

Needs only public keys (handlers', escrow). The receipt (16 digits) is shown once and stored only as
an Argon2id-derived verifier; the same Argon2id output wraps the case key for the reporter. Functions
commit nothing (the caller owns the transaction); audit rows hold no content, no IP, no user agent.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.timefmt import now_utc
from antasena_desktop.wbs import audit, crypto, keys, settings, workflow as wf
from antasena_desktop.wbs.crypto import PrivateKey
from antasena_desktop.wbs.deadlines import intake_deadlines, stage_due, today_wib, workflow_for
from db.wbs.models import WbsAttachment, WbsCase, WbsCounter, WbsHistory, WbsIdentity, WbsMessage

FORM_FIELDS = ("category", "what", "who", "where", "when", "how", "how_much",
               "reported_party", "anonymous", "not_involved", "identity")
REQUIRED_TEXT = ("what", "who", "where", "when", "how")
PARTY_FIELDS = ("name", "position", "agency")
IDENTITY_FIELDS = ("name", "nip", "contact")
MAX_TEXT = 20_000
MAX_MESSAGE = 10_000
RECEIPT_RE = re.compile(r"\d{16}")

FIELD_LABELS: dict[str, Text] = {
    "category": T("kategori", "category"), "what": T("apa yang terjadi", "what happened"),
    "who": T("siapa yang terlibat", "who is involved"), "where": T("di mana", "where"),
    "when": T("kapan", "when"), "how": T("bagaimana", "how"), "how_much": T("berapa nilainya", "how much"),
    "reported_party": T("pihak terlapor", "reported party"), "anonymous": T("anonim", "anonymous"),
    "not_involved": T("pernyataan bukan pelaku", "not-involved declaration"),
    "identity": T("identitas pelapor", "reporter's identity"),
}


@dataclass
class ReporterActor:
    """The reporter as an audit party: no account, no name, no address."""
    username: str = "pelapor"
    role: str = "pelapor"
    source: str = "web"


class FormError(UserError):
    """A refused form; `.fields` lists the offending field names (e.g. 'reported_party.agency')."""

    def __init__(self, text: Text, fields: list[str]):
        super().__init__(text)
        self.fields = fields


class ReceiptNotFound(UserError):
    pass


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class AttachmentLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_count: int = 10
    allowed_types: tuple[str, ...] = ("application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp",
                                      "text/plain", "application/zip", "application/x-ole-storage",
                                      "audio/mpeg", "video/mp4")


@dataclass(frozen=True)
class Submitted:
    receipt: str
    case_id: str
    reference: str


@dataclass(frozen=True)
class ReporterMessage:
    at: datetime
    sender: str          # "reporter" | "tim_wbs"
    text: str


@dataclass(frozen=True)
class TrackView:
    reference: str
    status_label: Text
    submitted_on: date
    last_update: date
    messages: list[ReporterMessage]
    attachments: list[str]
    identity_given: bool
    can_reply: bool
    stage: str = ""


@dataclass(frozen=True)
class PublicCounters:
    received: int        # every report filed
    handled: int         # past "diterima" (taken up by the team)
    completed: int       # closed: selesai or not admissible
    followed_up: int     # selesai: completed and followed up


# ---------------------------------------------------------------- validation

def categories(session: Session) -> list[tuple[str, Text]]:
    return [(c["code"], T(c["id"], c["en"])) for c in settings.get(session, "categories")]


def _refuse(fields: list[str], what: Text) -> FormError:
    return FormError(T("Formulir ditolak ({w}): {f}.", "Form refused ({w}): {f}.", w=what, f=", ".join(fields)),
                     fields)


def validate_form(form: dict, allowed_categories: list[str] | None = None) -> dict:
    """The normalised form; FormError naming unknown, missing or invalid fields."""
    if not isinstance(form, dict):
        raise _refuse(["form"], T("bukan objek JSON", "not a JSON object"))
    unknown = sorted(k for k in form if k not in FORM_FIELDS)
    if unknown:
        raise _refuse(unknown, T("kolom tidak dikenal", "unknown fields"))
    missing = [k for k in ("category", *REQUIRED_TEXT, "reported_party", "anonymous", "not_involved")
               if form.get(k) in (None, "")]
    party = form.get("reported_party")
    if isinstance(party, dict):
        extra = sorted(f"reported_party.{k}" for k in party if k not in PARTY_FIELDS)
        if extra:
            raise _refuse(extra, T("kolom tidak dikenal", "unknown fields"))
        missing += [f"reported_party.{k}" for k in PARTY_FIELDS if not str(party.get(k) or "").strip()]
    elif party not in (None, ""):
        raise _refuse(["reported_party"], T("harus berisi name, position, agency",
                                            "must hold name, position, agency"))
    if missing:
        raise _refuse(missing, T("wajib diisi", "required"))
    bad = [k for k in (*REQUIRED_TEXT, "how_much") if k in form and form[k] is not None
           and (not isinstance(form[k], str) or len(form[k]) > MAX_TEXT)]
    bad += [k for k in ("anonymous", "not_involved") if not isinstance(form[k], bool)]
    if bad:
        raise _refuse(bad, T("isian tidak sah (teks/ya-tidak, maks. {n} karakter)",
                             "invalid value (text/yes-no, at most {n} characters)", n=MAX_TEXT))
    if form["not_involved"] is not True:
        raise _refuse(["not_involved"], T("pelapor harus menyatakan bukan bagian dari pelanggaran",
                                          "the reporter must declare not to be part of the violation"))
    category = str(form["category"]).strip()
    if allowed_categories is not None and category not in allowed_categories:
        raise _refuse(["category"], T("kategori tidak dikenal; pilihan: {c}", "unknown category; choices: {c}",
                                      c=", ".join(allowed_categories)))
    identity = form.get("identity")
    clean_identity = None
    if identity not in (None, "", {}):
        if not isinstance(identity, dict):
            raise _refuse(["identity"], T("harus berisi name, nip, contact", "must hold name, nip, contact"))
        extra = sorted(f"identity.{k}" for k in identity if k not in IDENTITY_FIELDS)
        if extra:
            raise _refuse(extra, T("kolom tidak dikenal", "unknown fields"))
        clean_identity = {k: str(identity.get(k) or "").strip() for k in IDENTITY_FIELDS}
        if not clean_identity["name"]:
            raise _refuse(["identity.name"], T("wajib diisi", "required"))
    if form["anonymous"] is False and clean_identity is None:
        raise _refuse(["identity"], T("laporan beridentitas memerlukan identitas (minimal nama)",
                                      "an identified report needs the identity (at least a name)"))
    if form["anonymous"] is True and clean_identity is not None:
        raise _refuse(["identity"], T("laporan anonim tidak memuat identitas",
                                      "an anonymous report carries no identity"))
    normal = {k: (form.get(k) or "").strip() for k in (*REQUIRED_TEXT, "how_much")}
    normal.update(category=category, anonymous=form["anonymous"], not_involved=True, identity=clean_identity,
                  reported_party={k: str(party[k]).strip() for k in PARTY_FIELDS})
    return normal


def sniff_content_type(data: bytes) -> str | None:
    """The type by the bytes, never by the name; None when not recognised."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"                       # .docx/.xlsx/.odt are zip containers
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"             # legacy .doc/.xls
    if head[:3] == b"ID3" or head[:2] in (b"\xff\xfb", b"\xff\xf3"):
        return "audio/mpeg"
    if data[4:8] == b"ftyp":
        return "video/mp4"
    try:
        text = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain" if "\x00" not in text else None


def validate_attachment(att: Attachment, limits: AttachmentLimits = AttachmentLimits()) -> Attachment:
    name = (att.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "lampiran"
    if len(att.data) == 0:
        raise UserError(T("Lampiran {f} kosong.", "The attachment {f} is empty.", f=name))
    if len(att.data) > limits.max_bytes:
        raise UserError(T("Lampiran {f} terlalu besar ({s} MB; maks. {m} MB).",
                          "The attachment {f} is too large ({s} MB; at most {m} MB).", f=name,
                          s=round(len(att.data) / 1048576, 1), m=round(limits.max_bytes / 1048576, 1)))
    kind = sniff_content_type(att.data)
    if kind is None or kind not in limits.allowed_types:
        raise UserError(T("Jenis berkas {f} tidak diterima (dikenali dari isinya).",
                          "The file type of {f} is not accepted (recognised by its content).", f=name))
    return Attachment(name[:200], kind, att.data)


def _limits(session: Session) -> AttachmentLimits:
    return AttachmentLimits(max_bytes=int(settings.get(session, "attachment_max_bytes")),
                            max_count=int(settings.get(session, "attachment_max_count")))


# ---------------------------------------------------------------- writing a case

def _next_reference(session: Session, year: int) -> tuple[int, str]:
    counter = session.get(WbsCounter, year)
    if counter is None:
        counter = WbsCounter(year=year, last=0)
        session.add(counter)
    counter.last += 1
    session.flush()
    return counter.last, f"WBS/{year}/{counter.last:04d}"


def store_attachments(session: Session, case: WbsCase, attachments: list[Attachment], origin: str) -> int:
    """Validate and encrypt attachments to the case key (nothing unencrypted is written)."""
    limits = _limits(session)
    if case.attachment_count + len(attachments) > limits.max_count:
        raise UserError(T("Paling banyak {n} lampiran per laporan.", "At most {n} attachments per report.",
                          n=limits.max_count))
    checked = [validate_attachment(a, limits) for a in attachments]
    for att in checked:
        meta = {"filename": att.filename, "content_type": att.content_type, "size": len(att.data)}
        session.add(WbsAttachment(case_id=case.id, at=now_utc(), origin=origin,
                                  meta_ct=crypto.seal_json(case.public_key, meta),
                                  data_ct=crypto.seal(case.public_key, att.data)))
    case.attachment_count += len(checked)
    return len(checked)


def _store_identity(session: Session, case: WbsCase, identity: dict) -> None:
    identity_key = crypto.random_bytes(crypto.KEY_BYTES)
    blob = crypto.secret_encrypt(identity_key, json.dumps(identity, ensure_ascii=False).encode("utf-8"))
    session.add(WbsIdentity(case_id=case.id, at=now_utc(), identity_ct=blob))
    for holder, public_key in keys.identity_recipients(session):
        keys.seal_identity_key(session, case.id, identity_key, holder, public_key)
    case.has_identity = True


def submit_report(session: Session, form: dict, attachments: list[Attachment] = (), *,
                  source: str = "web", received_at: datetime | None = None) -> Submitted:
    """File a report: a new case with its own key pair, content sealed to it, key sealed to the
    escrow key and the intake roles, wrapped for the reporter under the receipt. Caller commits."""
    categories_now = [c for c, _ in categories(session)]
    data = validate_form(form, categories_now)
    lookup_key = keys.receipt_lookup_key(session)
    recipients = keys.intake_recipients(session)
    received = received_at or now_utc()
    case_key = crypto.new_keypair()
    receipt = crypto.new_receipt()
    salt = crypto.new_salt()
    params = crypto.DEFAULT_KDF
    raw = crypto.derive_key(receipt, salt, params, size=64)     # the slow part, before the lock
    audit.write_lock(session)
    seq, reference = _next_reference(session, today_wib(received).year)
    ack_due, feedback_due = intake_deadlines(session, received)
    identity = data.pop("identity")
    case = WbsCase(reference=reference, year=today_wib(received).year, seq=seq, category=data["category"],
                   stage=wf.DITERIMA, anonymous=data["anonymous"], received_at=received, stage_entered_at=received,
                   ack_due=ack_due, feedback_due=feedback_due, last_update_at=received,
                   stage_due=stage_due(session, wf.DITERIMA, received),
                   public_key=bytes(case_key.public_key), receipt_lookup=crypto.lookup_tag(lookup_key, receipt),
                   receipt_salt=salt, receipt_verifier=hashlib.sha256(raw[32:]).digest(),
                   receipt_key_ct=crypto.secret_encrypt(raw[:32], bytes(case_key)),
                   kdf_ops=params.ops, kdf_mem=params.mem, updated_by="pelapor")
    case.report_ct = crypto.seal_json(case.public_key, data)
    session.add(case)
    session.flush()
    for holder, public_key in recipients:
        keys.seal_case_key(session, case.id, case_key, holder, public_key)
    session.add(WbsHistory(case_id=case.id, at=received, username="pelapor", from_stage=None, to_stage=wf.DITERIMA))
    if attachments:
        store_attachments(session, case, list(attachments), "reporter")
    if identity:
        _store_identity(session, case, identity)
    session.flush()
    audit.record(session, ReporterActor(source=source), "lapor", case_id=case.id, entity="wbs_case",
                 entity_id=case.id, note=f"lampiran {case.attachment_count}")
    return Submitted(receipt=receipt, case_id=case.id, reference=reference)


# ---------------------------------------------------------------- the receipt opens one case

def normalise_receipt(receipt: str) -> str:
    return re.sub(r"[\s\-.]", "", receipt or "")


def open_with_receipt(session: Session, receipt: str, *, source: str = "web",
                      for_update: bool = False) -> tuple[WbsCase, PrivateKey]:
    """The case and its private key for this receipt. Candidates come from the short lookup tag,
    each is checked with Argon2id; ReceiptNotFound (same words, same work) otherwise. With
    `for_update` the write lock is taken after the (slow) check and the case is re-read."""
    code = normalise_receipt(receipt)
    lookup_key = keys.receipt_lookup_key(session)
    candidates = []
    if RECEIPT_RE.fullmatch(code):
        tag = crypto.lookup_tag(lookup_key, code)
        candidates = session.scalars(select(WbsCase).where(WbsCase.receipt_lookup == tag,
                                                          WbsCase.purged_at.is_(None))).all()
    for case in candidates:
        raw = crypto.derive_key(code, case.receipt_salt, crypto.KdfParams(case.kdf_ops, case.kdf_mem), size=64)
        if hmac.compare_digest(hashlib.sha256(raw[32:]).digest(), case.receipt_verifier):
            key = PrivateKey(crypto.secret_decrypt(raw[:32], case.receipt_key_ct))
            if for_update:
                audit.write_lock(session)
                session.refresh(case)
            return case, key
    if not candidates:            # the same Argon2id work as a near miss, so timing tells nothing
        crypto.derive_key(code or "0", b"\0" * crypto.SALT_BYTES, crypto.DEFAULT_KDF, size=64)
    audit.record(session, ReporterActor(source=source), "lacak_gagal", note="kode tanda terima tidak cocok")
    session.commit()              # kept although the caller rolls back: failed attempts must be visible
    raise ReceiptNotFound(T("Kode tanda terima tidak ditemukan. Periksa 16 angkanya.",
                            "Receipt code not found. Check its 16 digits."))


def _messages(session: Session, case: WbsCase, key: PrivateKey) -> list[ReporterMessage]:
    rows = session.scalars(select(WbsMessage).where(WbsMessage.case_id == case.id).order_by(WbsMessage.at))
    return [ReporterMessage(m.at, m.sender, crypto.unseal_json(key, m.text_ct)["text"]) for m in rows]


def attachment_names(session: Session, case: WbsCase, key: PrivateKey) -> list[str]:
    rows = session.scalars(select(WbsAttachment).where(WbsAttachment.case_id == case.id).order_by(WbsAttachment.at))
    return [crypto.unseal_json(key, a.meta_ct)["filename"] for a in rows]


def track(session: Session, receipt: str, *, source: str = "web") -> TrackView:
    case, key = open_with_receipt(session, receipt, source=source)
    stage = workflow_for(session).stage(case.stage)
    audit.record(session, ReporterActor(source=source), "lacak", case_id=case.id)
    return TrackView(reference=case.reference, status_label=stage.reporter_label,
                     submitted_on=today_wib(case.received_at), last_update=today_wib(case.last_update_at),
                     messages=_messages(session, case, key), attachments=attachment_names(session, case, key),
                     identity_given=case.has_identity, can_reply=wf.is_open(case.stage), stage=case.stage)


def _closed(case: WbsCase) -> UserError:
    return UserError(T("Laporan {r} sudah ditutup; tidak dapat ditambah.",
                       "Report {r} is closed; nothing can be added.", r=case.reference))


def reporter_reply(session: Session, receipt: str, text: str, *, source: str = "web") -> None:
    """A message from the reporter. While the team waits for more data, it resumes verification."""
    case, _key = open_with_receipt(session, receipt, source=source, for_update=True)
    text = (text or "").strip()
    if not text:
        raise UserError(T("Pesan kosong.", "The message is empty."))
    if len(text) > MAX_MESSAGE:
        raise UserError(T("Pesan terlalu panjang (maks. {n} karakter).", "The message is too long (at most {n}).",
                          n=MAX_MESSAGE))
    if not wf.is_open(case.stage):
        raise _closed(case)
    now = now_utc()
    session.add(WbsMessage(case_id=case.id, at=now, sender="reporter", text_ct=crypto.seal_json(case.public_key, {"text": text})))
    case.message_count += 1
    case.last_update_at = now
    if case.stage == wf.KELENGKAPAN:
        _system_move(session, case, wf.VERIFIKASI, now)
    audit.record(session, ReporterActor(source=source), "balas_pelapor", case_id=case.id, entity="wbs_message")


def _system_move(session: Session, case: WbsCase, target: str, now: datetime) -> None:
    session.add(WbsHistory(case_id=case.id, at=now, username="system", from_stage=case.stage, to_stage=target))
    audit.record(session, ReporterActor("system", "system", "system"), "pindah_tahap", case_id=case.id,
                 note=f"{case.stage}->{target} (balasan pelapor)")
    case.stage, case.stage_entered_at = target, now
    case.stage_due = stage_due(session, target, now)


def reporter_add_attachments(session: Session, receipt: str, attachments: list[Attachment], *,
                             source: str = "web") -> None:
    case, _key = open_with_receipt(session, receipt, source=source, for_update=True)
    if not wf.is_open(case.stage):
        raise _closed(case)
    count = store_attachments(session, case, list(attachments), "reporter")
    case.last_update_at = now_utc()
    audit.record(session, ReporterActor(source=source), "lampiran_pelapor", case_id=case.id, note=f"lampiran {count}")


def reporter_add_identity(session: Session, receipt: str, identity: dict, *, source: str = "web") -> None:
    case, _key = open_with_receipt(session, receipt, source=source, for_update=True)
    if case.has_identity:
        raise UserError(T("Identitas untuk laporan {r} sudah diberikan.", "The identity for report {r} was already given.",
                          r=case.reference))
    clean = validate_form({**_placeholder_form(), "anonymous": False, "identity": identity})["identity"]
    _store_identity(session, case, clean)
    case.anonymous = False
    case.last_update_at = now_utc()
    audit.record(session, ReporterActor(source=source), "identitas_pelapor", case_id=case.id)


def _placeholder_form() -> dict[str, Any]:
    """A valid form around an identity, to reuse validate_form's identity rules."""
    return {"category": "x", "what": "x", "who": "x", "where": "x", "when": "x", "how": "x",
            "reported_party": {"name": "x", "position": "x", "agency": "x"}, "not_involved": True}


def public_counters(session: Session) -> PublicCounters:
    def count(*where) -> int:
        return int(session.scalar(select(func.count()).select_from(WbsCase).where(*where)) or 0)
    return PublicCounters(received=count(), handled=count(WbsCase.stage != wf.DITERIMA),
                          completed=count(WbsCase.stage.in_(wf.TERMINAL)), followed_up=count(WbsCase.stage == wf.SELESAI))
