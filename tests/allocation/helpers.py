"""Tiny hand-made instances for allocation tests."""
from __future__ import annotations

import copy

BASE = {
    "format": "antasena-allocation/1",
    "name": "tiny",
    "rules": {"rest_minutes": 480, "max_minutes_per_24h": 720},
    "weights": {"unfilled": 1000.0, "distance_km": 1.0, "recent_hours": 0.5, "person_used": 0.0},
    "personnel": [
        {"id": "A", "unit": "SAT SAMAPTA", "rank": 8, "functions": ["samapta", "dalmas"], "gender": "M",
         "home": [-2.9845, 104.744], "recent_hours": 10.0, "unavailable": []},
        {"id": "B", "unit": "SAT LANTAS", "rank": 14, "functions": ["lantas", "samapta"], "gender": "M",
         "home": [-2.979, 104.756], "recent_hours": 0.0, "unavailable": []},
        {"id": "C", "unit": "POLSEK PLAJU", "rank": 9, "functions": ["samapta", "polwan"], "gender": "F",
         "home": [-3.0, 104.82], "recent_hours": 4.0,
         "unavailable": [["2024-02-14T00:00:00+07:00", "2024-02-14T06:00:00+07:00"]]},
    ],
    "slots": [
        {"id": "S1", "post": "P1", "function": "samapta", "min_rank": 0, "gender": None,
         "start": "2024-02-14T06:00:00+07:00", "end": "2024-02-14T12:00:00+07:00",
         "location": [-2.976, 104.775], "priority": 3},
        {"id": "S2", "post": "P1", "function": "samapta", "min_rank": 13, "gender": None,
         "start": "2024-02-14T06:00:00+07:00", "end": "2024-02-14T12:00:00+07:00",
         "location": [-2.976, 104.775], "priority": 5},
        {"id": "S3", "post": "P2", "function": "polwan", "min_rank": 0, "gender": "F",
         "start": "2024-02-14T06:00:00+07:00", "end": "2024-02-14T10:00:00+07:00",
         "location": [-3.01, 104.77], "priority": 1},
        {"id": "S4", "post": "P2", "function": None, "min_rank": 0, "gender": None,
         "start": "2024-02-14T20:00:00+07:00", "end": "2024-02-15T02:00:00+07:00",
         "location": [-3.01, 104.77], "priority": 1},
    ],
    "pins": [],
}


def tiny(**changes) -> dict:
    doc = copy.deepcopy(BASE)
    doc.update(changes)
    return doc


def result(pairs, objective=None) -> dict:
    return {"format": "antasena-allocation-result/1", "instance": "tiny",
            "assignments": [{"slot": s, "person": p} for s, p in pairs], "unfilled": [],
            "objective": objective}
