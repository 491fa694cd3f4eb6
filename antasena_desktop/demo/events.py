"""Demo events (kegiatan), requests (permohonan), posts, requirement lines and past assignments."""
from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from antasena_desktop.demo.calendar_days import allowed_days, office_hours
from antasena_desktop.demo.data import (HISTORY_MONTHS, make_uuid, monthly_counts, nearest_kelurahan,
                                        profile_year)
from antasena_desktop.demo.people import Person, weighted, wib_at
from antasena_desktop.domain.ranks import BY_CODE
from antasena_desktop.geo.distance import haversine_km
from antasena_desktop.geo.reference import Venue as VenueRef
from antasena_desktop.geo.reference import Wilayah

KEL = "@kelurahan"     # a venue placeholder: a place inside a random kelurahan (not in the gazetteer)

SHORT_VENUE = {
    "DPRD Provinsi Sumatera Selatan": "DPRD Sumsel",
    "Kantor Gubernur Sumatera Selatan": "Kantor Gubernur Sumsel",
    "Benteng Kuto Besak (BKB)": "BKB",
    "Plaza Benteng Kuto Besak": "Plaza BKB",
    "Masjid Agung Palembang": "Masjid Agung",
    "Jakabaring Sport City – Stadion Gelora Sriwijaya": "Jakabaring Sport City",
    "Kantor Walikota Palembang (Kantor Ledeng)": "Kantor Walikota Palembang",
    "Universitas Sriwijaya – Kampus Bukit Besar": "Universitas Sriwijaya Bukit Besar",
    "Kantor Polda Sumatera Selatan": "Mapolda Sumsel",
    "Palembang Square (PS Mall)": "Palembang Square",
    "Palembang Trade Center (PTC Mall)": "PTC Mall",
    "Palembang Indah Mall (PIM)": "Palembang Indah Mall",
    "International Plaza (IP)": "International Plaza",
    "Terminal Alang-Alang Lebar (KM 12)": "Terminal KM 12",
}

DEMO_VENUES = ("DPRD Provinsi Sumatera Selatan", "DPRD Provinsi Sumatera Selatan", "Kantor Gubernur Sumatera Selatan",
               "Kantor Gubernur Sumatera Selatan", "Kantor Walikota Palembang (Kantor Ledeng)", "Simpang Charitas",
               "Bundaran Air Mancur", "KPU Kota Palembang", "Bawaslu Kota Palembang", "Kantor Polda Sumatera Selatan",
               "Universitas Sriwijaya – Kampus Bukit Besar", "Pasar 16 Ilir")
DEMO_ORGS = ("Aliansi Mahasiswa Sumsel", "BEM Universitas Sriwijaya", "BEM UIN Raden Fatah", "Aliansi Buruh Sumsel",
             "Gabungan Pengemudi Ojek Online Palembang", "Forum Honorer Sumsel", "Koalisi Masyarakat Sipil Sumsel",
             "Ikatan Pedagang Pasar 16 Ilir", "Forum Petani Sawit Sumsel", "Aliansi Masyarakat Muara Enim",
             "Forum Masyarakat Ogan Komering Ilir", "Gerakan Mahasiswa Banyuasin", "Serikat Pekerja Transportasi Sumsel",
             "Persatuan Guru Honorer Palembang", "Aliansi Pemuda Peduli Sumsel", "LSM Pemantau Anggaran Sumsel")
DEMO_ISSUES = ("penolakan kenaikan harga BBM", "kenaikan upah minimum provinsi", "pengangkatan tenaga honorer",
               "pemberantasan korupsi di daerah", "sengketa lahan perkebunan", "tarif ojek online",
               "relokasi pedagang pasar", "transparansi hasil pemilihan", "kelangkaan pupuk bersubsidi",
               "pencemaran Sungai Musi", "biaya kuliah tunggal")


@dataclass(frozen=True)
class EventTpl:
    kind: str
    title: str                       # {org} {venue} {kel}
    venues: tuple[str, ...]
    organisers: tuple[str, ...]
    crowd: tuple[int, int]
    hours: tuple[int, ...]
    duration: tuple[int, int]        # hours
    kerawanan: tuple[int, int, int]  # weights for level 1, 2, 3
    scale: str = "lokal"
    phase: str | None = None
    river: bool = False


