"""Demo units, personnel and availability (all invented, plausible for a Polrestabes)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from antasena_desktop.demo.data import make_uuid, name_lists
from antasena_desktop.domain.ranks import BY_CODE
from antasena_desktop.geo.reference import PolsekRef, Wilayah
from antasena_desktop.timefmt import WIB

TOTAL_PERSONNEL = 1837


@dataclass(frozen=True)
class SectionSpec:
    code: str
    name: str
    short_name: str
    alias: str
    kind: str                 # bagian | satfung | seksi
    operational: bool
    size: int
    head: tuple[str, tuple[str, ...]]
    deputy: tuple[str, tuple[str, ...]] | None
    subunits: tuple[str, ...]
    profile: str              # drives functions: samapta, lantas, reskrim, intelkam, binmas, polair, pamobvit, provos,
                              # dokkes, staf
    sub_head: str = "Kanit"   # title of a sub-unit head
    sub_head_ranks: tuple[str, ...] = ("IPTU", "IPDA", "AKP")


# The Polrestabes sections (Perpol 2/2021 shape; sizes invented but plausible).
SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("BAGOPS", "Bagian Operasi", "Bag Ops", "Bagops", "bagian", False, 30, ("Kabag Ops", ("AKBP",)), None,
                ("Subbag Dalops", "Subbag Binops", "Subbag Kerma"), "staf", "Kasubbag", ("AKP", "AKP", "KOMPOL")),
    SectionSpec("BAGREN", "Bagian Perencanaan", "Bag Ren", "", "bagian", False, 12, ("Kabag Ren", ("AKBP",)), None,
                ("Subbag Progar", "Subbag Dalgar"), "staf", "Kasubbag", ("AKP", "AKP", "KOMPOL")),
    SectionSpec("BAGSDM", "Bagian Sumber Daya Manusia", "Bag SDM", "", "bagian", False, 20, ("Kabag SDM", ("AKBP",)),
                None, ("Subbag Binkar", "Subbag Dalpers", "Subbag Watpers"), "staf", "Kasubbag", ("AKP", "AKP", "KOMPOL")),
    SectionSpec("BAGLOG", "Bagian Logistik", "Bag Log", "", "bagian", False, 14, ("Kabag Log", ("AKBP", "KOMPOL")),
                None, ("Subbag Bekpal", "Subbag Matfasjas"), "staf", "Kasubbag", ("AKP", "AKP", "KOMPOL")),
    SectionSpec("SATSAMAPTA", "Satuan Samapta", "Sat Samapta", "Sabhara", "satfung", True, 290,
                ("Kasat Samapta", ("AKBP",)), ("Wakasat Samapta", ("KOMPOL",)),
                ("Turjawali", "Dalmas", "Pamobvit", "Tipiring", "Patroli"), "samapta"),
    SectionSpec("SATLANTAS", "Satuan Lalu Lintas", "Sat Lantas", "", "satfung", True, 210,
                ("Kasat Lantas", ("AKBP",)), ("Wakasat Lantas", ("KOMPOL",)),
                ("Turjawali", "Gakkum", "Kamsel", "Regident", "Patwal"), "lantas"),
    SectionSpec("SATRESKRIM", "Satuan Reserse Kriminal", "Sat Reskrim", "", "satfung", True, 150,
                ("Kasat Reskrim", ("AKBP",)), ("Wakasat Reskrim", ("KOMPOL",)),
                ("Pidum", "Pidsus", "Tipikor", "PPA", "Jatanras", "Resmob"), "reskrim"),
    SectionSpec("SATINTELKAM", "Satuan Intelijen Keamanan", "Sat Intelkam", "Intel", "satfung", True, 90,
                ("Kasat Intelkam", ("AKBP",)), ("Wakasat Intelkam", ("KOMPOL",)),
                ("Politik", "Ekonomi", "Sosial Budaya", "Keamanan Negara", "Yanmin"), "intelkam"),
    SectionSpec("SATRESNARKOBA", "Satuan Reserse Narkoba", "Sat Resnarkoba", "", "satfung", False, 35,
                ("Kasat Resnarkoba", ("AKBP", "KOMPOL")), None, ("Lidik I", "Lidik II", "Lidik III"), "reskrim"),
    SectionSpec("SATBINMAS", "Satuan Pembinaan Masyarakat", "Sat Binmas", "", "satfung", True, 70,
                ("Kasat Binmas", ("KOMPOL",)), None, ("Bintibsos", "Binpolmas", "Bhabinkamtibmas", "Binkamsa"),
                "binmas"),
    SectionSpec("SATPOLAIR", "Satuan Polisi Perairan", "Sat Polair", "Polairud", "satfung", True, 60,
                ("Kasat Polair", ("KOMPOL",)), None, ("Patroli Perairan", "Gakkum", "Fasharkan"), "polair"),
    SectionSpec("SATPAMOBVIT", "Satuan Pengamanan Objek Vital", "Sat Pamobvit", "", "satfung", False, 20,
                ("Kasat Pamobvit", ("KOMPOL",)), None, ("Pamwisata", "Pamobvit"), "pamobvit"),
    SectionSpec("SATTAHTI", "Satuan Perawatan Tahanan dan Barang Bukti", "Sat Tahti", "", "satfung", False, 15,
                ("Kasat Tahti", ("KOMPOL", "AKP")), None, ("Tahanan", "Barang Bukti"), "staf"),
    SectionSpec("SIPROPAM", "Seksi Profesi dan Pengamanan", "Si Propam", "Sie Propam", "seksi", False, 15,
                ("Kasi Propam", ("KOMPOL", "AKP")), None, ("Provos", "Paminal"), "provos", "Kanit", ("IPTU", "IPDA")),
    SectionSpec("SIHUMAS", "Seksi Hubungan Masyarakat", "Si Humas", "Sie Humas", "seksi", False, 8,
                ("Kasi Humas", ("AKP", "KOMPOL")), None, ("Penmas", "PID"), "staf", "Kasubsi", ("IPDA", "AIPTU")),
    SectionSpec("SITIK", "Seksi Teknologi Informasi dan Komunikasi", "Si TIK", "Sie TIK", "seksi", False, 8,
                ("Kasi TIK", ("AKP",)), None, ("Tekkom", "Tekinfo"), "staf", "Kasubsi", ("IPDA", "AIPTU")),
    SectionSpec("SIKEU", "Seksi Keuangan", "Si Keu", "Sie Keu", "seksi", False, 7,
                ("Kasi Keu", ("AKP",)), None, ("Verifikasi", "Pembayaran"), "staf", "Kasubsi", ("IPDA", "AIPTU")),
    SectionSpec("SIDOKKES", "Seksi Kedokteran dan Kesehatan", "Si Dokkes", "Sie Dokkes", "seksi", False, 8,
                ("Kasi Dokkes", ("AKP", "KOMPOL")), None, ("Dokpol", "Kespol"), "dokkes", "Kasubsi", ("IPDA", "AIPTU")),
    SectionSpec("SIWAS", "Seksi Pengawasan", "Si Was", "Sie Was", "seksi", False, 5,
                ("Kasi Was", ("KOMPOL",)), None, ("Wasrik",), "staf", "Kasubsi", ("IPDA", "AIPTU")),
    SectionSpec("SIHUKUM", "Seksi Hukum", "Si Hukum", "Sie Kum", "seksi", False, 5,
                ("Kasi Hukum", ("AKP",)), None, ("Bankum",), "staf", "Kasubsi", ("IPDA", "AIPTU")),
    SectionSpec("SPKT", "Sentra Pelayanan Kepolisian Terpadu", "SPKT", "", "seksi", False, 12,
                ("Ka SPKT", ("KOMPOL", "AKP")), None, ("Tim A", "Tim B", "Tim C"), "samapta", "Kanit SPKT",
                ("IPDA", "IPTU")),
)
PIMPINAN = 2   # Kapolrestabes and Wakapolrestabes sit in the root unit
#: Polsek that get a Kompol as Kapolsek (urban ones); the others an AKP.
URBAN_POLSEK = ("16.71.05", "16.71.04", "16.71.07", "16.71.09", "16.71.11", "16.71.06")
#: Extra strength above 40 for the busier Polsek (by kecamatan code).
POLSEK_EXTRA = {"16.71.05": 4, "16.71.04": 4, "16.71.07": 4, "16.71.09": 3, "16.71.02": 3, "16.71.10": 3,
                "16.71.06": 3, "16.71.11": 3, "16.71.14": 2, "16.71.08": 2}
POLSEK_SUBUNITS = ("Reskrim", "Intelkam", "Samapta", "Binmas", "SPKT", "Sium")
POLSEK_SUB_WEIGHTS = (20, 12, 30, 18, 12, 8)
OPERATIONAL_FUNCTIONS = ("samapta", "dalmas", "lantas", "intelkam", "reskrim", "binmas", "polair", "negosiator",
                         "polwan", "pengawalan")

BINTARA = (("BRIPDA", 22), ("BRIPTU", 22), ("BRIGPOL", 20), ("BRIPKA", 16), ("AIPDA", 11), ("AIPTU", 9))
TAMTAMA = (("BHARADA", 45), ("BHARATU", 35), ("BHARAKA", 20))
PNS_GRADES = (("PENGATUR MUDA", 10), ("PENGATUR MUDA TK I", 10), ("PENGATUR", 14), ("PENGATUR TK I", 12),
              ("PENATA MUDA", 16), ("PENATA MUDA TK I", 14), ("PENATA", 12), ("PENATA TK I", 8), ("PEMBINA", 4))
#: Plausible age range (years) per rank.
AGE = {"BHARADA": (19, 22), "BHARATU": (20, 24), "BHARAKA": (22, 27), "BRIPDA": (19, 24), "BRIPTU": (22, 29),
       "BRIGPOL": (26, 35), "BRIPKA": (30, 42), "AIPDA": (36, 50), "AIPTU": (42, 57), "IPDA": (26, 55),
       "IPTU": (28, 54), "AKP": (32, 55), "KOMPOL": (38, 55), "AKBP": (42, 55), "KOMBES POL": (46, 53)}
PNS_AGE = (24, 57)
PHONE_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0857", "0858", "0877",
                  "0878", "0895", "0896", "0813", "0812")
OFFICER_DEGREES = ("S.H.", "S.I.K.", "S.H.", "S.I.K.", "S.Kom.", "S.E.", "S.Sos.", "S.T.", "S.I.P.")
MASTER_DEGREES = ("M.H.", "M.Si.", "M.M.", "M.Kn.")
PNS_DEGREES = ("S.E.", "S.Kom.", "A.Md.", "S.Sos.", "S.Ak.", "S.H.", "A.Md.Kep.", "S.Kep.")
INACTIVE_NOTES = ("Nonaktif: proses mutasi keluar", "Nonaktif: sakit berkepanjangan", "Nonaktif: proses pensiun",
                  "Nonaktif: menjalani sidang disiplin")


@dataclass
class UnitRow:
    id: str
    code: str
    name: str
    short_name: str
    alias: str
    kind: str
    parent_id: str | None
    kecamatan_code: str | None
    lat: float
    lon: float
    operational: bool
    size: int = 0
    profile: str = "staf"
    subunits: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()


@dataclass
class Person:
    id: str
    nrp: str
    name: str
    rank_code: str
    jabatan: str
    unit: UnitRow
    gender: str
    phone: str
    active: bool
    notes: str
    functions: set[str] = field(default_factory=set)
    is_pns: bool = False

    @property
    def level(self) -> int:
        return BY_CODE[self.rank_code].level


def weighted(rng: random.Random, pairs) -> str:
    items, weights = zip(*pairs)
    return rng.choices(items, weights=weights, k=1)[0]


def build_units(rng: random.Random, polsek: tuple[PolsekRef, ...]) -> list[UnitRow]:
    root_ref = next(p for p in polsek if p.kind == "polrestabes")
    root = UnitRow(make_uuid(rng), "POLRESTABES", "Kepolisian Resor Kota Besar Palembang", "Polrestabes Palembang",
                   "Polrestabes", "polrestabes", None, "16.71.11", root_ref.lat, root_ref.lon, False, PIMPINAN,
                   "staf", ("Pimpinan",), root_ref.kecamatan_codes)
    units = [root]
    for spec in SECTIONS:
        units.append(UnitRow(make_uuid(rng), spec.code, spec.name, spec.short_name, spec.alias, spec.kind, root.id,
                             root.kecamatan_code, root.lat, root.lon, spec.operational, spec.size, spec.profile,
                             spec.subunits))
    sections_total = PIMPINAN + sum(s.size for s in SECTIONS)
    polsek_refs = [p for p in polsek if p.kind == "polsek"]
    sizes = [40 + POLSEK_EXTRA.get(p.kecamatan_codes[0], 0) for p in polsek_refs]
    remaining = TOTAL_PERSONNEL - sections_total - sum(sizes)
    i = 0
    while remaining != 0:          # keep the grand total exact if the reference list changes length
        step = 1 if remaining > 0 else -1
        if step > 0 or sizes[i % len(sizes)] > 40:
            sizes[i % len(sizes)] += step
            remaining -= step
        i += 1
    for ref, size in zip(polsek_refs, sizes):
        units.append(UnitRow(make_uuid(rng), ref.code, ref.name, ref.name, "", "polsek", root.id,
                             ref.kecamatan_codes[0], ref.lat, ref.lon, True, size, "polsek", POLSEK_SUBUNITS,
                             ref.kecamatan_codes))
    return units


class PersonFactory:
    """Names, NRP/NIP, phones; keeps identifiers unique."""

    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.names = name_lists()
        self.nrps: set[str] = set()
        self.phones: set[str] = set()

    def name(self, gender: str, degree_kind: str | None = None) -> str:
        rng = self.rng
        group = weighted(rng, (("muslim", 84), ("kristen", 12), ("tionghoa", 4)))
        parts = self.names[(group, gender)]
        first = rng.choice(parts.first)
        if group == "muslim" and rng.random() < 0.25:
            second = rng.choice(parts.first)
            if second != first and "." not in second and " " not in second:
                first = f"{first} {second}"
        name = first if (group == "muslim" and rng.random() < 0.08) else f"{first} {rng.choice(parts.last)}"
        degrees: list[str] = []
        if degree_kind == "pamen":
            degrees.append(rng.choice(OFFICER_DEGREES))
            if rng.random() < 0.6:
                degrees.append(rng.choice(MASTER_DEGREES))
        elif degree_kind == "pama" and rng.random() < 0.7:
            degrees.append(rng.choice(OFFICER_DEGREES))
        elif degree_kind == "bintara" and rng.random() < 0.08:
            degrees.append(rng.choice(("S.H.", "S.H.", "S.Kom.", "S.E.")))
        elif degree_kind == "pns" and rng.random() < 0.55:
            degrees.append(rng.choice(PNS_DEGREES))
        return ", ".join([name, *degrees])

    def phone(self) -> str:
        while True:
            text = f"{self.rng.choice(PHONE_PREFIXES)}-{self.rng.randrange(10000):04d}-{self.rng.randrange(10000):04d}"
            if text not in self.phones:
                self.phones.add(text)
                return text

    def birth_date(self, lo: int, hi: int) -> date:
        days = self.rng.randrange(int(lo * 365.25), int((hi + 1) * 365.25) - 1)
        return self.today - timedelta(days=days)

    def nrp(self, rank_code: str) -> str:
        lo, hi = AGE[rank_code]
        while True:
            born = self.birth_date(lo, hi)
            text = f"{born.year % 100:02d}{born.month:02d}{self.rng.randrange(10000):04d}"
            if text not in self.nrps:
                self.nrps.add(text)
                return text

    def nip(self, gender: str) -> str:
        while True:
            born = self.birth_date(*PNS_AGE)
            age_now = (self.today - born).days // 365
            tmt_age = self.rng.randint(20, max(20, min(30, age_now - 1)))
            tmt_year = born.year + tmt_age
            tmt_month = self.rng.choice((1, 3, 4, 12))
            text = (f"{born.year:04d}{born.month:02d}{born.day:02d}{tmt_year:04d}{tmt_month:02d}"
                    f"{1 if gender == 'M' else 2}{self.rng.randint(1, 999):03d}")
            if text not in self.nrps:
                self.nrps.add(text)
                return text


def _unit_functions(profile: str, sub: str, rng: random.Random) -> set[str]:
    if profile == "samapta":
        fs = {"samapta"}
        if sub == "Dalmas" or (sub in ("Turjawali", "Patroli", "Tipiring") and rng.random() < 0.55):
            fs.add("dalmas")
        return fs
    if profile == "lantas":
        fs = {"lantas"}
        if sub == "Patwal" or rng.random() < 0.15:
            fs.add("pengawalan")
        return fs
    if profile == "pamobvit":
        return {"samapta"}
    if profile == "polsek":
        fs = {{"Reskrim": "reskrim", "Intelkam": "intelkam", "Samapta": "samapta", "Binmas": "binmas",
               "SPKT": "samapta", "Sium": "staf"}[sub]}
        if sub in ("Samapta", "SPKT") and rng.random() < 0.3:
            fs.add("dalmas")
        if sub == "Sium" and rng.random() < 0.5:
            fs.add("samapta")
        return fs
    return {profile}


def build_personnel(rng: random.Random, today: date, units: list[UnitRow],
                    kelurahan: list[Wilayah]) -> list[Person]:
    factory = PersonFactory(rng, today)
    people: list[Person] = []

    def police(unit: UnitRow, rank: str, jabatan: str, functions: set[str], female_p: float,
               leader: bool = False) -> Person:
        gender = "F" if rng.random() < female_p else "M"
        group = BY_CODE[rank].group
        degree = {"Pamen": "pamen", "Pama": "pama", "Bintara": "bintara"}.get(group)
        fs = set(functions)
        if gender == "F":
            fs.add("polwan")
        p = Person(make_uuid(rng), factory.nrp(rank), factory.name(gender, degree), rank, jabatan, unit, gender,
                   factory.phone(), True, "", fs)
        if leader:
            p.notes = "pimpinan satuan"
        people.append(p)
        return p

    def pns(unit: UnitRow, jabatan: str, functions: set[str]) -> Person:
        gender = "F" if rng.random() < 0.45 else "M"
        p = Person(make_uuid(rng), factory.nip(gender), factory.name(gender, "pns"), weighted(rng, PNS_GRADES),
                   jabatan, unit, gender, factory.phone(), True, "", set(functions), True)
        people.append(p)
        return p

    root = units[0]
    kapolres = police(root, "KOMBES POL", "Kapolrestabes Palembang", {"staf"}, 0.0, True)
    kapolres.name = factory.name("M", "pamen")
    if not kapolres.name.startswith("Dr. "):
        kapolres.name = "Dr. " + kapolres.name
    police(root, "AKBP", "Wakapolrestabes Palembang", {"staf"}, 0.15, True)

    kel_by_kec: dict[str, list[Wilayah]] = {}
    for k in kelurahan:
        kel_by_kec.setdefault(k.kecamatan_code, []).append(k)

    for unit in units[1:]:
        spec = next((s for s in SECTIONS if s.code == unit.code), None)
        made = 0
        is_staff = not unit.operational and unit.profile in ("staf", "dokkes", "provos")
        female_p = 0.30 if is_staff else (0.03 if unit.profile == "polair" else 0.10)
        if spec is not None:
            head_fs = _unit_functions(unit.profile, spec.subunits[0], rng) if unit.operational else {"staf"}
            police(unit, rng.choice(spec.head[1]), spec.head[0], head_fs, 0.08, True)
            made += 1
            if spec.deputy:
                police(unit, rng.choice(spec.deputy[1]), spec.deputy[0], head_fs, 0.1, True)
                made += 1
            for sub in spec.subunits:
                if made >= unit.size:
                    break
                title = f"{spec.sub_head} {sub.removeprefix('Subbag ')}"
                fs = _unit_functions(unit.profile, sub, rng)
                police(unit, rng.choice(spec.sub_head_ranks), title, fs, 0.08)
                made += 1
            pns_p = {"bagian": 0.42, "seksi": 0.28}.get(unit.kind, 0.12 if not unit.operational else 0.028)
            if unit.code == "SPKT":
                pns_p = 0.05
        else:   # Polsek
            kapolsek_rank = "KOMPOL" if unit.kecamatan_code in URBAN_POLSEK else "AKP"
            police(unit, kapolsek_rank, f"Kapolsek {unit.name.removeprefix('Polsek ')}", {"samapta", "reskrim"},
                   0.05, True)
            police(unit, rng.choice(("AKP", "IPTU")), "Wakapolsek", {"samapta"}, 0.08, True)
            for sub, ranks in (("Reskrim", ("IPTU", "IPDA")), ("Intelkam", ("IPDA", "IPTU")),
                               ("Samapta", ("IPDA", "AIPTU", "AIPTU")), ("Binmas", ("AIPTU", "IPDA", "AIPTU"))):
                police(unit, rng.choice(ranks), f"Kanit {sub}", _unit_functions("polsek", sub, rng), 0.06)
            police(unit, rng.choice(("AIPTU", "AIPDA")), "Kasi Humas", {"staf", "samapta"}, 0.2)
            police(unit, rng.choice(("IPDA", "AIPTU")), "Kasium", {"staf"}, 0.15)
            made = 8
            pns_p = 0.028
        kel_pool = list(kel_by_kec.get(unit.kecamatan_code or "", [])) if unit.kind == "polsek" else []
        weights = POLSEK_SUB_WEIGHTS if unit.kind == "polsek" else None
        while made < unit.size:
            made += 1
            sub = rng.choices(unit.subunits, weights=weights, k=1)[0] if weights else rng.choice(unit.subunits)
            staffish = unit.kind == "bagian" or (unit.kind == "seksi" and unit.code != "SPKT")
            if rng.random() < pns_p:
                jab = f"Staf {sub}" if staffish else f"Staf {unit.short_name}"
                fs = {"dokkes"} if unit.profile == "dokkes" else {"staf"}
                pns(unit, jab, fs)
                continue
            r = rng.random()
            tamtama_p = 0.035 if unit.profile in ("samapta", "polair", "polsek") else 0.005
            if r < tamtama_p:
                rank = weighted(rng, TAMTAMA)
            elif r < tamtama_p + 0.003 and unit.operational:
                rank = rng.choice(("IPDA", "IPDA", "IPTU"))
            else:
                rank = weighted(rng, BINTARA)
            group = BY_CODE[rank].group
            if unit.kind == "polsek":
                fs = _unit_functions("polsek", sub, rng)
                if sub == "Binmas" and kel_pool and group == "Bintara" and rank not in ("BRIPDA",):
                    kel = kel_pool.pop(0)
                    jab = f"Bhabinkamtibmas Kel. {kel.name}"
                elif sub == "SPKT":
                    jab = "Ka Tim SPKT" if group == "Pama" else "Ba SPKT"
                elif sub == "Sium":
                    jab = "Bamin Sium"
                else:
                    jab = f"{'Panit' if group == 'Pama' else 'Banit'} {sub}"
            elif staffish:
                fs = {"provos"} if unit.profile == "provos" else ({"dokkes"} if unit.profile == "dokkes" else {"staf"})
                jab = f"{'Paur' if group == 'Pama' else 'Bamin'} {sub}"
            else:
                fs = _unit_functions(unit.profile, sub, rng)
                if unit.code == "SPKT":
                    jab = "Pa SPKT" if group == "Pama" else f"Ba SPKT {sub}"
                else:
                    jab = f"{'Panit' if group == 'Pama' else 'Banit'} {sub}"
            police(unit, rank, jab, fs, female_p)

    # A few negotiators among senior members of Binmas, Intelkam, Samapta and the Polsek.
    candidates = [p for p in people if not p.is_pns and p.level >= BY_CODE["AIPDA"].level
                  and p.unit.profile in ("binmas", "intelkam", "samapta", "polsek") and p.unit.operational]
    for p in rng.sample(candidates, min(len(candidates), 28)):
        p.functions.add("negosiator")
    # About 1% inactive (never a unit head).
    pool = [p for p in people if not p.notes]
    for p in rng.sample(pool, round(len(people) * 0.01)):
        p.active = False
        p.notes = rng.choice(INACTIVE_NOTES)
    for p in people:
        if p.notes == "pimpinan satuan":
            p.notes = ""
    return people


@dataclass
class AvailabilityRow:
    id: str
    personnel_id: str
    kind: str
    start_at: datetime
    end_at: datetime
    note: str


def wib_at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WIB)


PIKET_FUNDED = 147
PIKET_UNFUNDED = 370
PIKET_GROUPS = 3


def build_availability(rng: random.Random, today: date, people: list[Person]) -> list[AvailabilityRow]:
    rows: list[AvailabilityRow] = []
    active = [p for p in people if p.active]
    taken: set[str] = set()

    def block(p: Person, kind: str, start_day: date, days: int, note: str) -> None:
        rows.append(AvailabilityRow(make_uuid(rng), p.id, kind, wib_at(start_day),
                                    wib_at(start_day + timedelta(days=days)), note))
        taken.add(p.id)

    def pick(n: int, pool: list[Person]) -> list[Person]:
        pool = [p for p in pool if p.id not in taken]
        return rng.sample(pool, min(n, len(pool)))

    for p in pick(round(len(active) * 0.04), active):
        block(p, "cuti", today + timedelta(days=rng.randint(-6, 14)), rng.randint(3, 12),
              rng.choice(("Cuti tahunan", "Cuti tahunan", "Cuti alasan penting", "Cuti besar")))
    for p in pick(round(len(active) * 0.015), active):
        block(p, "sakit", today + timedelta(days=rng.randint(-3, 6)), rng.randint(1, 5),
              rng.choice(("Sakit (surat keterangan dokter)", "Rawat inap", "Sakit")))
    police = [p for p in active if not p.is_pns]
    for p in pick(round(len(active) * 0.02), police):
        block(p, "dik", today + timedelta(days=rng.randint(-20, 10)), rng.randint(7, 35),
              rng.choice(("Dikbangspes Dalmas", "Pelatihan Negosiator", "Dikjur Lantas", "Latihan Pra Operasi",
                          "Dikbangum SIP", "Pelatihan Intelijen Dasar")))
    bko_pool = [p for p in police if p.unit.code in ("SATSAMAPTA", "SATINTELKAM", "SATRESKRIM", "SATLANTAS")]
    for p in pick(12, bko_pool):
        block(p, "bko", today + timedelta(days=rng.randint(-7, 7)), rng.randint(7, 21),
              rng.choice(("BKO Polda Sumsel", "BKO Polres Banyuasin", "BKO Polres Ogan Ilir")))
    # Piket rosters (L576): 147 funded + 370 unfunded people, three rotating groups, 16.00-07.00 WIB.
    roster_pool = [p for p in police if p.id not in taken and (p.unit.operational or p.unit.code == "SPKT")
                   and p.level < BY_CODE["KOMPOL"].level]
    chosen = rng.sample(roster_pool, PIKET_FUNDED + PIKET_UNFUNDED)
    for i, p in enumerate(chosen):
        kind = "piket_dianggarkan" if i < PIKET_FUNDED else "piket_nonanggaran"
        group = i % PIKET_GROUPS
        note = f"Piket regu {'ABC'[group]} (16.00-07.00 WIB)"
        for offset in range(-7, 21):
            day = today + timedelta(days=offset)
            if day.toordinal() % PIKET_GROUPS == group:
                rows.append(AvailabilityRow(make_uuid(rng), p.id, kind, wib_at(day, 16),
                                            wib_at(day + timedelta(days=1), 7), note))
    return rows
