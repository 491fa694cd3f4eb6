"""Kesehatan sistem (Administrator sistem, Penanggung jawab): accounts, failed sign-ins, wrong receipt
codes (guessing shows here), the audit chain, the database size — never case content. Each check is
itself audited by the core."""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from antasena_desktop.i18n import T
from ui.wbs import core
from ui.wbs.base import WbsView
from ui.wbs.labels import moment_text, number_text

ROWS = (
    ("accounts", T("Akun (aktif / terkunci)", "Accounts (active / locked)")),
    ("cases", T("Kasus (dimusnahkan)", "Cases (purged)")),
    ("failed_logins_24h", T("Gagal masuk, 24 jam terakhir", "Failed sign-ins, last 24 hours")),
    ("failed_tracks", T("Kode lacak salah, 1 jam / 24 jam", "Wrong tracking codes, 1 hour / 24 hours")),
    ("audit", T("Log audit (baris, rantai)", "Audit log (rows, chain)")),
    ("database", T("Ukuran basis data", "Database size")),
    ("checked_at", T("Diperiksa", "Checked")),
)


def figures(h) -> dict[str, str]:
    chain = (str(T("utuh", "intact")) if h.audit_intact else
             str(T("PUTUS pada baris {r}", "BROKEN at row {r}", r=h.audit_broken_at)))
    size = "—" if h.database_bytes is None else f"{number_text(h.database_bytes / 1048576, 1)} MB"
    return {"accounts": f"{h.accounts} ({h.active_accounts} / {h.locked_accounts})",
            "cases": f"{h.cases} ({h.purged_cases})", "failed_logins_24h": number_text(h.failed_logins_24h),
            "failed_tracks": f"{number_text(h.failed_tracks_1h)} / {number_text(h.failed_tracks_24h)}",
            "audit": f"{number_text(h.audit_rows)} — {chain}", "database": size, "checked_at": moment_text(h.checked_at)}


class HealthView(WbsView):
    title = T("Kesehatan sistem", "System health")
    permission = "system_health"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.health = None
        self.box = QGroupBox()
        form = QFormLayout(self.box)
        self.captions, self.values = {}, {}
        for key, _text in ROWS:
            self.captions[key], self.values[key] = QLabel(), QLabel("…")
            self.values[key].setObjectName(f"health_{key}")
            form.addRow(self.captions[key], self.values[key])
        self.check_button = QPushButton()
        self.check_button.setObjectName("health_check")
        self.check_button.clicked.connect(self.refresh)
        self.note = QLabel()
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.box)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.retranslate()

    def refresh(self) -> None:
        """The check writes its own audit row: on the writer, like every audited read."""
        actor = self.ctx.actor
        self.call(lambda session: core.system_health(session, actor), self._loaded, self._failed)

    def show_data(self, health) -> None:
        self.health = health
        for key, text in figures(health).items():
            self.values[key].setText(text)
        self.values["audit"].setStyleSheet("" if health.audit_intact else "color: #b71c1c; font-weight: bold")
        self.values["failed_tracks"].setStyleSheet("color: #b71c1c; font-weight: bold"
                                                   if health.failed_tracks_1h >= 20 else "")

    def retranslate(self) -> None:
        self.box.setTitle(str(T("Keadaan sistem WBS", "State of the WBS")))
        for key, text in ROWS:
            self.captions[key].setText(str(text))
        self.check_button.setText(str(T("Periksa sekarang", "Check now")))
        self.note.setText(str(T("Hanya angka sistem; isi laporan, lampiran dan identitas pelapor tidak tampil di sini. "
                                "Lonjakan kode lacak salah menandakan percobaan menebak kode tanda terima.",
                                "System figures only; no report content, attachment or identity appears here. A surge "
                                "of wrong tracking codes means someone is guessing receipt codes.")))
        if self.health is not None:
            self.show_data(self.health)