TEMPLATES: tuple[EventTpl, ...] = (
    EventTpl("keagamaan", "Tabligh Akbar di {venue}", ("Masjid Agung Palembang", "Masjid Cheng Ho Sriwijaya"),
             ("Pengurus Masjid Agung Palembang", "Majelis Taklim Kota Palembang", "MUI Kota Palembang"),
             (2000, 15000), (8, 19), (3, 4), (3, 5, 1), "daerah"),
    EventTpl("keagamaan", "Sholat Idul Fitri di {venue}", ("Benteng Kuto Besak (BKB)", "Masjid Agung Palembang"),
             ("Pemerintah Kota Palembang", "PHBI Kota Palembang"), (10000, 30000), (6,), (2, 3), (2, 4, 1), "daerah"),
    EventTpl("keagamaan", "Pengajian Akbar Kel. {kel}", (KEL,), ("Majelis Taklim Kel. {kel}", "Remaja Masjid Kel. {kel}"),
             (200, 1500), (8, 19, 20), (2, 3), (8, 2, 0)),
    EventTpl("keagamaan", "Peringatan Maulid Nabi di {venue}", ("Masjid Agung Palembang", KEL),
             ("PHBI Kota Palembang", "Pengurus Masjid Kel. {kel}"), (300, 5000), (8, 19), (2, 4), (6, 3, 0)),
    EventTpl("keagamaan", "Ibadah dan Perayaan Natal Gereja Kel. {kel}", (KEL,),
             ("Majelis Jemaat Kel. {kel}", "PGI Kota Palembang"), (200, 2000), (8, 17, 19), (2, 3), (4, 5, 1)),
    EventTpl("keagamaan", "Perayaan Cap Go Meh di {venue}", ("Pulau Kemaro", "Kampung Kapitan"),
             ("Yayasan Kelenteng Hok Tjing Rio", "Paguyuban Tionghoa Palembang"), (3000, 12000), (9, 16), (4, 6),
             (2, 6, 1), "daerah", river=True),
    EventTpl("keagamaan", "Pemberangkatan Jemaah Haji di {venue}", ("Asrama Haji Palembang",),
             ("Kantor Kemenag Kota Palembang",), (1500, 5000), (7, 9, 13), (3, 5), (4, 5, 0), "daerah"),
    EventTpl("sosial_budaya", "Festival Perahu Bidar di Sungai Musi", ("Benteng Kuto Besak (BKB)",),
             ("Dinas Kebudayaan Kota Palembang", "Pemerintah Kota Palembang"), (10000, 40000), (8,), (6, 8),
             (1, 6, 2), "daerah", river=True),
    EventTpl("sosial_budaya", "Festival Sriwijaya di {venue}", ("Benteng Kuto Besak (BKB)", "Bukit Siguntang"),
             ("Dinas Pariwisata Provinsi Sumsel",), (3000, 15000), (9, 16), (4, 6), (3, 6, 0), "daerah"),
    EventTpl("sosial_budaya", "Pawai Budaya HUT Kota Palembang", ("Bundaran Air Mancur", "Monpera"),
             ("Pemerintah Kota Palembang",), (5000, 20000), (7, 15), (3, 5), (2, 6, 1), "daerah"),
    EventTpl("sosial_budaya", "Festival Kuliner di {venue}", ("Kambang Iwak Park", "Plaza Benteng Kuto Besak",
                                                            "Kampung Arab Al-Munawar"),
             ("Komunitas Kuliner Palembang", "Dinas Pariwisata Kota Palembang"), (1000, 6000), (10, 16), (6, 8),
             (7, 3, 0)),
    EventTpl("sosial_budaya", "Lomba Gerak Jalan Kel. {kel}", (KEL,), ("Karang Taruna Kel. {kel}",), (300, 1500),
             (7, 14), (3, 4), (8, 2, 0)),
    EventTpl("sosial_budaya", "Sedekah Kampung dan Pesta Rakyat Kel. {kel}", (KEL,), ("Warga Kel. {kel}",),
             (200, 1200), (8, 19), (3, 5), (8, 2, 0)),
    EventTpl("olahraga", "Pertandingan Sepak Bola di {venue}", ("Jakabaring Sport City – Stadion Gelora Sriwijaya",
                                                              "Stadion Bumi Sriwijaya"),
             ("Panitia Pelaksana Pertandingan", "Asprov PSSI Sumsel"), (5000, 25000), (15, 19), (2, 3), (1, 6, 3),
             "daerah"),
    EventTpl("olahraga", "Palembang Fun Run di {venue}", ("Jakabaring Sport City – Stadion Gelora Sriwijaya",
                                                        "Benteng Kuto Besak (BKB)"),
             ("Komunitas Lari Palembang", "KONI Kota Palembang"), (2000, 8000), (5, 6), (3, 4), (4, 5, 0)),
    EventTpl("olahraga", "Kejuaraan Dayung di {venue}", ("Danau Jakabaring",), ("PODSI Sumsel",), (500, 3000),
             (8,), (6, 8), (7, 3, 0), "nasional", river=True),
    EventTpl("olahraga", "Turnamen Bola Voli Antar Kelurahan Kel. {kel}", (KEL,), ("Karang Taruna Kel. {kel}",),
             (200, 800), (14, 15), (3, 4), (9, 1, 0)),
    EventTpl("konser", "Konser Musik di {venue}", ("Jakabaring Sport City – Stadion Gelora Sriwijaya",
                                                 "Plaza Benteng Kuto Besak", "Palembang Icon Mall"),
             ("PT Sriwijaya Kreasi Hiburan (EO)", "Musi Entertainment (EO)", "Radio Swasta Palembang"),
             (3000, 20000), (19,), (3, 4), (1, 5, 3), "nasional"),
    EventTpl("konser", "Pentas Seni dan Hiburan Rakyat di {venue}", ("Plaza Benteng Kuto Besak", "Kambang Iwak Park",
                                                                   "Monpera"),
             ("Dinas Kebudayaan Kota Palembang", "Sanggar Seni Palembang"), (1000, 5000), (19, 20), (3, 4),
             (4, 5, 1)),
    EventTpl("keramaian_umum", "Car Free Day Jl. Jend. Sudirman", ("Bundaran Air Mancur",),
             ("Dinas Perhubungan Kota Palembang",), (3000, 10000), (6,), (3, 4), (6, 4, 0)),
    EventTpl("keramaian_umum", "Malam Pergantian Tahun di {venue}", ("Benteng Kuto Besak (BKB)", "Jembatan Ampera"),
             ("Pemerintah Kota Palembang",), (20000, 60000), (20,), (4, 5), (0, 4, 6), "daerah"),
    EventTpl("keramaian_umum", "Pasar Malam Kel. {kel}", (KEL,), ("Panitia Pasar Malam Kel. {kel}",), (300, 2000),
             (18,), (4, 5), (7, 3, 0)),
    EventTpl("keramaian_umum", "Pelayanan Arus Mudik di {venue}", ("Terminal Alang-Alang Lebar (KM 12)",
                                                                 "Terminal Karya Jaya", "Pelabuhan Boom Baru",
                                                                 "Stasiun Kertapati"),
             ("Dinas Perhubungan Provinsi Sumsel",), (2000, 8000), (6, 8), (8, 12), (3, 6, 1), "daerah"),
    EventTpl("ekonomi", "Palembang Expo di {venue}", ("Jakabaring Sport City – Stadion Gelora Sriwijaya",
                                                    "Palembang Square (PS Mall)"),
             ("Kadin Kota Palembang", "Dinas Perdagangan Provinsi Sumsel"), (2000, 8000), (10,), (8, 10),
             (6, 4, 0), "daerah"),
    EventTpl("ekonomi", "Pameran UMKM di {venue}", ("Palembang Square (PS Mall)", "Palembang Trade Center (PTC Mall)",
                                                  "International Plaza (IP)", "Palembang Indah Mall (PIM)"),
             ("Dinas Koperasi dan UKM Kota Palembang",), (500, 3000), (10,), (8, 10), (9, 1, 0)),
    EventTpl("ekonomi", "Operasi Pasar Murah di {venue}", ("Pasar Kuto", "Pasar 16 Ilir"),
             ("Dinas Perdagangan Kota Palembang", "Perum Bulog Sumsel"), (500, 2500), (8,), (4, 6), (4, 5, 1)),
    EventTpl("pemerintahan", "Upacara Peringatan HUT RI di {venue}", ("Kantor Gubernur Sumatera Selatan",
                                                                    "Benteng Kuto Besak (BKB)"),
             ("Pemerintah Provinsi Sumatera Selatan",), (2000, 6000), (7,), (2, 3), (4, 5, 1), "daerah"),
    EventTpl("pemerintahan", "Kunjungan Kerja Menteri ke {venue}", ("Kantor Gubernur Sumatera Selatan",
                                                                  "Bandara Sultan Mahmud Badaruddin II",
                                                                  "Pelabuhan Boom Baru"),
             ("Pemerintah Provinsi Sumatera Selatan",), (200, 1500), (9, 13), (3, 5), (2, 6, 2), "nasional"),
    EventTpl("pemerintahan", "Rapat Paripurna di {venue}", ("DPRD Provinsi Sumatera Selatan",),
             ("Sekretariat DPRD Provinsi Sumsel",), (200, 800), (9,), (3, 5), (5, 4, 1), "daerah"),
    EventTpl("pemerintahan", "Musrenbang Kota Palembang di {venue}", ("Kantor Walikota Palembang (Kantor Ledeng)",),
             ("Bappeda Kota Palembang",), (200, 600), (8,), (4, 6), (9, 1, 0)),
    EventTpl("pemerintahan", "Upacara Hari Bhayangkara di {venue}", ("Kantor Polda Sumatera Selatan",),
             ("Polda Sumatera Selatan",), (1000, 3000), (7,), (2, 3), (6, 4, 0), "daerah"),
    EventTpl("politik", "Deklarasi Damai Peserta Pemilu di {venue}", ("Benteng Kuto Besak (BKB)", "Asrama Haji Palembang"),
             ("KPU Kota Palembang", "Forkopimda Kota Palembang"), (1000, 5000), (9,), (3, 4), (2, 6, 2), "daerah"),
    EventTpl("politik", "Rapat Konsolidasi DPD Partai di {venue}", ("Asrama Haji Palembang", "Palembang Icon Mall", KEL),
             ("DPD Partai Amanat Bangsa Sumsel", "DPC Partai Karya Rakyat Palembang", "DPW Partai Nusantara Maju Sumsel"),
             (300, 2000), (9, 13, 19), (3, 4), (3, 6, 1)),
    EventTpl("politik", "Pelantikan Pengurus Ormas di {venue}", ("Asrama Haji Palembang", "Kambang Iwak Park", KEL),
             ("Pemuda Pancasila Kota Palembang", "KNPI Kota Palembang", "Forum Komunikasi Putra Putri Purnawirawan"),
             (300, 1500), (9, 19), (3, 4), (4, 5, 1)),
    EventTpl("pemilu", "Rapat Pleno Rekapitulasi Suara di {venue}", ("KPU Kota Palembang",), ("KPU Kota Palembang",),
             (100, 500), (9,), (8, 12), (0, 4, 6), "daerah", "penghitungan"),
    EventTpl("pemilu", "Pendaftaran Bakal Calon di {venue}", ("KPU Kota Palembang",), ("KPU Kota Palembang",),
             (500, 3000), (9,), (6, 8), (1, 6, 3), "daerah", "pencalonan"),
    EventTpl("pemilu", "Kampanye Terbuka di {venue}", ("Benteng Kuto Besak (BKB)", "Kambang Iwak Park", KEL),
             ("Tim Kampanye Pasangan Calon",), (2000, 10000), (9, 14), (3, 4), (0, 5, 5), "daerah", "kampanye"),
    EventTpl("pemilu", "Pengawalan Distribusi Logistik Pemilu dari {venue}", ("KPU Kota Palembang",),
             ("KPU Kota Palembang",), (50, 200), (7,), (8, 10), (1, 6, 3), "daerah", "pemungutan"),
    EventTpl("pemilu", "Rapat Pleno Penetapan DPS di {venue}", ("KPU Kota Palembang", "Bawaslu Kota Palembang"),
             ("KPU Kota Palembang",), (100, 300), (9,), (4, 6), (6, 4, 0), "daerah", "pemutakhiran"),
)
KIND_WEIGHTS = {"keagamaan": 22, "sosial_budaya": 18, "olahraga": 10, "konser": 7, "keramaian_umum": 12,
                "ekonomi": 8, "pemerintahan": 12, "politik": 8, "pemilu": 3}
