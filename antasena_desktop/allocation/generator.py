"""Seeded generator of realistic Palembang allocation instances (`antasena-allocation/1`).

Sizes: small (~300 people / 200 slots, one day), medium (~1,837 / 1,500, one day, Polrestabes
scale), large (~15,000 / 12,000 over two days, Polda scale). Coordinates are approximate; they only
need to be plausible, not surveyed.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

WIB = timezone(timedelta(hours=7))

KECAMATAN = {  # approximate centres inside Palembang
    "ILIR BARAT I": (-2.965, 104.735), "ILIR BARAT II": (-2.990, 104.740), "ILIR TIMUR I": (-2.975, 104.760),
    "ILIR TIMUR II": (-2.970, 104.785), "ILIR TIMUR III": (-2.955, 104.775), "SEBERANG ULU I": (-3.010, 104.770),
    "SEBERANG ULU II": (-3.005, 104.800), "KERTAPATI": (-3.020, 104.740), "PLAJU": (-3.000, 104.820),
    "SUKARAMI": (-2.920, 104.720), "SAKO": (-2.930, 104.790), "KEMUNING": (-2.960, 104.755),
    "KALIDONI": (-2.955, 104.810), "BUKIT KECIL": (-2.985, 104.750), "GANDUS": (-3.000, 104.700),
    "ALANG-ALANG LEBAR": (-2.915, 104.695), "SEMATANG BORANG": (-2.915, 104.820), "JAKABARING": (-3.030, 104.790),
}
HQ = (-2.9845, 104.7440)  # Polrestabes
POLDA = (-2.9620, 104.7390)
SAT_UNITS = {  # unit -> (home, main function, extra functions with probability, share of personnel)
    "SAT SAMAPTA": (HQ, "samapta", [("dalmas", 0.7), ("pengawalan", 0.15), ("negosiator", 0.03)], 0.26),
    "SAT LANTAS": ((-2.9790, 104.7560), "lantas", [("pengawalan", 0.4)], 0.13),
    "SAT INTELKAM": (HQ, "intelkam", [("negosiator", 0.05)], 0.06),
    "SAT RESKRIM": (HQ, "reskrim", [], 0.07),
    "SAT BINMAS": (HQ, "binmas", [("negosiator", 0.1)], 0.04),
    "SAT POLAIR": ((-2.9930, 104.7640), "polair", [("samapta", 0.3)], 0.03),
}
POLDA_UNITS = {
    "SAT BRIMOB": ((-2.9300, 104.7700), "dalmas", [("samapta", 0.8), ("negosiator", 0.02), ("pengawalan", 0.2)], 0.16),
    "DIT SAMAPTA": (POLDA, "samapta", [("dalmas", 0.6), ("pengawalan", 0.2)], 0.12),
    "DIT LANTAS": ((-2.9400, 104.7300), "lantas", [("pengawalan", 0.5)], 0.06),
    "DIT INTELKAM": (POLDA, "intelkam", [("negosiator", 0.05)], 0.05),
    "DIT RESKRIMUM": (POLDA, "reskrim", [], 0.05),
    "DIT BINMAS": (POLDA, "binmas", [("negosiator", 0.1)], 0.03),
    "DIT POLAIRUD": ((-2.9950, 104.7700), "polair", [("samapta", 0.3)], 0.03),
}
POLSEK_FUNCS = [("dalmas", 0.3), ("binmas", 0.3), ("reskrim", 0.2), ("intelkam", 0.1), ("lantas", 0.1)]
SIZES = {"small": (300, 200, 1), "medium": (1837, 1500, 1), "large": (15000, 12000, 2)}
EVENTS = ["PAM TPS", "PAM KAMPANYE", "PAM IBADAH", "PAM UNRAS", "PAM PERTANDINGAN", "PAM OBJEK VITAL",
          "PENGATURAN LALIN", "PAM KONSER", "PATROLI SUNGAI MUSI", "PAM PASAR 16 ILIR"]


def _rank(rng: random.Random) -> int:
    x = rng.random()
    if x < 0.15:
        return rng.randint(1, 6)
    if x < 0.85:
        return rng.choice([7, 7, 8, 8, 9, 9, 10, 10, 11, 12])
    if x < 0.96:
        return rng.randint(13, 15)
    return rng.randint(16, 18)


def _iso(day0: datetime, minutes: int) -> str:
    return (day0 + timedelta(minutes=minutes)).isoformat()


def generate(size: str = "medium", seed: int = 0, *, persons: int | None = None, slots: int | None = None,
             days: int | None = None, pins: int = 4) -> dict[str, Any]:
    n_persons, n_slots, n_days = SIZES[size]
    n_persons = persons or n_persons
    n_slots = slots or n_slots
    n_days = days or n_days
    rng = random.Random(seed)
    day0 = datetime(2024, 2, 14, 0, 0, tzinfo=WIB)
    polda = n_persons > 5000
    units: dict[str, tuple] = dict(SAT_UNITS)
    if polda:
        units.update(POLDA_UNITS)
    share_sat = sum(u[3] for u in units.values())
    polsek_share = max(0.0, 1.0 - share_sat) if not polda else 0.15
    people = []
    for i in range(n_persons):
        x = rng.random() * (share_sat + polsek_share)
        acc = 0.0
        chosen = None
        for name, u in units.items():
            acc += u[3]
            if x < acc:
                chosen = (name, u[0], u[1], u[2])
                break
        if chosen is None:
            kec = rng.choice(list(KECAMATAN))
            chosen = (f"POLSEK {kec}", KECAMATAN[kec], "samapta", POLSEK_FUNCS)
        unit, home, main, extra = chosen
        funcs = [main] + [f for f, p in extra if rng.random() < p]
        gender = "F" if rng.random() < 0.10 else "M"
        if gender == "F":
            funcs.append("polwan")
        rank = _rank(rng)
        unav = []
        r = rng.random()
        if r < 0.06:  # leave for the whole period
            unav.append([_iso(day0, -DAYM), _iso(day0, n_days * DAYM + 600)])
        elif r < 0.11:  # piket at the home unit
            s = rng.randrange(0, n_days * DAYM, 60)
            unav.append([_iso(day0, s), _iso(day0, s + rng.choice([480, 720, 1440]))])
        elif r < 0.13:  # training / other duty for part of the period
            s = rng.randrange(0, n_days * DAYM, 60)
            unav.append([_iso(day0, s), _iso(day0, s + 240)])
        nrp = f"{rng.randint(60, 99):02d}{rng.randint(1, 12):02d}{i:04d}" if n_persons < 10000 else f"{7000000 + i}"
        people.append({"id": nrp, "unit": unit, "rank": rank, "functions": sorted(set(funcs)), "gender": gender,
                       "home": [round(home[0], 5), round(home[1], 5)],
                       "recent_hours": round(max(0.0, rng.gauss(18, 12)), 1), "unavailable": unav})
    slot_list = []
    post_no = 0
    while len(slot_list) < n_slots:
        post_no += 1
        day = rng.randrange(n_days)
        kec = rng.choice(list(KECAMATAN))
        c = KECAMATAN[kec]
        loc = [round(min(-2.87, max(-3.09, c[0] + rng.gauss(0, 0.012))), 5),
               round(min(104.87, max(104.61, c[1] + rng.gauss(0, 0.012))), 5)]
        event = rng.choice(EVENTS)
        river = event == "PATROLI SUNGAI MUSI"
        priority = rng.choice([1, 1, 3, 3, 5])
        post = f"D{day + 1}/P{post_no:04d}"
        style = rng.random()
        if style < 0.35:  # one event window
            length = rng.choice([240, 300, 360, 480])
            start = rng.randrange(6 * 60, 20 * 60 - length + 1, 30) if length < 14 * 60 else 6 * 60
            shifts = [(start, start + length)]
        elif style < 0.7:  # day split in two shifts
            length = rng.choice([360, 480])
            start = rng.choice([360, 420, 480])
            shifts = [(start, start + length), (start + length, start + 2 * length)]
        else:  # round the clock, three 8 h shifts
            shifts = [(0, 480), (480, 960), (960, 1440)]
        lines = [("samapta", 1, rng.choice([13, 13, 14]), None)]  # post commander
        if river:
            lines += [("polair", rng.randint(3, 8), 0, None), ("samapta", rng.randint(1, 3), 0, None)]
        else:
            lines += [("dalmas", rng.choice([0, 2, 4, 6, 10]), 0, None), ("samapta", rng.randint(2, 5), 0, None),
                      ("lantas", rng.randint(0, 4), 0, None), ("intelkam", rng.randint(0, 2), 0, None),
                      ("polwan", rng.choice([0, 0, 1, 2]), 0, "F"), ("reskrim", rng.choice([0, 0, 1]), 0, None),
                      ("binmas", rng.choice([0, 1]), 0, None), ("pengawalan", rng.choice([0, 0, 0, 2]), 0, None),
                      ("negosiator", 1 if event == "PAM UNRAS" else 0, 10, None), (None, rng.choice([0, 0, 2]), 0, None)]
        for k, (s0, s1) in enumerate(shifts):
            for func, count, min_rank, gender in lines:
                for n in range(count):
                    if len(slot_list) >= n_slots:
                        break
                    fname = "danpos" if min_rank >= 13 else (func or "umum")
                    slot_list.append({
                        "id": f"{post}/S{k + 1}/{fname}/{n + 1}", "post": post, "function": func,
                        "min_rank": min_rank, "gender": gender,
                        "start": _iso(day0, day * DAYM + s0), "end": _iso(day0, day * DAYM + s1),
                        "location": loc, "priority": priority,
                        "label": f"{event} {kec}"})
    pin_list = []
    used_people: set[str] = set()
    for _ in range(pins * 20):
        if len(pin_list) >= pins:
            break
        s = rng.choice(slot_list)
        if any(p["slot"] == s["id"] for p in pin_list):
            continue
        ok = [p for p in people if not p["unavailable"] and p["id"] not in used_people
              and (s["function"] is None or s["function"] in p["functions"]) and p["rank"] >= s["min_rank"]
              and (s["gender"] is None or s["gender"] == p["gender"])]
        if ok:
            p = rng.choice(ok)
            used_people.add(p["id"])
            pin_list.append({"slot": s["id"], "person": p["id"]})
    return {
        "format": "antasena-allocation/1",
        "name": f"palembang-{size}-seed{seed}",
        "rules": {"rest_minutes": 480, "max_minutes_per_24h": 720},
        "weights": {"unfilled": 1000.0, "distance_km": 1.0, "recent_hours": 0.5, "person_used": 0.0},
        "personnel": people,
        "slots": slot_list,
        "pins": pin_list,
    }


DAYM = 1440


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    ap = argparse.ArgumentParser(description="Generate a Palembang allocation instance")
    ap.add_argument("size", choices=sorted(SIZES))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(generate(args.size, args.seed), fh, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
