"""Dasbor / ANEV: cards, monthly kegiatan and unjuk rasa bar charts, the next 14 days' seats, availability by kind,
today's events with their coverage. Every card and bar drills down to the list it counts ("Rincian").
Figures come from `antasena_desktop.services.dashboard`; this view only draws them."""
from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCharts import (QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries,
                              QValueAxis)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from antasena_desktop.domain.catalog import AVAILABILITY_BY_CODE, EVENT_STATUS_BY_CODE
from antasena_desktop.i18n import T, current_language
from antasena_desktop.services import dashboard
from antasena_desktop.timefmt import format_date, format_time_wib, now_utc, to_wib
from ui.ops import ReadOp
from ui.views.base import BaseView

CARDS = ("personnel", "unavailable", "today", "next14", "requests", "dadakan", "sprin")
KEGIATAN_COLOR, DEMO_COLOR = QColor("#1f6fb2"), QColor("#c62828")


class Card(QFrame):
    clicked = Signal()

    def __init__(self, key: str):
        super().__init__()
        self.setObjectName(f"cardframe_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.value, self.caption = QLabel("…"), QLabel()
        self.value.setObjectName(f"card_{key}")
        self.value.setStyleSheet("font-size: 24px; font-weight: bold; color: #1f3b5a")
        self.caption.setWordWrap(True)
        inner = QVBoxLayout(self)
        inner.setContentsMargins(10, 6, 10, 6)
        inner.addWidget(self.value)
        inner.addWidget(self.caption)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()


def _chart_view(name: str) -> QChartView:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    view = QChartView(chart)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(230)
    return view


class DashboardView(BaseView):
    title = T("Dasbor", "Dashboard")
    icon_name = "fa5s.tachometer-alt"
    watches = {"event", "personnel", "availability", "security_request", "assignment", "sprin", "post",
               "post_requirement"}

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.summary: dashboard.DashboardSummary | None = None
        self.drill_data: dashboard.Drill | None = None
        self.drill_key: tuple[str, str] | None = None
        self.bar_sets: dict[str, QBarSet] = {}
        self.heading = QLabel()
        self.heading.setObjectName("dashboard_heading")
        self.heading.setStyleSheet("font-size: 18px; font-weight: bold")
        self.demo_banner = QLabel()
        self.demo_banner.setStyleSheet("background: #fff3cd; color: #7a5b00; padding: 4px 8px; border: 1px solid #e0c36a")
        self.demo_banner.hide()
        self.export_button = QPushButton()
        self.export_button.setObjectName("dashboard_export_anev")
        self.export_button.clicked.connect(self.export_anev)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("dashboard_saved")
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.saved_label.setOpenExternalLinks(True)
        self.cards: dict[str, Card] = {}
        cards = QHBoxLayout()
        for key in CARDS:
            card = Card(key)
            card.clicked.connect(lambda key=key: self.open_drill(key))
            self.cards[key] = card
            cards.addWidget(card)
        self.kegiatan_chart = _chart_view("dashboard_chart_kegiatan")
        self.demo_chart = _chart_view("dashboard_chart_unjuk_rasa")
        self.coverage_chart = _chart_view("dashboard_chart_coverage")
        self.availability_chart = _chart_view("dashboard_chart_availability")
        self.today_table = self._table("dashboard_today")
        self.today_table.cellDoubleClicked.connect(lambda *_: self.open_drill("today"))
        self.today_caption = QLabel()
        self.drill_title = QLabel()
        self.drill_title.setObjectName("dashboard_drill_title")
        self.drill_title.setStyleSheet("font-weight: bold")
        self.drill_table = self._table("dashboard_drill")
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addWidget(self.demo_banner)
        head.addStretch()
        head.addWidget(self.saved_label)
        head.addWidget(self.export_button)
        grid = QGridLayout()
        grid.addWidget(self.kegiatan_chart, 0, 0)
        grid.addWidget(self.demo_chart, 0, 1)
        today_box = QVBoxLayout()
        today_box.addWidget(self.today_caption)
        today_box.addWidget(self.today_table)
        grid.addLayout(today_box, 0, 2)
        grid.addWidget(self.coverage_chart, 1, 0)
        grid.addWidget(self.availability_chart, 1, 1)
        drill_box = QVBoxLayout()
        drill_box.addWidget(self.drill_title)
        drill_box.addWidget(self.drill_table)
        grid.addLayout(drill_box, 1, 2)
        for column, stretch in enumerate((3, 3, 4)):
            grid.setColumnStretch(column, stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(cards)
        layout.addLayout(grid, 1)
        self.retranslate()

    @staticmethod
    def _table(name: str) -> QTableWidget:
        table = QTableWidget(0, 0)
        table.setObjectName(name)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        return table

    # ---- data
    def load_data(self, session):
        return dashboard.summary(session, to_wib(now_utc()).date())

    def show_data(self, data: dashboard.DashboardSummary) -> None:
        self.summary = data
        self.demo_banner.setVisible(data.is_demo)
        self._fill()
        if self.drill_key is not None:
            self.open_drill(*self.drill_key)

    def _fill(self) -> None:
        s = self.summary
        if s is None:
            return
        num = dashboard.number
        filled, required = s.seats_today
        lead = s.sprin_lead_median_hours
        values = {"personnel": num(s.personnel_active), "unavailable": num(s.unavailable_today),
                  "today": f"{num(s.events_today)} · {num(filled)}/{num(required)}",
                  "next14": num(s.events_next_14_days), "requests": num(s.requests_open),
                  "dadakan": num(s.requests_dadakan),
                  "sprin": str(T("{h} jam", "{h} h", h=num(lead, 0))) if lead is not None else "–"}
        for key, text in values.items():
            self.cards[key].value.setText(text)
        language = current_language()
        months = [m.label(language)[:3] for m in s.monthly]          # "Jan" … the titles carry the years
        span = f"{s.monthly[0].label(language)} – {s.monthly[-1].label(language)}" if s.monthly else ""
        self._bars(self.kegiatan_chart, "kegiatan", T("Kegiatan masyarakat per bulan ({p})", "Community events per month ({p})", p=span),
                   months, [m.kegiatan for m in s.monthly], KEGIATAN_COLOR,
                   lambda i: self.open_drill("month", s.monthly[i].key))
        self._bars(self.demo_chart, "unjuk_rasa", T("Unjuk rasa per bulan ({p})", "Demonstrations per month ({p})", p=span),
                   months, [m.unjuk_rasa for m in s.monthly], DEMO_COLOR,
                   lambda i: self.open_drill("month_demo", s.monthly[i].key))
        days = [str(c.day.day) for c in s.coverage]
        self._bars(self.coverage_chart, "coverage", T("Kursi 14 hari ke depan, per tanggal (dibutuhkan / terisi)",
                                                      "Seats over the next 14 days, by date (needed / filled)"),
                   days, [c.required for c in s.coverage], QColor("#90a4ae"),
                   lambda i: self.open_drill("coverage", s.coverage[i].day.isoformat()),
                   second=("filled", [c.filled for c in s.coverage], QColor("#2e7d32")))
        kinds = [AVAILABILITY_BY_CODE[k].label(language) if k in AVAILABILITY_BY_CODE else k
                 for k, _n in s.availability_by_kind]
        self._bars(self.availability_chart, "availability", T("Tidak tersedia hari ini menurut jenis",
                                                              "Unavailable today by kind"),
                   kinds, [n for _k, n in s.availability_by_kind], QColor("#7b1fa2"),
                   lambda i: self.open_drill("unavailable", s.availability_by_kind[i][0]), horizontal=True)
        self.today_table.setColumnCount(4)
        self.today_table.setHorizontalHeaderLabels([str(T("Mulai", "Start")), str(T("Kegiatan", "Event")),
                                                    str(T("Kursi", "Seats")), str(T("Status", "Status"))])
        self.today_table.setRowCount(len(s.today))
        for row, e in enumerate(s.today):
            cover = f"{num(e.filled)}/{num(e.required)}"
            status = EVENT_STATUS_BY_CODE[e.status].label(language) if e.status in EVENT_STATUS_BY_CODE else e.status
            for col, text in enumerate((format_time_wib(e.start_at), e.title, cover, status)):
                item = QTableWidgetItem(text)
                if col == 2 and e.filled < e.required:
                    item.setForeground(QColor("#b71c1c"))
                self.today_table.setItem(row, col, item)
        self.today_table.resizeColumnToContents(0)
        self.today_table.setColumnWidth(1, 260)

    def _bars(self, view: QChartView, key: str, title, categories: list[str], values: list[int], color: QColor,
              on_click, second=None, horizontal: bool = False) -> None:
        chart = view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(str(title))
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        main = QBarSet(str(title))
        main.append([float(v) for v in values])
        main.setColor(color)
        main.clicked.connect(on_click)
        series.append(main)
        self.bar_sets[key] = main
        if second is not None:
            name, other, other_color = second
            extra = QBarSet(name)
            extra.append([float(v) for v in other])
            extra.setColor(other_color)
            extra.clicked.connect(on_click)
            series.append(extra)
            self.bar_sets[f"{key}_{name}"] = extra
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        categories_axis = QBarCategoryAxis()
        categories_axis.append(categories or ["–"])
        font = categories_axis.labelsFont()
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        categories_axis.setLabelsFont(font)
        if not horizontal:
            categories_axis.setLabelsAngle(-90)          # 12 months / 14 days stay readable on a narrow chart
        value_axis = QValueAxis()
        value_axis.setLabelFormat("%d")
        value_axis.setRange(0, max([1, *values, *(second[1] if second else [])]) * 1.2)
        value_axis.applyNiceNumbers()
        chart.addAxis(categories_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories_axis)
        series.attachAxis(value_axis)

    # ---- drill-down
    def open_drill(self, what: str, key: str = "") -> None:
        if self.summary is None:
            return
        day = self.summary.day
        self.drill_key = (what, key)
        ReadOp(self, lambda session: dashboard.drill(session, day, what, key)).success(self.show_drill).run()

    def show_drill(self, drill: dashboard.Drill) -> None:
        self.drill_data = drill
        self.drill_title.setText(str(T("Rincian: {t} ({n})", "Details: {t} ({n})", t=drill.title,
                                       n=dashboard.number(len(drill.rows)))))
        table = self.drill_table
        table.setColumnCount(len(drill.columns))
        table.setHorizontalHeaderLabels(drill.columns)
        table.setRowCount(len(drill.rows))
        for r, row in enumerate(drill.rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        if table.columnCount() > 1:
            table.setColumnWidth(1, min(280, max(120, table.columnWidth(1))))

    # ---- ANEV export
    def export_anev(self) -> None:
        from ui.files import save_path
        if self.summary is None:
            return
        s = self.summary
        path = save_path(self, T("Ekspor ANEV", "Export ANEV"), f"ANEV_{s.day.year}-{s.day.month:02d}.pdf",
                         "PDF (*.pdf)")
        if not path:
            return
        self.write_anev(Path(path))

    def write_anev(self, pdf: Path) -> tuple[Path, Path]:
        """PDF (with the two monthly charts) and xlsx side by side; returns both paths."""
        from ui.printing.render import export_pdf
        s = self.summary
        pdf = pdf.with_suffix(".pdf")
        xlsx = pdf.with_suffix(".xlsx")
        images = {}
        tmp = Path(tempfile.mkdtemp(prefix="anev-"))
        for name, view in (("kegiatan", self.kegiatan_chart), ("unjuk_rasa", self.demo_chart)):
            png = tmp / f"{name}.png"
            view.grab().save(str(png))
            images[name] = str(png)
        export_pdf(dashboard.anev_document(s, images), pdf)
        dashboard.anev_workbook(s, xlsx)
        from ui.files import show_saved
        show_saved(self.saved_label, pdf, extra=xlsx)
        return pdf, xlsx

    def retranslate(self) -> None:
        day = self.summary.day if self.summary else to_wib(now_utc()).date()
        self.heading.setText(str(T("Situasi hari ini — {d}", "Today's situation — {d}",
                                   d=format_date(day, with_day=True))))
        self.demo_banner.setText(str(T("DATA DEMO — bukan data operasional sebenarnya.",
                                       "DEMO DATA — not real operational data.")))
        self.export_button.setText(str(T("Ekspor ANEV (PDF + xlsx)…", "Export ANEV (PDF + xlsx)…")))
        captions = {
            "personnel": T("Personel aktif", "Active personnel"),
            "unavailable": T("Tidak tersedia hari ini (cuti, sakit, dik, piket, BKO)",
                             "Unavailable today (leave, sick, training, duty, seconded)"),
            "today": T("Kegiatan hari ini · kursi terisi", "Events today · seats filled"),
            "next14": T("Kegiatan 14 hari ke depan", "Events in the next 14 days"),
            "requests": T("Permohonan untuk kegiatan mendatang", "Requests for upcoming events"),
            "dadakan": T("Permohonan dadakan (di bawah ambang)", "Short-notice requests (under threshold)"),
            "sprin": T("Tenggang terbit Sprin (median, bulan ini)", "Order lead time (median, this month)"),
        }
        for key, text in captions.items():
            self.cards[key].caption.setText(str(text))
            self.cards[key].setToolTip(str(T("Klik untuk rincian", "Click for details")))
        self.today_caption.setText(str(T("Kegiatan hari ini dan cakupannya", "Today's events and their coverage")))
        if self.drill_data is None:
            self.drill_title.setText(str(T("Rincian: klik kartu atau batang grafik", "Details: click a card or a bar")))
        self._fill()
        if self.loaded and self.drill_key is not None:
            self.open_drill(*self.drill_key)