BY_KIND: dict[str, list[EventTpl]] = {}
for _t in TEMPLATES:
    BY_KIND.setdefault(_t.kind, []).append(_t)

#: Points where traffic posts (pos lalin) usually stand; coordinates approximate.
TRAFFIC_POINTS = (
    ("Simpang Lima DPRD", -2.9745, 104.7370), ("Jl. Kapten A. Rivai", -2.9770, 104.7460),
    ("Simpang Polda", -2.9570, 104.7435), ("Simpang Charitas", -2.9782, 104.7518),
    ("Bundaran Air Mancur", -2.9870, 104.7612), ("Jembatan Ampera sisi Ilir", -2.9900, 104.7630),
    ("Jembatan Ampera sisi Ulu", -2.9945, 104.7640), ("Jl. Demang Lebar Daun", -2.9700, 104.7280),
    ("Simpang Jakabaring", -3.0100, 104.7790), ("Jl. Gub. H. A. Bastari", -3.0180, 104.7850),
    ("Simpang Angkatan 45", -2.9780, 104.7430), ("Jl. Merdeka", -2.9880, 104.7560),
    ("Simpang Patal", -2.9650, 104.7770), ("Simpang Sekip", -2.9720, 104.7580),
    ("Simpang Bandara", -2.9020, 104.7050), ("Simpang KM 12", -2.9270, 104.7000),
    ("Jl. Soekarno-Hatta", -2.9600, 104.7100), ("Simpang Plaju", -3.0030, 104.8100),
    ("Jl. Yos Sudarso Boom Baru", -2.9780, 104.7780), ("Simpang Rajawali", -2.9680, 104.7680),
)
CHANNELS = (("surat", 45), ("wa", 20), ("telepon", 10), ("langsung", 10), ("intelkam", 15))
CIVIL_TITLES = ("Ketua Panitia", "Koordinator Lapangan", "Sekretaris", "Ketua", "Humas")


