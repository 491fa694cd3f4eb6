"""Jinja2 pages in two languages: `{{ t("Indonesia", "English") }}` picks the page's language.

Autoescaping is on for every template; bilingual `Text` objects render in the page's language.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup
from starlette.responses import HTMLResponse

from antasena_desktop.i18n import LANGUAGES, Text, format_number
from antasena_desktop.timefmt import MONTHS_EN, format_date_id, format_time_wib, to_wib

LANG_COOKIE = "lang"


def page_language(request) -> str:
    """`?lang=en|id` wins, then the cookie, then Indonesian."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "id"
    return asked if asked in LANGUAGES else "id"


@pass_context
def _t(context, id_text: str, en_text: str, **params) -> str:
    language = context.get("lang", "id")
    template = en_text if language == "en" else id_text
    return template.format(**params) if params else template


@pass_context
def _render(context, value) -> str:
    if isinstance(value, Text):
        return value.render(context.get("lang", "id"))
    return "" if value is None else str(value)


def _date_en(value) -> str:
    if isinstance(value, datetime):
        value = to_wib(value).date()
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


@pass_context
def _date(context, value) -> str:
    if value is None:
        return ""
    return _date_en(value) if context.get("lang") == "en" else format_date_id(value)


@pass_context
def _number(context, value, decimals: int = 0) -> str:
    return format_number(value or 0, decimals, context.get("lang", "id"))


def _multiline(value: str) -> Markup:
    """Escaped text with line breaks kept (no HTML from the writer ever passes)."""
    from markupsafe import escape

    return Markup("<br>").join(escape(line) for line in str(value).splitlines())


class Pages:
    def __init__(self, folder: Path):
        self.env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(default=True),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(t=_t, tr=_render)
        self.env.filters.update(date=_date, time_wib=format_time_wib, multiline=_multiline, number=_number)

    def response(self, request, name: str, status: int = 200, **context) -> HTMLResponse:
        language = page_language(request)
        html = self.env.get_template(name).render(lang=language, path=request.url.path, **context)
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie(LANG_COOKIE, language, max_age=365 * 86400, httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")
        return response
