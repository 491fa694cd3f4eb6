"""Dasbor: the two counters of the report's landing page, cases by category and by stage (QtCharts),
overdue cases and the average handling time. Counts only: no identity, no report text."""
from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from antasena_desktop.i18n import T
from antasena_desktop.timefmt import now_utc
from ui.wbs import core
from ui.wbs.base import WbsView
from ui.wbs.labels import day_text, number_text

CARD_KEYS = ("received", "completed", "overdue", "average")


def _bar_chart(title: str, labels: list[str], values: list[int], color: str, horizontal: bool) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    if horizontal:                       # Qt draws the first category at the bottom: keep reading order
        labels, values = labels[::-1], values[::-1]
    bars = QBarSet("")
    bars.append([float(v) for v in values])
    bars.setColor(QColor(color))
    bars.setLabelColor(QColor("#1f3b5a"))
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append(labels or ["—"])
    numbers = QValueAxis()
    numbers.setLabelFormat("%d")
    top = max([1, *values])
    numbers.setRange(0, top + 1)
    numbers.setTickCount(min(6, top + 2))
    numbers.applyNiceNumbers()
    category_side, value_side = ((Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom) if horizontal
                                 else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft))
    chart.addAxis(categories, category_side)
    chart.addAxis(numbers, value_side)
    series.attachAxis(categories)
    series.attachAxis(numbers)
    return chart


class WbsDashboardView(WbsView):
    title = T("Dasbor", "Dashboard")
    permission = "dashboard"
    watches = core.CASE_ENTITIES

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.data = None
        self.heading = QLabel()
        self.heading.setObjectName("wbs_dashboard_heading")
        self.heading.setStyleSheet("font-size: 18px; font-weight: bold")
        self.cards: dict[str, QLabel] = {}
        self.card_titles: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, key in enumerate(CARD_KEYS):
            frame = QFrame()
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(frame)
            value, caption = QLabel("…"), QLabel()
            value.setObjectName(f"wbs_card_{key}")
            value.setStyleSheet("font-size: 30px; font-weight: bold; color: #1f3b5a")
            caption.setWordWrap(True)
            inner.addWidget(value)
            inner.addWidget(caption)
            self.cards[key], self.card_titles[key] = value, caption
            grid.addWidget(frame, 0, i)
        self.category_chart, self.stage_chart = QChartView(), QChartView()
        for view in (self.category_chart, self.stage_chart):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(320)
        self.category_chart.setObjectName("wbs_chart_category")
        self.stage_chart.setObjectName("wbs_chart_stage")
        charts = QHBoxLayout()
        charts.addWidget(self.category_chart, 1)
        charts.addWidget(self.stage_chart, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)
        layout.addWidget(self.note)
        self.retranslate()

    def load_data(self, session):
        return core.dashboard(session, self.ctx.actor)

    def show_data(self, data) -> None:
        self.data = data
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(str(T("Whistleblowing System — keadaan per {d}", "Whistleblowing System — as of {d}",
                                   d=day_text(now_utc()))))
        data = self.data
        captions = {
            "received": T("Laporan dan pengaduan masuk dan ditangani", "Reports received and handled"),
            "completed": T("Laporan dan pengaduan selesai dan berhasil ditindaklanjuti",
                           "Reports completed and followed up"),
            "overdue": T("Kasus lewat jatuh tempo", "Overdue cases"),
            "average": T("Rata-rata lama penanganan sampai selesai (hari kalender)",
                         "Average handling time to closure (calendar days)"),
        }
        if data is not None:
            captions["received"] = T("Laporan dan pengaduan masuk dan ditangani ({h} sudah ditangani, {o} masih "
                                     "berjalan)", "Reports received and handled ({h} taken up, {o} still open)",
                                     h=number_text(data.handled), o=number_text(data.open))
            captions["completed"] = T("Laporan dan pengaduan selesai dan berhasil ditindaklanjuti ({p}% dari yang "
                                      "masuk; {c} ditutup termasuk yang tidak dapat ditindaklanjuti)",
                                      "Reports completed and followed up ({p}% of those received; {c} closed "
                                      "including those not admissible)",
                                      p=number_text(data.followed_up_percent, 1), c=number_text(data.completed))
        for key, text in captions.items():
            self.card_titles[key].setText(str(text))
        self.note.setText(str(T("Dasbor hanya menampilkan jumlah; isi laporan dan identitas pelapor tidak pernah "
                                "tampil di sini.",
                                "The dashboard shows counts only; report contents and reporter identities never "
                                "appear here.")))
        if data is None:
            return
        self.cards["received"].setText(number_text(data.received))
        self.cards["completed"].setText(number_text(data.followed_up))
        self.cards["overdue"].setText(number_text(data.overdue))
        self.cards["overdue"].setStyleSheet("font-size: 30px; font-weight: bold; color: %s"
                                            % ("#b71c1c" if data.overdue else "#1f3b5a"))
        self.cards["average"].setText("—" if data.average_days is None else number_text(data.average_days, 1))
        self.category_chart.setChart(_bar_chart(str(T("Kasus per kategori", "Cases by category")),
                                                [str(label) for label, _n in data.by_category],
                                                [n for _label, n in data.by_category], "#3a6ea5", True))
        self.stage_chart.setChart(_bar_chart(str(T("Kasus per tahap", "Cases by stage")),
                                             [str(label) for label, _n in data.by_stage],
                                             [n for _label, n in data.by_stage], "#5b8c5a", True))

    def selftest_summary(self) -> str:
        return f"{self.data.received} diterima" if self.data else ""
