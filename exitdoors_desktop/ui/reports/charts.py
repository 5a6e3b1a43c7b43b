"""Horizontal bar charts for the reports, painted with QPainter (no web view, no chart lib).

One painting function serves the screen (``BarChart`` widget) and the PDF (``chart_image``
renders into a QImage at print resolution). Bars are percentages (or, for group sessions
held per month, counts on their own axis); a protected headline is a
range: a solid bar to its low end and a light band to its high end ("93–98%"). A withheld
figure ("<5", "x") is drawn as an empty outline with its mark, so it never shows a length.
``report_charts`` picks the report's charts and words their bars.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.metrics.labels import GROUP_MONTH_TABLE, month_text, row_label
from exitdoors_desktop.core.metrics.publish import Section, table
from exitdoors_desktop.ui.kit.formats import figure
from exitdoors_desktop.ui.kit.i18n import QT_TRANSLATE_NOOP

BAR_COLOR = QColor("#177e78")
RANGE_COLOR = QColor("#9fcfca")  # the uncertain part of a range
TEXT_COLOR = QColor("#1f2933")
MUTED = QColor("#5b6a80")  # text on white: 5.5:1
GRID = QColor("#d5dbe3")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # percent 0–100 (a range's low end); None: withheld or undefined
    text: str  # what is written beside the bar ("63% (19)", "<5", "—", "93–98% (50–53)")
    high: int | None = None  # a range's high end


@dataclass(frozen=True)
class ChartData:
    title: str
    bars: tuple[Bar, ...]
    note: str = ""  # e.g. "of 30 with follow-up data"
    maximum: int | None = None  # None: bars are percentages; else counts on a 0–maximum axis


def paint_bars(p: QPainter, rect: QRectF, data: ChartData, font: QFont) -> None:
    """Paint ``data`` into ``rect``: title, one row per bar, a 0–100% axis."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    title_font = QFont(font)
    title_font.setBold(True)
    fm = QFontMetricsF(font)
    line = fm.lineSpacing()
    p.setFont(title_font)
    p.setPen(TEXT_COLOR)
    title_h = QFontMetricsF(title_font).lineSpacing()
    p.drawText(
        QRectF(rect.left(), rect.top(), rect.width(), title_h),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        data.title,
    )
    top = rect.top() + title_h * 1.4
    if data.note:
        p.setFont(font)
        p.setPen(MUTED)
        p.drawText(
            QRectF(rect.left(), top - title_h * 0.35, rect.width(), line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            data.note,
        )
        top += line * 1.1
    p.setFont(font)
    axis_h = line * 1.3
    n = max(1, len(data.bars))
    row_h = max(line * 1.25, (rect.bottom() - top - axis_h) / n)
    row_h = min(row_h, line * 2.2)
    label_w = min(
        max((fm.horizontalAdvance(b.label) for b in data.bars), default=0.0) + line * 0.6,
        rect.width() * 0.45,
    )
    text_w = max((fm.horizontalAdvance(b.text) for b in data.bars), default=0.0) + line * 0.6
    x0 = rect.left() + label_w
    x1 = rect.right() - text_w
    width = max(10.0, x1 - x0)
    bottom = top + row_h * len(data.bars)
    full = 100 if data.maximum is None else max(1, data.maximum)
    # Grid at 0, 25, 50, 75, 100% (or quarters of a count axis).
    for k in range(5):
        x = x0 + width * k / 4
        p.setPen(QPen(GRID, max(1.0, line / 16)))
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
        p.setPen(MUTED)
        p.drawText(
            QRectF(x - line * 2, bottom + line * 0.15, line * 4, line),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
            f"{25 * k}%" if data.maximum is None else f"{full * k // 4}",
        )
    bar_h = row_h * 0.62
    for i, bar in enumerate(data.bars):
        y = top + row_h * i + (row_h - bar_h) / 2
        p.setPen(TEXT_COLOR)
        p.drawText(
            QRectF(rect.left(), top + row_h * i, label_w - line * 0.4, row_h),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - line * 0.4),
        )
        if bar.value is None:
            pen = QPen(MUTED, max(1.0, line / 14), Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(x0, y, line * 1.6, bar_h))
            end = x0 + line * 1.6
        else:
            w = width * max(0, min(full, bar.value)) / full
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(BAR_COLOR)
            p.drawRect(QRectF(x0, y, max(w, line / 10), bar_h))
            end = x0 + w
            if bar.high is not None and bar.high > bar.value:
                w_high = width * max(0, min(full, bar.high)) / full
                p.setBrush(RANGE_COLOR)
                p.setPen(QPen(BAR_COLOR, max(1.0, line / 14)))
                p.drawRect(QRectF(end, y, w_high - w, bar_h))
                end = x0 + w_high
        p.setPen(TEXT_COLOR if bar.value is not None else MUTED)
        p.drawText(
            QRectF(end + line * 0.3, top + row_h * i, text_w + width, row_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            bar.text,
        )
    p.restore()


def chart_height(data: ChartData, line: float) -> float:
    """The height ``paint_bars`` needs for ``data`` at a font of line spacing ``line``."""
    extra = 1.1 if data.note else 0.0
    return line * (1.6 + extra + 1.5 * max(1, len(data.bars)) + 1.6)


def chart_image(data: ChartData, width_px: int, dpi: int, font: QFont) -> QImage:
    """The chart as an image ``width_px`` wide at ``dpi`` (for the PDF)."""
    probe = QImage(1, 1, QImage.Format.Format_ARGB32)
    dots_per_metre = round(dpi / 0.0254)
    probe.setDotsPerMeterX(dots_per_metre)
    probe.setDotsPerMeterY(dots_per_metre)
    p = QPainter(probe)
    p.setFont(font)
    line = QFontMetricsF(p.font()).lineSpacing()
    p.end()
    height = int(chart_height(data, line))
    img = QImage(width_px, height, QImage.Format.Format_ARGB32)
    img.setDotsPerMeterX(dots_per_metre)
    img.setDotsPerMeterY(dots_per_metre)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setFont(font)
    paint_bars(p, QRectF(0, 0, width_px, height), data, p.font())
    p.end()
    return img


class BarChart(QWidget):
    """The on-screen chart; ``set_data`` repaints and updates the accessible description."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._data = ChartData("", ())

    def set_data(self, data: ChartData) -> None:
        self._data = data
        self.setAccessibleName(data.title)
        self.setAccessibleDescription(
            "; ".join(f"{b.label}: {b.text}" for b in data.bars) or data.title
        )
        self.updateGeometry()
        self.update()

    def data(self) -> ChartData:
        return self._data

    def sizeHint(self) -> QSize:
        line = QFontMetricsF(self.font()).lineSpacing()
        return QSize(420, int(chart_height(self._data, line)) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        paint_bars(p, QRectF(self.contentsRect()).adjusted(4, 4, -4, -4), self._data, self.font())
        p.end()


def bars_from(rows: Sequence[tuple[str, int | None, str]]) -> tuple[Bar, ...]:
    return tuple(Bar(label, value, text) for label, value, text in rows)


# -- the report's charts ---------------------------------------------------------------------


def _bar_text(cells: Sequence[str], columns: Sequence[str], tr: Callable[[str], str]) -> str:
    cols = {c: figure(v) for c, v in zip(columns, cells, strict=True)}
    if "met" in cols:
        count, of, pct = cols["met"], cols["eligible"], cols["percent"]
        if pct:
            return tr("{pct} ({count} of {of})").format(pct=pct, count=count, of=of)
        return tr("{count} of {of}").format(count=count, of=of)
    count, pct = cols["count"], cols.get("percent", "")
    return f"{pct} ({count})" if pct and pct != "—" else count


def chart_for(
    sections: Sequence[Section],
    table_id: str,
    title: str,
    defs: Definitions,
    language: str,
    tr: Callable[[str], str],
) -> ChartData:
    tb = table(sections, table_id)
    bars = tuple(
        Bar(
            row_label(defs, language, tb.id, r.code, tr),
            r.chart_value,
            _bar_text(r.cells, tb.columns, tr),
            r.chart_high,
        )
        for r in tb.rows
        if not (tb.columns[0] == "count" and r.cells[0] == "0")
    )
    note = ""
    if tb.total is not None:
        note = tr("Of {n}").format(n=tb.total.cells[0])
    return ChartData(title, bars, note)


CHARTS = (
    ("reach", QT_TRANSLATE_NOOP("", "Involvement at recruitment")),
    ("outcome", QT_TRANSLATE_NOOP("", "Involvement at follow-up")),
    ("progress", QT_TRANSLATE_NOOP("", "Share who progressed, per area")),
    ("flow_at_end", QT_TRANSLATE_NOOP("", "Where participants stood")),
    ("fidelity", QT_TRANSLATE_NOOP("", "Fidelity indicators met")),
    ("referrals_by_type", QT_TRANSLATE_NOOP("", "Referrals by service type")),
)


def count_axis(largest: int) -> int:
    """The end of a count axis: the largest count rounded up to a multiple of 4, so each
    quarter of the grid is a whole number."""
    return max(4, -(-largest // 4) * 4)


def sessions_per_month_chart(sections: Sequence[Section], title: str,
                             tr: Callable[[str], str]) -> ChartData:  # fmt: skip
    """Group sessions held per month, all types together. Sessions are events, shown exactly
    in both views, so the month's rows add up to its true count."""
    totals: dict[str, int] = {}
    for r in table(sections, GROUP_MONTH_TABLE).rows:
        month = r.code.partition("/")[0]
        totals[month] = totals.get(month, 0) + (r.chart_value or 0)
    bars = tuple(Bar(month_text(m, tr), n, str(n)) for m, n in sorted(totals.items()))
    return ChartData(title, bars, maximum=count_axis(max(totals.values(), default=0)))


def report_charts(
    sections: Sequence[Section], defs: Definitions, language: str, tr: Callable[[str], str]
) -> list[tuple[str, ChartData]]:
    """The charts the report shows, keyed by the table they follow (a section not in
    ``sections`` has none)."""
    present = {tb.id for s in sections for tb in s.tables}
    charts = [
        (table_id, chart_for(sections, table_id, tr(title), defs, language, tr))
        for table_id, title in CHARTS
        if table_id in present
    ]
    if GROUP_MONTH_TABLE in present:
        title = tr("Sessions held per month")
        charts.append((GROUP_MONTH_TABLE, sessions_per_month_chart(sections, title, tr)))
    return charts
