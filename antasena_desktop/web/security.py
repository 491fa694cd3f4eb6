"""Strict response headers and CSRF tokens, for any app of the web stack."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Iterable

# No inline script or style anywhere; nothing loaded from another origin; never framed.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("cache-control", "no-store"),
    ("pragma", "no-cache"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("x-robots-tag", "noindex, nofollow"),
)
# No Strict-Transport-Security: with a self-signed certificate HSTS would forbid the browser's
# "accept this certificate" step, and a later switch to plain HTTP on a trusted segment would break.


class SecurityHeadersMiddleware:
    """Pure ASGI middleware: every HTTP response gets SECURITY_HEADERS (replacing any same-named)."""

    def __init__(self, app, headers: Iterable[tuple[str, str]] = SECURITY_HEADERS):
        self.app = app
        self.headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
        self._names = {k for k, _ in self.headers}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self._names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CsrfTokens:
    """Double-submit tokens bound to a random per-browser cookie and signed with a server secret.

    The cookie holds a random value; each form carries HMAC(secret, purpose, cookie). A forged
    cross-site post has neither the cookie (SameSite=Strict) nor a token matching it.
    """

    COOKIE = "csrf"
    FIELD = "csrf_token"

    def __init__(self, secret: bytes):
        if len(secret) < 32:
            raise ValueError("CSRF secret must be at least 32 bytes")
        self._secret = secret

    @staticmethod
    def new_cookie_value() -> str:
        return secrets.token_urlsafe(32)

    def token_for(self, cookie_value: str, purpose: str = "form") -> str:
        mac = hmac.new(self._secret, f"{purpose}\x00{cookie_value}".encode(), hashlib.sha256)
        return mac.hexdigest()

    def is_valid(self, cookie_value: str | None, token: str | None, purpose: str = "form") -> bool:
        if not cookie_value or not token or len(cookie_value) > 200 or len(token) > 200:
            return False
        return hmac.compare_digest(self.token_for(cookie_value, purpose), token)


def same_origin(headers, host_header: str | None) -> bool:
    """False when the browser says the request comes from another site.

    `Sec-Fetch-Site` (sent by current browsers) must be same-origin or none (typed by the user);
    an `Origin` naming another host is refused. `Origin: null` is accepted: with
    `Referrer-Policy: no-referrer` browsers send exactly that on our own form posts. The CSRF
    token stays the real check; this only refuses what is plainly cross-site.
    """
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return True
    if not host_header:
        return False
    netloc = origin.split("://", 1)[-1].rstrip("/")
    return netloc.lower() == host_header.lower()
