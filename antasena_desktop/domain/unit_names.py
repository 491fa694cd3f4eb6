"""Unit names as real rosters write them: one matcher for imports and exports.

A unit answers to its code, name, short name and aliases, and to the same with
- punctuation, case and spacing ignored, Roman numerals = digits (`Polsek I.B. I` = `POLSEK IB 1`);
- or without its kind word (`Sat`/`Satuan`, `Polsek`/`Polsekta`, `Bag`/`Bagian`, `Si`/`Sie`/`Seksi`) and without a
  trailing `Polrestabes Palembang`/`Plg` (`Sat Lantas Polrestabes Palembang` = `Lantas`);
- old and new names of renamed units (`Sabhara` = `Samapta`, `Polair` = `Polairud`, `Intel` = `Intelkam`,
  `Serse` = `Reskrim`, `Narkoba` = `Resnarkoba`, `Bimmas` = `Binmas`, `Tahanan` = `Tahti`);
- the usual Polsek abbreviations (`IB` Ilir Barat, `IT` Ilir Timur, `SU` Seberang Ulu, `AAL` Alang-Alang Lebar,
  `SB` Sematang Borang, `BK` Bukit Kecil, `KT` Kertapati, `KD` Kalidoni, `SKR` Sukarami).
A text that fits more than one unit is ambiguous and never guessed.
"""
from __future__ import annotations

import re
from collections import defaultdict

ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6", "VII": "7", "VIII": "8", "IX": "9",
         "X": "10", "XI": "11", "XII": "12"}
#: Words a roster may put before a unit's own name.
KIND_WORDS = {"SAT", "SATUAN", "SATFUNG", "POLSEK", "POLSEKTA", "BAG", "BAGIAN", "SI", "SIE", "SEKSI", "UNIT"}
#: Words after it naming the command ("Sat Samapta Polrestabes Palembang").
COMMAND_SUFFIXES = ("POLRESTABES PALEMBANG", "POLRESTABES PLG", "POLRESTA PALEMBANG", "POLRESTABES", "PALEMBANG",
                    "PLG")
#: Old or informal name → the current one (single words of the key).
RENAMES = {"SABHARA": "SAMAPTA", "POLAIRUD": "POLAIR", "INTEL": "INTELKAM",
           "SERSE": "RESKRIM", "NARKOBA": "RESNARKOBA", "BIMMAS": "BINMAS", "TAHANAN": "TAHTI", "LALU LINTAS": "LANTAS"}
#: Polsek abbreviations → the kecamatan words they stand for.
ABBREVIATIONS = {"IB": "ILIR BARAT", "IT": "ILIR TIMUR", "SU": "SEBERANG ULU", "AAL": "ALANG ALANG LEBAR",
                 "SB": "SEMATANG BORANG", "BK": "BUKIT KECIL", "KT": "KERTAPATI", "KPT": "KERTAPATI",
                 "KD": "KALIDONI", "SKR": "SUKARAMI", "JKB": "JAKABARING"}


def unit_key(text: str) -> str:
    """`Polsek I.B. I` → `POLSEK IB 1`; `SAT-SABHARA` → `SAT SABHARA` (punctuation, case, Roman numerals)."""
    text = re.sub(r"[.,']", "", str(text).upper())
    words = re.sub(r"[^0-9A-Z]+", " ", text).split()
    return " ".join(ROMAN.get(w, w) for w in words)


def _canonical(key: str) -> str:
    """The key with abbreviations spelled out and old names replaced by the current ones."""
    words = [ABBREVIATIONS.get(w, w) for w in key.split()]
    text = " ".join(words)
    for old, new in RENAMES.items():
        text = re.sub(rf"\b{old}\b", new, text)
    return text


def _core(key: str) -> str:
    """Without the kind word in front and the command behind: `SAT SAMAPTA POLRESTABES PALEMBANG` → `SAMAPTA`."""
    for suffix in COMMAND_SUFFIXES:
        if key.endswith(" " + suffix):
            key = key[: -len(suffix) - 1]
            break
    words = key.split()
    while len(words) > 1 and words[0] in KIND_WORDS:
        words = words[1:]
    return " ".join(words)


def name_variants(text: str) -> list[str]:
    """Keys a text is looked up by, most exact first (each also without spaces)."""
    key = unit_key(text)
    if not key:
        return []
    canonical = _canonical(key)
    out: list[str] = []
    for candidate in (key, canonical, _core(key), _core(canonical)):
        for form in (candidate, candidate.replace(" ", "")):
            if form and form not in out:
                out.append(form)
    return out


class UnitMatcher:
    """Units by code, name, short name or alias (aliases may be separated by `,` `;` `|`)."""

    def __init__(self, units):
        self.by_key: dict[str, set[str]] = defaultdict(set)
        self.exact: dict[str, set[str]] = defaultdict(set)
        for unit in units:
            names = [unit.code, unit.name, unit.short_name, *re.split(r"[;,|]", getattr(unit, "alias", "") or "")]
            for name in names:
                if not (name and str(name).strip()):
                    continue
                key = unit_key(name)
                self.exact[key].add(unit.id)
                self.exact[key.replace(" ", "")].add(unit.id)
                for variant in name_variants(name):
                    self.by_key[variant].add(unit.id)

    def match(self, text: str) -> tuple[str | None, bool]:
        """(unit id, ambiguous). An exact name wins over a loose reading of the same text."""
        key = unit_key(text)
        for candidate in (key, key.replace(" ", "")):
            ids = self.exact.get(candidate)
            if ids:
                return (next(iter(ids)), False) if len(ids) == 1 else (None, True)
        for candidate in name_variants(text):
            ids = self.by_key.get(candidate)
            if ids:
                return (next(iter(ids)), False) if len(ids) == 1 else (None, True)
        return None, False
