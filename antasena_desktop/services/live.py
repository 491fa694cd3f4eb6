"""Fetch a live row or refuse in words: the one check every use case makes before touching a row."""
from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, Text, UserError

M = TypeVar("M")


def get_live(session: Session, model: type[M], ident: Any, missing: Text | None = None, *, by: Any = None,
             key: Any = None) -> M:
    """The row of `model` with primary key `ident` (or, when `by` is a column, the row whose `by` equals
    `key`, default `ident`) that is not tombstoned; else `UserError(missing)` — by default
    "… {id} tidak ditemukan."."""
    row = session.get(model, ident) if ident else None
    if row is None and by is not None and (key or ident):
        row = session.scalar(select(model).where(by == (key or ident)))
    if row is None or getattr(row, "deleted_at", None) is not None:
        raise UserError(missing or T("Data {e} {i} tidak ditemukan.", "Record {e} {i} not found.",
                                     e=getattr(model, "__tablename__", model.__name__), i=ident))
    return row
