"""Dashboard: today's strength and work, late requests, events per month over the last year."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from antasena_desktop.i18n import T
from antasena_desktop.services import dashboard
from antasena_desktop.timefmt import MONTHS_ID, format_date_id, now_utc, to_wib
from ui.views.base import BaseView


class DashboardView(BaseView):
    title = T("Dasbor", "Dashboard")
    icon_name = "fa5s.tachometer-alt"
    watches = {"event", "personnel", "availability", "security_request", "assignment"}

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.summary: dashboard.DashboardSummary | None = None
        self.heading = QLabel()
        self.heading.setObjectName("dashboard_heading")
        self.heading.setStyleSheet("font-size: 18px; font-weight: bold")
        self.demo_banner = QLabel()
        self.demo_banner.setStyleSheet("background: #fff3cd; color: #7a5b00; padding: 6px; border: 1px solid #e0c36a")
        self.demo_banner.hide()
        self.cards: dict[str, QLabel] = {}
        self.card_titles: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, key in enumerate(("personnel", "unavailable", "today", "next14", "requests", "dadakan")):
            frame = QFrame()
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(frame)
            value, caption = QLabel("…"), QLabel()
            value.setObjectName(f"card_{key}")
            value.setStyleSheet("font-size: 26px; font-weight: bold; color: #1f3b5a")
            inner.addWidget(value)
            inner.addWidget(caption)
            self.cards[key], self.card_titles[key] = value, caption
            grid.addWidget(frame, i // 3, i % 3)
        self.monthly = QTableWidget(0, 3)
        self.monthly.setObjectName("dashboard_monthly")
        self.monthly.verticalHeader().hide()
        self.monthly_caption = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.demo_banner)
        layout.addLayout(grid)
        layout.addWidget(self.monthly_caption)
        layout.addWidget(self.monthly, 1)
        self.retranslate()

    def load_data(self, session):
        return dashboard.summary(session, to_wib(now_utc()).date())

    def show_data(self, data: dashboard.DashboardSummary) -> None:
        self.summary = data
        values = {"personnel": data.personnel_active, "unavailable": data.unavailable_today,
                  "today": data.events_today, "next14": data.events_next_14_days,
                  "requests": data.requests_open, "dadakan": data.requests_dadakan}
        for key, value in values.items():
            self.cards[key].setText(f"{value:,}".replace(",", "."))
        self.monthly.setRowCount(len(data.monthly_events))
        for row, (month, total, demos) in enumerate(data.monthly_events):
            year, mon = month.split("-")
            for col, text in enumerate((f"{MONTHS_ID[int(mon) - 1]} {year}", str(total), str(demos))):
                self.monthly.setItem(row, col, QTableWidgetItem(text))
        self.demo_banner.setVisible(data.is_demo)
        self.retranslate()

    def retranslate(self) -> None:
        day = self.summary.day if self.summary else date.today()
        self.heading.setText(str(T("Situasi hari ini — {d}", "Today's situation — {d}",
                                   d=format_date_id(day, with_day=True))))
        self.demo_banner.setText(str(T("DATA DEMO — bukan data operasional sebenarnya.",
                                       "DEMO DATA — not real operational data.")))
        captions = {
            "personnel": T("Personel aktif", "Active personnel"),
            "unavailable": T("Tidak tersedia hari ini (cuti, sakit, dik, piket, BKO)",
                             "Unavailable today (leave, sick, training, duty, seconded)"),
            "today": T("Kegiatan hari ini", "Events today"),
            "next14": T("Kegiatan 14 hari ke depan", "Events in the next 14 days"),
            "requests": T("Permohonan untuk kegiatan mendatang", "Requests for upcoming events"),
            "dadakan": T("Permohonan dadakan (di bawah ambang)", "Short-notice requests (under threshold)"),
        }
        for key, text in captions.items():
            self.card_titles[key].setText(str(text))
        self.monthly_caption.setText(str(T("Kegiatan per bulan (12 bulan terakhir)", "Events per month (last 12 months)")))
        self.monthly.setHorizontalHeaderLabels([str(T("Bulan", "Month")), str(T("Semua kegiatan", "All events")),
                                                str(T("Unjuk rasa", "Demonstrations"))])
