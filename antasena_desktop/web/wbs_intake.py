"""The WBS reporter side on the web: `/` (landing), `/lapor` (file a report), `/lacak` (track it).

Thin over `antasena_desktop.wbs.intake` (the same services `antasena wbs submit/track` use): this
module only turns forms into service calls and results into pages, and applies the protections —
CSRF, rate limits with a growing delay, upload limits with content sniffing, clean copies, no
address or user agent kept anywhere (the client address is only hashed in memory for the limits).
"""
from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.resources import resource_path
from antasena_desktop.web.clean import store_clean_copies
from antasena_desktop.web.base_app import CountRequests, WebApp
from antasena_desktop.web.forms import FormLimits, ParsedForm
from antasena_desktop.web.health import Health
from antasena_desktop.web.ratelimit import ClientKeys, FailureBackoff, SlidingWindow
from antasena_desktop.web.security import SecurityHeadersMiddleware
from antasena_desktop.web.sessions import MemoryStore
from antasena_desktop.wbs import intake, settings as wbs_settings

TRACK_COOKIE = "lacak"
RECEIPT_COOKIE = "tanda_terima"
MiB = 1024 * 1024


# The core's accepted types (by content) in words for the form's hint. Clean copies are made for
# images, PDF, Office (OOXML) and text; the others are kept as the original only.
TYPE_NAMES = {
    "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WebP",
    "text/plain": "TXT", "application/zip": "DOCX/XLSX/PPTX/ZIP", "application/x-ole-storage": "DOC/XLS",
    "audio/mpeg": "MP3", "video/mp4": "MP4/M4A",
}


@dataclass(frozen=True)
class IntakeSettings:
    reports_per_hour: int = 5            # per client
    track_per_minute: int = 10           # per client, successful or not
    track_failures_per_minute: int = 120  # all clients together: a distributed guesser meets this
    failure_delay_base: float = 1.0      # seconds; doubles with each failure of a client
    failure_delay_cap: float = 300.0
    session_idle_seconds: float = 15 * 60
    max_body_bytes: int = 50 * MiB       # whole request, held in memory
    argon2_threads: int = 2              # reporter-path calls at once (one Argon2id of 64 MiB each)
    service_threads: int = 4             # read-only service calls at once (counters, categories)


# Form input names → the service's field names, with the label shown when one is refused.
FIELDS: dict[str, tuple[str, Text]] = {
    "category": ("category", T("Kategori pelanggaran", "Kind of violation")),
    "what": ("what", T("Apa yang terjadi", "What happened")),
    "who": ("who", T("Siapa yang terlibat", "Who was involved")),
    "where": ("where", T("Di mana", "Where")),
    "when": ("when", T("Kapan", "When")),
    "how": ("how", T("Bagaimana terjadinya", "How it happened")),
    "how_much": ("how_much", T("Berapa nilai kerugian", "How much")),
    "reported_party_name": ("reported_party.name", T("Nama pihak yang dilaporkan", "Name of the reported party")),
    "reported_party_position": ("reported_party.position", T("Jabatan pihak yang dilaporkan", "Position of the reported party")),
    "reported_party_agency": ("reported_party.agency", T("Perangkat daerah pihak yang dilaporkan", "Agency of the reported party")),
    "not_involved": ("not_involved", T("Pernyataan bukan bagian dari pelanggaran", "Declaration of not being part of the violation")),
    "anonymous": ("anonymous", T("Pilihan anonim atau beridentitas", "Anonymous or identified")),
    "identity_name": ("identity.name", T("Nama pelapor", "Reporter's name")),
    "identity_nip": ("identity.nip", T("NIP pelapor", "Reporter's NIP")),
    "identity_contact": ("identity.contact", T("Kontak pelapor", "Reporter's contact")),
}
REQUIRED_INPUTS = ("category", *intake.REQUIRED_TEXT, "reported_party_name", "reported_party_position",
                   "reported_party_agency", "not_involved")
_INPUT_OF = {service: name for name, (service, _label) in FIELDS.items()}
_INPUT_OF["reported_party"] = "reported_party_name"
_INPUT_OF["identity"] = "identity_name"


def form_from_inputs(form: ParsedForm) -> dict:
    """The service's form dict (FORM_FIELDS) from the page's inputs."""
    anonymous = form.get("anonymous", "1") != "0"
    identity = {k: form.get(f"identity_{k}").strip() for k in ("name", "nip", "contact")}
    data = {name: form.get(name) for name in ("category", "what", "who", "where", "when", "how", "how_much")}
    data.update(
        reported_party={k: form.get(f"reported_party_{k}") for k in ("name", "position", "agency")},
        anonymous=anonymous,
        not_involved=form.get("not_involved") == "1",
        identity=None if anonymous or not any(identity.values()) else identity,
    )
    return data


