"""Store imported boundaries and map layers (audited, one transaction)."""
from __future__ import annotations


from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.geo.importing import ImportReport, import_boundaries
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor, Permission, require
from db.models import GeoLayer, Kecamatan, Kelurahan, utcnow

LEVEL_MODEL = {"kecamatan": Kecamatan, "kelurahan": Kelurahan}


def known_names(session: Session, level: str) -> dict[str, str]:
    if level == "kota":
        return {"16.71": "Kota Palembang"}
    model = LEVEL_MODEL[level]
    return dict(session.execute(select(model.code, model.name)).all())


def import_boundary_file(session: Session, actor: Actor, path: str, level: str, dry_run: bool = False) -> ImportReport:
    """Validate and match a GeoJSON file; unless it fails or is a dry run, store the matched geometries."""
    require(actor, Permission.EDIT_SETTINGS)
    if level not in ("kecamatan", "kelurahan", "kota"):
        raise UserError(T("Tingkat harus kecamatan, kelurahan atau kota.", "Level must be kecamatan, kelurahan or kota."))
    report = import_boundaries(path, level, known_names(session, level))
    if not report.ok or dry_run:
        return report
    changes = Changes()
    if level == "kota":
        geometry = next(iter(report.geometries.values()))
        row = session.get(GeoLayer, "kota") or GeoLayer(key="kota", geojson="{}")
        row.geojson, row.source, row.imported_at = geometry, "impor", utcnow()
        session.add(row)
        changes.add(Change("geo_layer", "kota", "update"))
    else:
        model = LEVEL_MODEL[level]
        for code, geometry in report.geometries.items():
            obj = session.get(model, code)
            obj.geometry_geojson, obj.geometry_source = geometry, "impor"
            changes.add(Change(model.__tablename__, code, "update"))
    audit.record(session, actor, "import", f"batas_{level}", note=f"{path}: {len(report.matched)} cocok")
    changes.note = str(report.summary())
    report.changes = changes
    return report
