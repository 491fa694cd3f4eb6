"""Name normalisation for matching wilayah names across spellings.

"Tiga-puluh-lima Ilir" == "35 Ilir", "Ilir Barat Dua" == "Ilir Barat II", "Bukitkecil" == "Bukit Kecil",
"Sei Buah" == "Sungaibuah", "20 Ilir D. III" == "Dua-puluh Ilir Tiga", "3 / 4 Ulu" == "Tiga Empat Ulu".
"""
from __future__ import annotations

import re
import unicodedata

_UNITS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
          "sembilan": 9}
_WHOLE = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "nol": 0}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_PREFIXES = ("kelurahan", "kel", "desa", "kecamatan", "kec", "kota", "kab")
_ALIASES = {"sei": "sungai", "sungei": "sungai", "mulia": "mulya", "ds": "desa"}


def _number_words(tokens: list[str]) -> list[str]:
    out: list[str] = []
    cur: int | None = None
    after_puluh = False

    def flush() -> None:
        nonlocal cur, after_puluh
        if cur is not None:
            out.append(str(cur))
        cur, after_puluh = None, False

    for tok in tokens:
        if tok in _UNITS:
            if cur is not None and after_puluh:
                cur += _UNITS[tok]
                after_puluh = False
            else:
                flush()
                cur = _UNITS[tok]
        elif tok in _WHOLE:
            flush()
            cur = _WHOLE[tok]
        elif tok == "belas" and cur is not None and cur < 10:
            cur += 10
        elif tok == "puluh" and cur is not None and cur < 10:
            cur *= 10
            after_puluh = True
        else:
            flush()
            out.append(tok)
    flush()
    return out


def name_key(name: str) -> str:
    """A comparison key: lower case, accents/punctuation/spaces dropped, numbers as digits."""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", " ", s)
    tokens = s.split()
    while len(tokens) > 1 and tokens[0] in _PREFIXES:
        tokens = tokens[1:]
    tokens = [_ALIASES.get(t, t) for t in tokens]
    tokens = [str(_ROMAN[t]) if i and t in _ROMAN else t for i, t in enumerate(tokens)]
    tokens = _number_words(tokens)
    # "20 Ilir D. III" (D = Daerah) == "Dua-puluh Ilir Tiga"
    tokens = [t for i, t in enumerate(tokens) if not (t == "d" and i and tokens[i - 1] == "ilir")]
    return "".join(tokens)


def digits_code(value: object) -> str:
    """'16.71.17' / '167117' / 167117 -> '167117'."""
    return re.sub(r"\D", "", str(value))
