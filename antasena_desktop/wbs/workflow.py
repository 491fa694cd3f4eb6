"""The case workflow (report §4, reconstructed — the SOP flowchart is missing): stages and guarded
transitions. Pure: no database. Stage labels and clocks can be overridden in the settings."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.wbs.roles import ROLE_LABELS, WbsActor, WbsPermission as P

DITERIMA, VERIFIKASI, KELENGKAPAN, PENELAAHAN, PERSETUJUAN = ("diterima", "verifikasi", "kelengkapan",
                                                               "penelaahan", "persetujuan")
TINDAK_LANJUT, VERIFIKASI_TL, SELESAI, DITOLAK = "tindak_lanjut", "verifikasi_tl", "selesai", "ditolak"
TERMINAL = (SELESAI, DITOLAK)

NOT_ADMISSIBLE: dict[str, Text] = {
    "tidak_memenuhi_syarat": T("Tidak memenuhi syarat", "Does not meet the requirements"),
    "bukan_kewenangan": T("Bukan kewenangan Inspektorat", "Outside the Inspectorate's remit"),
    "dilimpahkan": T("Dilimpahkan ke instansi berwenang", "Referred to the competent body"),
}
OUTCOMES: dict[str, Text] = {
    "terbukti": T("Terbukti", "Proven"),
    "tidak_terbukti": T("Tidak terbukti", "Not proven"),
    "dilimpahkan": T("Dilimpahkan (APH/instansi lain)", "Referred (law enforcement/other body)"),
}
FOLLOW_UPS: dict[str, Text] = {
    "audit_investigasi": T("Audit investigasi", "Investigative audit"),
    "rekomendasi_ppk": T("Rekomendasi kepada PPK", "Recommendation to the civil-service authority"),
    "rujukan_aph": T("Rujukan ke Aparat Penegak Hukum", "Referral to law enforcement"),
}
ALL_OUTCOMES: dict[str, Text] = {**NOT_ADMISSIBLE, **OUTCOMES}


@dataclass(frozen=True)
class Stage:
    code: str
    label: Text
    reporter_label: Text         # what the reporter reads on the tracking page
    days: int | None             # the stage's clock in working days (None: no clock)


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permissions: tuple[P, ...]   # any of these
    label: Text
    needs_reason: bool = False


_SEEN = T("Sedang diverifikasi oleh Tim WBS", "Being verified by the WBS team")
_REVIEW = T("Sedang ditelaah", "Under review")
_FOLLOW = T("Sedang ditindaklanjuti", "Being followed up")

DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage(DITERIMA, T("Diterima", "Received"), T("Laporan diterima, menunggu verifikasi",
                                                 "Report received, awaiting verification"), 7),
    Stage(VERIFIKASI, T("Verifikasi", "Verification"), _SEEN, 10),
    Stage(KELENGKAPAN, T("Menunggu kelengkapan data", "Awaiting more data"),
          T("Tim WBS meminta kelengkapan data: baca pesan dan balas", "The WBS team asks for more data: read the message and reply"), 10),
    Stage(PENELAAHAN, T("Penelaahan", "Review"), _REVIEW, 14),
    Stage(PERSETUJUAN, T("Persetujuan Inspektur", "Inspector's approval"), _REVIEW, 5),
    Stage(TINDAK_LANJUT, T("Tindak lanjut", "Follow-up"), _FOLLOW, 30),
    Stage(VERIFIKASI_TL, T("Verifikasi laporan tindak lanjut", "Verification of the follow-up report"), _FOLLOW, 10),
    Stage(SELESAI, T("Selesai", "Completed"), T("Selesai ditindaklanjuti", "Completed and followed up"), None),
    Stage(DITOLAK, T("Tidak dapat ditindaklanjuti", "Cannot be followed up"),
          T("Tidak dapat ditindaklanjuti: baca pesan Tim WBS", "Cannot be followed up: read the WBS team's message"), None),
)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(DITERIMA, VERIFIKASI, (P.VERIFY,), T("Mulai verifikasi", "Start verification")),
    Transition(VERIFIKASI, KELENGKAPAN, (P.VERIFY,), T("Minta kelengkapan data", "Ask for more data"), True),
    Transition(KELENGKAPAN, VERIFIKASI, (P.VERIFY,), T("Lanjutkan verifikasi", "Resume verification")),
    Transition(VERIFIKASI, PENELAAHAN, (P.VERIFY,), T("Teruskan ke penelaah", "Forward to the reviewer")),
    Transition(VERIFIKASI, DITOLAK, (P.VERIFY,), T("Tidak dapat ditindaklanjuti", "Not admissible"), True),
    Transition(PENELAAHAN, PERSETUJUAN, (P.REVIEW,), T("Ajukan telaahan ke Inspektur", "Submit the review memo to the Inspector")),
    Transition(PERSETUJUAN, TINDAK_LANJUT, (P.APPROVE,), T("Setujui telaahan", "Approve the review memo")),
    Transition(PERSETUJUAN, PENELAAHAN, (P.APPROVE,), T("Kembalikan ke penelaah", "Return to the reviewer"), True),
    Transition(TINDAK_LANJUT, VERIFIKASI_TL, (P.REVIEW,), T("Serahkan laporan hasil tindak lanjut", "Hand in the follow-up report")),
    Transition(VERIFIKASI_TL, TINDAK_LANJUT, (P.VERIFY, P.APPROVE), T("Kembalikan untuk dilengkapi", "Return for completion"), True),
    Transition(VERIFIKASI_TL, SELESAI, (P.APPROVE,), T("Setujui dan selesaikan", "Approve and close")),
)


class IllegalMove(UserError):
    pass


@dataclass(frozen=True)
class Workflow:
    stages: dict[str, Stage]
    transitions: tuple[Transition, ...]

    def stage(self, code: str) -> Stage:
        if code not in self.stages:
            raise IllegalMove(T("Tahap {s} tidak dikenal.", "Unknown stage {s}.", s=code))
        return self.stages[code]

    def label(self, code: str) -> Text:
        return self.stage(code).label

    def moves_from(self, source: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == source]

    def allowed_moves(self, actor: WbsActor, source: str) -> list[Transition]:
        return [t for t in self.moves_from(source) if any(actor.can(p) for p in t.permissions)]

    def check(self, actor: WbsActor, source: str, target: str, reason: str = "",
              details: dict[str, Any] | None = None, criteria: list[str] = ()) -> Transition:
        """The transition `source → target` for `actor`, or IllegalMove naming what is wrong."""
        details = details or {}
        src, dst = self.stage(source), self.stage(target)
        move = next((t for t in self.moves_from(source) if t.target == target), None)
        if move is None:
            nexts = ", ".join(str(self.label(t.target)) for t in self.moves_from(source)) or "-"
            raise IllegalMove(T("Perkara pada tahap {a} tidak dapat dipindah ke {b}. Tahap berikutnya yang sah: {n}.",
                                "A case in stage {a} cannot move to {b}. Valid next stages: {n}.",
                                a=src.label, b=dst.label, n=nexts))
        if not any(actor.can(p) for p in move.permissions):
            raise IllegalMove(T("Peran {r} tidak dapat melakukan \"{m}\".", "The role {r} cannot do \"{m}\".",
                                r=ROLE_LABELS[actor.role], m=move.label))
        if move.needs_reason and not reason.strip():
            raise IllegalMove(T("\"{m}\" memerlukan alasan.", "\"{m}\" needs a reason.", m=move.label))
        if target == DITOLAK and details.get("outcome") not in NOT_ADMISSIBLE:
            raise IllegalMove(T("Sebutkan dasar penolakan: {o}.", "Give the ground for not admitting: {o}.",
                                o=", ".join(NOT_ADMISSIBLE)))
        if (source, target) == (VERIFIKASI, PENELAAHAN):
            checklist = details.get("checklist") or {}
            missing = [c for c in criteria if not checklist.get(c)]
            if missing:
                raise IllegalMove(T("Kriteria verifikasi belum terpenuhi: {c}.",
                                    "Verification criteria not met: {c}.", c=", ".join(missing)))
        if (source, target) == (PERSETUJUAN, TINDAK_LANJUT) and details.get("follow_up") not in FOLLOW_UPS:
            raise IllegalMove(T("Sebutkan bentuk tindak lanjut: {f}.", "Give the kind of follow-up: {f}.",
                                f=", ".join(FOLLOW_UPS)))
        if target == SELESAI:
            outcome = details.get("outcome")
            if outcome not in OUTCOMES:
                raise IllegalMove(T("Sebutkan hasil akhir: {o}.", "Give the outcome: {o}.", o=", ".join(OUTCOMES)))
        return move


def default_workflow(overrides: dict[str, dict] | None = None) -> Workflow:
    """The default stages, with labels/clocks overridden per stage code: {code: {id, en, days}}."""
    stages = {}
    for stage in DEFAULT_STAGES:
        o = (overrides or {}).get(stage.code) or {}
        label = T(o.get("id", stage.label.id), o.get("en", stage.label.en))
        stages[stage.code] = replace(stage, label=label, days=o.get("days", stage.days))
    return Workflow(stages, TRANSITIONS)


def is_open(stage: str) -> bool:
    return stage not in TERMINAL
