"""Bilingual text without catalogues drifting apart: Indonesian first, English second.

A `Text` carries both languages and named parameters; `str(text)` renders it in the
current language. Never concatenate UI text: put the variable parts in parameters.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any, Callable

LANGUAGES = ("id", "en")
_current = "id"
_listeners: list[Callable[[], Callable[[str], None] | None]] = []


def current_language() -> str:
    return _current


def set_language(code: str) -> None:
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    if code != _current:
        _current = code
        for ref in list(_listeners):
            listener = ref()
            if listener is None:
                _listeners.remove(ref)
            else:
                listener(code)


def on_language_change(listener: Callable[[str], None]) -> None:
    """Call `listener(code)` on every change. Bound methods are held weakly (their owner may go away)."""
    if hasattr(listener, "__self__") and hasattr(listener, "__func__"):
        _listeners.append(weakref.WeakMethod(listener))
    else:
        _listeners.append(lambda: listener)


@dataclass(frozen=True)
class Text:
    id: str
    en: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        template = self.en if (language or _current) == "en" else self.id
        params = {k: (v.render(language) if isinstance(v, Text) else v) for k, v in self.params.items()}
        return template.format(**params) if params else template

    def __str__(self) -> str:
        return self.render()

    def as_dict(self) -> dict[str, str]:
        return {"id": self.render("id"), "en": self.render("en")}


def T(id_text: str, en_text: str, **params: Any) -> Text:
    """A bilingual text: `T("Baris {row}: NRP kosong", "Row {row}: NRP is empty", row=3)`."""
    return Text(id_text, en_text, params)


class UserError(Exception):
    """An error meant for the operator, in both languages."""

    def __init__(self, text: Text):
        super().__init__(text.render("id"))
        self.text = text

    def __str__(self) -> str:
        return self.text.render()


def format_number(value: float | int, decimals: int = 0, language: str | None = None) -> str:
    """A number in the chosen language's style: 1.234,5 (id) or 1,234.5 (en)."""
    text = f"{value:,.{decimals}f}"
    if (language or current_language()) == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
