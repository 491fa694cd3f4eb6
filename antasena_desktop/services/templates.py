"""Event templates: default posts and requirement lines per event kind × kerawanan level.

The body is JSON::

    {"posts": [{"name": "Pos Utama", "type": "pos_pam", "offset_minutes_before": 60,
                "lines": [{"function": "dalmas", "count": 30, "min_rank": null, "gender": null,
                           "role_label": ""}, ...]}, ...]}

`function` null means "umum" (any function); `min_rank` is a rank code; `gender` "M"/"F"/null.
Defaults live in `resources/templates/event_templates.json` (seeded by migration 0003).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import EVENT_KIND_BY_CODE, POST_TYPE_BY_CODE
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.live import get_live
from antasena_desktop.resources import resource_path
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from db.models import Event, EventTemplate, Function, Post, PostRequirement, Rank

DEFAULTS_FILE = ("templates", "event_templates.json")
#: Posts of an applied template sit on a ring this far (metres) from the event point.
RING_METRES = 60.0
MAX_OFFSET_MINUTES = 24 * 60


@dataclass(frozen=True)
class TemplateRow:
    id: str
    kind: str
    kerawanan_level: int
    name: str
    posts: int
    people: int
    body: dict


def load_defaults(path=None) -> list[dict]:
    """The default templates: [{"kind", "kerawanan_level", "name", "body"}, ...]."""
    with open(path or resource_path(*DEFAULTS_FILE), encoding="utf-8") as handle:
        return json.load(handle)["templates"]


def _known(session: Session | None) -> tuple[set[str], set[str]]:
    if session is not None:
        functions = set(session.scalars(select(Function.code).where(Function.active.is_(True))))
        ranks = set(session.scalars(select(Rank.code)))
        if functions and ranks:
            return functions, ranks
    from antasena_desktop.domain.catalog import FUNCTIONS
    from antasena_desktop.domain.ranks import RANKS
    return {f.code for f in FUNCTIONS}, {r.code for r in RANKS}


def validate_body(body: Any, session: Session | None = None) -> dict:
    """Check and normalise a template body; errors name the post, the line and the field."""
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except json.JSONDecodeError as exc:
            raise UserError(T("Isi templat bukan JSON yang sah: {e}", "The template body is not valid JSON: {e}",
                              e=str(exc))) from exc
    if not isinstance(body, dict) or not isinstance(body.get("posts"), list):
        raise UserError(T("Isi templat harus memuat daftar 'posts'.", "The template body needs a 'posts' list."))
    if not body["posts"]:
        raise UserError(T("Templat harus memuat paling sedikit satu pos.", "A template needs at least one post."))
    functions, ranks = _known(session)
    posts = []
    for p_index, post in enumerate(body["posts"], start=1):
        if not isinstance(post, dict):
            raise UserError(T("Pos {p}: format tidak sah.", "Post {p}: invalid format.", p=p_index))
        name = str(post.get("name") or "").strip()
        where = T("Pos {p} ({n})", "Post {p} ({n})", p=p_index, n=name or "—")
        if not name:
            raise UserError(T("{w}: nama pos wajib diisi.", "{w}: the post name is required.", w=where))
        post_type = post.get("type") or "pos_pam"
        if post_type not in POST_TYPE_BY_CODE:
            raise UserError(T("{w}: jenis pos '{t}' tidak dikenal.", "{w}: unknown post type '{t}'.",
                              w=where, t=post_type))
        try:
            offset = int(post.get("offset_minutes_before") or 0)
        except (TypeError, ValueError):
            offset = -1
        if not 0 <= offset <= MAX_OFFSET_MINUTES:
            raise UserError(T("{w}: offset_minutes_before harus 0–{m} menit.",
                              "{w}: offset_minutes_before must be 0–{m} minutes.", w=where, m=MAX_OFFSET_MINUTES))
        lines = post.get("lines") or []
        if not isinstance(lines, list) or not lines:
            raise UserError(T("{w}: pos harus memuat paling sedikit satu baris kebutuhan.",
                              "{w}: a post needs at least one requirement line.", w=where))
        clean_lines = []
        for l_index, line in enumerate(lines, start=1):
            at = T("{w}, baris {l}", "{w}, line {l}", w=where, l=l_index)
            if not isinstance(line, dict):
                raise UserError(T("{a}: format tidak sah.", "{a}: invalid format.", a=at))
            function = line.get("function") or None
            if function is not None and function not in functions:
                raise UserError(T("{a}: fungsi '{f}' tidak ada dalam katalog.", "{a}: function '{f}' is not in the catalogue.",
                                  a=at, f=function))
            try:
                count = int(line.get("count"))
            except (TypeError, ValueError):
                count = 0
            if count < 1:
                raise UserError(T("{a}: jumlah (count) minimal 1.", "{a}: the count must be at least 1.", a=at))
            min_rank = line.get("min_rank") or None
            if min_rank is not None and min_rank not in ranks:
                raise UserError(T("{a}: pangkat minimal '{r}' tidak dikenal.", "{a}: minimum rank '{r}' is unknown.",
                                  a=at, r=min_rank))
            gender = line.get("gender") or None
            if gender not in (None, "M", "F"):
                raise UserError(T("{a}: jenis kelamin harus M, F atau kosong.", "{a}: gender must be M, F or empty.",
                                  a=at))
            clean_lines.append({"function": function, "count": count, "min_rank": min_rank, "gender": gender,
                                "role_label": str(line.get("role_label") or "").strip()})
        posts.append({"name": name, "type": post_type, "offset_minutes_before": offset, "lines": clean_lines})
    return {"posts": posts}


def _validate_values(session: Session, values: dict) -> dict:
    from antasena_desktop.services.settings import load as load_settings

    unknown = set(values) - {"kind", "kerawanan_level", "name", "body"}
    if unknown:
        raise UserError(T("Kolom tidak dikenal: {c}", "Unknown field: {c}", c=", ".join(sorted(unknown))))
    clean: dict = {}
    if "kind" in values:
        if values["kind"] not in EVENT_KIND_BY_CODE:
            raise UserError(T("Jenis kegiatan tidak dikenal: {k}", "Unknown event kind: {k}", k=values["kind"]))
        clean["kind"] = values["kind"]
    if "kerawanan_level" in values:
        levels = {int(k["level"]) for k in load_settings(session).kerawanan_scale}
        if int(values["kerawanan_level"]) not in levels:
            raise UserError(T("Tingkat kerawanan {k} tidak ada dalam skala pengaturan.",
                              "Kerawanan level {k} is not in the configured scale.", k=values["kerawanan_level"]))
        clean["kerawanan_level"] = int(values["kerawanan_level"])
    if "name" in values:
        if not str(values["name"] or "").strip():
            raise UserError(T("Nama templat wajib diisi.", "The template name is required."))
        clean["name"] = str(values["name"]).strip()
    if "body" in values:
        clean["body_json"] = json.dumps(validate_body(values["body"], session), ensure_ascii=False)
    return clean


def _row(template: EventTemplate) -> TemplateRow:
    body = json.loads(template.body_json)
    people = sum(line["count"] for post in body.get("posts", []) for line in post.get("lines", []))
    return TemplateRow(template.id, template.kind, template.kerawanan_level, template.name,
                       len(body.get("posts", [])), people, body)


def list_templates(session: Session, kind: str | None = None) -> list[TemplateRow]:
    query = select(EventTemplate).where(EventTemplate.deleted_at.is_(None)) \
        .order_by(EventTemplate.kind, EventTemplate.kerawanan_level, EventTemplate.name)
    if kind:
        query = query.where(EventTemplate.kind == kind)
    return [_row(t) for t in session.scalars(query)]


def find_template(session: Session, template_id: str) -> EventTemplate:
    return get_live(session, EventTemplate, template_id,
                    T("Templat {t} tidak ditemukan.", "Template {t} not found.", t=template_id))


def template_for(session: Session, kind: str, kerawanan_level: int) -> TemplateRow | None:
    """The template for a kind × level (the first by name when several exist)."""
    for row in list_templates(session, kind):
        if row.kerawanan_level == kerawanan_level:
            return row
    return None


def create_template(session: Session, actor: Actor, values: dict) -> Changes:
    """The new template's id is `changes.created("event_template")[0]`."""
    require(actor, Permission.EDIT_SETTINGS)
    clean = _validate_values(session, values)
    for key in ("kind", "kerawanan_level", "name", "body_json"):
        if key not in clean:
            raise UserError(T("Isian templat '{f}' wajib diisi.", "The template field '{f}' is required.",
                              f=key.replace("_json", "")))
    changes = Changes()
    audit.create(session, actor, EventTemplate(**clean), changes)
    return changes


