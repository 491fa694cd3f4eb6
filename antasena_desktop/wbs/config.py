"""Changing the WBS configuration (Penanggung jawab, Inspektur): routing table, stage labels and
clocks, categories, retention, criteria, deadlines, letterhead. Validated, audited by key."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.wbs import audit, settings
from antasena_desktop.wbs.roles import WILAYAH, WbsActor, WbsPermission, require
from antasena_desktop.wbs.workflow import ALL_OUTCOMES, DEFAULT_STAGES

EDITABLE = ("routing", "default_wilayah", "stages", "categories", "retention_days", "criteria", "ack_working_days",
            "feedback_months", "extra_holidays", "attachment_max_bytes", "attachment_max_count",
            "inspektorat_lines", "inspektur_name", "inspektur_nip")


def _bad(key: str, why: str) -> UserError:
    return UserError(T("Pengaturan {k} tidak sah: {w}.", "Invalid setting {k}: {w}.", k=key, w=why))


def _labelled_list(key: str, value: Any) -> None:
    if not isinstance(value, list) or not value:
        raise _bad(key, "daftar kosong")
    codes = []
    for item in value:
        if not isinstance(item, dict) or not all(str(item.get(f) or "").strip() for f in ("code", "id", "en")):
            raise _bad(key, "setiap butir perlu code, id, en")
        codes.append(item["code"])
    if len(set(codes)) != len(codes):
        raise _bad(key, "kode ganda")


def _positive_int(key: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise _bad(key, "harus bilangan bulat positif")


def _routing(key: str, value: Any) -> None:
    if not isinstance(value, dict):
        raise _bad(key, "harus tabel perangkat daerah → wilayah")
    wrong = sorted(a for a, w in value.items() if w not in WILAYAH or not str(a).strip())
    if wrong:
        raise _bad(key, "wilayah tidak dikenal untuk " + ", ".join(wrong))


def _stages(key: str, value: Any) -> None:
    codes = {s.code for s in DEFAULT_STAGES}
    if not isinstance(value, dict) or set(value) - codes:
        raise _bad(key, "tahap tidak dikenal: " + ", ".join(sorted(set(value or {}) - codes)))
    for code, override in value.items():
        days = (override or {}).get("days")
        if days is not None and (not isinstance(days, int) or days <= 0):
            raise _bad(key, f"hari kerja tahap {code} harus positif")


def _retention(key: str, value: Any) -> None:
    if not isinstance(value, dict) or set(value) - set(ALL_OUTCOMES):
        raise _bad(key, "hasil akhir tidak dikenal")
    for outcome, days in value.items():
        _positive_int(f"{key}.{outcome}", days)


def _dates(key: str, value: Any) -> None:
    try:
        [date.fromisoformat(v) for v in value]
    except (TypeError, ValueError):
        raise _bad(key, "harus daftar tanggal YYYY-MM-DD") from None


def _text_list(key: str, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _bad(key, "harus daftar teks")


def _text(key: str, value: Any) -> None:
    if not isinstance(value, str):
        raise _bad(key, "harus teks")


def _wilayah(key: str, value: Any) -> None:
    if value not in WILAYAH:
        raise _bad(key, "pilihan: " + ", ".join(WILAYAH))


VALIDATORS: dict[str, Callable[[str, Any], None]] = {
    "routing": _routing, "default_wilayah": _wilayah, "stages": _stages, "categories": _labelled_list,
    "retention_days": _retention, "criteria": _labelled_list, "ack_working_days": _positive_int,
    "feedback_months": _positive_int, "extra_holidays": _dates, "attachment_max_bytes": _positive_int,
    "attachment_max_count": _positive_int, "inspektorat_lines": _text_list, "inspektur_name": _text,
    "inspektur_nip": _text,
}


def get_config(session: Session, actor: WbsActor) -> dict[str, Any]:
    require(actor, WbsPermission.CONFIGURE, session)
    return {key: settings.get(session, key) for key in EDITABLE}


def set_config(session: Session, actor: WbsActor, key: str, value: Any) -> None:
    """Replace one setting after validation; audited with its key (values are configuration, not content)."""
    require(actor, WbsPermission.CONFIGURE, session)
    if key not in VALIDATORS:
        raise UserError(T("Pengaturan {k} tidak dikenal; pilihan: {c}.", "Unknown setting {k}; choices: {c}.",
                          k=key, c=", ".join(EDITABLE)))
    VALIDATORS[key](key, value)
    settings.put(session, key, value, actor.username)
    audit.record(session, actor, "ubah_pengaturan", entity="wbs_setting", entity_id=key)