@dataclass
class Line:
    id: str
    function_code: str | None
    count: int
    min_rank_code: str | None = None
    gender: str | None = None
    role_label: str = ""


@dataclass
class PostDraft:
    id: str
    name: str
    type: str
    lat: float
    lon: float
    start_at: datetime
    end_at: datetime
    lines: list[Line] = field(default_factory=list)
    notes: str = ""


@dataclass
class EventDraft:
    id: str
    title: str
    kind: str
    pemilu_phase: str | None
    scale: str
    organiser: str
    venue_name: str | None
    address: str
    kecamatan_code: str
    kelurahan_code: str
    lat: float
    lon: float
    start_at: datetime
    end_at: datetime
    expected_crowd: int
    kerawanan_level: int
    river: bool = False
    status: str = "diterima"
    description: str = ""
    budget_supported: bool = False
    kerawanan_assessed_at: datetime | None = None
    kerawanan_assessor: str = ""
    number: str = ""
    busy: bool = False
    posts: list[PostDraft] = field(default_factory=list)
    request: dict | None = None


class EventFactory:
    def __init__(self, rng: random.Random, today: date, now: datetime, venues: tuple[VenueRef, ...],
                 kelurahan: list[Wilayah], kecamatan_names: dict[str, str], people: list[Person], civil_names):
        self.rng, self.today, self.now = rng, today, now
        self.venues = {v.name: v for v in venues}
        self.kelurahan = kelurahan
        self.kecamatan_names = kecamatan_names
        self.civil_names = civil_names
        self.seen: set[tuple[str, date]] = set()     # (title, day): no event twice on one day
        self.assessors = [p for p in people if p.unit.code == "SATINTELKAM" and p.active
                          and p.level >= BY_CODE["IPDA"].level]

    # -- single events ---------------------------------------------------------------------------------
    def place(self, venue_name: str):
        rng = self.rng
        if venue_name == KEL:
            kel = rng.choice(self.kelurahan)
            lat, lon = kel.lat + rng.uniform(-0.002, 0.002), kel.lon + rng.uniform(-0.002, 0.002)
            kec = self.kecamatan_names.get(kel.kecamatan_code, "")
            return None, kel, lat, lon, f"Kel. {kel.name}, Kec. {kec}", kel.name
        v = self.venues[venue_name]
        kel = nearest_kelurahan(v.lat, v.lon, self.kelurahan, v.kecamatan_code or None)
        return v, kel, v.lat, v.lon, v.address, kel.name

    def make(self, tpl: EventTpl, day: date, *, venue_name: str | None = None, start_hour: int | None = None,
             duration_h: float | None = None, crowd: int | None = None, level: int | None = None,
             organiser: str | None = None, title: str | None = None) -> EventDraft:
        rng = self.rng
        venue, kel, lat, lon, address, kel_name = self.place(venue_name or rng.choice(tpl.venues))
        org = (organiser or rng.choice(tpl.organisers)).format(kel=kel_name)
        short = SHORT_VENUE.get(venue.name, venue.name) if venue else f"Kel. {kel_name}"
        text = (title or tpl.title).format(org=org, venue=short, kel=kel_name)
        hour = start_hour if start_hour is not None else rng.choice(tpl.hours)
        minute = 0 if start_hour is not None else rng.choice((0, 0, 30))
        start = wib_at(day, hour, minute)
        hours = duration_h if duration_h is not None else rng.randint(*tpl.duration)
        end = start + timedelta(hours=hours)
        lvl = level or rng.choices((1, 2, 3), weights=tpl.kerawanan, k=1)[0]
        if crowd is None:
            crowd = int(round(rng.randint(*tpl.crowd), -1))
        description = ""
        if tpl.kind == "unjuk_rasa":
            description = f"Tuntutan: {rng.choice(DEMO_ISSUES)}. Dasar: UU No. 9 Tahun 1998."
        budget = rng.random() < {"pemerintahan": 0.5, "pemilu": 0.8}.get(tpl.kind, 0.05)
        return EventDraft(make_uuid(rng), text[:200], tpl.kind, tpl.phase, tpl.scale, org[:160],
                          venue.name if venue else None, address[:200], kel.kecamatan_code, kel.code, lat, lon,
                          start, end, crowd, lvl, tpl.river, description=description, budget_supported=budget)

    def random_event(self, kind: str, day: date, first: date | None = None, last: date | None = None) -> EventDraft:
        """An event of `kind` on `day`; a holiday-bound one (Idul Fitri, Natal, HUT RI, Cap Go Meh …) only on its
        true date within [first, last] (default: `day` itself). Never the same title twice on one day."""
        rng = self.rng
        first, last = first or day, last or day
        for attempt in range(40):
            this_kind = kind if attempt < 20 else ("unjuk_rasa" if kind == "unjuk_rasa" else "keramaian_umum")
            tpl = DEMO_TPL if this_kind == "unjuk_rasa" else rng.choice(BY_KIND[this_kind])
            on = day
            allowed = allowed_days(tpl.title, first, last)
            if allowed is not None:
                if not allowed:
                    continue
                on = rng.choice(allowed)
            ev = self.make(tpl, on)
            if (ev.title, on) not in self.seen:
                self.seen.add((ev.title, on))
                return ev
        raise RuntimeError(f"no distinct {kind} event for {day}")       # cannot happen with the templates shipped

    def random_kind(self) -> str:
        return weighted(self.rng, KIND_WEIGHTS.items())

    # -- requests and lifecycle ------------------------------------------------------------------------
    def lifecycle(self, ev: EventDraft, *, upcoming: bool, with_posts: bool) -> None:
        rng = self.rng
        dadakan = rng.random() < 0.25
        lead = timedelta(hours=rng.randint(4, 70)) if dadakan else timedelta(days=rng.randint(3, 21),
                                                                              hours=rng.randint(0, 10))
        received = ev.start_at - lead
        if upcoming and received > self.now - timedelta(hours=1):
            received = self.now - timedelta(hours=rng.randint(1, 40))
        has_request = rng.random() < (0.92 if ev.kind in ("unjuk_rasa", "pemerintahan") else 0.85)
        channel = weighted(rng, CHANNELS if ev.kind != "unjuk_rasa" else (("surat", 50), ("intelkam", 35),
                                                                          ("wa", 15))) if has_request else ""
        received = office_hours(received, channel, rng)          # letters in office hours, messages by day
        if upcoming:
            ev.status = "direncanakan" if with_posts and rng.random() < 0.85 else ("dinilai" if with_posts
                                                                                   or rng.random() < 0.5
                                                                                   else "diterima")
        else:
            r = rng.random()
            ev.status = "dibatalkan" if r < 0.06 else ("selesai" if r < 0.30 else "dilaporkan")
        if ev.status != "diterima":
            limit = min(ev.start_at, self.now) if upcoming else ev.start_at
            assessed = min(received + timedelta(hours=rng.randint(1, 24)), limit - timedelta(minutes=30))
            ev.kerawanan_assessed_at = max(assessed, received + timedelta(minutes=15))
            if self.assessors:
                a = rng.choice(self.assessors)
                ev.kerawanan_assessor = f"{a.rank_code} {a.name} (Sat Intelkam)"[:120]
            else:
                ev.kerawanan_assessor = "Sat Intelkam"
        if has_request:
            gender = "F" if rng.random() < 0.25 else "M"
            name = self.civil_names(gender)
            letter = ""
            if channel in ("surat", "langsung"):
                abbrev = "".join(w[0] for w in ev.organiser.split() if w[:1].isalpha()).upper()[:6] or "PAN"
                roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[received.month - 1]
                letter = f"{rng.randint(1, 250):03d}/{abbrev}/{roman}/{received.year}"
            subject = (f"Pemberitahuan aksi penyampaian pendapat: {ev.title}" if ev.kind == "unjuk_rasa"
                       else f"Permohonan pengamanan: {ev.title}")
            status = ("dibatalkan" if ev.status == "dibatalkan" else "selesai" if not upcoming else "diterima")
            ev.request = dict(id=make_uuid(rng), received_at=received, channel=channel,
                              requester_name=f"{name} ({rng.choice(CIVIL_TITLES)})"[:120],
                              requester_org=ev.organiser, requester_contact=_phone(rng),
                              subject=subject[:200], letter_number=letter, status=status)

    # -- posts -------------------------------------------------------------------------------------------
    def posts_for(self, ev: EventDraft, scale: float = 1.0) -> list[PostDraft]:
        rng = self.rng
        crowd, lvl = ev.expected_crowd, ev.kerawanan_level
        base = 6 if crowd <= 300 else 12 if crowd <= 1000 else 24 if crowd <= 5000 else 45 if crowd <= 15000 else 70
        n = max(4, int(base * (1 + 0.35 * (lvl - 1)) * scale))
        start, end = ev.start_at - timedelta(hours=1), ev.end_at + timedelta(minutes=30)
        place = SHORT_VENUE.get(ev.venue_name or "", ev.venue_name or ev.address.split(",")[0])

        def post(name: str, kind: str, dlat: float = 0.0, dlon: float = 0.0, early: int = 0) -> PostDraft:
            p = PostDraft(make_uuid(rng), name[:120], kind, round(ev.lat + dlat + rng.uniform(-0.0008, 0.0008), 6),
                          round(ev.lon + dlon + rng.uniform(-0.0008, 0.0008), 6),
                          start - timedelta(minutes=early), end)
            posts.append(p)
            return p

        def line(p: PostDraft, fn: str | None, count: int, rank: str | None = None, gender: str | None = None,
                 role: str = "") -> None:
            if count >= 1:
                p.lines.append(Line(make_uuid(rng), fn, count, rank, gender, role))

        posts: list[PostDraft] = []
        main = post(f"Pos Pam Utama {place}", "pos_pam")
        line(main, None, 1, "IPTU" if (lvl == 3 or n >= 60) else "IPDA", None, "Danpos")
        if n >= 12:
            line(main, None, 1, "AIPDA", None, "Wadanpos")
        if ev.kind in ("unjuk_rasa", "politik") or (ev.kind == "pemilu" and lvl >= 2):
            ring = post(f"Ring 1 Dalmas {place}", "pos_pam", 0.0006, -0.0004)
            line(ring, None, 1, "AIPDA", None, "Katim Dalmas")
            line(ring, "dalmas", round(n * 0.38), role="Dalmas")
            nego = post(f"Pos Negosiasi {place}", "pos_pam", -0.0005, 0.0005)
            line(nego, "negosiator", 1 if n < 30 else 2, role="Negosiator")
            line(nego, "polwan", max(2, round(n * 0.08)), gender="F", role="Polwan Negosiator")
            line(main, "samapta", round(n * 0.18), role="Pengamanan")
        else:
            line(main, "samapta", round(n * 0.40), role="Pengamanan")
            if n >= 15:
                line(main, "polwan", max(2, round(n * 0.06)), gender="F", role="Polwan")
        pantau = post(f"Pos Pantau Intelkam {place}", "pos_pantau", 0.0012, 0.0010)
        line(pantau, "intelkam", max(2, round(n * 0.08)), role="Intelkam (tertutup)")
        if crowd >= 1000:
            line(pantau, "reskrim", max(2, round(n * 0.07)), role="Tim Opsnal Reskrim")
        if ev.kind == "pemerintahan" or (ev.kind == "pemilu" and ev.pemilu_phase == "pemungutan"):
            esc = post(f"Pengawalan {ev.title}"[:120], "pengawalan", -0.002, -0.002, early=30)
            line(esc, "pengawalan", rng.randint(2, 4), role="Patwal")
        if ev.river:
            air = post(f"Pos Perairan {place}", "pos_pam", -0.0025, 0.0015)
            line(air, "polair", max(3, round(n * 0.08)), role="Patroli Perairan")
        lalin_n = max(2, round(n * (0.18 if crowd >= 1000 else 0.12)))
        points = sorted(TRAFFIC_POINTS, key=lambda t: haversine_km(ev.lat, ev.lon, t[1], t[2]))
        k = 1 if lalin_n <= 4 else 2 if lalin_n <= 12 else 3
        for i in range(k):
            name, plat, plon = points[i]
            p = PostDraft(make_uuid(rng), f"Pos Lalin {name}"[:120], "pos_lalin", plat, plon,
                          start - timedelta(minutes=30), end)
            posts.append(p)
            share = lalin_n // k + (1 if i < lalin_n % k else 0)
            line(p, "lantas", share, role="Pengaturan Lalu Lintas")
        if n >= 40:
            cad = post(f"Cadangan {place}", "cadangan", 0.002, 0.0)
            line(cad, "samapta", round(n * 0.08), role="Cadangan")
        return [p for p in posts if p.lines]