def update_template(session: Session, actor: Actor, template_id: str, values: dict) -> Changes:
    require(actor, Permission.EDIT_SETTINGS)
    template = find_template(session, template_id)
    clean = _validate_values(session, values)
    changed = {k: v for k, v in clean.items() if getattr(template, k) != v}
    changes = Changes()
    if changed:
        audit.update(session, actor, template, changed, changes)
    return changes


def delete_template(session: Session, actor: Actor, template_id: str) -> Changes:
    require(actor, Permission.EDIT_SETTINGS)
    changes = Changes()
    audit.tombstone(session, actor, find_template(session, template_id), changes)
    return changes


def _ring(lat: float, lon: float, index: int, total: int, radius_m: float = RING_METRES) -> tuple[float, float]:
    """A point on a ring around (lat, lon): post `index` of `total`, evenly spaced, starting north."""
    angle = 2 * math.pi * index / max(total, 1)
    dlat = radius_m * math.cos(angle) / 111_320.0
    dlon = radius_m * math.sin(angle) / (111_320.0 * max(math.cos(math.radians(lat)), 0.01))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def apply_template(session: Session, actor: Actor, event_id: str, template_id: str) -> Changes:
    """Create the template's posts and requirement lines for an event (one audited change set).

    Posts go on a ring of `RING_METRES` around the event point (markers do not overlap, also with
    the event's existing posts); each runs from the event start minus its `offset_minutes_before`
    to the event end. A post name already used in the event gets a suffix " (2)", " (3)", ...
    """
    from antasena_desktop.services.events import find_event

    require(actor, Permission.PLAN)
    event: Event = find_event(session, event_id)
    template = find_template(session, template_id)
    if event.lat is None or event.lon is None:
        venue = event.venue
        if venue is None:
            raise UserError(T("Kegiatan {e} belum punya lokasi (tempat atau titik); pos tidak dapat ditempatkan.",
                              "Event {e} has no location (venue or point); posts cannot be placed.", e=event.number))
        lat, lon = venue.lat, venue.lon
    else:
        lat, lon = event.lat, event.lon
    body = validate_body(template.body_json, session)
    existing = list(session.scalars(select(Post).where(Post.event_id == event.id, Post.deleted_at.is_(None))))
    names = {p.name for p in existing}
    total = len(existing) + len(body["posts"])
    changes = Changes()
    for i, spec in enumerate(body["posts"]):
        name, n = spec["name"], 2
        while name in names:
            name, n = f"{spec['name']} ({n})", n + 1
        names.add(name)
        plat, plon = _ring(lat, lon, len(existing) + i, total)
        post = audit.create(session, actor, Post(
            event_id=event.id, name=name, type=spec["type"], lat=plat, lon=plon,
            start_at=event.start_at - timedelta(minutes=spec["offset_minutes_before"]), end_at=event.end_at,
            notes=str(T("Dari templat: {t}", "From template: {t}", t=template.name).render("id"))), changes,
            note=f"templat {template.name}")
        for position, line in enumerate(spec["lines"]):
            audit.create(session, actor, PostRequirement(
                post_id=post.id, position=position, function_code=line["function"], count=line["count"],
                min_rank_code=line["min_rank"], gender=line["gender"], role_label=line["role_label"]), changes,
                note=f"templat {template.name}")
    changes.note = str(T("Templat {t} diterapkan", "Template {t} applied", t=template.name))
    return changes
