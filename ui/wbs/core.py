"""The desk's one seam to the WBS core (`antasena_desktop/wbs/`): service calls and the plain rows
they return, read into what the screens show. No rules here: which moves exist, who may make them,
what they need, are the core's (workflow, roles, services); this module only presents them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from antasena_desktop.i18n import T, Text
from ui.wbs.dialogs import ActionForm
from ui.wbs.labels import moment_text

CASE_ENTITIES = {"wbs_case", "wbs_message", "wbs_note", "wbs_assignment", "wbs_identity_request", "wbs_attachment"}
ACCOUNT_ENTITIES = {"wbs_account"}

_stage_labels: dict[str, Text] = {}
_category_labels: dict[str, Text] = {}


# ---- modules (imported lazily: the desk starts even while a part of the core is being built)
def cases():
    from antasena_desktop.wbs import cases as module
    return module


def workflow():
    from antasena_desktop.wbs import workflow as module
    return module


def roles():
    from antasena_desktop.wbs import roles as module
    return module


# ---- database, first run, login
def open_database(url: str | None):
    from db.wbs.database import open_wbs_database
    return open_wbs_database(url)


def is_initialised(session) -> bool:
    from antasena_desktop.wbs import accounts
    return accounts.has_accounts(session)


def initialise(session, database, admin_password: str) -> tuple[str, str]:
    """`wbs init` from the desk: the escrow key, its recovery sheet (0600, beside the database, as the CLI
    writes it) and the first account `admin`. Returns (sheet path, sheet text)."""
    from pathlib import Path

    from antasena_desktop.wbs import setup
    from db.engine import data_dir, sqlite_path
    db_file = sqlite_path(database.url)
    sheet = (Path(db_file).parent if db_file else data_dir()) / setup.SHEET_NAME
    done = setup.initialise(session, admin_password, sheet, database.describe())
    return str(done.sheet_path), Path(done.sheet_path).read_text(encoding="utf-8")


def login(session, username: str, password: str):
    from antasena_desktop.wbs import accounts
    return accounts.login(session, username, password)


# ---- vocabulary (labels configured in the core's settings)
def _load_vocabulary(session) -> None:
    from antasena_desktop.wbs import settings
    flow = workflow().default_workflow(settings.get(session, "stages"))
    _stage_labels.clear()
    _stage_labels.update({code: stage.label for code, stage in flow.stages.items()})
    _category_labels.clear()
    _category_labels.update({c["code"]: T(c["id"], c["en"]) for c in settings.get(session, "categories")})


def stage_choices(session) -> list[tuple[str, Text]]:
    _load_vocabulary(session)
    return list(_stage_labels.items())


def stage_label(code: str | None) -> str:
    if not code:
        return "—"
    label = _stage_labels.get(code)
    if label is None:
        stage = next((s for s in workflow().DEFAULT_STAGES if s.code == code), None)
        label = stage.label if stage else code
    return str(label)


def category_label(row) -> str:
    label = getattr(row, "category_label", None) or _category_labels.get(getattr(row, "category", ""))
    return str(label) if label is not None else str(getattr(row, "category", ""))


# ---- case list
def list_cases(session, actor, stage=None, overdue=False, assigned_to_me=False):
    _load_vocabulary(session)
    return cases().list_cases(session, actor, stage=stage, overdue=overdue, assigned_to_me=assigned_to_me)


def wilayah_short(code: str | None) -> str:
    """`Irban II` / `Irban Investigasi` for a routed case; empty before routing."""
    if not code:
        return ""
    return f"Irban {code}" if code != "investigasi" else "Irban Investigasi"


def row_due(row):
    """The date the list shows: the stage clock (the feedback date when the stage has none); closed
    cases have no running clock (the core's overdue rules stop at closure)."""
    if not workflow().is_open(row.stage):
        return None
    return row.stage_due or row.feedback_due


def row_handlers(row) -> list[str]:
    return list(row.assigned or [])


# ---- one case
@dataclass
class Action:
    key: str
    label: Text
    target: str
    form: ActionForm


@dataclass
class CaseBundle:
    case_id: str
    view: Any
    handlers: list = field(default_factory=list)
    can_assign: bool = False
    identity_requests: list = field(default_factory=list)
    can_read_identity: bool = False
    can_request_identity: bool = False
    access: list | None = None
    actions: list[Action] = field(default_factory=list)


def _action_form(session, move) -> ActionForm:
    wf = workflow()
    from antasena_desktop.wbs import settings
    form = ActionForm(title=move.label, prompt=T("{m}: {a} → {b}.", "{m}: {a} → {b}.", m=move.label,
                                                 a=stage_label(move.source), b=stage_label(move.target)),
                      reason_required=move.needs_reason)
    if (move.source, move.target) == (wf.VERIFIKASI, wf.PENELAAHAN):
        form.criteria = [(c["code"], T(c["id"], c["en"])) for c in settings.get(session, "criteria")]
        form.criteria_all_required = True
        form.prompt = T("Centang kriteria yang terpenuhi, lalu teruskan ke penelaah (Irban sesuai perangkat daerah "
                        "terlapor).",
                        "Tick the criteria that are met, then forward to the reviewer (the Irban of the reported "
                        "agency).")
    if move.target == wf.DITOLAK:
        form.choices["outcome"] = (T("Dasar", "Ground"), list(wf.NOT_ADMISSIBLE.items()))
    if (move.source, move.target) == (wf.PERSETUJUAN, wf.TINDAK_LANJUT):
        form.choices["follow_up"] = (T("Bentuk tindak lanjut", "Kind of follow-up"), list(wf.FOLLOW_UPS.items()))
    if move.target == wf.SELESAI:
        form.choices["outcome"] = (T("Hasil akhir", "Outcome"), list(wf.OUTCOMES.items()))
        form.prompt = T("Tutup kasus dengan hasil akhirnya. Hasil \"tidak terbukti\" mencatat pemulihan nama baik "
                        "terlapor. Kabari pelapor lewat Pesan pelapor.",
                        "Close the case with its outcome. \"Not proven\" records the restoration of the reported "
                        "party's good name. Tell the reporter through Reporter messages.")
    if move.target in wf.TERMINAL:
        form.irreversible = T("Langkah ini menutup kasus dan tidak dapat dibatalkan. Lanjutkan?",
                              "This step closes the case and cannot be undone. Continue?")
    return form


def actions_for(session, view) -> list[Action]:
    """The stage moves the core offers this role on this case (CaseView.moves), each with its form."""
    from antasena_desktop.wbs.deadlines import workflow_for
    flow = workflow_for(session)
    actions = []
    for option in view.moves:
        move = next(t for t in flow.moves_from(view.stage) if t.target == option.target)
        actions.append(Action(f"{move.source}__{move.target}", option.label, option.target, _action_form(session, move)))
    return actions


def open_case_bundle(session, actor, keyring, case_id: str) -> CaseBundle:
    """Decrypt one case (audited by the service) and gather what the detail shows for this role."""
    _load_vocabulary(session)
    P = roles().WbsPermission
    from antasena_desktop.wbs import handlers
    view = cases().open_case(session, actor, keyring, case_id)
    bundle = CaseBundle(case_id, view)
    if actor.can(P.ASSIGN):
        bundle.handlers = handlers.assignable_handlers(session, actor, case_id)
        bundle.can_assign = True
    bundle.identity_requests = list(view.identity_requests)
    approved = any(r.status == "approved" and r.requester == actor.username for r in bundle.identity_requests)
    bundle.can_read_identity = view.has_identity and (actor.can(P.DECIDE_IDENTITY) or approved)
    bundle.can_request_identity = view.has_identity and actor.can(P.REQUEST_IDENTITY) and not approved
    if actor.can(P.ACCESS_HISTORY):
        bundle.access = cases().access_history(session, actor, case_id)
    bundle.actions = actions_for(session, view)
    return bundle


def read_identity(session, actor, keyring, case_id: str):
    """The reporter's identity, on an explicit click (audited by the service each time)."""
    return cases().read_identity(session, actor, keyring, case_id)


def note_kinds(actor) -> list[tuple[str, Text]]:
    """The kinds of internal record this role may write (note, telaahan, LHTL, verification)."""
    return [(kind, label) for kind, (permission, label) in cases().NOTE_KINDS.items()
            if kind != "checklist" and actor.can(permission)]


def move(session, actor, keyring, case_id: str, action: Action, reason: str, details: dict):
    details = dict(details)
    if "criteria" in details:
        ticked = set(details.pop("criteria"))
        codes = [code for code, _label in action.form.criteria]
        details["checklist"] = {code: code in ticked for code in codes}
    return cases().move_case(session, actor, keyring, case_id, action.target, reason, **details)


def case_reference(view) -> str:
    return view.reference


def case_stage(view) -> str:
    return view.stage


def case_overdue(view) -> bool:
    return bool(getattr(view, "overdue", False))


def case_received(view):
    return getattr(view, "received_at", None)


def case_due(view):
    return row_due(view)


def outcome_text(view) -> str:
    """The closed case's outcome (and the restoration of the good name), the follow-up while open."""
    wf = workflow()
    parts = []
    if view.outcome:
        parts.append(str(T("Hasil: {o}", "Outcome: {o}", o=wf.ALL_OUTCOMES.get(view.outcome, view.outcome))))
    if view.name_restored:
        parts.append(str(T("pemulihan nama baik", "good name restored")))
    if view.follow_up and not view.outcome:
        parts.append(str(T("Tindak lanjut: {f}", "Follow-up: {f}", f=wf.FOLLOW_UPS.get(view.follow_up, view.follow_up))))
    return " · ".join(parts)


def case_handlers(view) -> list[str]:
    return list(view.assigned or [])


REPORT_FIELDS = (
    ("what", T("Apa yang terjadi", "What happened")),
    ("who", T("Siapa yang terlibat", "Who was involved")),
    ("where", T("Di mana", "Where")),
    ("when", T("Kapan", "When")),
    ("how", T("Bagaimana", "How")),
    ("how_much", T("Berapa (nilai kerugian)", "How much (loss)")),
)


def _form(view) -> dict:
    return view.report or {}


def report_fields(view) -> list[tuple[str, str]]:
    form = _form(view)
    rows = [(str(T("Kategori", "Category")), category_label(view))]
    rows += [(str(label), str(form.get(key) or "—")) for key, label in REPORT_FIELDS]
    party = form.get("reported_party") or {}
    rows.append((str(T("Terlapor", "Reported party")),
                 str(T("{n}, {p} — {a}", "{n}, {p} — {a}", n=party.get("name") or "—",
                       p=party.get("position") or "—", a=party.get("agency") or "—"))))
    rows.append((str(T("Pelapor", "Reporter")),
                 str(T("Anonim", "Anonymous") if form.get("anonymous", True) else T("Beridentitas (identitas disegel untuk "
                                                                                     "Inspektur)",
                                                                                     "Identified (identity sealed to the "
                                                                                     "Inspektur)"))))
    rows.append((str(T("Pernyataan pelapor", "Reporter's declaration")),
                 str(T("Pelapor menyatakan bukan bagian dari pelanggaran yang dilaporkan",
                       "The reporter declares not to be part of the reported violation") if form.get("not_involved")
                     else T("Tidak ada pernyataan", "No declaration"))))
    return rows


def case_attachments(view) -> list:
    return list(getattr(view, "attachments", None) or [])


def attachment_name(attachment) -> str:
    return getattr(attachment, "filename", None) or "lampiran"


def attachment_text(attachment) -> str:
    size = getattr(attachment, "size", None)
    kind = getattr(attachment, "content_type", "")
    return f"{attachment_name(attachment)} ({kind}{', ' + format(size, ',') + ' B' if size else ''})"


def read_attachment(session, actor, keyring, case_id: str, attachment) -> bytes:
    """The decrypted bytes of one attachment (audited by the service as an export)."""
    _name, _type, data = cases().attachment_content(session, actor, keyring, attachment.id)
    return data


def add_team_attachment(session, actor, keyring, case_id: str, filename: str, data: bytes):
    """A document the team adds to the case file; its type is checked by content, then encrypted by the core."""
    from antasena_desktop.wbs import intake
    attachment = intake.validate_attachment(intake.Attachment(filename, "", data))
    return cases().add_attachment(session, actor, keyring, case_id, attachment)


def change_password(session, actor, keyring, old: str, new: str):
    """Re-wraps the handler's private key under the new password (the core audits it)."""
    from antasena_desktop.services.changes import Change, Changes
    from antasena_desktop.wbs import accounts
    accounts.change_password(session, actor, keyring, old, new)
    return Changes([Change("wbs_account", actor.user_id or actor.username, "update")])


def case_messages(view) -> list:
    return list(getattr(view, "messages", None) or [])


def case_notes(view) -> list:
    return list(getattr(view, "notes", None) or [])


def case_history(view) -> list:
    return list(getattr(view, "history", None) or [])


def handler_text(handler) -> str:
    from ui.wbs.labels import role_label
    wilayah = getattr(handler, "wilayah", None)
    extra = f", {roles().WILAYAH[wilayah]}" if wilayah in roles().WILAYAH else ""
    return f"{handler.username} — {getattr(handler, 'full_name', '') or ''} ({role_label(handler.role)}{extra})"


def identity_summary(bundle: CaseBundle) -> str:
    if not getattr(bundle.view, "has_identity", False):
        return str(T("Pelapor anonim: tidak ada identitas yang tersimpan.",
                     "Anonymous reporter: no identity is stored."))
    return str(T("Pelapor memberikan identitas. Identitas disegel khusus untuk Inspektur dan hanya dibuka atas "
                 "permintaan yang disetujui.",
                 "The reporter gave an identity. It is sealed to the Inspektur only and released only on an "
                 "approved request."))


def request_state_label(request) -> Text:
    return {"pending": T("Menunggu keputusan", "Awaiting decision"), "approved": T("Disetujui", "Approved"),
            "refused": T("Ditolak", "Refused"), "rejected": T("Ditolak", "Refused")}.get(
        getattr(request, "status", ""), T("—", "—"))


def identity_request_text(request) -> str:
    return str(T("{at}: {u} meminta pembukaan identitas atas dasar \"{b}\" — {s}",
                 "{at}: {u} requested the identity on the basis \"{b}\" — {s}",
                 at=moment_text(request.requested_at), u=request.requester, b=request.legal_basis,
                 s=request_state_label(request)))


def identity_text(identity) -> str:
    return str(T("Nama: {n}\nNIP: {p}\nKontak: {c}", "Name: {n}\nNIP: {p}\nContact: {c}",
                 n=identity.name or "—", p=identity.nip or "—", c=identity.contact or "—"))


def may_decide_identity(actor) -> bool:
    return actor.can(roles().WbsPermission.DECIDE_IDENTITY)


@dataclass(frozen=True)
class PendingRequest:
    id: str
    case_id: str
    reference: str
    requested_by: str
    requested_at: Any
    legal_basis: str
    status: str
    note: str = ""


def identity_requests(session, actor) -> list[PendingRequest]:
    """Requests awaiting the Inspektur's decision (metadata only)."""
    return [PendingRequest(r.id, case_id, reference, r.requester, r.requested_at, r.legal_basis, r.status, r.note)
            for case_id, reference, r in cases().pending_identity_requests(session, actor)]


def access_history(session, actor, case_id: str) -> list:
    return cases().access_history(session, actor, case_id)


# How the audit log's action codes read on the desk (codes are the core's; unknown ones show as written)
ACTION_LABELS: dict[str, Text] = {
    "lapor": T("Laporan masuk", "Report filed"), "lacak": T("Pelapor melacak", "Reporter tracked"),
    "lacak_gagal": T("Kode lacak salah", "Wrong tracking code"),
    "balas_pelapor": T("Balasan pelapor", "Reporter replied"),
    "lampiran_pelapor": T("Lampiran dari pelapor", "Attachment from the reporter"),
    "identitas_pelapor": T("Pelapor menambah identitas", "Reporter added identity"),
    "buka_perkara": T("Membuka perkara", "Opened the case"),
    "unduh_lampiran": T("Membuka/menyimpan lampiran", "Opened/saved an attachment"),
    "lampiran_tim": T("Lampiran dari tim", "Attachment from the team"),
    "pindah_tahap": T("Pindah tahap", "Stage move"), "tugaskan": T("Menugaskan", "Assigned"),
    "lepas_tugas": T("Melepas tugas", "Unassigned"), "catatan": T("Catatan internal", "Internal note"),
    "pesan_ke_pelapor": T("Pesan ke pelapor", "Message to the reporter"),
    "minta_identitas": T("Minta pembukaan identitas", "Identity release requested"),
    "identitas_dirilis": T("Identitas dirilis", "Identity released"),
    "identitas_ditolak": T("Permintaan identitas ditolak", "Identity request refused"),
    "baca_identitas": T("Membaca identitas pelapor", "Read the reporter's identity"),
    "lihat_riwayat_akses": T("Melihat riwayat akses", "Viewed the access history"),
    "ditolak": T("DITOLAK", "REFUSED"), "cetak": T("Mencetak dokumen", "Printed a document"),
    "musnah": T("Dimusnahkan", "Purged"), "ubah_pengaturan": T("Mengubah pengaturan", "Changed a setting"),
    "periksa_kesehatan": T("Memeriksa kesehatan sistem", "Checked the system health"),
}


def _note_text(note: str) -> str:
    """`diterima->verifikasi` (the core's compact note of a move) with the stages' labels."""
    if "->" in note and " " not in note.split("->")[0]:
        source, _, rest = note.partition("->")
        target, _, tail = rest.partition(" ")
        return f"{stage_label(source)} → {stage_label(target)}" + (f" {tail}" if tail else "")
    return note


def access_row_texts(entry) -> list[str]:
    from ui.wbs.labels import role_label
    try:
        who = f"{entry.username} ({role_label(roles().WbsRole(entry.role))})"
    except ValueError:
        who = entry.username
    if entry.username == "pelapor":
        who = str(T("pelapor (tanpa akun)", "reporter (no account)"))
    action = ACTION_LABELS.get(entry.action)
    return [moment_text(entry.at), who, str(action) if action else entry.action, _note_text(entry.note or "")]


def verify_audit(session, actor) -> Text:
    from antasena_desktop.wbs import audit
    roles().require(actor, roles().WbsPermission.ACCESS_HISTORY)
    broken = audit.verify(session)
    if broken is None:
        return T("Rantai log audit utuh.", "The audit chain is intact.")
    return T("Rantai log audit RUSAK pada baris {i}: {w}", "The audit chain is BROKEN at row {i}: {w}",
             i=getattr(broken, "row_id", "?"), w=getattr(broken, "reason", ""))


# ---- dashboard, due list
@dataclass
class DashboardData:
    received: int
    handled: int
    completed: int
    followed_up: int
    followed_up_percent: float
    overdue: int
    open: int
    average_days: float | None                 # calendar days, received → closed (the core's figure)
    by_category: list[tuple[str, int]]
    by_stage: list[tuple[str, int]]


def dashboard(session, actor) -> DashboardData:
    """The core's counters (clear metadata only), labelled; stages in workflow order, zeros included."""
    from antasena_desktop.wbs import dashboard as service
    _load_vocabulary(session)
    d = service.dashboard(session, actor)
    stages = [(stage_label(code), d.by_stage.get(code, 0)) for code in _stage_labels]
    categories = [(str(label), d.by_category.get(code, 0)) for code, label in _category_labels.items()]
    return DashboardData(d.received, d.handled, d.completed, d.followed_up, d.followed_up_percent, d.overdue, d.open,
                         d.average_days_to_close, categories, stages)


def due_items(session, actor) -> list:
    """The core's "Jatuh tempo" list: open clocks overdue or due within 3 working days, most urgent first."""
    from antasena_desktop.wbs.deadlines import due_list
    _load_vocabulary(session)
    return due_list(session, actor)


# ---- accounts
def list_accounts(session, actor) -> list:
    from antasena_desktop.wbs import accounts
    return accounts.list_accounts(session, actor)


def create_account(session, actor, **values):
    from antasena_desktop.services.changes import Change, Changes
    from antasena_desktop.wbs import accounts
    created = accounts.create_account(session, actor, values["username"], values["password"],
                                      roles().WbsRole(values["role"]), full_name=values["full_name"],
                                      wilayah=values["wilayah"])
    return Changes([Change("wbs_account", created.user_id or created.username, "create")])


def set_account_active(session, actor, username: str, active: bool):
    from antasena_desktop.services.changes import Change, Changes
    from antasena_desktop.wbs import accounts
    accounts.set_active(session, actor, username, active)
    return Changes([Change("wbs_account", username, "update", None, {"active": active})])


def account_full_name(row) -> str:
    return getattr(row, "full_name", "") or ""


def account_wilayah(row) -> str:
    wilayah = getattr(row, "wilayah", None)
    return str(roles().WILAYAH.get(wilayah, "")) if wilayah else ""


def account_active(row) -> bool:
    return bool(getattr(row, "active", True))


def role_choices() -> list[tuple[str, str]]:
    from ui.wbs.labels import role_label
    return [(role.value, role_label(role)) for role in roles().WbsRole]


def wilayah_choices() -> list[tuple[str, Text]]:
    return list(roles().WILAYAH.items())


# ---- configuration, system health
def get_config(session, actor) -> dict:
    from antasena_desktop.wbs import config
    return config.get_config(session, actor)


def save_config(session, actor, values: dict):
    """Every key through the core's validator, in the caller's one transaction."""
    from antasena_desktop.services.changes import Change, Changes
    from antasena_desktop.wbs import config
    for key, value in values.items():
        config.set_config(session, actor, key, value)
    return Changes([Change("wbs_setting", key, "update") for key in values])


def system_health(session, actor):
    from antasena_desktop.wbs import health
    return health.health(session, actor)


# ---- documents
def build_document(session, actor, keyring, kind: str, case_id: str | None = None, year: int | None = None,
                   letter_text: str = ""):
    """The core's printout (a PrintDocument); case documents decrypt and are audited by the core."""
    from antasena_desktop.wbs import documents
    if kind == "yearly":
        return documents.yearly_report(session, actor, year)
    if kind == "letter":
        return documents.reporter_letter(session, actor, keyring, case_id, letter_text)
    builder = {"telaahan": documents.telaahan_document, "lhtl": documents.lhtl_document}[kind]
    return builder(session, actor, keyring, case_id)

