"""Personnel field normalisers: pure rules on the values typed in a form or a sheet (NRP/NIP, name,
gender, phone). Used by the roster service and the importer; no database, no Qt."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from antasena_desktop.i18n import T, Text

_SPACES = re.compile(r"\s+")
_COMMA = re.compile(r"\s*,\s*")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_NRP_SEPARATORS = re.compile(r"[\s.\-/]")
_FLOAT_ZERO = re.compile(r"^(\d+)\.0+$")
_SCI = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")


def normalise_nrp(value: Any) -> str:
    """Digits of an NRP/NIP as typed in a sheet: `8403 1122`, `84.03.11.22`, `84031122.0`, 84031122."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value).strip().replace("\u00a0", " ")
    if text.startswith("'"):
        text = text[1:]
    if _FLOAT_ZERO.match(text):
        text = _FLOAT_ZERO.match(text).group(1)
    elif _SCI.match(text):
        try:
            text = str(int(Decimal(text)))
        except (InvalidOperation, ValueError):
            pass
    return _NRP_SEPARATORS.sub("", text)


def nrp_problem(nrp: str, is_pns: bool | None) -> Text | None:
    """Why `nrp` (already normalised) is not valid for a police rank / PNS grade, or None."""
    if not nrp:
        return T("NRP/NIP kosong", "NRP/NIP is empty")
    if not nrp.isdigit():
        return T("NRP/NIP hanya boleh berisi angka: {v}", "NRP/NIP must contain digits only: {v}", v=nrp)
    if is_pns is True and len(nrp) != 18:
        return T("NIP PNS harus tepat 18 angka (tertulis {n} angka)",
                 "A PNS NIP must be exactly 18 digits ({n} given)", n=len(nrp))
    if is_pns is False and len(nrp) != 8:
        return T("NRP anggota Polri harus tepat 8 angka (tertulis {n} angka)",
                 "A police NRP must be exactly 8 digits ({n} given)", n=len(nrp))
    if is_pns is None and len(nrp) not in (8, 18):
        return T("NRP harus 8 angka atau NIP 18 angka (tertulis {n} angka)",
                 "NRP must be 8 digits or NIP 18 digits ({n} given)", n=len(nrp))
    return None


def clean_name(value: Any) -> str:
    """The name as written, whitespace normalised; an all-lowercase name is capitalised.

    Titles are kept (`Dr. BUDI SANTOSO, S.H., M.H.`); the spacing after commas is made regular.
    Idempotent, so an exported roster imports back unchanged.
    """
    if value is None:
        return ""
    text = _SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()
    text = _COMMA.sub(", ", text).strip(" ,")
    base, comma, rest = text.partition(",")
    if base and base == base.lower():          # "siti rahmawati, S.Kom" → "Siti Rahmawati, S.Kom"
        base = " ".join(w[:1].upper() + w[1:] for w in base.split(" "))
    return base + comma + rest


_PREFIX_TITLES = {"DR", "DRS", "DRA", "IR", "H", "HJ", "PROF", "KH", "DRG"}
_DEGREE_TOKENS = {
    "SH", "SIK", "MH", "MM", "MSI", "SE", "ST", "SKOM", "SSOS", "SPD", "AMD", "SPSI", "MKN", "SIP",
    "SAP", "MAP", "SSTMK", "STK", "SIKOM", "SHUM", "SAG", "SPDI", "MT", "MKOM", "MKES", "SKM", "SKED", "SS", "SHI", "SKEP", "AMK", "MBA", "PHD", "MSC", "BSC", "LLM", "MPD", "MA", "SPT", "SHUT",
}


def name_key(name: str) -> str:
    """A name without titles/degrees, case- and punctuation-insensitive, for duplicate detection."""
    text = clean_name(name)
    base = text.split(",")[0]
    words = [_NOT_ALNUM.sub("", w) for w in base.split(" ")]
    words = [w for w in words if w]
    while len(words) > 1 and words[0].upper() in _PREFIX_TITLES:
        words.pop(0)
    while len(words) > 1 and words[-1].upper() in _DEGREE_TOKENS:
        words.pop()
    return " ".join(w.upper() for w in words)


_GENDERS = {
    "M": "M", "L": "M", "LK": "M", "LAKI": "M", "LAKILAKI": "M", "LAKI2": "M", "PRIA": "M", "MALE": "M",
    "COWOK": "M", "F": "F", "P": "F", "PR": "F", "PEREMPUAN": "F", "WANITA": "F", "FEMALE": "F", "W": "F",
    "POLWAN": "F",
}


def parse_gender(value: Any) -> str | None:
    """M/F from L/P/LK/PR/Laki-laki/Perempuan/M/F/Pria/Wanita (any case), or None."""
    if value is None:
        return None
    key = _NOT_ALNUM.sub("", str(value).upper())
    return _GENDERS.get(key)


_PHONE_TOLERATED = re.compile(r"[\-().]")


def normalise_phone(value: Any) -> tuple[str, Text | None]:
    """(phone, problem): keeps digits, `+` and single spaces; dashes/dots/brackets become spaces."""
    if value is None:
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if isinstance(value, int):
        text = "0" + text if not text.startswith(("0", "62")) else text
    text = _SPACES.sub(" ", _PHONE_TOLERATED.sub(" ", text)).strip()
    if not text:
        return "", None
    if not re.fullmatch(r"\+?[0-9 ]+", text) or "+" in text[1:]:
        return text, T("No. HP hanya boleh berisi angka, '+' dan spasi: {v}",
                       "Phone may only contain digits, '+' and spaces: {v}", v=text)
    if len(text) > 32:
        return text, T("No. HP terlalu panjang", "Phone number too long")
    return text, None
