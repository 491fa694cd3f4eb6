"""Jatuh tempo: the cases whose stage clock, acknowledgement or feedback deadline falls due, overdue first."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout

from antasena_desktop.i18n import T
from ui.models.table import Column, RowFilterProxy, RowTableModel
from ui.wbs import core
from ui.wbs.base import WbsView
from ui.wbs.labels import day_text, number_text

OVERDUE_COLOR, SOON_COLOR = "#f8d7da", "#fff3cd"
SOON_DAYS = 3


def due_counts(session, actor) -> tuple[int, int]:
    """(cases overdue, other cases due within SOON_DAYS working days) for the desk's reminder line."""
    items = core.due_items(session, actor)
    overdue = {item.case_id for item in items if item.overdue}
    soon = {item.case_id for item in items if not item.overdue and item.working_days_left <= SOON_DAYS} - overdue
    return len(overdue), len(soon)


def _color(item) -> str | None:
    if item.overdue:
        return OVERDUE_COLOR
    return SOON_COLOR if item.working_days_left <= SOON_DAYS else None


def _columns() -> list[Column]:
    return [
        Column(T("Nomor", "Reference"), lambda r: r.reference, color=_color),
        Column(T("Tahap", "Stage"), lambda r: core.stage_label(r.stage), color=_color),
        Column(T("Tenggat", "Deadline"), lambda r: str(r.kind_label), color=_color),
        Column(T("Jatuh tempo", "Due"), lambda r: day_text(r.due), sort=lambda r: r.due, color=_color),
        Column(T("Sisa hari kerja", "Working days left"), lambda r: number_text(r.working_days_left),
               sort=lambda r: r.working_days_left, color=_color, align_right=True),
        Column(T("Keadaan", "State"), lambda r: str(T("LEWAT", "OVERDUE")) if r.overdue else
               (str(T("Segera", "Soon")) if r.working_days_left <= SOON_DAYS else ""), color=_color),
    ]


class DueView(WbsView):
    title = T("Jatuh tempo", "Due dates")
    permission = "list_cases"
    watches = core.CASE_ENTITIES
    open_case_requested = Signal(str)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.model = RowTableModel(_columns())
        self.proxy = RowFilterProxy([0, 1, 2])
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("due_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def load_data(self, session):
        return core.due_items(session, self.ctx.actor)

    def show_data(self, items) -> None:
        self.model.set_rows(items)
        self.model.sort(4)
        self.retranslate()

    def _open(self, index) -> None:
        self.open_case_requested.emit(self.model.row_at(self.proxy.mapToSource(index)).case_id)

    def retranslate(self) -> None:
        overdue = sum(1 for r in self.model.all_rows if r.overdue)
        self.heading.setText(str(T(
            "{n} tenggat lewat atau jatuh tempo dalam {d} hari kerja; {o} sudah lewat. Hari kerja menurut kalender "
            "libur nasional Indonesia. Klik dua kali untuk membuka kasus.",
            "{n} deadlines overdue or due within {d} working days; {o} overdue. Working days follow the "
            "Indonesian public holidays. Double-click to open the case.", n=self.model.total, o=overdue,
            d=SOON_DAYS)))
        self.model.columns = _columns()
        self.model.retranslate()
