"""Berita and knowledge posts for the portal: write, schedule, withdraw — audited and undoable.

A post is shown on the portal from `publish_at` (now, or a scheduled time) until it is withdrawn.
Withdrawing sets `withdrawn_at` (undo puts it back to none); attachments live in the database with
their SHA-256 (the PKS package lists them), at most MAX_ATTACHMENT_BYTES each.
"""
from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.live import get_live
from antasena_desktop.services.server_data import refuse_on_replica
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.timefmt import now_utc
from db.models import NewsAttachment, NewsPost

KINDS: dict[str, Text] = {"berita": T("Berita", "News"), "pengetahuan": T("Berbagi pengetahuan", "Knowledge sharing")}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_TITLE = 200
MAX_BODY = 20_000
EDITABLE = ("kind", "title", "body", "publish_at")


@dataclass(frozen=True)
class PostRow:
    id: str
    kind: str
    title: str
    body: str
    publish_at: datetime
    withdrawn_at: datetime | None
    author: str
    attachments: tuple[str, ...]

    def state(self, now: datetime | None = None) -> Text:
        if self.withdrawn_at is not None:
            return T("Ditarik", "Withdrawn")
        if self.publish_at > (now or now_utc()):
            return T("Terjadwal", "Scheduled")
        return T("Terbit", "Published")


def _checked(values: dict) -> dict:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise UserError(T("Kolom tidak dikenal: {c}", "Unknown field: {c}", c=", ".join(sorted(unknown))))
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if "kind" in values and values["kind"] not in KINDS:
        raise UserError(T("Jenis tulisan tidak dikenal: {k}", "Unknown kind of post: {k}", k=values["kind"]))
    if "title" in values and not values["title"]:
        raise UserError(T("Judul tulisan wajib diisi.", "The post needs a title."))
    if len(values.get("title") or "") > MAX_TITLE:
        raise UserError(T("Judul paling banyak {n} karakter.", "The title may have at most {n} characters.", n=MAX_TITLE))
    if len(values.get("body") or "") > MAX_BODY:
        raise UserError(T("Isi tulisan paling banyak {n} karakter.", "The text may have at most {n} characters.", n=MAX_BODY))
    if "publish_at" in values:
        when = values["publish_at"]
        if not isinstance(when, datetime) or when.tzinfo is None:
            raise UserError(T("Waktu terbit harus tanggal dan jam dengan zona waktu (WIB).",
                              "The publication time must be a date and time with a time zone (WIB)."))
    return values


def _attachment(post_id: str, filename: str, data: bytes) -> NewsAttachment:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        raise UserError(T("Lampiran tanpa nama berkas.", "An attachment has no file name."))
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise UserError(T("Lampiran {f} melebihi {n} MB.", "The attachment {f} is larger than {n} MB.",
                          f=name, n=MAX_ATTACHMENT_BYTES // (1024 * 1024)))
    if not data:
        raise UserError(T("Lampiran {f} kosong.", "The attachment {f} is empty.", f=name))
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return NewsAttachment(post_id=post_id, filename=name[:160], mime=mime, size=len(data),
                          sha256=hashlib.sha256(data).hexdigest(), data=data)


def create_post(session: Session, actor: Actor, values: dict,
                attachments: list[tuple[str, bytes]] | tuple = ()) -> Changes:
    """Write a post (published at `publish_at`, default now). Its id: `changes.created("news_post")[0]`."""
    require(actor, Permission.PUBLISH_NEWS)
    refuse_on_replica(session)
    values = _checked({"kind": "berita", "body": "", **values})
    if "title" not in values:
        _checked({"title": ""})
    values.setdefault("publish_at", now_utc())
    changes = Changes()
    post = audit.create(session, actor, NewsPost(author=actor.username, **values), changes)
    if attachments:
        audit.create_many(session, actor, [_attachment(post.id, name, data) for name, data in attachments], changes)
    return changes


def find_post(session: Session, post_id: str) -> NewsPost:
    return get_live(session, NewsPost, post_id, T("Tulisan {p} tidak ditemukan.", "Post {p} not found.", p=post_id))


def update_post(session: Session, actor: Actor, post_id: str, values: dict,
                attachments: list[tuple[str, bytes]] | tuple = ()) -> Changes:
    """Edit or reschedule a post (and add attachments)."""
    require(actor, Permission.PUBLISH_NEWS)
    refuse_on_replica(session)
    post = find_post(session, post_id)
    values = _checked(values)
    changes = Changes()
    changed = {k: v for k, v in values.items() if getattr(post, k) != v}
    if changed:
        audit.update(session, actor, post, changed, changes)
    if attachments:
        audit.create_many(session, actor, [_attachment(post.id, name, data) for name, data in attachments], changes)
    return changes


def schedule_post(session: Session, actor: Actor, post_id: str, publish_at: datetime) -> Changes:
    return update_post(session, actor, post_id, {"publish_at": publish_at})


def withdraw_post(session: Session, actor: Actor, post_id: str) -> Changes:
    """Take a post off the portal (it stays on the desk, marked withdrawn)."""
    require(actor, Permission.PUBLISH_NEWS)
    refuse_on_replica(session)
    post = find_post(session, post_id)
    if post.withdrawn_at is not None:
        raise UserError(T("Tulisan ini sudah ditarik.", "This post has already been withdrawn."))
    changes = Changes()
    audit.update(session, actor, post, {"withdrawn_at": now_utc()}, changes, note="ditarik dari portal")
    return changes


def remove_attachment(session: Session, actor: Actor, attachment_id: str) -> Changes:
    require(actor, Permission.PUBLISH_NEWS)
    refuse_on_replica(session)
    row = get_live(session, NewsAttachment, attachment_id,
                   T("Lampiran {a} tidak ditemukan.", "Attachment {a} not found.", a=attachment_id))
    changes = Changes()
    audit.tombstone(session, actor, row, changes)
    return changes


def list_posts(session: Session, actor: Actor) -> list[PostRow]:
    """Every post for the desk (published, scheduled, withdrawn), newest first."""
    require(actor, Permission.VIEW)
    posts = session.scalars(select(NewsPost).where(NewsPost.deleted_at.is_(None))
                            .order_by(NewsPost.publish_at.desc())).all()
    return [PostRow(p.id, p.kind, p.title, p.body, p.publish_at, p.withdrawn_at, p.author,
                    tuple(a.filename for a in p.attachments if a.deleted_at is None)) for p in posts]
