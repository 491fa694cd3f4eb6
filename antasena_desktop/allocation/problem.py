"""Parse and validate an `antasena-allocation/1` instance into fast internal structures.

Times become integer minutes since the Unix epoch (UTC), so instants compare correctly whatever
their offsets. Start instants are rounded down and end instants up to the minute, so a
sub-minute time can only make the engine more careful, never less.

Static eligibility (hard rules 2-5) is computed per *slot group*: slots with the same function,
minimum rank, gender, interval and location share one candidate list, sorted by the
per-assignment cost (distance + recent hours). Lists are computed lazily with numpy.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from antasena_desktop.i18n import T, UserError

FORMAT = "antasena-allocation/1"
RESULT_FORMAT = "antasena-allocation-result/1"
EARTH_RADIUS_KM = 6371.0088
ANY_FUNCTIONS = (None, "", "umum")
DAY = 1440


class InstanceError(UserError):
    """The instance document is malformed; the message names the offending field."""

    def __init__(self, field_name: str, id_text: str, en_text: str, **params: Any):
        super().__init__(T("{field}: " + id_text, "{field}: " + en_text, field=field_name, **params))
        self.field = field_name


@dataclass(slots=True)
class Person:
    idx: int
    id: str
    unit: str
    rank: int
    functions: frozenset
    gender: str
    lat: float
    lon: float
    recent_hours: float
    unavailable: tuple  # ((start, end), ...) minutes, sorted


@dataclass(slots=True)
class Slot:
    idx: int
    id: str
    post: str
    function: str | None  # None = anyone
    min_rank: int
    gender: str | None
    start: int
    end: int
    lat: float
    lon: float
    priority: float
    group: int = -1


@dataclass
class Weights:
    unfilled: float = 1000.0
    distance_km: float = 1.0
    recent_hours: float = 0.5
    person_used: float = 0.0


@dataclass
class Group:
    """Slots that are statically identical (same requirement, interval and location)."""

    idx: int
    function: str | None
    min_rank: int
    gender: str | None
    start: int
    end: int
    lat: float
    lon: float
    slots: list = field(default_factory=list)
    persons: np.ndarray | None = None  # eligible persons sorted by cost
    costs: np.ndarray | None = None
    member: set | None = None


def parse_time(value: Any, field_name: str, round_up: bool = False) -> int:
    """ISO-8601 with offset -> integer minutes since the Unix epoch."""
    if not isinstance(value, str):
        raise InstanceError(field_name, "waktu harus berupa teks ISO-8601", "time must be an ISO-8601 string")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InstanceError(field_name, "waktu tidak valid: {value}", "invalid time: {value}", value=value) from None
    if moment.tzinfo is None:
        raise InstanceError(field_name, "waktu tanpa zona waktu (offset): {value}",
                            "time has no UTC offset: {value}", value=value)
    seconds = moment.timestamp()
    return int(math.ceil(seconds / 60.0)) if round_up else int(math.floor(seconds / 60.0))


def format_minutes(minutes: int, offset_minutes: int = 420) -> str:
    """Minutes since epoch -> `HH:MM` in the given offset (WIB by default)."""
    total = (minutes + offset_minutes) % DAY
    return f"{total // 60:02d}:{total % 60:02d}"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _haversine_vec(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    p1, p2 = np.radians(lat), math.radians(lat0)
    dp, dl = p2 - p1, math.radians(lon0) - np.radians(lon)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def _num(obj: dict, key: str, where: str, default: Any = None, minimum: float | None = None) -> float:
    value = obj.get(key, default)
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InstanceError(f"{where}.{key}", "harus berupa angka", "must be a number")
    if minimum is not None and value < minimum:
        raise InstanceError(f"{where}.{key}", "harus ≥ {minimum}", "must be ≥ {minimum}", minimum=minimum)
    return value


def _point(obj: dict, key: str, where: str) -> tuple[float, float]:
    value = obj.get(key)
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        raise InstanceError(f"{where}.{key}", "harus [lintang, bujur]", "must be [lat, lon]")
    lat, lon = float(value[0]), float(value[1])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InstanceError(f"{where}.{key}", "koordinat di luar jangkauan", "coordinates out of range")
    return lat, lon


def _gender(value: Any, field_name: str, allow_none: bool) -> str | None:
    if value is None and allow_none:
        return None
    if value not in ("M", "F"):
        raise InstanceError(field_name, "harus \"M\" atau \"F\"", "must be \"M\" or \"F\"")
    return value


def _unique_id(raw: dict, where: str, seen: dict) -> str:
    """The record's `id` as text: present, not a bool, not already used."""
    value = raw.get("id")
    if not isinstance(value, (str, int)) or isinstance(value, bool) or str(value) == "":
        raise InstanceError(f"{where}.id", "id kosong atau tidak valid", "missing or invalid id")
    value = str(value)
    if value in seen:
        raise InstanceError(f"{where}.id", "id ganda: {id}", "duplicate id: {id}", id=value)
    return value