DEMO_TPL = EventTpl("unjuk_rasa", "Aksi Unjuk Rasa {org} di {venue}", DEMO_VENUES, DEMO_ORGS, (50, 1500),
                    (9, 10, 13), (2, 4), (3, 6, 2), "lokal")


def _phone(rng: random.Random) -> str:
    return f"08{rng.choice((11, 12, 13, 21, 22, 52, 53, 57, 77, 78, 95, 96))}-" \
           f"{rng.randrange(10000):04d}-{rng.randrange(10000):04d}"


def months_back(today: date, k: int) -> tuple[int, int]:
    y, m = today.year, today.month - k
    while m <= 0:
        m += 12
        y -= 1
    return y, m


def historic_events(f: EventFactory, today: date) -> list[EventDraft]:
    """The 24 complete months before the current one (counts from the table) + the current month so far."""
    table = monthly_counts()
    events: list[EventDraft] = []
    for k in range(HISTORY_MONTHS, -1, -1):
        y, m = months_back(today, k)
        row = table[(profile_year(max(k, 1)), m)]
        days = calendar.monthrange(y, m)[1]
        if k == 0:   # the current month up to yesterday, prorated
            last = today.day - 1
            n_keg = round(row.kegiatan_masyarakat * last / days)
            n_ur = round(row.unjuk_rasa * last / days)
        else:
            last = days
            n_keg, n_ur = row.kegiatan_masyarakat, row.unjuk_rasa
        if last <= 0:
            continue
        for kind_n, is_demo in ((n_ur, True), (n_keg, False)):
            for _ in range(kind_n):
                day = date(y, m, f.rng.randint(1, last))
                kind = "unjuk_rasa" if is_demo else f.random_kind()
                ev = f.random_event(kind, day, date(y, m, 1), date(y, m, last))
                if ev.end_at >= f.now:   # keep history strictly in the past
                    ev.end_at = f.now - timedelta(hours=1)
                    ev.start_at = min(ev.start_at, ev.end_at - timedelta(hours=1))
                events.append(ev)
    return events


