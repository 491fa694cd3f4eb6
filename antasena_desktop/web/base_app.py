"""What every app of the web stack shares: pages with a CSRF token, the checked form, refusal pages,
the rate-limit page, cookies (HttpOnly, SameSite=Strict, Secure over TLS), the request counter.

The WBS intake (`wbs_intake.IntakeApp`) and the stakeholder portal (`portal.PortalApp`) subclass it.
"""
from __future__ import annotations

from pathlib import Path

from starlette.responses import Response

from antasena_desktop.i18n import T, Text
from antasena_desktop.web.forms import FormLimits, FormTooLarge, ParsedForm, read_form
from antasena_desktop.web.health import Health
from antasena_desktop.web.ratelimit import ClientKeys
from antasena_desktop.web.security import CsrfTokens, same_origin
from antasena_desktop.web.templates import Pages, page_language


class WebApp:
    def __init__(self, templates: Path, health: Health | None, csrf_secret: bytes, form_limits: FormLimits):
        self.health = health or Health()
        self.pages = Pages(templates)
        self.csrf = CsrfTokens(csrf_secret)
        self.form_limits = form_limits
        self.client_keys = ClientKeys()

    def page_context(self, request) -> dict:
        """Extra values every page of this app gets."""
        return {}

    def _client(self, request) -> str:
        client = request.scope.get("client")
        return self.client_keys.key(client[0] if client else None)

    def _csrf_cookie(self, request) -> tuple[str, bool]:
        value = request.cookies.get(CsrfTokens.COOKIE)
        if value and 20 <= len(value) <= 200:
            return value, False
        return CsrfTokens.new_cookie_value(), True

    def page(self, request, name: str, status: int = 200, **context) -> Response:
        cookie, new = self._csrf_cookie(request)
        context.setdefault("errors", [])
        context.setdefault("notice", None)
        for key, value in self.page_context(request).items():
            context.setdefault(key, value)
        response = self.pages.response(request, name, status, csrf_token=self.csrf.token_for(cookie), **context)
        if new:
            self._set_cookie(request, response, CsrfTokens.COOKIE, cookie)
        return response

    @staticmethod
    def _set_cookie(request, response, name: str, value: str, max_age: int | None = None) -> None:
        response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")

    def message(self, request, heading: Text, message: Text, status: int, back: str = "/") -> Response:
        return self.page(request, "message.html", status, heading=heading, message=message, back=back)

    async def _read_checked_form(self, request) -> ParsedForm | Response:
        """The form, or the refusal page: wrong origin or CSRF token, broken limits."""
        try:
            form = await read_form(request, self.form_limits)
        except FormTooLarge as exc:
            self.health.count("uploads_refused")
            return self.message(request, T("Kiriman ditolak", "Submission refused"), exc.text, exc.status,
                                back=request.url.path)
        token_ok = self.csrf.is_valid(request.cookies.get(CsrfTokens.COOKIE), form.get(CsrfTokens.FIELD))
        if not token_ok or not same_origin(request.headers, request.headers.get("host")):
            self.health.count("csrf_refused")
            return self.message(request, T("Formulir kedaluwarsa", "The form has expired"),
                                T("Formulir ini tidak dapat diterima (token keamanan tidak cocok). Muat ulang halaman lalu kirim lagi.",
                                  "This form cannot be accepted (the security token does not match). Reload the page and send it again."),
                                403, back=request.url.path)
        return form

    def _rate_limited(self, request, retry_after: int, kind: str, back: str) -> Response:
        self.health.count(f"rate_limited_{kind}")
        response = self.message(request, T("Terlalu banyak percobaan", "Too many attempts"),
                                T("Terlalu banyak percobaan dari perangkat ini. Coba lagi dalam {s} detik.",
                                  "Too many attempts from this device. Try again in {s} seconds.", s=retry_after),
                                429, back=back)
        response.headers["retry-after"] = str(retry_after)
        return response

    async def _not_found(self, request, exc) -> Response:
        return self.message(request, T("Halaman tidak ada", "No such page"),
                            T("Halaman yang Anda cari tidak ada.", "The page you are looking for does not exist."),
                            getattr(exc, "status_code", 404))

    @staticmethod
    def language(request) -> str:
        return page_language(request)


class CountRequests:
    """ASGI wrapper counting every HTTP request in the health figures."""

    def __init__(self, app, health: Health):
        self.app, self.health = app, health

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            self.health.count("requests")
        await self.app(scope, receive, send)