class Problem:
    """A validated instance with indexes for the engine, checker, explanations and suggestions."""

    def __init__(self, doc: dict):
        if not isinstance(doc, dict):
            raise InstanceError("instance", "dokumen harus berupa objek JSON", "document must be a JSON object")
        if doc.get("format") != FORMAT:
            raise InstanceError("format", "harus \"{expected}\"", "must be \"{expected}\"", expected=FORMAT)
        self.doc = doc
        self.name = str(doc.get("name", ""))
        rules = doc.get("rules") or {}
        if not isinstance(rules, dict):
            raise InstanceError("rules", "harus berupa objek", "must be an object")
        self.rest = int(_num(rules, "rest_minutes", "rules", 0, minimum=0))
        self.max24 = int(_num(rules, "max_minutes_per_24h", "rules", DAY, minimum=0))
        w = doc.get("weights") or {}
        if not isinstance(w, dict):
            raise InstanceError("weights", "harus berupa objek", "must be an object")
        defaults = Weights()
        self.weights = Weights(**{k: float(_num(w, k, "weights", getattr(defaults, k), minimum=0))
                                  for k in ("unfilled", "distance_km", "recent_hours", "person_used")})
        self.persons: list[Person] = []
        self.person_index: dict[str, int] = {}
        people = doc.get("personnel")
        if not isinstance(people, list):
            raise InstanceError("personnel", "harus berupa daftar", "must be a list")
        for i, raw in enumerate(people):
            where = f"personnel[{i}]"
            if not isinstance(raw, dict):
                raise InstanceError(where, "harus berupa objek", "must be an object")
            pid = _unique_id(raw, where, self.person_index)
            funcs = raw.get("functions", [])
            if not isinstance(funcs, list) or not all(isinstance(f, str) for f in funcs):
                raise InstanceError(f"{where}.functions", "harus daftar teks", "must be a list of strings")
            lat, lon = _point(raw, "home", where)
            unav = []
            raw_unav = raw.get("unavailable", []) or []
            if not isinstance(raw_unav, list):
                raise InstanceError(f"{where}.unavailable", "harus berupa daftar", "must be a list")
            for k, iv in enumerate(raw_unav):
                f = f"{where}.unavailable[{k}]"
                if not isinstance(iv, (list, tuple)) or len(iv) != 2:
                    raise InstanceError(f, "harus [mulai, selesai]", "must be [start, end]")
                s, e = parse_time(iv[0], f + "[0]"), parse_time(iv[1], f + "[1]", round_up=True)
                if e <= s:
                    raise InstanceError(f, "selesai harus sesudah mulai", "end must be after start")
                unav.append((s, e))
            unav.sort()
            self.person_index[pid] = i
            self.persons.append(Person(
                idx=i, id=pid, unit=str(raw.get("unit", "")),
                rank=int(_num(raw, "rank", where, 0)), functions=frozenset(funcs),
                gender=_gender(raw.get("gender"), f"{where}.gender", False),
                lat=lat, lon=lon, recent_hours=float(_num(raw, "recent_hours", where, 0.0, minimum=0)),
                unavailable=tuple(unav)))
        self.slots: list[Slot] = []
        self.slot_index: dict[str, int] = {}
        raw_slots = doc.get("slots")
        if not isinstance(raw_slots, list):
            raise InstanceError("slots", "harus berupa daftar", "must be a list")
        for j, raw in enumerate(raw_slots):
            where = f"slots[{j}]"
            if not isinstance(raw, dict):
                raise InstanceError(where, "harus berupa objek", "must be an object")
            sid = _unique_id(raw, where, self.slot_index)
            func = raw.get("function")
            if func is not None and not isinstance(func, str):
                raise InstanceError(f"{where}.function", "harus teks atau null", "must be a string or null")
            if func in ANY_FUNCTIONS:
                func = None
            start = parse_time(raw.get("start"), f"{where}.start")
            end = parse_time(raw.get("end"), f"{where}.end", round_up=True)
            if end <= start:
                raise InstanceError(f"{where}.end", "selesai harus sesudah mulai", "end must be after start")
            lat, lon = _point(raw, "location", where)
            priority = float(_num(raw, "priority", where, 1))
            if priority < 1:
                raise InstanceError(f"{where}.priority", "harus ≥ 1", "must be ≥ 1")
            self.slot_index[sid] = j
            self.slots.append(Slot(
                idx=j, id=sid, post=str(raw.get("post", "")), function=func,
                min_rank=int(_num(raw, "min_rank", where, 0)),
                gender=_gender(raw.get("gender"), f"{where}.gender", True),
                start=start, end=end, lat=lat, lon=lon, priority=priority))
        self.pins: list[tuple[int, int]] = []
        raw_pins = doc.get("pins", []) or []
        if not isinstance(raw_pins, list):
            raise InstanceError("pins", "harus berupa daftar", "must be a list")
        for k, pin in enumerate(raw_pins):
            where = f"pins[{k}]"
            if not isinstance(pin, dict):
                raise InstanceError(where, "harus berupa objek", "must be an object")
            s_id, p_id = str(pin.get("slot")), str(pin.get("person"))
            if s_id not in self.slot_index:
                raise InstanceError(f"{where}.slot", "slot tidak dikenal: {id}", "unknown slot: {id}", id=s_id)
            if p_id not in self.person_index:
                raise InstanceError(f"{where}.person", "personel tidak dikenal: {id}", "unknown person: {id}", id=p_id)
            self.pins.append((self.slot_index[s_id], self.person_index[p_id]))
        self._build_indexes()

    # ------------------------------------------------------------------ indexes
    def _build_indexes(self) -> None:
        n = len(self.persons)
        self.p_lat = np.array([p.lat for p in self.persons], dtype=float)
        self.p_lon = np.array([p.lon for p in self.persons], dtype=float)
        self.p_rank = np.array([p.rank for p in self.persons], dtype=np.int64)
        self.p_female = np.array([p.gender == "F" for p in self.persons], dtype=bool)
        self.p_recent = np.array([p.recent_hours for p in self.persons], dtype=float)
        self.all_persons = np.arange(n, dtype=np.int64)
        by_function: dict[str, list[int]] = {}
        for p in self.persons:
            for f in p.functions:
                by_function.setdefault(f, []).append(p.idx)
        self.by_function = {f: np.array(v, dtype=np.int64) for f, v in by_function.items()}
        self.recent_cost = self.weights.recent_hours * self.p_recent
        homes: dict[tuple[float, float], int] = {}
        self.p_home = np.array([homes.setdefault((p.lat, p.lon), len(homes)) for p in self.persons], dtype=np.int64)
        self.home_lat = np.array([h[0] for h in homes], dtype=float)
        self.home_lon = np.array([h[1] for h in homes], dtype=float)
        self._static_cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        # unavailable intervals flattened for vectorised blocking
        us, ue, up = [], [], []
        for p in self.persons:
            for s, e in p.unavailable:
                us.append(s)
                ue.append(e)
                up.append(p.idx)
        self.u_start = np.array(us, dtype=np.int64)
        self.u_end = np.array(ue, dtype=np.int64)
        self.u_person = np.array(up, dtype=np.int64)
        groups: dict[tuple, Group] = {}
        for s in self.slots:
            key = (s.function, s.min_rank, s.gender, s.start, s.end, s.lat, s.lon)
            g = groups.get(key)
            if g is None:
                g = Group(len(groups), s.function, s.min_rank, s.gender, s.start, s.end, s.lat, s.lon)
                groups[key] = g
            g.slots.append(s.idx)
            s.group = g.idx
        self.groups: list[Group] = list(groups.values())
        self.slot_minutes = [min(s.end - s.start, DAY) for s in self.slots]
        self.pinned_slot = {s: p for s, p in self.pins}
        self.horizon = (min((s.start for s in self.slots), default=0), max((s.end for s in self.slots), default=0))

    def _sorted_static(self, group: Group) -> tuple[np.ndarray, np.ndarray]:
        """Rules 2-4 for (function, min_rank, gender, location), sorted by cost; shared by all shifts."""
        key = (group.function, group.min_rank, group.gender, group.lat, group.lon)
        hit = self._static_cache.get(key)
        if hit is not None:
            return hit
        if group.function is None:
            cand = self.all_persons
        else:
            cand = self.by_function.get(group.function, np.zeros(0, dtype=np.int64))
        if len(cand):
            cand = cand[self.p_rank[cand] >= group.min_rank]
        if group.gender is not None and len(cand):
            cand = cand[self.p_female[cand] == (group.gender == "F")]
        cost = self.recent_cost[cand].copy()
        if self.weights.distance_km and len(cand):
            home_d = _haversine_vec(self.home_lat, self.home_lon, group.lat, group.lon)
            cost += self.weights.distance_km * home_d[self.p_home[cand]]
        order = np.argsort(cost, kind="stable")
        hit = (cand[order], cost[order])
        self._static_cache[key] = hit
        return hit

    def static_eligible(self, group: Group) -> np.ndarray:
        """Persons passing hard rules 2-5 for the group; none if the slot alone breaks rule 7."""
        return self.group_candidates(group.idx)[0]

    def group_candidates(self, g: int) -> tuple[np.ndarray, np.ndarray]:
        """Eligible persons of a group (rules 2-5) sorted by assignment cost, cheapest first, and their costs."""
        group = self.groups[g]
        if group.persons is None:
            if min(group.end - group.start, DAY) > self.max24:
                group.persons, group.costs = np.zeros(0, dtype=np.int64), np.zeros(0)
                return group.persons, group.costs
            cand, cost = self._sorted_static(group)
            if len(self.u_start) and len(cand):
                hit = (self.u_start < group.end) & (self.u_end > group.start)
                if hit.any():
                    blocked = np.zeros(len(self.persons), dtype=bool)
                    blocked[self.u_person[hit]] = True
                    keep = ~blocked[cand]
                    cand, cost = cand[keep], cost[keep]
            group.persons, group.costs = cand, cost
        return group.persons, group.costs

    def candidates(self, slot: int) -> tuple[np.ndarray, np.ndarray]:
        return self.group_candidates(self.slots[slot].group)

    def is_eligible(self, person: int, slot: int) -> bool:
        """Hard rules 2-5 (and the slot alone within the 24 h cap), evaluated directly."""
        p, s = self.persons[person], self.slots[slot]
        if s.function is not None and s.function not in p.functions:
            return False
        if p.rank < s.min_rank or (s.gender is not None and p.gender != s.gender):
            return False
        if self.slot_minutes[slot] > self.max24:
            return False
        return not any(u0 < s.end and s.start < u1 for u0, u1 in p.unavailable)

    def distance_km(self, person: int, slot: int) -> float:
        p, s = self.persons[person], self.slots[slot]
        return haversine_km(p.lat, p.lon, s.lat, s.lon)

    def assign_cost(self, person: int, slot: int) -> float:
        w = self.weights
        d = self.distance_km(person, slot) if w.distance_km else 0.0
        return w.distance_km * d + w.recent_hours * self.persons[person].recent_hours

    def unfilled_cost(self, slot: int) -> float:
        return self.weights.unfilled * self.slots[slot].priority

    def slot_fits_alone(self, slot: int) -> bool:
        """A slot longer than the 24 h cap can never be given to anyone (rule 7)."""
        return self.slot_minutes[slot] <= self.max24


def load_problem(source: str | Path | dict) -> Problem:
    if isinstance(source, dict):
        return Problem(source)
    path = Path(source)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(T("Berkas tidak ditemukan: {path}", "File not found: {path}", path=str(path))) from None
    except json.JSONDecodeError as exc:
        raise UserError(T("JSON tidak valid di {path}: {error}", "Invalid JSON in {path}: {error}",
                          path=str(path), error=str(exc))) from None
    return Problem(doc)


def minutes_to_iso(minutes: int, offset_minutes: int = 420) -> str:
    from datetime import timedelta
    tz = timezone(timedelta(minutes=offset_minutes))
    return datetime.fromtimestamp(minutes * 60, tz).isoformat()