def upcoming_events(f: EventFactory, today: date, busy_day: date) -> list[EventDraft]:
    """Random events of the next 14 days (none on the busy day) and a few later ones without posts."""
    table = monthly_counts()
    events: list[EventDraft] = []
    days = [today + timedelta(days=i) for i in range(14)]
    for day in days:
        if day == busy_day:
            continue
        row = table[(profile_year(1), day.month)]
        dim = calendar.monthrange(day.year, day.month)[1]
        for rate, is_demo in ((row.unjuk_rasa / dim, True), (row.kegiatan_masyarakat / dim, False)):
            n = int(rate) + (1 if f.rng.random() < rate - int(rate) else 0)
            for _ in range(n):
                kind = "unjuk_rasa" if is_demo else f.random_kind()
                ev = f.random_event(kind, day)
                if day == today and ev.start_at < f.now + timedelta(hours=2):
                    shift = f.now + timedelta(hours=2) - ev.start_at
                    ev.start_at += shift
                    ev.end_at += shift
                ev.posts = f.posts_for(ev)
                events.append(ev)
    for _ in range(12):
        day = today + timedelta(days=f.rng.randint(15, 45))
        kind = "unjuk_rasa" if f.rng.random() < 0.2 else f.random_kind()
        events.append(f.random_event(kind, day))
    return events


