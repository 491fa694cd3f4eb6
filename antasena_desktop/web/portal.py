"""The stakeholder portal on the web (read-only): login, calendar, own events, a satker's placement
history, news and knowledge posts with attachments.

Thin over `antasena_desktop/portal/reads.py`; every page reloads the account and asks the policy
(`portal/policy.py`) on every request — a refusal is a 403 page. Protections: sessions in memory
with an idle and an absolute expiry, CSRF on the two forms (login, logout), the login rate-limited
per client with a growing delay after failures plus the account lockout of the service, and every
login, failed login and logout in the audit log.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from urllib.parse import quote

import anyio
from starlette.applications import Starlette
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from antasena_desktop.i18n import T, UserError
from antasena_desktop.portal import policy, reads
from antasena_desktop.portal.policy import KIND_LABELS, PROFILE_LABELS, Forbidden, Viewer
from antasena_desktop.resources import resource_path
from antasena_desktop.services import stakeholders
from antasena_desktop.services.news import KINDS as NEWS_KINDS
from antasena_desktop.web.base_app import CountRequests, WebApp
from antasena_desktop.web.forms import FormLimits
from antasena_desktop.web.health import Health
from antasena_desktop.web.ratelimit import FailureBackoff, SlidingWindow
from antasena_desktop.web.security import SecurityHeadersMiddleware
from antasena_desktop.web.sessions import MemoryStore

SESSION_COOKIE = "portal_sesi"


@dataclass(frozen=True)
class PortalSettings:
    session_idle_seconds: float = 30 * 60
    session_max_seconds: float = 8 * 3600       # a session ends after 8 h even when in use
    logins_per_minute: int = 10                 # per client, right or wrong
    failure_delay_base: float = 1.0             # seconds; doubles with each failed login of a client
    failure_delay_cap: float = 120.0
    login_threads: int = 2                      # Argon2id checks at once
    read_threads: int = 8                       # page reads at once


@dataclass(frozen=True)
class PortalSession:
    account_id: str
    username: str
    started: float


class PortalApp(WebApp):
    def __init__(self, database, health: Health | None = None, config: PortalSettings = PortalSettings(),
                 csrf_secret: bytes | None = None, clock=time.monotonic):
        super().__init__(resource_path("web", "portal", "templates"), health, csrf_secret or secrets.token_bytes(32),
                         FormLimits(max_body=64 * 1024, max_file_size=0, max_files=0, max_field_size=4096))
        self.database, self.config, self.clock = database, config, clock
        self.sessions: MemoryStore[PortalSession] = MemoryStore(config.session_idle_seconds, clock=clock)
        self.logins = SlidingWindow(config.logins_per_minute, 60, clock)
        self.backoff = FailureBackoff(config.failure_delay_base, config.failure_delay_cap, clock=clock)
        self.login_workers = anyio.CapacityLimiter(config.login_threads)
        self.readers = anyio.CapacityLimiter(config.read_threads)

    def asgi(self):
        routes = [
            Route("/", self.root),
            Route("/masuk", self.login_page, methods=["GET"]),
            Route("/masuk", self.login_submit, methods=["POST"]),
            Route("/keluar", self.logout, methods=["POST"]),
            Route("/beranda", self.home),
            Route("/kalender", self.calendar),
            Route("/kegiatan/{event_id}", self.event),
            Route("/riwayat", self.history),
            Route("/berita", self.news_list),
            Route("/berita/{post_id}", self.news_item),
            Route("/berita/{post_id}/lampiran/{attachment_id}", self.attachment),
            Mount("/static", StaticFiles(directory=str(resource_path("web", "portal", "static"))), name="static"),
        ]
        app = Starlette(routes=routes, exception_handlers={404: self._not_found, 405: self._not_found})
        return SecurityHeadersMiddleware(CountRequests(app, self.health))

    # ------------------------------------------------------------------ plumbing

    def page_context(self, request) -> dict:
        return {"viewer": request.state.viewer if hasattr(request.state, "viewer") else None,
                "kind_labels": KIND_LABELS, "profile_labels": PROFILE_LABELS, "news_kinds": NEWS_KINDS,
                "may_see_history": policy.may_see_history}

    async def _read(self, fn, *args):
        def call():
            with self.database.session() as session:
                return fn(session, *args)
        return await anyio.to_thread.run_sync(call, limiter=self.readers)

    def _session(self, request) -> PortalSession | None:
        token = request.cookies.get(SESSION_COOKIE)
        found = self.sessions.get(token)
        if found is not None and self.clock() - found.started > self.config.session_max_seconds:
            self.sessions.discard(token)
            return None
        return found

    async def _viewer(self, request) -> Viewer | Response:
        """The logged-in account as the policy sees it now, or the redirect to the login page."""
        found = self._session(request)
        viewer = await self._read(reads.viewer_for, found.account_id) if found else None
        if viewer is None:
            if found is not None:               # deactivated or deleted since the login
                self.sessions.discard(request.cookies.get(SESSION_COOKIE))
            target = "/masuk?next=" + quote(request.url.path, safe="/")
            response = RedirectResponse(target, status_code=303)
            response.delete_cookie(SESSION_COOKIE, path="/")
            return response
        request.state.viewer = viewer
        return viewer

    def forbidden(self, request, exc: Forbidden) -> Response:
        self.health.count("forbidden")
        return self.message(request, T("Akses ditolak", "Access refused"), exc.text, 403, back="/beranda")

    def missing(self, request) -> Response:
        return self.message(request, T("Tidak ditemukan", "Not found"),
                            T("Data yang Anda cari tidak ada atau tidak lagi diterbitkan.",
                              "What you are looking for does not exist or is no longer published."), 404,
                            back="/beranda")

    async def _guarded(self, request, render):
        """Run `render(viewer)` for a logged-in account; Forbidden → 403, NotFound → 404."""
        viewer = await self._viewer(request)
        if isinstance(viewer, Response):
            return viewer
        try:
            return await render(viewer)
        except Forbidden as exc:
            return self.forbidden(request, exc)
        except reads.NotFound:
            return self.missing(request)

    # ------------------------------------------------------------------ login

    async def root(self, request) -> Response:
        return RedirectResponse("/beranda" if self._session(request) else "/masuk", status_code=303)

    async def login_page(self, request, errors=None, status: int = 200, username: str = "") -> Response:
        next_path = request.query_params.get("next", "/beranda")
        return self.page(request, "masuk.html", status, errors=errors or [], username=username,
                         next_path=next_path if next_path.startswith("/") and not next_path.startswith("//") else "/beranda")

    async def login_submit(self, request) -> Response:
        form = await self._read_checked_form(request)
        if isinstance(form, Response):
            return form
        client = self._client(request)
        for decision, kind in ((self.backoff.check(client), "failures"), (self.logins.hit(client), "logins")):
            if not decision.allowed:
                return self._rate_limited(request, decision.retry_after, kind, "/masuk")
        username = form.get("username").strip()[:64]

        def check():
            with self.database.session() as session:
                return stakeholders.authenticate(session, username, form.get("password")[:200])
        try:
            account_id = await anyio.to_thread.run_sync(check, limiter=self.login_workers)
        except UserError as exc:
            self.health.count("logins_failed")
            delay = self.backoff.failed(client)
            return await self.login_page(request, [exc.text, T(
                "Percobaan berikutnya dapat dilakukan setelah {s} detik.",
                "The next attempt is possible after {s} seconds.", s=int(delay))], 401, username)
        self.backoff.succeeded(client)
        self.health.count("logins_ok")
        self.sessions.discard(request.cookies.get(SESSION_COOKIE))        # a fresh token on every login
        token = self.sessions.put(PortalSession(account_id, username, self.clock()))
        next_path = form.get("next") or "/beranda"
        if not next_path.startswith("/") or next_path.startswith("//"):
            next_path = "/beranda"
        response = RedirectResponse(next_path, status_code=303)
        self._set_cookie(request, response, SESSION_COOKIE, token)
        return response

    async def logout(self, request) -> Response:
        form = await self._read_checked_form(request)
        if isinstance(form, Response):
            return form
        token = request.cookies.get(SESSION_COOKIE)
        found = self.sessions.get(token)
        self.sessions.discard(token)
        if found is not None:
            await self._read(stakeholders.record_logout, found.username, found.account_id)
        response = RedirectResponse("/masuk", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # ------------------------------------------------------------------ pages

    async def home(self, request) -> Response:
        async def render(viewer):
            def load(session):
                rows = [r for r in reads.calendar(session, viewer) if r.own]
                return rows[:5], reads.news(session, limit=3)
            own, latest = await self._read(load)
            return self.page(request, "beranda.html", own=own, latest=latest)
        return await self._guarded(request, render)

    async def calendar(self, request) -> Response:
        async def render(viewer):
            rows = await self._read(reads.calendar, viewer)
            return self.page(request, "kalender.html", rows=rows)
        return await self._guarded(request, render)

    async def event(self, request) -> Response:
        async def render(viewer):
            view = await self._read(reads.event_view, viewer, request.path_params["event_id"][:64])
            return self.page(request, "kegiatan.html", view=view)
        return await self._guarded(request, render)

    async def history(self, request) -> Response:
        async def render(viewer):
            rows = await self._read(reads.placement_history, viewer)
            return self.page(request, "riwayat.html", rows=rows)
        return await self._guarded(request, render)

    async def news_list(self, request) -> Response:
        async def render(viewer):
            kind = request.query_params.get("jenis")
            items = await self._read(reads.news, None, kind if kind in NEWS_KINDS else None)
            return self.page(request, "berita.html", items=items, kind=kind if kind in NEWS_KINDS else "")
        return await self._guarded(request, render)

    async def news_item(self, request) -> Response:
        async def render(viewer):
            item = await self._read(reads.news_item, request.path_params["post_id"][:64])
            return self.page(request, "berita_item.html", item=item)
        return await self._guarded(request, render)

    async def attachment(self, request) -> Response:
        async def render(viewer):
            filename, mime, data = await self._read(reads.news_attachment, request.path_params["post_id"][:64],
                                                    request.path_params["attachment_id"][:64])
            ascii_name = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in filename)
            return Response(data, media_type="application/octet-stream", headers={
                "content-disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"})
        return await self._guarded(request, render)


def create_app(database, health: Health | None = None, config: PortalSettings = PortalSettings(), **kwargs):
    return PortalApp(database, health, config, **kwargs).asgi()
