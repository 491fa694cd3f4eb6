"""The Polri rank ladder and PNS Polri grades.

`level` is the integer used by the allocator (higher is more senior): the position on the
Polri ladder, Bharada = 1 … Jenderal Pol = 22. (The exchange-format note says "= 25"; the
ladder has 22 ranks, so we keep the true position and document the difference.)
PNS grades get the level of the comparable police group, so a "min rank" line treats a
Penata (III/c) like an Iptu.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rank:
    code: str          # short form as printed: "BRIPKA", "KOMBES POL"
    name: str          # full name: "Brigadir Polisi Kepala"
    group: str         # Tamtama | Bintara | Pama | Pamen | Pati | PNS
    level: int         # allocator level
    order: int         # seniority order for sorting (unique; PNS below police of same level)
    is_pns: bool = False


_POLICE = [
    ("BHARADA", "Bhayangkara Dua", "Tamtama"),
    ("BHARATU", "Bhayangkara Satu", "Tamtama"),
    ("BHARAKA", "Bhayangkara Kepala", "Tamtama"),
    ("ABRIPDA", "Ajun Brigadir Polisi Dua", "Tamtama"),
    ("ABRIPTU", "Ajun Brigadir Polisi Satu", "Tamtama"),
    ("ABRIP", "Ajun Brigadir Polisi", "Tamtama"),
    ("BRIPDA", "Brigadir Polisi Dua", "Bintara"),
    ("BRIPTU", "Brigadir Polisi Satu", "Bintara"),
    ("BRIGPOL", "Brigadir Polisi", "Bintara"),
    ("BRIPKA", "Brigadir Polisi Kepala", "Bintara"),
    ("AIPDA", "Ajun Inspektur Polisi Dua", "Bintara"),
    ("AIPTU", "Ajun Inspektur Polisi Satu", "Bintara"),
    ("IPDA", "Inspektur Polisi Dua", "Pama"),
    ("IPTU", "Inspektur Polisi Satu", "Pama"),
    ("AKP", "Ajun Komisaris Polisi", "Pama"),
    ("KOMPOL", "Komisaris Polisi", "Pamen"),
    ("AKBP", "Ajun Komisaris Besar Polisi", "Pamen"),
    ("KOMBES POL", "Komisaris Besar Polisi", "Pamen"),
    ("BRIGJEN POL", "Brigadir Jenderal Polisi", "Pati"),
    ("IRJEN POL", "Inspektur Jenderal Polisi", "Pati"),
    ("KOMJEN POL", "Komisaris Jenderal Polisi", "Pati"),
    ("JENDERAL POL", "Jenderal Polisi", "Pati"),
]

# (code, name, golongan, comparable police level)
_PNS = [
    ("JURU MUDA", "Juru Muda", "I/a", 1), ("JURU MUDA TK I", "Juru Muda Tingkat I", "I/b", 2),
    ("JURU", "Juru", "I/c", 3), ("JURU TK I", "Juru Tingkat I", "I/d", 4),
    ("PENGATUR MUDA", "Pengatur Muda", "II/a", 7), ("PENGATUR MUDA TK I", "Pengatur Muda Tingkat I", "II/b", 8),
    ("PENGATUR", "Pengatur", "II/c", 9), ("PENGATUR TK I", "Pengatur Tingkat I", "II/d", 10),
    ("PENATA MUDA", "Penata Muda", "III/a", 13), ("PENATA MUDA TK I", "Penata Muda Tingkat I", "III/b", 13),
    ("PENATA", "Penata", "III/c", 14), ("PENATA TK I", "Penata Tingkat I", "III/d", 15),
    ("PEMBINA", "Pembina", "IV/a", 16), ("PEMBINA TK I", "Pembina Tingkat I", "IV/b", 16),
    ("PEMBINA UTAMA MUDA", "Pembina Utama Muda", "IV/c", 17),
    ("PEMBINA UTAMA MADYA", "Pembina Utama Madya", "IV/d", 17),
    ("PEMBINA UTAMA", "Pembina Utama", "IV/e", 18),
]

RANKS: list[Rank] = [Rank(code, name, group, i + 1, (i + 1) * 10) for i, (code, name, group) in enumerate(_POLICE)]
_seen_levels: dict[int, int] = {}
for _code, _name, _gol, _level in _PNS:
    _nth = _seen_levels[_level] = _seen_levels.get(_level, 0) + 1
    RANKS.append(Rank(_code, f"{_name} ({_gol})", "PNS", _level, _level * 10 - 9 + _nth, True))
PNS_GOLONGAN = {code: gol for code, _n, gol, _l in _PNS}

BY_CODE: dict[str, Rank] = {r.code: r for r in RANKS}
GROUPS = ("Tamtama", "Bintara", "Pama", "Pamen", "Pati", "PNS")

# Spellings seen in real roster sheets → canonical code.
_ALIASES = {
    "BRIGADIR": "BRIGPOL", "BRIG": "BRIGPOL", "BRIGPOL": "BRIGPOL",
    "KOMBES": "KOMBES POL", "KBP": "KOMBES POL", "KOMBESPOL": "KOMBES POL",
    "KOMISARIS BESAR POLISI": "KOMBES POL", "KOMISARIS BESAR": "KOMBES POL",
    "AJUN KOMISARIS BESAR POLISI": "AKBP", "KOMISARIS POLISI": "KOMPOL",
    "AJUN KOMISARIS POLISI": "AKP", "INSPEKTUR POLISI SATU": "IPTU", "INSPEKTUR POLISI DUA": "IPDA",
    "INSPEKTUR SATU": "IPTU", "INSPEKTUR DUA": "IPDA", "AJUN INSPEKTUR SATU": "AIPTU", "AJUN INSPEKTUR DUA": "AIPDA",
    "BRIGJEN": "BRIGJEN POL", "BRIGJENPOL": "BRIGJEN POL", "IRJEN": "IRJEN POL", "IRJENPOL": "IRJEN POL",
    "KOMJEN": "KOMJEN POL", "KOMJENPOL": "KOMJEN POL", "JENDERAL": "JENDERAL POL", "JENDRAL POL": "JENDERAL POL",
    "BHARAKA": "BHARAKA", "BHARATU": "BHARATU", "BHARADA": "BHARADA",
    "PENATA TINGKAT I": "PENATA TK I", "PENATA TK. I": "PENATA TK I", "PENATA TK.I": "PENATA TK I",
    "PENATA MUDA TINGKAT I": "PENATA MUDA TK I", "PENGATUR TINGKAT I": "PENGATUR TK I",
    "PENGATUR MUDA TINGKAT I": "PENGATUR MUDA TK I", "PEMBINA TINGKAT I": "PEMBINA TK I",
    "JURU TINGKAT I": "JURU TK I", "JURU MUDA TINGKAT I": "JURU MUDA TK I",
}
for _r in RANKS:
    _ALIASES.setdefault(_r.code, _r.code)
    _ALIASES.setdefault(_r.name.split(" (")[0].upper(), _r.code)
for _code, _name, _gol, _lvl in _PNS:
    _ALIASES.setdefault(_gol, _code)          # "III/c" alone
    _ALIASES.setdefault(_gol.replace("/", ""), _code)


def _clean(text: str) -> str:
    text = text.upper().strip().rstrip(".").replace(".", " ")
    text = re.sub(r"\(.*?\)", " ", text)      # "PENATA (III/C)" → "PENATA"
    text = re.sub(r"^\s*(PNS|ASN)\s+(POLRI\s+)?", "", text)       # "PNS Penata" → "PENATA"
    text = re.sub(r"\bTINGKAT\b", "TK", text)
    text = re.sub(r"\bTK\s*(I|1)\b", "TK I", text)               # "Tk.1", "TK 1", "Tingkat I"
    return re.sub(r"\s+", " ", text).strip()


def parse_rank(text: str | None) -> Rank | None:
    """A rank from a sheet's spelling (`Bripka`, `BRIPKA.`, `KBP`, `Kombes Pol`, `Penata III/c`), or None."""
    if not text or not str(text).strip():
        return None
    raw = str(text)
    cleaned = _clean(raw)
    for candidate in (cleaned, cleaned.replace(" ", ""), cleaned.replace("POL ", "").strip()):
        code = _ALIASES.get(candidate)
        if code:
            return BY_CODE[code]
    golongan = re.search(r"\b(I{1,3}V?|IV)\s*/\s*([A-E])\b", raw.upper())
    if golongan:
        code = _ALIASES.get(f"{golongan.group(1)}/{golongan.group(2).lower()}")
        if code:
            return BY_CODE[code]
    # "KOMPOL POL", trailing words like "POLISI" (never drop a "TK I" qualifier)
    words = cleaned.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        if words[cut] == "TK":
            continue
        code = _ALIASES.get(" ".join(words[:cut]))
        if code:
            return BY_CODE[code]
    return None
