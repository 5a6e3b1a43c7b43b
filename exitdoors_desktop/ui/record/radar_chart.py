"""The progress-scale radar chart (painted with QPainter) and a table model of the readings.

One axis per scale area, one ring per value of the scale (stage bands shaded), and one shape per
reading: the first outlined and dashed, the latest filled, up to two in between. A reading that
skips an area leaves a gap in its outline rather than inventing a value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from exitdoors_desktop.core.scales import ScaleArea, ScaleDefinition, ScaleReading
from exitdoors_desktop.core.schema import is_int
from exitdoors_desktop.ui.kit.table import Column, ColumnTableModel

MAX_READINGS = 4
FIRST_COLOR = QColor("#6b7a90")
MIDDLE_COLORS = (QColor("#c9822b"), QColor("#8a63b8"))
LATEST_COLOR = QColor("#177e78")
_LABEL_WIDTH = 118.0
_PAD = 8.0


def chart_readings(
    definition: ScaleDefinition, readings: Sequence[ScaleReading], limit: int = MAX_READINGS
) -> list[ScaleReading]:
    """The readings to draw, oldest first: the first one ever and the latest ``limit - 1``."""
    ordered = sorted(
        (r for r in readings if r.scale_id == definition.id), key=lambda r: r.sort_key()
    )
    if len(ordered) <= limit:
        return ordered
    return [ordered[0], *ordered[-(limit - 1) :]]


def reading_value(definition: ScaleDefinition, reading: ScaleReading, area: str) -> int | None:
    """The reading's value for ``area``, or None when it is missing or outside the scale."""
    v = reading.values.get(area)
    return v if is_int(v) and definition.min <= v <= definition.max else None


@dataclass(frozen=True)
class _Style:
    color: QColor
    dashed: bool
    filled: bool


