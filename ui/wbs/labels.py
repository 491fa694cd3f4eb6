"""Display helpers over the core's WBS vocabulary (labels come from the core, never defined here)."""
from __future__ import annotations

from datetime import date, datetime

from antasena_desktop.i18n import current_language
from antasena_desktop.timefmt import format_date_id, format_datetime_wib


def role_label(role) -> str:
    from antasena_desktop.wbs import roles
    labels = getattr(roles, "ROLE_LABELS", {})
    return str(labels.get(role, getattr(role, "value", role)))


def can(actor, permission: str | tuple[str, ...]) -> bool:
    """Whether the actor's role holds `permission` (a WbsPermission value, or any of several): for
    showing entries only — the services check again on every call."""
    from antasena_desktop.wbs import roles
    wanted = (permission,) if isinstance(permission, str) else permission
    return any(actor.can(roles.WbsPermission(p)) for p in wanted)


def day_text(value: date | datetime | None) -> str:
    """`14 Februari 2024` (the house style for dates, in both languages); WIB for instants."""
    return "—" if value is None else format_date_id(value)


def moment_text(value: datetime | None) -> str:
    """`14 Februari 2024 08.00 WIB`."""
    return "—" if value is None else format_datetime_wib(value)


def number_text(value: float | int, decimals: int = 0) -> str:
    """Numbers in the chosen language's locale: 1.234,5 in Indonesian, 1,234.5 in English."""
    text = f"{value:,.{decimals}f}"
    if current_language() == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")