def busy_day_events(f: EventFactory, day: date) -> list[EventDraft]:
    """Several demonstrations, a large religious event and a match on one day; all posts within 07.00-16.00 WIB."""
    demo = DEMO_TPL
    evs = [
        f.make(demo, day, venue_name="DPRD Provinsi Sumatera Selatan", start_hour=9, duration_h=4, crowd=3000,
               level=3, organiser="Aliansi Mahasiswa Sumsel"),
        f.make(demo, day, venue_name="Kantor Gubernur Sumatera Selatan", start_hour=9, duration_h=4.5, crowd=2500,
               level=3, organiser="Aliansi Buruh Sumsel"),
        f.make(demo, day, venue_name="Simpang Charitas", start_hour=10, duration_h=3, crowd=800, level=2,
               organiser="Forum Honorer Sumsel"),
        f.make(demo, day, venue_name="Kantor Walikota Palembang (Kantor Ledeng)", start_hour=9, duration_h=3,
               crowd=400, level=2, organiser="Ikatan Pedagang Pasar 16 Ilir"),
        f.make(BY_KIND["keagamaan"][0], day, venue_name="Masjid Agung Palembang", start_hour=8, duration_h=3.5,
               crowd=20000, level=2, organiser="MUI Kota Palembang",
               title="Tabligh Akbar dan Doa Bersama untuk Palembang Aman di Masjid Agung"),
        f.make(BY_KIND["olahraga"][0], day, venue_name="Jakabaring Sport City – Stadion Gelora Sriwijaya",
               start_hour=12, duration_h=3, crowd=18000, level=2, organiser="Panitia Pelaksana Pertandingan",
               title="Pertandingan Sepak Bola Liga Nasional di Jakabaring Sport City"),
        f.make(BY_KIND["ekonomi"][1], day, venue_name="Palembang Square (PS Mall)", start_hour=10, duration_h=5,
               crowd=1500, level=1),
    ]
    for ev in evs:
        ev.busy = True
        ev.posts = f.posts_for(ev, scale=3.0)
        for p in ev.posts:   # keep every window inside 07.00-16.00 WIB (piket ends 07.00, starts 16.00)
            p.start_at = max(p.start_at, wib_at(day, 7))
            p.end_at = min(p.end_at, wib_at(day, 16))
    return evs