class RadarChart(QWidget):
    """Call ``set_data``; the chart repaints itself and updates its accessible description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("radar_chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._definition: ScaleDefinition | None = None
        self._readings: list[ScaleReading] = []
        self._language = "en"
        self.setAccessibleName(self.tr("Progress scale chart"))

    def set_data(
        self,
        definition: ScaleDefinition | None,
        readings: Sequence[ScaleReading],
        language: str = "en",
    ) -> None:
        self._definition = definition
        self._language = language
        self._readings = chart_readings(definition, readings) if definition else []
        if definition is not None:
            self.setAccessibleName(
                self.tr("Chart: {title}").format(title=definition.title.get(language))
            )
        self.setAccessibleDescription(self.summary())
        self.update()

    def shown_readings(self) -> list[ScaleReading]:
        return list(self._readings)

    def summary(self) -> str:
        """The chart in words, for screen readers: values per area and date, no names."""
        d = self._definition
        if d is None or not d.areas:
            return self.tr("No scale to show.")
        if not self._readings:
            return self.tr("{title}: no readings yet.").format(title=d.title.get(self._language))
        parts = [
            self.tr("{title}, {lo} to {hi}.").format(
                title=d.title.get(self._language), lo=d.min, hi=d.max
            )
        ]
        for area in d.areas:
            values = []
            for r in self._readings:
                v = reading_value(d, r, area.id)
                shown = str(v) if v is not None else self.tr("not rated")
                values.append(f"{shown} ({r.date.isoformat()})")
            parts.append(f"{area.label.get(self._language)}: {', '.join(values)}.")
        return " ".join(parts)

    def sizeHint(self) -> QSize:
        return QSize(560, 480)

    def minimumSizeHint(self) -> QSize:
        return QSize(280, 260)

    # -- painting -------------------------------------------------------------------------------

    def _styles(self) -> list[_Style]:
        n = len(self._readings)
        out = []
        for i in range(n):
            if i == n - 1:
                out.append(_Style(LATEST_COLOR, dashed=False, filled=True))
            elif i == 0:
                out.append(_Style(FIRST_COLOR, dashed=True, filled=False))
            else:
                out.append(_Style(MIDDLE_COLORS[(i - 1) % 2], dashed=False, filled=False))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.contentsRect()).adjusted(_PAD, _PAD, -_PAD, -_PAD)
        d = self._definition
        if d is None or not d.areas:
            self._draw_message(p, rect, self.tr("No scale to show."))
            p.end()
            return
        legend_h = self._draw_legend(p, rect) if self._readings else 0.0
        chart = rect.adjusted(0, 0, 0, -legend_h)
        if not self._readings:
            chart_message = self.tr("No readings yet")
        else:
            chart_message = ""
        if len(d.areas) < 3:
            # A radar needs three axes to enclose anything; one or two areas read better as rows.
            self._draw_rows(p, d, chart)
            if chart_message:
                self._draw_message(p, chart, chart_message)
            p.end()
            return
        fm = QFontMetricsF(self.font())
        label_h = fm.lineSpacing() * 2 + _PAD
        radius = min(chart.width() / 2 - _LABEL_WIDTH - _PAD, chart.height() / 2 - label_h)
        radius = max(radius, 20.0)
        center = chart.center()
        n = len(d.areas)
        self._draw_grid(p, d, center, radius, n)
        self._draw_labels(p, d, center, radius, n, fm)
        for reading, style in zip(self._readings, self._styles(), strict=True):
            self._draw_reading(p, d, reading, style, center, radius)
        if chart_message:
            self._draw_message(p, chart, chart_message)
        p.end()

    @staticmethod
    def _angle(i: int, n: int) -> float:
        # The first area points straight up; the rest follow clockwise.
        return -math.pi / 2 + 2 * math.pi * i / n

    def _point(
        self, d: ScaleDefinition, center: QPointF, radius: float, i: int, v: float
    ) -> QPointF:
        # The lowest value sits on the innermost ring, not at the centre, so it stays visible.
        r = radius * (v - d.min + 1) / (d.max - d.min + 1)
        a = self._angle(i, len(d.areas))
        return QPointF(center.x() + r * math.cos(a), center.y() + r * math.sin(a))

    def _ring(self, d: ScaleDefinition, center: QPointF, radius: float, v: float) -> QPolygonF:
        return QPolygonF([self._point(d, center, radius, i, v) for i in range(len(d.areas))])

    def _draw_grid(
        self, p: QPainter, d: ScaleDefinition, center: QPointF, radius: float, n: int
    ) -> None:
        pal = self.palette()
        grid = QColor(pal.color(pal.ColorRole.Text))
        grid.setAlpha(40)
        band = QColor(pal.color(pal.ColorRole.Text))
        band.setAlpha(12)
        # Shade every other stage band so "moved up a stage" can be read off the chart.
        for k, stage in enumerate(d.stages):
            if k % 2:
                continue
            outer = self._ring(d, center, radius, stage.max)
            inner = self._ring(d, center, radius, stage.min - 1) if stage.min > d.min else None
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(band)
            path_outer = QPolygonF(outer)
            if inner is not None:
                p.drawPolygon(path_outer.subtracted(inner))
            else:
                p.drawPolygon(path_outer)
        values = list(range(d.min, d.max + 1))
        if len(values) > 10:
            step = math.ceil(len(values) / 5)
            values = [v for v in values if (v - d.min) % step == 0] + [d.max]
        p.setBrush(Qt.BrushStyle.NoBrush)
        for v in values:
            pen = QPen(grid, 1.6 if v == d.max else 1.0)
            p.setPen(pen)
            p.drawPolygon(self._ring(d, center, radius, v))
        p.setPen(QPen(grid, 1.0))
        for i in range(n):
            p.drawLine(center, self._point(d, center, radius, i, d.max))
        # Ring values between the first two axes (clear of the labels): ends and middle only.
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.8)
        p.setFont(small)
        muted = QColor(pal.color(pal.ColorRole.Text))
        muted.setAlpha(130)
        p.setPen(muted)
        for v in sorted({d.min, (d.min + d.max) // 2, d.max}):
            a, b = self._point(d, center, radius, 0, v), self._point(d, center, radius, 1, v)
            pt = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
            p.drawText(QPointF(pt.x() + 3, pt.y() - 3), str(v))
        p.setFont(self.font())

    def _draw_labels(
        self,
        p: QPainter,
        d: ScaleDefinition,
        center: QPointF,
        radius: float,
        n: int,
        fm: QFontMetricsF,
    ) -> None:
        p.setPen(self.palette().color(self.palette().ColorRole.Text))
        for i, area in enumerate(d.areas):
            a = self._angle(i, n)
            cx = center.x() + (radius + _PAD) * math.cos(a)
            cy = center.y() + (radius + _PAD) * math.sin(a)
            text = area.label.get(self._language)
            flags = Qt.TextFlag.TextWordWrap
            box = fm.boundingRect(QRectF(0, 0, _LABEL_WIDTH, 1000), flags, text)
            w, h = box.width(), box.height()
            cos, sin = math.cos(a), math.sin(a)
            if abs(cos) < 0.2:
                x, align = cx - w / 2, Qt.AlignmentFlag.AlignHCenter
            elif cos > 0:
                x, align = cx, Qt.AlignmentFlag.AlignLeft
            else:
                x, align = cx - w, Qt.AlignmentFlag.AlignRight
            if abs(sin) < 0.2:
                y = cy - h / 2
            elif sin > 0:
                y = cy
            else:
                y = cy - h
            p.drawText(QRectF(x, y, w, h), int(align) | int(flags), text)

    def _draw_reading(
        self,
        p: QPainter,
        d: ScaleDefinition,
        reading: ScaleReading,
        style: _Style,
        center: QPointF,
        radius: float,
    ) -> None:
        n = len(d.areas)
        pts: list[QPointF | None] = []
        for i, area in enumerate(d.areas):
            v = reading_value(d, reading, area.id)
            pts.append(self._point(d, center, radius, i, v) if v is not None else None)
        pen = QPen(style.color, 2.4 if style.filled else 1.8)
        if style.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        if all(pt is not None for pt in pts):
            fill = QColor(style.color)
            fill.setAlpha(70)
            p.setBrush(QBrush(fill) if style.filled else Qt.BrushStyle.NoBrush)
            p.drawPolygon(QPolygonF([pt for pt in pts if pt is not None]))
        else:
            for i in range(n):
                a, b = pts[i], pts[(i + 1) % n]
                if a is not None and b is not None:
                    p.drawLine(a, b)
        p.setPen(QPen(self.palette().color(self.palette().ColorRole.Base), 1.2))
        p.setBrush(style.color)
        dot = 4.0 if style.filled else 3.0
        for pt in pts:
            if pt is not None:
                p.drawEllipse(pt, dot, dot)

    def _draw_rows(self, p: QPainter, d: ScaleDefinition, rect: QRectF) -> None:
        """One or two areas: a horizontal scale per area with each reading's value on it."""
        fm = QFontMetricsF(self.font())
        pal = self.palette()
        text = pal.color(pal.ColorRole.Text)
        grid = QColor(text)
        grid.setAlpha(60)
        label_w = min(
            max(fm.horizontalAdvance(a.label.get(self._language)) for a in d.areas) + _PAD,
            rect.width() * 0.35,
        )
        x0, x1 = rect.left() + label_w + 2 * _PAD, rect.right() - 2 * _PAD
        row_h = min(rect.height() / len(d.areas), 110.0)
        top = rect.center().y() - row_h * len(d.areas) / 2

        def x_of(v: float) -> float:
            return x0 + (x1 - x0) * (v - d.min) / (d.max - d.min)

        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.8)
        for k, area in enumerate(d.areas):
            y = top + row_h * (k + 0.5)
            p.setPen(text)
            p.setFont(self.font())
            p.drawText(
                QRectF(rect.left(), y - row_h / 2, label_w, row_h),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
                | int(Qt.TextFlag.TextWordWrap),
                area.label.get(self._language),
            )
            p.setPen(QPen(grid, 1.4))
            p.drawLine(QPointF(x0, y), QPointF(x1, y))
            p.setFont(small)
            for v in range(d.min, d.max + 1):
                x = x_of(v)
                p.setPen(QPen(grid, 1.0))
                p.drawLine(QPointF(x, y - 4), QPointF(x, y + 4))
                p.setPen(grid.darker(200))
                p.drawText(
                    QRectF(x - 15, y + 6, 30, fm.lineSpacing()),
                    int(Qt.AlignmentFlag.AlignHCenter),
                    str(v),
                )
            values = [reading_value(d, r, area.id) for r in self._readings]
            present = [(i, v) for i, v in enumerate(values) if v is not None]
            if len(present) >= 2:  # first → latest, so the direction of change shows
                pen = QPen(LATEST_COLOR, 2.0)
                p.setPen(pen)
                p.drawLine(QPointF(x_of(present[0][1]), y), QPointF(x_of(present[-1][1]), y))
            for (i, v), style in ((iv, self._styles()[iv[0]]) for iv in present):
                offset = (i - (len(self._readings) - 1) / 2) * 3.0  # keep equal values apart
                centre = QPointF(x_of(v), y + offset)
                pen = QPen(style.color, 1.8)
                if style.dashed:
                    pen.setStyle(Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.setBrush(style.color if style.filled else pal.color(pal.ColorRole.Base))
                radius = 6.0 if style.filled else 5.0
                p.drawEllipse(centre, radius, radius)
        p.setFont(self.font())

    def _draw_legend(self, p: QPainter, rect: QRectF) -> float:
        fm = QFontMetricsF(self.font())
        n = len(self._readings)
        items = []
        for i, r in enumerate(self._readings):
            text = r.date.isoformat()
            if n > 1 and i == 0:
                text = self.tr("{date} (first)").format(date=text)
            elif i == n - 1:
                text = self.tr("{date} (latest)").format(date=text)
            items.append(text)
        swatch, gap = 22.0, 18.0
        widths = [swatch + 6 + fm.horizontalAdvance(t) for t in items]
        rows: list[list[int]] = [[]]
        used = 0.0
        for i, w in enumerate(widths):
            if rows[-1] and used + gap + w > rect.width():
                rows.append([])
                used = 0.0
            used += (gap if rows[-1] else 0) + w
            rows[-1].append(i)
        line = fm.lineSpacing() + 6
        top = rect.bottom() - line * len(rows)
        styles = self._styles()
        for k, row in enumerate(rows):
            total = sum(widths[i] for i in row) + gap * (len(row) - 1)
            x = rect.center().x() - total / 2
            y = top + k * line + line / 2
            for i in row:
                style = styles[i]
                pen = QPen(style.color, 2.4 if style.filled else 1.8)
                if style.dashed:
                    pen.setStyle(Qt.PenStyle.DashLine)
                p.setPen(pen)
                if style.filled:
                    fill = QColor(style.color)
                    fill.setAlpha(70)
                    p.setBrush(fill)
                    p.drawRect(QRectF(x + 2, y - 5, swatch - 4, 10))
                else:
                    p.drawLine(QPointF(x, y), QPointF(x + swatch, y))
                p.setPen(self.palette().color(self.palette().ColorRole.Text))
                p.drawText(
                    QRectF(x + swatch + 6, y - line / 2, widths[i], line),
                    int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                    items[i],
                )
                x += widths[i] + gap
        return line * len(rows) + _PAD

    def _draw_message(self, p: QPainter, rect: QRectF, text: str) -> None:
        pal = self.palette()
        fm = QFontMetricsF(self.font())
        box = QRectF(0, 0, fm.horizontalAdvance(text) + 24, fm.lineSpacing() + 12)
        box.moveCenter(rect.center())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(pal.color(pal.ColorRole.Window))
        p.drawRoundedRect(box, 6, 6)
        color = QColor(pal.color(pal.ColorRole.Text))
        color.setAlpha(160)
        p.setPen(color)
        p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)


