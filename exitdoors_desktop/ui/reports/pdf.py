"""The outcome report as a PDF: the page layout (QTextDocument laid out on a QPdfWriter) with
the charts painted by ``charts``. The words come from ``core.metrics.labels`` and
``core.metrics.method_note``; writing the file and its audit event is
``storage.report_data.write_report_file``. Nothing here touches the disk.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QRectF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextTable,
)
from PySide6.QtWidgets import QApplication

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.metrics import labels
from exitdoors_desktop.core.metrics.labels import program_name
from exitdoors_desktop.core.metrics.method_note import method_note
from exitdoors_desktop.core.metrics.publish import Section, ShownTable, View, view_of
from exitdoors_desktop.core.metrics.report import OutcomeReport
from exitdoors_desktop.ui.kit.formats import figure, long_day, money
from exitdoors_desktop.ui.kit.i18n import tr
from exitdoors_desktop.ui.reports.charts import chart_image, report_charts

DPI = 300
FONT_FAMILY = "DejaVu Sans"


def gui_app() -> QGuiApplication | None:
    """Fonts and PDF painting need a QGuiApplication; the command line has none. Returns a new
    one for the caller to hold while it renders (None when one exists already). Without a
    display (and without an explicit platform) Qt is told to draw offscreen."""
    if QGuiApplication.instance() is not None:
        return None
    if not os.environ.get("QT_QPA_PLATFORM") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A QApplication (not only a QGuiApplication), so widget code and pytest-qt can share it.
    return QApplication(["exitdoors-report"])


def pt(points: float) -> int:
    """CSS lengths in the document are device pixels: convert from points."""
    return round(points * DPI / 72)


CSS = f"""
body {{ font-family: 'DejaVu Sans'; color: #1f2933; }}
h1 {{ font-size: 26pt; color: #0f4c48; font-weight: 600; margin-bottom: {pt(4)}px; }}
h2 {{ font-size: 15pt; color: #0f4c48; margin-top: 0px; margin-bottom: {pt(2)}px; }}
h3 {{ font-size: 10.5pt; margin-top: {pt(14)}px; margin-bottom: {pt(5)}px; }}
p {{ font-size: 9.5pt; margin-bottom: {pt(4)}px; }}
td, th {{ font-size: 9pt; }}
th {{ background-color: #e6efee; font-weight: 600; }}
.muted {{ color: #52606d; font-size: 8.5pt; }}
"""


def _cell(text: str, column: str) -> str:
    value = money(text) if column in ("operating_cost", "per_participant") else figure(text)
    return html.escape(value) if value else "&nbsp;"


def _table_html(tb: ShownTable, defs: Definitions, language: str) -> str:
    head = "".join(
        f'<th align="{"left" if i == 0 else "right"}">{html.escape(t)}</th>'
        for i, t in enumerate(
            [
                tr("Cycle") if tb.id == "costs" else "",
                *(labels.column_title(tb.id, c, tr) for c in tb.columns),
            ]
        )
    )
    body = []
    for k, row in enumerate(tb.rows):
        label = (
            row.label
            if row.label is not None
            else labels.row_label(defs, language, tb.id, row.code, tr)
        )
        shade = ' bgcolor="#f7f9fa"' if k % 2 else ""
        cells = "".join(
            f'<td align="right">{_cell(c, col)}</td>'
            for c, col in zip(row.cells, tb.columns, strict=True)
        )
        body.append(f"<tr{shade}><td>{html.escape(label)}</td>{cells}</tr>")
    if tb.total is not None:
        cells = "".join(f'<td align="right"><b>{_cell(c, "")}</b></td>' for c in tb.total.cells)
        total = html.escape(tr("Total"))
        body.append(f'<tr class="total"><td><b>{total}</b></td>{cells}</tr>')
    if not tb.rows:
        span = len(tb.columns) + 1
        nothing = html.escape(tr("No figures for this period."))
        body.append(f'<tr><td colspan="{span}" class="muted">{nothing}</td></tr>')
    widths = "" if len(tb.columns) > 2 else ' width="70%"'
    return (
        f'<table cellspacing="0" cellpadding="{pt(2.2)}" border="0"{widths}>'
        f"<thead><tr>{head}</tr></thead>{''.join(body)}</table>"
    )


def _is_empty(tb: ShownTable) -> bool:
    return tb.total is not None and tb.total.cells[0] == "0"


@dataclass(frozen=True)
class Block:
    """A piece of the PDF that stays on one page when it can (a table with its heading)."""

    html: str
    new_page: bool = False
    charts: tuple[str, ...] = ()


def _title_page(
    report: OutcomeReport, sections: Sequence[Section], defs: Definitions, language: str
) -> str:
    name = html.escape(program_name(defs, language))
    period = f"{long_day(report.period.start)} – {long_day(report.period.end)}"
    view = view_of(sections)
    note = " ".join(
        (
            tr(
                "This report holds counts, percentages and medians only: no names, "
                "identifiers, dates of birth or notes."
            ),
            labels.view_note(view, report.threshold, tr),
            labels.legend_text(report.threshold, tr) + "." if view is View.FUNDER else "",
            tr("The method note at the end defines every figure."),
        )
    )
    contents = " · ".join([*(labels.section_title(s.id, tr) for s in sections), tr("Method note")])
    shade = "#f4f6f8" if view is View.FUNDER else "#fdecea"
    kind = html.escape(tr("Evaluation report"))
    subtitle = html.escape(
        tr("Outcomes, phase flow, CTI fidelity, cost per participant and group work")
    )
    as_of = html.escape(tr("Records as they stood on {d}").format(d=long_day(report.as_of)))
    contents_line = html.escape(tr("Contents: ") + contents)
    return (
        f'<p style="margin-top: {pt(120)}px; font-size: 11pt; color: #52606d;">'
        f"{kind}</p><h1>{name}</h1>"
        f'<p style="font-size: 16pt; margin-top: {pt(4)}px;">'
        f"{subtitle}</p>"
        f'<p style="font-size: 13pt; margin-top: {pt(36)}px;"><b>{html.escape(period)}</b></p>'
        f'<p class="muted">{as_of}</p>'
        f'<table width="100%" cellpadding="{pt(10)}" style="margin-top: {pt(70)}px;"><tr>'
        f'<td bgcolor="{shade}"><p><b>{html.escape(labels.view_name(view, tr))}</b></p>'
        f"<p>{html.escape(note)}</p></td></tr></table>"
        f'<p style="margin-top: {pt(20)}px;" class="muted">'
        f"{contents_line}</p>"
    )


def report_blocks(
    report: OutcomeReport,
    sections: Sequence[Section],
    defs: Definitions,
    language: str,
    chart_width: int,
) -> list[Block]:
    blocks = [Block(_title_page(report, sections, defs, language))]
    charts = {k for k, _ in report_charts(sections, defs, language, tr)}
    # QTextDocument scales images by the device's DPI over 96: undo it.
    shown_width = round(chart_width * 96 / DPI)
    for section in sections:
        heading = f"<h2>{html.escape(labels.section_title(section.id, tr))}</h2>"
        for k, tb in enumerate(section.tables):
            parts = [heading if k == 0 else ""]
            parts.append(f"<h3>{html.escape(labels.table_title(tb.id, tr))}</h3>")
            used: tuple[str, ...] = ()
            if _is_empty(tb):
                nothing = html.escape(tr("No figures for this period."))
                parts.append(f'<p class="muted">{nothing}</p>')
            else:
                parts.append(_table_html(tb, defs, language))
                why = labels.table_note(defs, language, tb, tr)
                if why:
                    parts.append(f'<p class="muted">{html.escape(why)}</p>')
                if tb.id in charts and any(r.chart_value is not None for r in tb.rows):
                    parts.append(f'<p><img src="chart:{tb.id}" width="{shown_width}"></p>')
                    used = (tb.id,)
            blocks.append(Block("".join(parts), new_page=k == 0, charts=used))
    method_title = html.escape(tr("Method note"))
    note = [f"<h2>{method_title}</h2>"]
    for term, text in method_note(report, defs, view_of(sections), tr, day=long_day):
        note.append(f"<p><b>{html.escape(term)}.</b> {html.escape(text)}</p>")
    blocks.append(Block("".join(note), new_page=True))
    return blocks


def report_pdf(
    report: OutcomeReport, sections: Sequence[Section], defs: Definitions, language: str = "en"
) -> bytes:
    """The report as PDF bytes: title page, sections with tables and charts, method note.
    Needs a QGuiApplication (``gui_app()`` makes one for the command line)."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("report_pdf needs a QGuiApplication: hold gui_app() while rendering")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    kind = tr("Evaluation report")
    writer.setTitle(f"{program_name(defs, language)} – {kind}")
    writer.setCreator("Exit Doors Desktop")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 18, 20, 14),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    try:
        _paint_document(painter, writer, report, sections, defs, language)
    finally:
        painter.end()
        buffer.close()
    return bytes(data.data())


@dataclass(frozen=True)
class PageCuts:
    """Where a laid-out block may be cut between pages: paragraph tops outside tables (not
    right after a heading), row tops inside them (not between the header and the first row); and,
    per table, its header row's slice to repeat on the next page."""

    breaks: tuple[float, ...]
    tables: tuple[tuple[float, float, float, float], ...]  # (top, bottom, header top, bottom)

    def last_break(self, start: float, limit: float) -> float | None:
        """The lowest place to cut after ``start`` and no lower than ``limit``."""
        fits = [b for b in self.breaks if start < b <= limit]
        return max(fits) if fits else None

    def header_at(self, cut: float) -> tuple[float, float] | None:
        """The header slice to repeat when a page ends at ``cut`` inside a table."""
        for top, bottom, head_top, head_bottom in self.tables:
            if head_bottom < cut < bottom and top < cut:
                return head_top, head_bottom
        return None


def page_cuts(doc: QTextDocument, tall: float) -> PageCuts:
    """``tall``: a paragraph higher than this may be cut between its lines."""
    layout = doc.documentLayout()
    breaks: set[float] = set()
    tables: list[tuple[float, float, float, float]] = []
    seen: set[int] = set()
    after_heading = False
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is None:
            rect = layout.blockBoundingRect(block)
            if not after_heading:
                breaks.add(rect.top())
            if rect.height() > tall:
                # Only a paragraph too tall for a page is cut between its lines: a cut one
                # draws its clipped lines on both pages, which text extraction reads twice.
                lines = block.layout()
                breaks.update(rect.top() + lines.lineAt(n).y() for n in range(1, lines.lineCount()))
            after_heading = block.blockFormat().headingLevel() > 0
        elif table.firstPosition() not in seen:
            seen.add(table.firstPosition())
            rows = _row_tops(layout, table)
            head = max(1, table.format().headerRowCount())
            frame = layout.frameBoundingRect(table)
            if not after_heading:
                breaks.add(frame.top())
            breaks.update(rows[head + 1 :] if len(rows) > head else [])
            breaks.add(frame.bottom())
            if len(rows) > head:
                tables.append((frame.top(), frame.bottom(), rows[0], rows[head]))
            after_heading = False
        block = block.next()
    return PageCuts(tuple(sorted(breaks)), tuple(tables))


def _row_tops(layout: QAbstractTextDocumentLayout, table: QTextTable) -> list[float]:
    """The top of each row's cells (their padding and border included), then the table's end."""
    fmt = table.format()
    edge = fmt.cellPadding() + fmt.border()
    tops = []
    for r in range(table.rows()):
        firsts = [
            layout.blockBoundingRect(table.cellAt(r, c).firstCursorPosition().block()).top()
            for c in range(table.columns())
        ]
        tops.append(min(firsts) - edge)
    lasts = [
        layout.blockBoundingRect(table.cellAt(table.rows() - 1, c).lastCursorPosition().block())
        for c in range(table.columns())
    ]
    tops.append(max(r.bottom() for r in lasts) + edge)
    return tops


def _paint_document(
    painter: QPainter,
    writer: QPdfWriter,
    report: OutcomeReport,
    sections: Sequence[Section],
    defs: Definitions,
    language: str,
) -> None:
    width, height = writer.width(), writer.height()
    footer_h = int(DPI * 0.35)
    page_h = height - footer_h
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(9.5)
    chart_width = int(width * 0.86)
    chart_font = QFont(FONT_FAMILY)
    chart_font.setPointSizeF(8.5)
    images = {
        table_id: chart_image(chart, chart_width, DPI, chart_font)
        for table_id, chart in report_charts(sections, defs, language, tr)
    }

    def layout(block: Block) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setTextWidth(width)
        for table_id in block.charts:
            url = QUrl(f"chart:{table_id}")
            doc.addResource(QTextDocument.ResourceType.ImageResource, url, images[table_id])
        doc.setHtml(f"<html><head><style>{CSS}</style></head><body>{block.html}</body></html>")
        return doc

    # Plan first (page, top, document, slice) so the footer can say "page n of m". A block
    # taller than the room left is cut only where a line or a table row begins (never through
    # one); a table cut in two repeats its header row at the top of the next page.
    plan: list[tuple[int, float, QTextDocument, float, float]] = []
    page, y = 0, 0.0
    for i, block in enumerate(report_blocks(report, sections, defs, language, chart_width)):
        doc = layout(block)
        h = doc.size().height()
        if i and (block.new_page or y + h > page_h) and y > 0:
            page, y = page + 1, 0.0
        cuts = page_cuts(doc, page_h / 3)
        start = 0.0
        while h - start > page_h - y:  # taller than the room left: cut it where it may be cut
            end = cuts.last_break(start, start + page_h - y)
            if end is None and y > 0:
                page, y = page + 1, 0.0
                continue
            end = start + page_h - y if end is None else end  # one line taller than a page
            plan.append((page, y, doc, start, end - start))
            start = end
            page, y = page + 1, 0.0
            header = cuts.header_at(start)
            if header is not None:
                plan.append((page, y, doc, header[0], header[1] - header[0]))
                y += header[1] - header[0]
        plan.append((page, y, doc, start, h - start))
        y += h - start + pt(12)  # air between tables
        if i == 0:
            page, y = page + 1, 0.0  # the title page stands alone
    pages = page + (1 if y > 0 else 0)
    footer_font = QFont(FONT_FAMILY)
    footer_font.setPointSizeF(7.5)
    period = f"{report.period.start.isoformat()} – {report.period.end.isoformat()}"
    left = f"{program_name(defs, language)} · {period} · {labels.view_name(view_of(sections), tr)}"
    current = 0
    for page_no, top, doc, start, h in plan:
        while current < page_no:
            _footer(painter, width, height, footer_h, footer_font, left, current, pages)
            writer.newPage()
            current += 1
        painter.save()
        painter.translate(0, top - start)
        # Half a dot inside the slice: a paragraph that only touches its edge is left out,
        # not drawn clipped (text extraction would read it on both pages).
        doc.drawContents(painter, QRectF(0, start + 0.5, width, max(h - 1.0, 0.5)))
        painter.restore()
    _footer(painter, width, height, footer_h, footer_font, left, current, pages)


def _footer(
    painter: QPainter,
    width: int,
    height: int,
    footer_h: int,
    font: QFont,
    left: str,
    page: int,
    pages: int,
) -> None:
    if page == 0:
        return
    painter.save()
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.darkGray)
    box = QRectF(0, height - footer_h * 0.7, width, footer_h * 0.7)
    painter.drawLine(0, int(box.top()), width, int(box.top()))
    painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), left)
    text = tr("Page {n} of {m}").format(n=page + 1, m=pages)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom), text)
    painter.restore()
