"""WBS configuration and system values in `wbs_setting` (JSON): defaults here, overrides in the db."""
from __future__ import annotations

import base64
import copy
import json
from typing import Any

from sqlalchemy.orm import Session

from db.models.base import utcnow
from db.wbs.models import WbsSetting

# Category list of the intake form (configurable). Labels are bilingual.
DEFAULT_CATEGORIES: list[dict[str, str]] = [
    {"code": "korupsi", "id": "Korupsi", "en": "Corruption"},
    {"code": "gratifikasi", "id": "Gratifikasi / suap", "en": "Gratification / bribery"},
    {"code": "benturan_kepentingan", "id": "Benturan (konflik) kepentingan", "en": "Conflict of interest"},
    {"code": "penyalahgunaan_wewenang", "id": "Penyalahgunaan wewenang", "en": "Abuse of authority"},
    {"code": "pengadaan", "id": "Pengadaan barang/jasa", "en": "Procurement of goods/services"},
    {"code": "disiplin", "id": "Pelanggaran disiplin / kode etik ASN", "en": "Discipline / code of conduct breach"},
    {"code": "lainnya", "id": "Lainnya", "en": "Other"},
]

# Perangkat daerah → Irban wilayah (editable; the real mapping is not in the source report).
DEFAULT_ROUTING: dict[str, str] = {
    "Sekretariat Daerah": "I", "Sekretariat DPRD": "I", "Badan Pengelola Keuangan dan Aset Daerah": "I",
    "Badan Pendapatan Daerah": "I", "Badan Kepegawaian dan Pengembangan SDM": "I",
    "Dinas Pendidikan": "II", "Dinas Kesehatan": "II", "Dinas Sosial": "II", "RSUD Bari": "II",
    "Dinas Kependudukan dan Pencatatan Sipil": "II",
    "Dinas Pekerjaan Umum dan Penataan Ruang": "III", "Dinas Perhubungan": "III",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman": "III", "Dinas Lingkungan Hidup dan Kebersihan": "III",
    "Dinas Penanaman Modal dan PTSP": "IV", "Dinas Perdagangan": "IV", "Dinas Koperasi dan UKM": "IV",
    "Dinas Pariwisata": "IV", "Satuan Polisi Pamong Praja": "IV",
}
DEFAULT_WILAYAH = "investigasi"      # agencies not in the table (and the Inspektorat itself)

# Retention after closure, in days, per outcome (configurable); then the case is purged.
DEFAULT_RETENTION_DAYS: dict[str, int] = {
    "terbukti": 5 * 365, "tidak_terbukti": 2 * 365, "dilimpahkan": 2 * 365,
    "tidak_memenuhi_syarat": 365, "bukan_kewenangan": 365,
}

# The verifikator's admissibility checklist (kriteria tersedia dalam aplikasi, L1909).
DEFAULT_CRITERIA: list[dict[str, str]] = [
    {"code": "lingkup", "id": "Terlapor pegawai/pejabat Pemerintah Kota Palembang",
     "en": "The reported party works for the Palembang city government"},
    {"code": "6w1h", "id": "Uraian memuat apa, siapa, di mana, kapan dan bagaimana",
     "en": "The account covers what, who, where, when and how"},
    {"code": "bukti", "id": "Ada bukti atau petunjuk awal yang memadai", "en": "There is adequate initial evidence"},
    {"code": "bukan_pelaku", "id": "Pelapor menyatakan bukan bagian dari pelanggaran",
     "en": "The reporter declares not to be part of the violation"},
]

DEFAULTS: dict[str, Any] = {
    "categories": DEFAULT_CATEGORIES,
    "routing": DEFAULT_ROUTING,
    "default_wilayah": DEFAULT_WILAYAH,
    "retention_days": DEFAULT_RETENTION_DAYS,
    "criteria": DEFAULT_CRITERIA,
    "stages": {},                 # overrides of workflow stage labels/clocks: {code: {id, en, days}}
    "ack_working_days": 7,
    "feedback_months": 3,
    "extra_holidays": [],         # cuti bersama etc., ISO dates
    "attachment_max_bytes": 20 * 1024 * 1024,
    "attachment_max_count": 10,
    "inspektorat_lines": ["PEMERINTAH KOTA PALEMBANG", "INSPEKTORAT DAERAH"],
    "inspektur_name": "", "inspektur_nip": "",
}


def get(session: Session, key: str) -> Any:
    row = session.get(WbsSetting, key)
    if row is not None:
        return json.loads(row.value_json)
    return copy.deepcopy(DEFAULTS.get(key))


def put(session: Session, key: str, value: Any, username: str = "system") -> None:
    row = session.get(WbsSetting, key)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(WbsSetting(key=key, value_json=text, updated_at=utcnow(), updated_by=username))
    else:
        row.value_json, row.updated_at, row.updated_by = text, utcnow(), username
    session.flush()


def get_bytes(session: Session, key: str) -> bytes | None:
    value = get(session, key)
    return base64.b64decode(value) if value else None


def put_bytes(session: Session, key: str, value: bytes) -> None:
    put(session, key, base64.b64encode(value).decode("ascii"))