# -- feasibility of a set of requirement lines on one day ------------------------------------------------
def eligible(person: Person, ln: Line) -> bool:
    if ln.function_code is not None and ln.function_code not in person.functions:
        return False
    if ln.gender is not None and person.gender != ln.gender:
        return False
    if ln.min_rank_code is not None and person.level < BY_CODE[ln.min_rank_code].level:
        return False
    return True


def greedy_cover(lines: list[Line], people: list[Person]) -> int:
    """Fill the lines with distinct people, scarcest lines first; returns the number of unfilled slots."""
    order = sorted(lines, key=lambda ln: sum(1 for p in people if eligible(p, ln)) / ln.count)
    used: set[str] = set()
    # Prefer people with few skills so specialists stay free for the lines that need them.
    ranked = sorted(people, key=lambda p: (len(p.functions), p.level))
    unfilled = 0
    for ln in order:
        need = ln.count
        for p in ranked:
            if need == 0:
                break
            if p.id not in used and eligible(p, ln):
                used.add(p.id)
                need -= 1
        unfilled += need
    return unfilled


def fit_busy_day(f: EventFactory, evs: list[EventDraft], available: list[Person], share: float = 0.82) -> None:
    """Scale the busy day's lines so every pool is used at most ~65% and fill up to `share` of the available."""
    lines = [ln for ev in evs for p in ev.posts for ln in p.lines]
    for _ in range(3):
        for ln in lines:
            pool = sum(1 for p in available if eligible(p, ln))
            same = [x for x in lines if (x.function_code, x.gender, x.min_rank_code) ==
                    (ln.function_code, ln.gender, ln.min_rank_code)]
            demand = sum(x.count for x in same)
            cap = int(pool * 0.65)
            if demand > cap and demand > 0:
                factor = cap / demand
                for x in same:
                    x.count = max(1, int(x.count * factor))
    target = int(len(available) * share)
    current = sum(ln.count for ln in lines)
    extra = max(0, target - current)
    weights = [sum(ln.count for p in ev.posts for ln in p.lines) for ev in evs]
    total_w = sum(weights) or 1
    ring2: list[Line] = []
    for ev, w in zip(evs, weights):
        add = extra * w // total_w
        if add < 1:
            continue
        main = ev.posts[0]
        p = PostDraft(make_uuid(f.rng), f"Ring 2 {main.name.removeprefix('Pos Pam Utama ')}"[:120], "pos_pam",
                      round(main.lat + 0.0015, 6), round(main.lon - 0.0012, 6), main.start_at, main.end_at)
        ln = Line(make_uuid(f.rng), None, add, None, None, "Pengamanan Ring 2")
        p.lines.append(ln)
        ev.posts.append(p)
        ring2.append(ln)
    all_lines = [ln for ev in evs for p in ev.posts for ln in p.lines]
    missing = greedy_cover(all_lines, available)
    for ln in ring2:                      # trim the general lines if the greedy check leaves gaps
        if missing <= 0:
            break
        cut = min(missing, ln.count - 1)
        ln.count -= cut
        missing -= cut


# -- assignments for the recent past -------------------------------------------------------------------
def overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


def place_past(rng: random.Random, events: list[EventDraft], pool: list[Person],
               busy: dict[str, list[tuple[datetime, datetime]]], rest: timedelta) -> list[dict]:
    """Assignments for past posts: eligible, free (with rest time), mostly full lines."""
    rows: list[dict] = []
    n = len(pool)
    for ev in sorted(events, key=lambda e: e.start_at):
        for post in ev.posts:
            for ln in post.lines:
                want = ln.count if rng.random() < 0.85 else max(1, ln.count - 1)
                offset = rng.randrange(n)
                for i in range(n):
                    if want == 0:
                        break
                    p = pool[(offset + i) % n]
                    if not eligible(p, ln):
                        continue
                    spans = busy.get(p.id, ())
                    if any(overlaps(post.start_at - rest, post.end_at + rest, s, e) for s, e in spans):
                        continue
                    busy.setdefault(p.id, []).append((post.start_at, post.end_at))
                    rows.append(dict(id=make_uuid(rng), requirement_id=ln.id, post_id=post.id, personnel_id=p.id,
                                     start_at=post.start_at, end_at=post.end_at, event_id=ev.id))
                    want -= 1
    return rows