@dataclass
class _Guards:
    reports: SlidingWindow
    tracking: SlidingWindow
    failures_all: SlidingWindow
    backoff: FailureBackoff
    clients: ClientKeys = field(default_factory=ClientKeys)


class IntakeApp(WebApp):
    def __init__(self, database, health: Health | None = None, config: IntakeSettings = IntakeSettings(),
                 csrf_secret: bytes | None = None, clock=time.monotonic, sleep=asyncio.sleep):
        self.database, self.config = database, config
        self.sleep = sleep
        self.guards = _Guards(
            reports=SlidingWindow(config.reports_per_hour, 3600, clock),
            tracking=SlidingWindow(config.track_per_minute, 60, clock),
            failures_all=SlidingWindow(config.track_failures_per_minute, 60, clock),
            backoff=FailureBackoff(config.failure_delay_base, config.failure_delay_cap, clock=clock),
        )
        self.tracking_sessions: MemoryStore[str] = MemoryStore(config.session_idle_seconds, clock=clock)
        self.receipts_once: MemoryStore[dict] = MemoryStore(10 * 60, clock=clock)
        self.fresh_views: MemoryStore = MemoryStore(30, clock=clock)
        self.workers = anyio.CapacityLimiter(config.argon2_threads)
        self.readers = anyio.CapacityLimiter(config.service_threads)
        with database.session() as session:
            max_bytes = int(wbs_settings.get(session, "attachment_max_bytes"))
            max_count = int(wbs_settings.get(session, "attachment_max_count"))
        super().__init__(resource_path("web", "intake", "templates"), health, csrf_secret or secrets.token_bytes(32),
                         FormLimits(max_body=config.max_body_bytes, max_file_size=min(max_bytes, config.max_body_bytes),
                                    max_files=max_count, max_field_size=intake.MAX_TEXT * 4))
        self.client_keys = self.guards.clients
        self.accepted = ", ".join(TYPE_NAMES.get(t, t) for t in intake.AttachmentLimits().allowed_types)

    # ------------------------------------------------------------------ plumbing

    def asgi(self):
        routes = [
            Route("/", self.landing),
            Route("/lapor", self.report_form, methods=["GET"]),
            Route("/lapor", self.report_submit, methods=["POST"]),
            Route("/lapor/terkirim", self.receipt_page),
            Route("/lacak", self.track_page, methods=["GET"]),
            Route("/lacak", self.track_submit, methods=["POST"]),
            Route("/lacak/balas", self.reply, methods=["POST"]),
            Route("/lacak/bukti", self.add_evidence, methods=["POST"]),
            Route("/lacak/identitas", self.add_identity, methods=["POST"]),
            Route("/lacak/keluar", self.leave, methods=["POST"]),
            Mount("/static", StaticFiles(directory=str(resource_path("web", "intake", "static"))), name="static"),
        ]
        app = Starlette(routes=routes, exception_handlers={404: self._not_found, 405: self._not_found})
        return SecurityHeadersMiddleware(CountRequests(app, self.health))

    async def _service(self, fn, *args):
        """A reporter-path service call (each writes, at least its audit row): at most
        `argon2_threads` at once — each holds a 64 MiB Argon2id — while SQLite orders the writes."""
        return await anyio.to_thread.run_sync(fn, *args, limiter=self.workers)

    async def _read(self, fn, *args):
        return await anyio.to_thread.run_sync(fn, *args, limiter=self.readers)

    def page_context(self, request) -> dict:
        return {"limits": self.form_limits, "accepted": self.accepted, "max_chars": intake.MAX_TEXT}

    def _attachments(self, form: ParsedForm) -> tuple[list[intake.Attachment], list[Text]]:
        """Checked attachments (type by content), or the per-file refusals."""
        checked, errors = [], []
        limits = intake.AttachmentLimits(max_bytes=self.form_limits.max_file_size, max_count=self.form_limits.max_files)
        for upload in form.files:
            if upload.field != "evidence":
                continue
            try:
                checked.append(intake.validate_attachment(
                    intake.Attachment(upload.filename, upload.declared_type, upload.data), limits))
            except UserError as exc:
                errors.append(exc.text)
        return checked, errors

    # ------------------------------------------------------------------ landing and report

    async def landing(self, request) -> Response:
        counters = await self._read(self._counters)
        return self.page(request, "index.html", counters=counters)

    def _counters(self):
        with self.database.session() as session:
            return intake.public_counters(session)

    def _categories(self):
        with self.database.session() as session:
            return intake.categories(session)

    async def report_form(self, request) -> Response:
        categories = await self._read(self._categories)
        return self.page(request, "lapor.html", categories=categories, values={}, invalid=())

    async def report_submit(self, request) -> Response:
        form = await self._read_checked_form(request)
        if isinstance(form, Response):
            return form
        allowed = self.guards.reports.hit(self._client(request))
        if not allowed.allowed:
            return self._rate_limited(request, allowed.retry_after, "reports", "/lapor")
        values = {k: form.get(k) for k in FIELDS}
        attachments, errors = self._attachments(form)
        data = form_from_inputs(form)
        invalid: list[str] = []
        missing = [name for name in REQUIRED_INPUTS if not form.get(name).strip()]
        if missing:
            invalid = missing
            labels = ", ".join(FIELDS[n][1].render(self.language(request)) for n in missing)
            errors.append(T("Mohon lengkapi isian berikut: {f}.", "Please complete these fields: {f}.", f=labels))
        if not errors:
            try:
                intake.validate_form(data)
            except intake.FormError as exc:
                invalid = [_INPUT_OF.get(f, f) for f in exc.fields]
                labels = ", ".join(FIELDS[n][1].render(self.language(request)) for n in invalid if n in FIELDS)
                errors.append(T("Mohon periksa isian berikut: {f}.", "Please check these fields: {f}.", f=labels or exc.text))
        if not errors:
            try:
                submitted, cleaned = await self._service(self._submit, data, attachments)   # Argon2id in parallel; the core numbers under its write lock
            except UserError as exc:
                errors.append(exc.text)
        if errors:
            if form.files:
                errors.append(T("Pilih kembali berkas bukti Anda sebelum mengirim ulang.",
                                "Choose your evidence files again before sending once more."))
            categories = await self._read(self._categories)
            return self.page(request, "lapor.html", 400, categories=categories, values=values,
                             invalid=invalid, errors=errors)
        self.health.count("reports_submitted")
        token = self.receipts_once.put({"receipt": submitted.receipt, "reference": submitted.reference,
                                        "cleaned": cleaned})
        response = RedirectResponse("/lapor/terkirim", status_code=303)
        self._set_cookie(request, response, RECEIPT_COOKIE, token, max_age=600)
        return response

    def _submit(self, data: dict, attachments: list[intake.Attachment]):
        with self.database.session() as session:
            submitted = intake.submit_report(session, data, attachments, source="web")
            cleaned = store_clean_copies(session, submitted.case_id, attachments)
        return submitted, cleaned

    async def receipt_page(self, request) -> Response:
        shown = self.receipts_once.pop(request.cookies.get(RECEIPT_COOKIE))
        if shown is None:
            response = self.message(request, T("Tanda terima", "Receipt"),
                                    T("Kode tanda terima hanya ditampilkan sekali dan tidak dapat ditampilkan lagi.",
                                      "The receipt code is shown only once and cannot be shown again."), 410, back="/lacak")
        else:
            code = shown["receipt"]
            grouped = " ".join(code[i:i + 4] for i in range(0, len(code), 4))
            response = self.page(request, "terkirim.html", receipt=code, receipt_grouped=grouped,
                                 reference=shown["reference"], cleaned=shown["cleaned"], hide_language=True)
        response.delete_cookie(RECEIPT_COOKIE, path="/")
        return response

    # ------------------------------------------------------------------ tracking

    async def track_page(self, request, errors: list[Text] | None = None, notice: Text | None = None,
                         status: int = 200) -> Response:
        receipt = self.tracking_sessions.get(request.cookies.get(TRACK_COOKIE))
        if receipt is None:
            return self.page(request, "lacak.html", status, errors=errors or [])
        view = self.fresh_views.pop(request.cookies.get(TRACK_COOKIE)) if errors is None and notice is None else None
        try:
            view = view or await self._service(self._track, receipt)
        except UserError:                       # the case went away (purged)
            self.tracking_sessions.discard(request.cookies.get(TRACK_COOKIE))
            return self.page(request, "lacak.html", 404, errors=[T("Laporan tidak ditemukan.", "Report not found.")])
        return self.page(request, "lacak_view.html", status, view=view, errors=errors or [], notice=notice)

    def _track(self, receipt: str):
        with self.database.session() as session:
            return intake.track(session, receipt, source="web")

    def _try_receipt(self, receipt: str):
        """The TrackView for the receipt, or None; the failed attempt's audit row is committed too."""
        with self.database.session() as session:
            try:
                return intake.track(session, receipt, source="web")
            except intake.ReceiptNotFound:
                return None

    async def track_submit(self, request) -> Response:
        form = await self._read_checked_form(request)
        if isinstance(form, Response):
            return form
        client = self._client(request)
        for decision, kind in ((self.guards.backoff.check(client), "failures"),
                               (self.guards.tracking.hit(client), "tracking")):
            if not decision.allowed:
                return self._rate_limited(request, decision.retry_after, kind, "/lacak")
        receipt = intake.normalise_receipt(form.get("receipt"))[:40]
        view = await self._service(self._try_receipt, receipt)
        if view is not None:
            self.guards.backoff.succeeded(client)
            self.health.count("tracking_ok")
            session_token = self.tracking_sessions.put(receipt)
            self.fresh_views.put_as(session_token, view)      # the redirect's page needs no second Argon2id
            response = RedirectResponse("/lacak", status_code=303)
            self._set_cookie(request, response, TRACK_COOKIE, session_token)
            return response
        self.health.count("tracking_failed")
        delay = self.guards.backoff.failed(client)
        overall = self.guards.failures_all.hit("all")
        if not overall.allowed:     # many guesses from everywhere: everyone waits a little
            self.health.count("rate_limited_all")
            await self.sleep(min(5.0, overall.retry_after))
        return self.page(request, "lacak.html", 404, errors=[
            T("Kode tanda terima tidak ditemukan. Periksa 16 angkanya.", "Receipt code not found. Check its 16 digits."),
            T("Percobaan berikutnya dapat dilakukan setelah {s} detik.", "The next attempt is possible after {s} seconds.",
              s=int(delay))])

    async def _tracked_action(self, request, action) -> Response:
        """Run `action(receipt, form)` for the tracked report; back to its page with a notice or errors."""
        form = await self._read_checked_form(request)
        if isinstance(form, Response):
            return form
        receipt = self.tracking_sessions.get(request.cookies.get(TRACK_COOKIE))
        if receipt is None:
            return self.page(request, "lacak.html", 403, errors=[
                T("Sesi pelacakan berakhir. Masukkan kode tanda terima lagi.",
                  "The tracking session has ended. Enter the receipt code again.")])
        try:
            notice = await action(receipt, form)
        except UserError as exc:
            return await self.track_page(request, errors=[exc.text], status=400)
        if isinstance(notice, list):            # refusals gathered before calling the service
            return await self.track_page(request, errors=notice, status=400)
        return await self.track_page(request, notice=notice)

    async def reply(self, request) -> Response:
        async def action(receipt, form):
            await self._service(self._in_session, intake.reporter_reply, receipt, form.get("text"))
            self.health.count("replies")
            return T("Balasan Anda terkirim.", "Your answer has been sent.")
        return await self._tracked_action(request, action)

    async def add_evidence(self, request) -> Response:
        async def action(receipt, form):
            attachments, errors = self._attachments(form)
            if errors:
                return errors
            if not attachments:
                return [T("Pilih setidaknya satu berkas.", "Choose at least one file.")]
            await self._service(self._add_attachments, receipt, attachments)
            self.health.count("evidence_added")
            return T("{n} berkas bukti ditambahkan.", "{n} evidence file(s) added.", n=len(attachments))
        return await self._tracked_action(request, action)

    def _add_attachments(self, receipt, attachments) -> None:
        with self.database.session() as session:
            case_id = intake.open_with_receipt(session, receipt, source="web")[0].id
            intake.reporter_add_attachments(session, receipt, attachments, source="web")
            store_clean_copies(session, case_id, attachments)

    async def add_identity(self, request) -> Response:
        async def action(receipt, form):
            identity = {k: form.get(k).strip() for k in ("name", "nip", "contact")}
            await self._service(self._in_session, intake.reporter_add_identity, receipt, identity)
            self.health.count("identity_added")
            return T("Identitas Anda tersimpan dan disegel.", "Your identity is stored and sealed.")
        return await self._tracked_action(request, action)

    def _in_session(self, fn, *args):
        with self.database.session() as session:
            return fn(session, *args, source="web")

    async def leave(self, request) -> Response:
        form = await self._read_checked_form(request)
        if isinstance(form, Response):
            return form
        self.tracking_sessions.discard(request.cookies.get(TRACK_COOKIE))
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(TRACK_COOKIE, path="/")
        return response


def create_app(database, health: Health | None = None, config: IntakeSettings = IntakeSettings(), **kwargs):
    """The ASGI app of the WBS intake over an open WBS database."""
    return IntakeApp(database, health, config, **kwargs).asgi()