class ReadingsTableModel(ColumnTableModel):
    """Readings of one scale as a table: one row per reading (oldest first), Date then areas.

    A client has a handful of readings, so they are held in memory; the chart and the table
    share the list handed to ``set_data``. Columns follow the scale's areas.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)

    def set_data(
        self,
        definition: ScaleDefinition | None,
        readings: Sequence[ScaleReading],
        language: str = "en",
    ) -> None:
        columns: list[Column] = []
        rows: list[ScaleReading] = []
        if definition is not None:
            rows = sorted(
                (r for r in readings if r.scale_id == definition.id), key=lambda r: r.sort_key()
            )
            accessible = int(Qt.ItemDataRole.AccessibleTextRole)
            columns.append(
                Column(
                    lambda: self.tr("Date"),
                    lambda r: r.date.isoformat(),
                    roles={
                        int(Qt.ItemDataRole.UserRole): lambda r: r.date,
                        accessible: lambda r: r.date.isoformat(),
                    },
                )  # fmt: skip
            )
            for area in definition.areas:
                columns.append(self._area_column(definition, area.id, area.label.get(language)))
        self.beginResetModel()
        self._columns, self._rows = columns, rows
        self.endResetModel()

    def _area_column(self, definition: ScaleDefinition, area: str, label: str) -> Column:
        def value(r: ScaleReading) -> int | None:
            return reading_value(definition, r, area)

        def spoken(r: ScaleReading) -> str:
            v = value(r)
            return str(v) if v is not None else self.tr("not rated")

        return Column(
            lambda: label,
            value,
            align=Qt.AlignmentFlag.AlignCenter,
            roles={int(Qt.ItemDataRole.UserRole): value,
                   int(Qt.ItemDataRole.AccessibleTextRole): spoken},
        )  # fmt: skip

    def reading(self, row: int) -> ScaleReading:
        reading: ScaleReading = self.row_at(row)
        return reading


class RadarFiguresTableModel(ColumnTableModel):
    """The radar's figures as a table, its text alternative: one row per area, then the first
    and the latest reading's value (the two shapes the chart compares)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([], parent)

    def set_data(
        self,
        definition: ScaleDefinition | None,
        readings: Sequence[ScaleReading],
        language: str = "en",
    ) -> None:
        shown = chart_readings(definition, readings) if definition is not None else []
        first, latest = (shown[0], shown[-1]) if shown else (None, None)
        columns: list[Column] = []
        if definition is not None:
            columns = [
                Column(lambda: self.tr("Area"), lambda a: a.label.get(language)),
                self._value_column(definition, first, self.tr("First reading"),
                                   self.tr("First reading, {date}")),
                self._value_column(definition, latest, self.tr("Latest reading"),
                                   self.tr("Latest reading, {date}")),
            ]  # fmt: skip
        self.beginResetModel()
        self._columns = columns
        self._rows = list(definition.areas) if definition is not None else []
        self.endResetModel()

    def _value_column(
        self, d: ScaleDefinition, reading: ScaleReading | None, plain: str, dated: str
    ) -> Column:
        header = plain if reading is None else dated.format(date=reading.date.isoformat())

        def value(area: ScaleArea) -> int | None:
            return None if reading is None else reading_value(d, reading, area.id)

        def shown(area: ScaleArea) -> str:
            v = value(area)
            return str(v) if v is not None else "—"

        def spoken(area: ScaleArea) -> str:
            v = value(area)
            return str(v) if v is not None else self.tr("not rated")

        return Column(
            lambda: header,
            shown,
            align=Qt.AlignmentFlag.AlignCenter,
            roles={int(Qt.ItemDataRole.AccessibleTextRole): spoken},
        )
