"""Unit names as rosters write them, against the units the app really has (the demo's Polrestabes units,
Polsek named after their kecamatan, no hand-made aliases for the Polsek)."""
from __future__ import annotations

import random

import pytest
from importing_helpers import write_roster
from sqlalchemy import select

from antasena_desktop.demo.people import build_units
from antasena_desktop.domain.unit_names import UnitMatcher, name_variants, unit_key
from antasena_desktop.geo.reference import load_polsek
from antasena_desktop.importing.personnel_import import apply_import, plan_import
from antasena_desktop.services.security import Actor, Role
from db.database import open_database
from db.models import Personnel, Unit

UNITS = build_units(random.Random(7), load_polsek())
BY_CODE = {u.code: u.id for u in UNITS}
MATCHER = UnitMatcher(UNITS)


@pytest.mark.parametrize("text,code", [
    ("Sat Sabhara", "SATSAMAPTA"), ("SAT SABHARA POLRESTABES PALEMBANG", "SATSAMAPTA"), ("Sabhara", "SATSAMAPTA"),
    ("Satuan Samapta", "SATSAMAPTA"), ("SAMAPTA", "SATSAMAPTA"), ("Sat. Samapta Polrestabes Plg", "SATSAMAPTA"),
    ("Satlantas", "SATLANTAS"), ("Lantas", "SATLANTAS"), ("Sat Lalu Lintas", "SATLANTAS"),
    ("Sat Intel", "SATINTELKAM"), ("Sat Serse", "SATRESKRIM"), ("Sat Narkoba", "SATRESNARKOBA"),
    ("Sat Polairud", "SATPOLAIR"), ("Sat Bimmas", "SATBINMAS"), ("Sie Propam", "SIPROPAM"), ("Bag Ops", "BAGOPS"),
    ("Polsek IB I", "POLSEK-167104"), ("POLSEK I.B. I", "POLSEK-167104"), ("Polsek IB 2", "POLSEK-167101"),
    ("Polsek Ilir Barat I", "POLSEK-167104"), ("Ilir Barat I", "POLSEK-167104"),
    ("Polsek IT I", "POLSEK-167105"), ("Polsek IT III", "POLSEK-167118"), ("Polsek SU I", "POLSEK-167102"),
    ("Polsek SU II", "POLSEK-167103"), ("Polsek AAL", "POLSEK-167115"), ("Polsek SB", "POLSEK-167116"),
    ("Polsek Sematang Borang", "POLSEK-167116"), ("Polsekta Kemuning", "POLSEK-167109"), ("Kemuning", "POLSEK-167109"),
    ("Polsek Alang-Alang Lebar", "POLSEK-167115"), ("Polsek Bukit Kecil", "POLSEK-167111"),
    ("Polrestabes", "POLRESTABES"), ("polrestabes palembang", "POLRESTABES"),
])
def test_real_spellings_match(text, code):
    unit_id, ambiguous = MATCHER.match(text)
    assert not ambiguous and unit_id == BY_CODE[code], (text, name_variants(text))


@pytest.mark.parametrize("text", ["Polsek Antah", "Sat Sulap", "Polsek IT", "Polsek IB"])
def test_unknown_or_incomplete_names_do_not_match(text):
    assert MATCHER.match(text) == (None, False) or MATCHER.match(text)[1]


def test_ambiguous_text_is_never_guessed():
    class U:
        def __init__(self, uid, name):
            self.id, self.code, self.name, self.short_name, self.alias = uid, uid, name, name, ""
    matcher = UnitMatcher([U("a", "Sat Samapta"), U("b", "Unit Samapta")])
    assert matcher.match("Samapta") == (None, True)
    assert matcher.match("Sat Samapta") == ("a", False)         # the exact name still wins
    assert unit_key("Polsek I.B. I") == "POLSEK IB 1"


def test_import_accepts_what_docs_import_md_promises(tmp_path):
    db = open_database(f"sqlite:///{tmp_path}/u.db")
    with db.session() as s:
        for u in UNITS:
            s.add(Unit(id=u.id, code=u.code, name=u.name, short_name=u.short_name, alias=u.alias, kind=u.kind,
                       operational=u.operational))
    rows = [["BUDI SANTOSO", "BRIPKA", "84031122", "BA", "Sat Sabhara", "L", "samapta", ""],
            ["RUDI HARTONO", "AIPTU", "79020345", "KANIT", "Polsek IB I", "L", "", ""],
            ["ANDI SAPUTRA", "BRIPKA", "88110456", "BA", "POLSEK SU II", "L", "", ""],
            ["DEWI LESTARI", "BRIPTU", "97060789", "BA", "Sat. Lantas Polrestabes Palembang", "P", "lantas", ""]]
    path = write_roster(tmp_path / "roster.xlsx", rows)
    with db.session() as s:
        report = apply_import(plan_import(s, Actor("admin", Role.ADMIN), path)).report
    assert report["errors"] == [] and report["created"] == 4
    with db.session() as s:
        units = {p.nrp: p.unit.code for p in s.scalars(select(Personnel))}
    assert units == {"84031122": "SATSAMAPTA", "79020345": "POLSEK-167104", "88110456": "POLSEK-167103",
                     "97060789": "SATLANTAS"}
    db.close()
