"""A real SQLite file per test, with a small gazetteer and helpers to build event values."""
from __future__ import annotations

from datetime import timedelta

import pytest

from antasena_desktop.services.security import Actor, Role
from antasena_desktop.timefmt import wib
from db.models import Venue

OPS = Actor("operator", Role.OPERATOR_OPS)
VIEWER = Actor("peninjau", Role.VIEWER)
START = wib(2026, 3, 10, 8)




@pytest.fixture
def venues(db):
    with db.session() as s:
        a = Venue(name="Kantor DPRD Sumsel", kind="gedung", address="Jl. POM IX", lat=-2.9795, lon=104.7395)
        b = Venue(name="Stadion Gelora Sriwijaya", kind="stadion", address="Jakabaring", lat=-3.0169, lon=104.7886)
        s.add_all([a, b])
        s.flush()
        return {"dprd": a.id, "stadion": b.id}


def event_values(**overrides):
    values = {"title": "Aksi Unjuk Rasa Mahasiswa di DPRD Sumsel", "kind": "unjuk_rasa", "scale": "lokal",
              "organiser": "BEM Universitas Sriwijaya", "lat": -2.9795, "lon": 104.7395,
              "start_at": START, "end_at": START + timedelta(hours=6), "expected_crowd": 500,
              "kerawanan_level": 2}
    values.update(overrides)
    return values
