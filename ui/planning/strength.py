"""Strength board: per unit strength / unavailable / committed / free; per function required vs covered;
posts still short, by priority (from `board.strength_board`)."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from antasena_desktop.i18n import T
from ui.planning.tree import SHORT_COLOR, function_label


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(20)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _cell(value, short: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    if short:
        item.setBackground(QBrush(QColor(SHORT_COLOR)))
    return item


class StrengthBoardWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("planning_strength")
        self.board = None
        self.units = _table("strength_units")
        self.functions = _table("strength_functions")
        self.short = _table("strength_short")
        self.units_label, self.functions_label, self.short_label = QLabel(), QLabel(), QLabel()
        layout = QVBoxLayout(self)
        for label, table, stretch in ((self.units_label, self.units, 3), (self.functions_label, self.functions, 2),
                                      (self.short_label, self.short, 3)):
            label.setStyleSheet("font-weight: bold")
            layout.addWidget(label)
            layout.addWidget(table, stretch)
        self.retranslate()

    def set_board(self, board) -> None:
        self.board = board
        self._fill()

    def _fill(self) -> None:
        board = self.board
        if board is None:
            return
        self.units.setRowCount(len(board.units))
        for r, u in enumerate(board.units):
            for c, value in enumerate((u.unit, u.strength, u.unavailable, u.committed, u.free)):
                self.units.setItem(r, c, _cell(value, short=(c == 4 and u.free == 0)))
        self.functions.setRowCount(len(board.by_function))
        for r, (function, required, covered) in enumerate(board.by_function):
            for c, value in enumerate((function_label(function), required, covered)):
                self.functions.setItem(r, c, _cell(value, short=(c == 2 and covered < required)))
        self.short.setRowCount(len(board.short_posts))
        for r, (priority, event, post, filled, required) in enumerate(board.short_posts):
            for c, value in enumerate((priority, event, post, f"{filled}/{required}")):
                self.short.setItem(r, c, _cell(value, short=(c == 3)))

    def retranslate(self) -> None:
        self.units_label.setText(str(T("Kekuatan per satuan", "Strength per unit")))
        self.functions_label.setText(str(T("Kebutuhan per fungsi", "Requirement per function")))
        self.short_label.setText(str(T("Pos yang masih kurang (prioritas)", "Posts still short (priority)")))
        self.units.setColumnCount(5)
        self.units.setHorizontalHeaderLabels([str(T("Satuan", "Unit")), str(T("Kekuatan", "Strength")),
                                              str(T("Berhalangan", "Unavailable")), str(T("Bertugas", "Committed")),
                                              str(T("Siap", "Free"))])
        self.functions.setColumnCount(3)
        self.functions.setHorizontalHeaderLabels([str(T("Fungsi", "Function")), str(T("Dibutuhkan", "Required")),
                                                  str(T("Terpenuhi", "Covered"))])
        self.short.setColumnCount(4)
        self.short.setHorizontalHeaderLabels([str(T("Prioritas", "Priority")), str(T("Kegiatan", "Event")),
                                              str(T("Pos", "Post")), str(T("Terisi", "Filled"))])
        self._fill()


class UnfilledPanel(QWidget):
    """Why seats stayed empty after an auto-fill (result["unfilled"][].reason/reason_id)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("planning_unfilled")
        self.entries: list[tuple[str, str, str, str]] = []     # post, line, reason id, reason en
        self.summary = QLabel()
        self.summary.setObjectName("unfilled_summary")
        self.summary.setWordWrap(True)
        self.table = _table("unfilled_table")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.summary_text = T("Belum ada hasil isi otomatis.", "No auto-fill result yet.")
        self.retranslate()

    def set_entries(self, entries, summary) -> None:
        self.entries = list(entries)
        self.summary_text = summary
        self.retranslate()

    def retranslate(self) -> None:
        from antasena_desktop.i18n import current_language
        self.summary.setText(str(self.summary_text))
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels([str(T("Pos", "Post")), str(T("Kebutuhan", "Requirement")),
                                              str(T("Alasan", "Reason"))])
        self.table.setRowCount(len(self.entries))
        for r, (post, line, reason_id, reason_en) in enumerate(self.entries):
            reason = reason_en if current_language() == "en" else reason_id
            for c, value in enumerate((post, line, reason)):
                item = _cell(value)
                item.setToolTip(str(value))
                self.table.setItem(r, c, item)
