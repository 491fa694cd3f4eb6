"""`wbs init`: the escrow key with its recovery sheet (written 0600, printed once) and the first account."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.timefmt import format_datetime_wib, now_utc
from antasena_desktop.wbs import accounts, audit, crypto, keys
from antasena_desktop.wbs.roles import SYSTEM, WbsRole

SHEET_NAME = "wbs-lembar-pemulihan.txt"


@dataclass(frozen=True)
class Initialised:
    recovery_key: str          # Base32 text of the escrow private key
    sheet_path: Path


def recovery_sheet_text(key_text: str, database: str) -> str:
    return "\n".join([
        "LEMBAR PEMULIHAN WBS — INSPEKTORAT DAERAH KOTA PALEMBANG",
        "RAHASIA. Cetak, simpan di brankas dengan dua penanggung jawab, lalu hapus berkas ini.",
        "",
        f"Basis data : {database}",
        f"Dibuat     : {format_datetime_wib(now_utc())}",
        "",
        "Kunci pemulihan (kunci escrow):",
        "",
        f"    {key_text}",
        "",
        "Kunci ini membuka SEMUA perkara dan identitas pelapor. Dipakai hanya untuk memulihkan akun",
        "yang lupa kata sandi (`antasena wbs user reset-password`) atau perkara yang penanganannya",
        "ditinggalkan. Setiap pemakaian tercatat di log audit. Kunci ini tidak disimpan di basis data",
        "dan tidak dapat dibuat ulang.",
        "",
    ])


def write_private_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def initialise(session: Session, admin_password: str, sheet_path: Path, database_label: str,
               admin_username: str = "admin") -> Initialised:
    """Create the escrow key, the receipt lookup key and the first account (Administrator sistem).
    The sheet is written before the caller commits; a failed commit leaves a sheet of no use."""
    if sheet_path.exists():
        raise UserError(T("Berkas {p} sudah ada; pilih tempat lain untuk lembar pemulihan.",
                          "The file {p} exists; choose another place for the recovery sheet.", p=str(sheet_path)))
    escrow = keys.create_system_keys(session)
    accounts.create_account(session, SYSTEM, admin_username, admin_password, WbsRole.ADMIN,
                            full_name="Administrator sistem")
    key_text = crypto.key_to_text(bytes(escrow))
    write_private_file(sheet_path, recovery_sheet_text(key_text, database_label))
    audit.record(session, SYSTEM, "init", note="kunci escrow dibuat; lembar pemulihan dicetak")
    return Initialised(key_text, sheet_path)
