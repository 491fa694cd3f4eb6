"""Fixed vocabularies of the domain, each entry bilingual (Indonesian first)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    id: str
    en: str

    def label(self, language: str = "id") -> str:
        return self.en if language == "en" else self.id


def _index(terms: list[Term]) -> dict[str, Term]:
    return {t.code: t for t in terms}


# Functions/skills a person may serve in (allocation `functions`).
FUNCTIONS = [
    Term("samapta", "Samapta (Sabhara)", "Samapta (patrol/guard)"),
    Term("dalmas", "Pengendalian Massa (Dalmas)", "Crowd control (Dalmas)"),
    Term("lantas", "Lalu Lintas", "Traffic"),
    Term("intelkam", "Intelijen Keamanan", "Security intelligence"),
    Term("reskrim", "Reserse Kriminal", "Criminal investigation"),
    Term("binmas", "Pembinaan Masyarakat", "Community guidance"),
    Term("polair", "Polisi Perairan", "Water police"),
    Term("negosiator", "Negosiator", "Negotiator"),
    Term("polwan", "Polwan", "Policewoman detail"),
    Term("pengawalan", "Pengawalan (Walpri/Patwal)", "Escort"),
    Term("provos", "Provos / Propam", "Provost"),
    Term("dokkes", "Kesehatan (Dokkes)", "Medical"),
    Term("staf", "Staf / Administrasi", "Staff / administration"),
]
FUNCTION_BY_CODE = _index(FUNCTIONS)
ANY_FUNCTION = "umum"

EVENT_KINDS = [
    Term("unjuk_rasa", "Unjuk Rasa", "Demonstration"),
    Term("politik", "Kegiatan Politik", "Political event"),
    Term("pemilu", "Tahapan Pemilu", "Election phase"),
    Term("keagamaan", "Keagamaan", "Religious"),
    Term("sosial_budaya", "Sosial-Budaya", "Social/cultural"),
    Term("ekonomi", "Ekonomi", "Economic"),
    Term("olahraga", "Olahraga", "Sports"),
    Term("konser", "Konser / Hiburan", "Concert / entertainment"),
    Term("keramaian_umum", "Keramaian Umum", "Public gathering"),
    Term("pemerintahan", "Kegiatan Instansi Pemerintah", "Government event"),
]
EVENT_KIND_BY_CODE = _index(EVENT_KINDS)

PEMILU_PHASES = [
    Term("perencanaan", "Perencanaan dan Persiapan", "Planning"),
    Term("pemutakhiran", "Pemutakhiran Data Pemilih", "Voter roll update"),
    Term("pencalonan", "Pencalonan", "Nomination"),
    Term("kampanye", "Kampanye", "Campaign"),
    Term("masa_tenang", "Masa Tenang", "Quiet period"),
    Term("pemungutan", "Pemungutan Suara", "Voting"),
    Term("penghitungan", "Penghitungan Suara", "Counting"),
    Term("penetapan", "Penetapan dan Pengumuman Hasil", "Results"),
]

SCALES = [
    Term("lokal", "Lokal", "Local"),
    Term("daerah", "Daerah", "Regional"),
    Term("nasional", "Nasional", "National"),
    Term("internasional", "Internasional", "International"),
]
SCALE_BY_CODE = _index(SCALES)

# Default kerawanan scale; configurable in settings. Level → allocation priority.
KERAWANAN_DEFAULT = [
    {"level": 1, "id": "Aman", "en": "Safe", "priority": 1, "color": "#2e7d32"},
    {"level": 2, "id": "Rawan", "en": "Vulnerable", "priority": 3, "color": "#f9a825"},
    {"level": 3, "id": "Sangat Rawan", "en": "Highly vulnerable", "priority": 5, "color": "#c62828"},
]

EVENT_STATUSES = [
    Term("diterima", "Diterima", "Received"),
    Term("dinilai", "Dinilai", "Assessed"),
    Term("direncanakan", "Direncanakan", "Planned"),
    Term("sprin_terbit", "Sprin Terbit", "Order issued"),
    Term("berlangsung", "Berlangsung", "Ongoing"),
    Term("selesai", "Selesai", "Finished"),
    Term("dilaporkan", "Dilaporkan", "Reported"),
    Term("dibatalkan", "Dibatalkan", "Cancelled"),
    Term("ditunda", "Ditunda", "Postponed"),
]
EVENT_STATUS_BY_CODE = _index(EVENT_STATUSES)
# Allowed forward moves; cancel/postpone possible from any open state.
STATUS_FLOW = {
    "diterima": {"dinilai"},
    "dinilai": {"direncanakan"},
    "direncanakan": {"sprin_terbit", "dinilai"},
    "sprin_terbit": {"berlangsung", "direncanakan"},
    "berlangsung": {"selesai"},
    "selesai": {"dilaporkan"},
    "dilaporkan": set(),
    "dibatalkan": set(),
    "ditunda": {"diterima", "dinilai", "direncanakan"},
}
OPEN_STATUSES = {"diterima", "dinilai", "direncanakan", "sprin_terbit", "berlangsung"}


def can_move(old: str, new: str) -> bool:
    if new in ("dibatalkan", "ditunda"):
        return old in OPEN_STATUSES
    return new in STATUS_FLOW.get(old, set())


REQUEST_CHANNELS = [
    Term("surat", "Surat", "Letter"),
    Term("telepon", "Telepon", "Telephone"),
    Term("wa", "WhatsApp", "WhatsApp"),
    Term("langsung", "Datang Langsung", "Walk-in"),
    Term("intelkam", "Info Sat Intelkam", "Intelkam report"),
]

AVAILABILITY_KINDS = [
    Term("cuti", "Cuti", "Leave"),
    Term("sakit", "Sakit", "Sick"),
    Term("dik", "Pendidikan / Latihan", "Training"),
    Term("piket_dianggarkan", "Piket (didukung anggaran)", "Duty roster (funded)"),
    Term("piket_nonanggaran", "Piket (tanpa anggaran)", "Duty roster (unfunded)"),
    Term("bko", "BKO ke satuan lain", "Seconded elsewhere"),
]
AVAILABILITY_BY_CODE = _index(AVAILABILITY_KINDS)

POST_TYPES = [
    Term("pos_pam", "Pos Pengamanan", "Security post"),
    Term("pos_pantau", "Pos Pantau", "Observation post"),
    Term("pos_lalin", "Pos Lalu Lintas", "Traffic post"),
    Term("pos_terpadu", "Pos Terpadu", "Joint post"),
    Term("tps", "TPS", "Polling station"),
    Term("pengawalan", "Rute Pengawalan", "Escort route"),
    Term("objek_vital", "Objek Vital", "Vital object"),
    Term("cadangan", "Cadangan / Ring", "Reserve / ring"),
]
POST_TYPE_BY_CODE = _index(POST_TYPES)

GENDERS = [Term("M", "Laki-laki", "Male"), Term("F", "Perempuan", "Female")]

ASSIGNMENT_SOURCES = ("manual", "auto", "import")
ASSIGNMENT_STATUSES = [
    Term("rencana", "Rencana", "Planned"),
    Term("dikonfirmasi", "Dikonfirmasi", "Confirmed"),
    Term("hadir", "Hadir", "Present"),
    Term("selesai", "Selesai", "Released"),
]
