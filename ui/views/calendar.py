"""A day/week/month calendar of events: blocks coloured by kerawanan; clicking a block selects the event.

Pure widget: the owner feeds `CalendarItem`s with `set_items()` and reloads when `rangeChanged`
fires. Times are shown in WIB.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from antasena_desktop.domain.planning_day import belongs_to_day
from antasena_desktop.i18n import T, current_language
from antasena_desktop.timefmt import DAYS_ID, MONTHS_EN, MONTHS_ID, WIB, format_date, format_time_wib, to_wib

DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MODES = [("day", T("Hari", "Day")), ("week", T("Minggu", "Week")), ("month", T("Bulan", "Month"))]


@dataclass(frozen=True)
class CalendarItem:
    id: str
    title: str
    start: datetime
    end: datetime
    color: str = "#90caf9"
    subtitle: str = ""


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=WIB)


class _Canvas(QWidget):
    HEADER = 22
    GUTTER = 48
    BAR = 16

    def __init__(self, owner: "EventCalendar"):
        super().__init__(owner)
        self.owner = owner
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(420, 320))

    # ---- layout: list of (rect, item) in paint order; computed on demand so clicks work before painting
    def layout_blocks(self) -> list[tuple[QRect, CalendarItem]]:
        mode = self.owner.mode
        return self._month_blocks() if mode == "month" else self._time_blocks(1 if mode == "day" else 7)

    def _days(self) -> list[date]:
        start, end = self.owner.visible_range()
        return [start.date() + timedelta(days=i) for i in range((end - start).days)]

    def _month_cells(self) -> tuple[list[date], int, int]:
        days = self._days()
        cw = max(1, self.width() // 7)
        ch = max(1, (self.height() - self.HEADER) // (len(days) // 7))
        return days, cw, ch

    def _month_blocks(self):
        days, cw, ch = self._month_cells()
        blocks = []
        capacity = max(1, (ch - 18) // (self.BAR + 2))
        for index, day in enumerate(days):
            todays = [i for i in self.owner.items if belongs_to_day(i.start, day)]   # the planning day
            x, y = (index % 7) * cw, self.HEADER + (index // 7) * ch
            for slot, item in enumerate(todays[:capacity]):
                blocks.append((QRect(x + 2, y + 18 + slot * (self.BAR + 2), cw - 4, self.BAR), item))
        return blocks

    def _time_blocks(self, ndays: int):
        days = self._days()[:ndays]
        width = max(1, (self.width() - self.GUTTER) // ndays)
        hour_h = (self.height() - self.HEADER) / 24.0
        blocks = []
        for col, day in enumerate(days):
            lo, hi = _midnight(day), _midnight(day + timedelta(days=1))
            todays = sorted((i for i in self.owner.items if i.start < hi and i.end > lo), key=lambda i: i.start)
            lanes: list[datetime] = []
            placed = []
            for item in todays:
                lane = next((n for n, busy_until in enumerate(lanes) if busy_until <= item.start), None)
                if lane is None:
                    lane = len(lanes)
                    lanes.append(item.end)
                else:
                    lanes[lane] = item.end
                placed.append((item, lane))
            nlanes = max(1, len(lanes))
            lane_w = max(8, (width - 4) // nlanes)
            for item, lane in placed:
                top = max(item.start, lo) - lo
                bottom = min(item.end, hi) - lo
                y1 = self.HEADER + int(top.total_seconds() / 3600 * hour_h)
                y2 = self.HEADER + int(bottom.total_seconds() / 3600 * hour_h)
                x = self.GUTTER + col * width + 2 + lane * lane_w
                blocks.append((QRect(x, y1, lane_w - 2, max(self.BAR, y2 - y1)), item))
        return blocks

    def block_at(self, pos: QPoint) -> CalendarItem | None:
        for rect, item in reversed(self.layout_blocks()):
            if rect.contains(pos):
                return item
        return None

    # ---- painting
    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        grid = QPen(QColor("#bdbdbd"))
        painter.setPen(grid)
        en = current_language() == "en"
        day_names = DAYS_EN if en else DAYS_ID
        today = datetime.now(WIB).date()
        if self.owner.mode == "month":
            days, cw, ch = self._month_cells()
            for i in range(7):
                painter.drawText(QRect(i * cw, 0, cw, self.HEADER), Qt.AlignmentFlag.AlignCenter, day_names[i][:3])
            anchor = self.owner.anchor
            for index, day in enumerate(days):
                x, y = (index % 7) * cw, self.HEADER + (index // 7) * ch
                cell = QRect(x, y, cw, ch)
                if day.month != anchor.month:
                    painter.fillRect(cell, QColor("#f5f5f5"))
                if day == today:
                    painter.fillRect(cell, QColor("#e3f2fd"))
                painter.setPen(grid)
                painter.drawRect(cell)
                painter.setPen(QColor("#424242"))
                painter.drawText(QRect(x + 3, y + 1, cw - 6, 16), Qt.AlignmentFlag.AlignRight, str(day.day))
        else:
            ndays = 1 if self.owner.mode == "day" else 7
            days = self._days()[:ndays]
            width = max(1, (self.width() - self.GUTTER) // ndays)
            hour_h = (self.height() - self.HEADER) / 24.0
            for hour in range(0, 24, 2 if hour_h < 18 else 1):
                y = self.HEADER + int(hour * hour_h)
                painter.setPen(grid)
                painter.drawLine(self.GUTTER, y, self.width(), y)
                painter.setPen(QColor("#616161"))
                painter.drawText(QRect(0, y, self.GUTTER - 4, 14), Qt.AlignmentFlag.AlignRight, f"{hour:02d}.00")
            for col, day in enumerate(days):
                x = self.GUTTER + col * width
                if day == today:
                    painter.fillRect(QRect(x, self.HEADER, width, self.height()), QColor("#e3f2fd"))
                painter.setPen(grid)
                painter.drawLine(x, 0, x, self.height())
                painter.setPen(QColor("#424242"))
                painter.drawText(QRect(x, 0, width, self.HEADER), Qt.AlignmentFlag.AlignCenter,
                                 f"{day_names[day.weekday()][:3]} {day.day}")
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        painter.setFont(small)
        metrics = QFontMetrics(small)
        for rect, item in self.layout_blocks():
            color = QColor(item.color)
            painter.fillRect(rect, color)
            if item.id == self.owner.selected_id:
                painter.setPen(QPen(QColor("#0d47a1"), 2))
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.setPen(QColor("#000000") if color.lightness() > 120 else QColor("#ffffff"))
            text = item.title if self.owner.mode == "month" else f"{format_time_wib(item.start)} {item.title}"
            painter.drawText(rect.adjusted(3, 0, -2, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(10, rect.width() - 5)))
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        item = self.block_at(event.position().toPoint())
        if item is not None:
            self.owner.select(item.id)
            self.owner.eventClicked.emit(item.id)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        item = self.block_at(event.position().toPoint())
        if item is not None:
            QToolTip.showText(event.globalPosition().toPoint(), str(T(
                "{t}\n{d} {a}–{b}\n{s}", "{t}\n{d} {a}–{b}\n{s}", t=item.title, d=format_date(item.start),
                a=format_time_wib(item.start), b=format_time_wib(item.end), s=item.subtitle)), self)
        else:
            QToolTip.hideText()


class EventCalendar(QWidget):
    eventClicked = Signal(str)
    rangeChanged = Signal(object, object)      # start, end (aware, WIB midnights)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mode = "month"
        self.anchor = datetime.now(WIB).date()
        self.items: list[CalendarItem] = []
        self.selected_id: str | None = None
        self.mode_box = QComboBox()
        self.mode_box.setObjectName("calendar_mode")
        self.mode_box.currentIndexChanged.connect(lambda i: self.set_mode(self.mode_box.itemData(i)))
        self.prev_button, self.today_button, self.next_button = QPushButton("‹"), QPushButton(), QPushButton("›")
        self.prev_button.setObjectName("calendar_prev")
        self.next_button.setObjectName("calendar_next")
        self.today_button.setObjectName("calendar_today")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.set_date(datetime.now(WIB).date()))
        self.title_label = QLabel()
        self.title_label.setObjectName("calendar_title")
        bold = QFont(self.title_label.font())
        bold.setBold(True)
        self.title_label.setFont(bold)
        self.canvas = _Canvas(self)
        self.canvas.setObjectName("calendar_canvas")
        top = QHBoxLayout()
        for widget in (self.prev_button, self.today_button, self.next_button):
            top.addWidget(widget)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.mode_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        self.retranslate()

    # ---- state
    def visible_range(self) -> tuple[datetime, datetime]:
        if self.mode == "day":
            return _midnight(self.anchor), _midnight(self.anchor + timedelta(days=1))
        if self.mode == "week":
            monday = self.anchor - timedelta(days=self.anchor.weekday())
            return _midnight(monday), _midnight(monday + timedelta(days=7))
        first = self.anchor.replace(day=1)
        start = first - timedelta(days=first.weekday())
        return _midnight(start), _midnight(start + timedelta(days=42))

    def set_mode(self, mode: str) -> None:
        if mode not in {m for m, _ in MODES} or mode == self.mode:
            return
        self.mode = mode
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex([m for m, _ in MODES].index(mode))
        self.mode_box.blockSignals(False)
        self._changed()

    def set_date(self, day: date) -> None:
        self.anchor = day
        self._changed()

    def step(self, direction: int) -> None:
        if self.mode == "day":
            self.anchor += timedelta(days=direction)
        elif self.mode == "week":
            self.anchor += timedelta(days=7 * direction)
        else:
            month = self.anchor.month - 1 + direction
            self.anchor = date(self.anchor.year + month // 12, month % 12 + 1, 1)
        self._changed()

    def set_items(self, items: list[CalendarItem]) -> None:
        self.items = sorted(items, key=lambda i: (i.start, i.title))
        self.canvas.update()

    def select(self, event_id: str | None) -> None:
        self.selected_id = event_id
        self.canvas.update()

    def item_rect(self, event_id: str) -> QRect | None:
        """Where the first block of an event is drawn (canvas coordinates), or None when not visible."""
        return next((rect for rect, item in self.canvas.layout_blocks() if item.id == event_id), None)

    def _changed(self) -> None:
        self._update_title()
        self.canvas.update()
        self.rangeChanged.emit(*self.visible_range())

    def _update_title(self) -> None:
        months = MONTHS_EN if current_language() == "en" else MONTHS_ID
        if self.mode == "month":
            text = f"{months[self.anchor.month - 1]} {self.anchor.year}"
        elif self.mode == "week":
            start, end = self.visible_range()
            text = f"{format_date(start)} – {format_date(end - timedelta(days=1))}"
        else:
            text = format_date(self.anchor, with_day=True)
        self.title_label.setText(text)

    def retranslate(self) -> None:
        self.mode_box.blockSignals(True)
        self.mode_box.clear()
        for code, label in MODES:
            self.mode_box.addItem(str(label), code)
        self.mode_box.setCurrentIndex([m for m, _ in MODES].index(self.mode))
        self.mode_box.blockSignals(False)
        self.today_button.setText(str(T("Hari ini", "Today")))
        self.prev_button.setToolTip(str(T("Sebelumnya", "Previous")))
        self.next_button.setToolTip(str(T("Berikutnya", "Next")))
        self._update_title()
        self.canvas.update()


def items_from_rows(rows, colors: dict[int, str]) -> list[CalendarItem]:
    """Calendar items from `EventRow`s, coloured by kerawanan level."""
    return [CalendarItem(r.id, r.title, to_wib(r.start_at), to_wib(r.end_at), colors.get(r.kerawanan_level, "#90caf9"),
                         r.place) for r in rows]
