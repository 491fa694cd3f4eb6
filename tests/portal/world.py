"""A small, explicit Bag Ops world for the portal: two units, people, two events with posts and
placements (one with a kerawanan assessment and an intelligence note), and one account of each kind."""
from __future__ import annotations

from datetime import timedelta

from antasena_desktop.services.security import Actor, Role
from antasena_desktop.timefmt import now_utc
from tests.planning import factory

ADMIN = Actor("admin", Role.ADMIN)
PASSWORD = "Portal-Rahasia-2026!"
INTEL_NOTE = "Catatan-intel-RAHASIA: kelompok-X berencana memblokir jalan-9Z"
ASSESSOR = "Kanit-Intel-Penilai-Rahasia-4Q"
SAMAPTA_PEOPLE = (("87010001", "Budi Santoso Samapta"), ("87010002", "Rina Wulandari Samapta"))
LANTAS_PEOPLE = (("88020001", "Joko Prasetyo Lantas"), ("88020002", "Dedi Kurniawan Lantas"))
ORGANISER = "BEM Universitas Sriwijaya"
KINDS = ("pemkot", "pemkot_names", "satker", "organiser", "polri_unit")


class PortalWorld:
    def __init__(self, database):
        from antasena_desktop.planning import service
        from antasena_desktop.services import stakeholders

        self.database = database
        start_day = now_utc().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        with database.session() as s:
            samapta = factory.unit(s, "SAMAPTA")
            lantas = factory.unit(s, "LANTAS")
            self.unit_ids = {"samapta": samapta.id, "lantas": lantas.id}
            people = [factory.person(s, samapta, nrp, name) for nrp, name in SAMAPTA_PEOPLE]
            people += [factory.person(s, lantas, nrp, name, functions=("lantas", "dalmas")) for nrp, name in LANTAS_PEOPLE]
            self.people = [(p.nrp, p.name) for p in people]
            demo = factory.event(s, "Aksi Unjuk Rasa Mahasiswa di DPRD Sumsel", day=start_day, start_hour=0)
            demo.organiser = ORGANISER
            demo.kerawanan_level = 3
            demo.kerawanan_assessor = ASSESSOR
            demo.kerawanan_assessed_at = now_utc()
            demo.description = INTEL_NOTE
            concert = factory.event(s, "Konser Musik di Benteng Kuto Besak", day=start_day + timedelta(days=1), start_hour=0)
            concert.kind = "konser"
            concert.organiser = "PT Hiburan Palembang"
            gate = factory.post(s, demo, "Pos Gerbang DPRD", lines=(("dalmas", 4, None, None),))
            road = factory.post(s, demo, "Pos Simpang Lima", lines=(("lantas", 2, None, None),))
            stage = factory.post(s, concert, "Pos Panggung", lines=(("dalmas", 2, None, None),))
            s.commit()
            self.event_ids = {"demo": demo.id, "concert": concert.id}
            self.post_ids = {"gate": gate.id, "road": road.id, "stage": stage.id}
        with database.session() as s:
            service.place_many(s, ADMIN, [SAMAPTA_PEOPLE[0][0], SAMAPTA_PEOPLE[1][0]], gate.id)
            service.place_many(s, ADMIN, [LANTAS_PEOPLE[0][0]], road.id)
            s.commit()
        self.accounts = {}
        specs = {
            "pemkot": {"kind": "pemkot", "display_name": "Bappeda Kota Palembang"},
            "pemkot_names": {"kind": "pemkot", "display_name": "Diskominfo (profil nama)", "pks_profile": "names"},
            "satker": {"kind": "satker", "display_name": "Sat Samapta", "unit_id": self.unit_ids["samapta"]},
            "organiser": {"kind": "organiser", "display_name": "BEM Unsri", "organiser": ORGANISER},
            "polri_unit": {"kind": "polri_unit", "display_name": "Sat Lantas (BKO)", "unit_id": self.unit_ids["lantas"]},
        }
        with database.session() as s:
            for name, values in specs.items():
                done = stakeholders.create_account(s, ADMIN, name.replace("_", "-"), PASSWORD, values)
                self.accounts[name] = done.created("stakeholder_account")[0]
            s.commit()

    def username(self, kind: str) -> str:
        return kind.replace("_", "-")
