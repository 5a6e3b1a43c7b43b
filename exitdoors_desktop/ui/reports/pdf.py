"""The outcome report as files: words for the core's codes, the CSV text, and the PDF
(QTextDocument laid out on a QPdfWriter, charts painted by ``report_charts``).

Both files carry only what ``core.metrics.publish`` lets out: de-identified counts,
percentages, medians and the program's own cost figures. The caller writes the bytes
(atomically, 0600) and the audit event; nothing here touches the disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.metrics import Period, outcome_report, publish
from exitdoors_desktop.core.metrics.publish import Section, ShownTable, table
from exitdoors_desktop.core.metrics.report import OutcomeReport
from exitdoors_desktop.core.scales import ProgressKind
from exitdoors_desktop.storage import atomic
from exitdoors_desktop.storage.audit import AuditAction
from exitdoors_desktop.storage.report_data import load_report_data
from exitdoors_desktop.storage.vault import Session
from exitdoors_desktop.ui.reports.charts import Bar, ChartData, chart_image

_CTX = "Reports"
DPI = 300
FONT_FAMILY = "DejaVu Sans"
_app: QApplication | None = None


def tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def ensure_gui_app() -> None:
    """Fonts and PDF painting need a QGuiApplication; the command line has none. Without a
    display (and without an explicit platform) Qt is told to draw offscreen."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    if not os.environ.get("QT_QPA_PLATFORM") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A QApplication (not only a QGuiApplication), so widget code and pytest-qt can share it.
    _app = QApplication(["exitdoors-report"])


# -- words ------------------------------------------------------------------------------------

SECTION_TITLES = {
    "outcomes": "Outcomes",
    "flow": "Phase flow",
    "fidelity": "CTI fidelity",
    "services": "Referrals and partner agencies",
    "costs": "Cost per participant",
}
TABLE_TITLES = {
    "reach": "Reach: sex-work involvement at recruitment",
    "follow_up_coverage": "Graduates with follow-up data",
    "outcome": "Outcome: sex-work involvement at follow-up",
    "progress": "Progress per focus area",
    "readiness_movement": "Readiness to change: first to latest measure",
    "flow_events": "Movements in the period",
    "flow_at_end": "Where participants stood on the last day of the period",
    "flow_closed": "Files closed without graduation, by reason",
    "flow_early": "Early discharges",
    "flow_days": "Median days per phase",
    "fidelity": "CTI fidelity indicators, program-wide",
    "time_to_graduation": "Time from phase 1 start to graduation",
    "caseloads": "Caseloads (counts of workers, not of participants)",
    "referrals_by_type": "Referrals made in the period, by service type",
    "referrals_by_status": "Referrals made in the period, by status now",
    "partner_relationship": "Partner-agency survey: working relationship",
    "partner_benefit": "Partner-agency survey: benefit to the shared work",
    "costs": "Operating cost and cost per participant, per program cycle",
}
COLUMN_TITLES = {
    "count": "Number",
    "percent": "%",
    "met": "Number",
    "eligible": "Of",
    "value": "Value",
    "n": "Based on",
    "participants": "Participants",
    "operating_cost": "Operating cost",
    "per_participant": "Cost per participant",
}
FIXED_ROWS = {
    "not_recorded": "Not recorded at intake",
    "not_answered": "Not answered",
    "with_follow_up": "With follow-up data",
    "no_follow_up": "No follow-up data (not reached or not done)",
    "moved_up": "Moved to a later stage",
    "no_change": "Same stage",
    "moved_down": "Moved to an earlier stage",
    "entered_pre_phase": "Entered the pre-phase",
    "started_phase_1": "Started phase 1 (recruited)",
    "re_enrolled": "Re-enrolled after an earlier attempt",
    "moved_back": "Moved back a phase",
    "paused": "Paused",
    "graduated": "Graduated",
    "closed": "Closed without graduating",
    "pre": "Pre-phase",
    "phase_1": "Phase 1",
    "phase_2": "Phase 2",
    "phase_3": "Phase 3",
    "early_discharge": "Closed early (from phase 1, 2 or 3)",
    "first_month_contacts": "At least 2 contacts in the first month",
    "phase1_community_meetings": "Phase 1: at least 3 community meetings with her",
    "phase1_support_meetings": "Phase 1: at least 2 meetings with her supports",
    "contacts_decrease": "Contacts decreased phase by phase",
    "graduated_within_target": "Graduated within the target time",
    "time_to_graduation": "Median days, phase 1 start to graduation",
    "workers_within_limit": "Workers within the caseload limit",
    "largest_caseload": "Largest caseload",
    "median_caseload": "Median caseload",
}
# Where a row's code is an option of a form field, the form's own label is used.
OPTION_SOURCES = {
    "reach": ("sex_work_involvement", "involvement"),
    "outcome": ("sex_work_involvement", "involvement"),
    "flow_closed": ("closing_note", "reason"),
    "referrals_by_type": ("referral", "service_type"),
    "referrals_by_status": ("referral", "status"),
    "partner_relationship": ("partner_survey", "working_relationship"),
    "partner_benefit": ("partner_survey", "benefit"),
}


def row_label(defs: Definitions, language: str, table_id: str, code: str) -> str:
    if table_id == "progress":
        area = next((a for a in defs.default_scale.areas if a.id == code), None)
        if area is not None:
            return area.label.get(language)
    if table_id.startswith("readiness_") and code not in FIXED_ROWS:
        stage = next((s for s in defs.scales["readiness"].stages if s.id == code), None)
        if stage is not None:
            return stage.label.get(language)
    source = OPTION_SOURCES.get(table_id)
    if source is not None and code not in FIXED_ROWS:
        try:
            form = defs.forms.latest(source[0])
            options = form.by_id[source[1]].options
            for o in options:
                if o.value == code:
                    return o.label.get(language)
        except KeyError:
            pass
    return tr(FIXED_ROWS.get(code, code.replace("_", " ").capitalize()))


def column_title(table_id: str, column: str) -> str:
    if column == "value" and table_id in ("flow_days", "time_to_graduation"):
        return tr("Median days")
    if column == "n" and table_id == "flow_days":
        return tr("Stays in phase")
    if column == "n" and table_id == "caseloads":
        return tr("Workers")
    return tr(COLUMN_TITLES.get(column, column))


def money_text(value: str) -> str:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value  # a mark ("<5", "—") or a blank
    return f"${amount:,.2f}"


def day_text(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def program_name(defs: Definitions, language: str) -> str:
    return defs.program.program_name.get(language)


def _progress_rule(defs: Definitions) -> str:
    rule = defs.program.progress
    if rule.kind is ProgressKind.RISE_BY_N:
        return tr("her latest reading is at least {n} points above her first").format(n=rule.n)
    if rule.kind is ProgressKind.HIGHER_STAGE:
        return tr("her latest reading falls in a higher stage band than her first")
    return tr("her latest reading is higher than her first")


def method_note(report: OutcomeReport, defs: Definitions) -> list[tuple[str, str]]:
    """(term, definition) pairs: every figure in the report, defined."""
    t = report.threshold
    target = sum(defs.program.phase(p).target_days or 0 for p in ("phase_1", "phase_2", "phase_3"))
    who = (
        tr("Only participants whose consent in effect covers de-identified evaluation.")
        if report.evaluation_only
        else tr(
            "Every participant recorded in the program's records, whatever her sharing consent: "
            "records count in de-identified aggregates only, and one population for every "
            "table means no table can be subtracted from another."
        )
    )
    return [
        (
            tr("Period"),
            tr(
                "{a} to {b}, both days included. Figures use the records as they stood on {c}."
            ).format(
                a=day_text(report.period.start),
                b=day_text(report.period.end),
                c=day_text(report.as_of),
            ),
        ),
        (tr("Who is counted"), who),
        (
            tr("Recruited"),
            tr(
                "A participant is recruited on the day her phase 1 starts (the "
                "first day of CTI). A woman recruited twice in the period counts "
                "once."
            ),
        ),
        (
            tr("Reach"),
            tr(
                "Her sex-work involvement from the first measure marked “at intake” "
                "in the attempt she was recruited in. Percentages are of everyone "
                "recruited, including those with no intake measure."
            ),
        ),
        (
            tr("Outcome at follow-up"),
            tr(
                "Among participants who graduated in the period: the "
                "first follow-up measure on or after graduation (and "
                "before any re-enrolment). A follow-up where she could "
                "not be reached is no data. Percentages are of those "
                "with follow-up data."
            ),
        ),
        (
            tr("Progress per focus area"),
            tr(
                "Among participants in phases 1–3 on some day of "
                "the period with at least two readings of an area "
                "(up to the period’s end): she progressed when "
                "{rule}. Each area has its own denominator. The "
                "first reading is her first ever: re-enrolling "
                "does not reset it."
            ).format(rule=_progress_rule(defs)),
        ),
        (
            tr("Readiness to change"),
            tr(
                "Same participants, at least two readiness measures: "
                "the stage of the latest against the first."
            ),
        ),
        (
            tr("Phase flow"),
            tr(
                "Counts of women with each movement dated in the period. Median "
                "days per phase are over stays in a phase that ended in the "
                "period, paused days not counted. Early discharge: closed from "
                "phase 1, 2 or 3 instead of graduating."
            ),
        ),
        (
            tr("CTI fidelity"),
            tr(
                "At least 2 contacts in the 30 days from phase 1 start (women "
                "starting in the period whose first month is over); at least 3 "
                "community meetings with her and at least 2 meetings with her "
                "providers or informal supports during her first stay in phase "
                "1 (women who completed phase 1 in the period); contacts per 30 "
                "days falling from phase to phase, and calendar days from phase "
                "1 start to graduation against the target of {days} days "
                "(women who graduated in the period); caseload: a worker’s "
                "women in phases 1–3 on the period’s last day against the "
                "limit of {limit}."
            ).format(days=target, limit=defs.program.caseload_limit),
        ),
        (
            tr("Referrals and partners"),
            tr(
                "Referrals made in the period by service type and "
                "by their status now. Partner agencies: each "
                "agency’s latest survey answer in the period; "
                "agencies are not named."
            ),
        ),
        (
            tr("Cost per participant"),
            tr(
                "The operating cost the program entered for a cycle, "
                "divided by the participants recruited in that cycle "
                "(phase 1 started within its dates), rounded half up "
                "to the cent. Cycles overlapping the period are "
                "shown."
            ),
        ),
        (
            tr("Rounding"),
            tr(
                "Percentages are rounded half up to a whole percent (so they may "
                "not add up to exactly 100); medians of days half up to a whole "
                "day."
            ),
        ),
        (
            tr("Small counts"),
            tr(
                "Counts from 1 to {m} are shown as “<{t}” and their "
                "percentage is left out. “x” marks a figure withheld so that a "
                "small count cannot be worked out by subtracting the others "
                "from the total. Medians over fewer than {t} women, and cost "
                "per participant for cycles of fewer than {t}, are withheld. "
                "Counts of workers are not suppressed."
            ).format(m=t - 1, t=t),
        ),
    ]


# -- CSV -----------------------------------------------------------------------------------

CSV_HEADER = ("section", "table", "row", "label", "count", "of", "percent", "value", "amount")


def _csv_cells(tb: ShownTable, cells: Sequence[str], total: str) -> tuple[str, ...]:
    """Map a table's own columns onto the CSV's fixed ones."""
    cols = dict(zip(tb.columns, cells, strict=True))
    if "met" in cols:
        return cols["met"], cols["eligible"], cols["percent"], "", ""
    if "participants" in cols:
        return cols["participants"], "", "", cols["per_participant"], cols["operating_cost"]
    if "value" in cols:
        return "", cols["n"], "", cols["value"], ""
    return cols["count"], total, cols.get("percent", ""), "", ""


def report_csv(
    report: OutcomeReport, sections: Sequence[Section], defs: Definitions, language: str = "en"
) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    meta = (
        ("program", program_name(defs, language)),
        ("period_start", report.period.start.isoformat()),
        ("period_end", report.period.end.isoformat()),
        ("as_of", report.as_of.isoformat()),
        ("small_cell_threshold", str(report.threshold)),
    )
    for code, value in meta:
        w.writerow(("report", "report", code, value, "", "", "", "", ""))
    for section in sections:
        for tb in section.tables:
            total = tb.total.cells[0] if tb.total else ""
            for row in tb.rows:
                label = (
                    row.label
                    if row.label is not None
                    else row_label(defs, language, tb.id, row.code)
                )
                w.writerow((section.id, tb.id, row.code, label, *_csv_cells(tb, row.cells, total)))
            if tb.total is not None:
                w.writerow(
                    (section.id, tb.id, "total", tr("Total"), total, "", tb.total.cells[1], "", "")
                )
    return out.getvalue()


# -- charts --------------------------------------------------------------------------------


def _bar_text(cells: Sequence[str], columns: Sequence[str]) -> str:
    cols = dict(zip(columns, cells, strict=True))
    if "met" in cols:
        count, of, pct = cols["met"], cols["eligible"], cols["percent"]
        return f"{pct} ({count} of {of})" if pct else f"{count} of {of}"
    count, pct = cols["count"], cols.get("percent", "")
    return f"{pct} ({count})" if pct and pct != "—" else count


def chart_for(
    sections: Sequence[Section], table_id: str, title: str, defs: Definitions, language: str
) -> ChartData:
    tb = table(sections, table_id)
    bars = tuple(
        Bar(row_label(defs, language, tb.id, r.code), r.chart_value, _bar_text(r.cells, tb.columns))
        for r in tb.rows
        if not (tb.columns[0] == "count" and r.cells[0] == "0")
    )
    note = ""
    if tb.total is not None:
        note = tr("Of {n}").format(n=tb.total.cells[0])
    return ChartData(title, bars, note)


def report_charts(
    sections: Sequence[Section], defs: Definitions, language: str
) -> list[tuple[str, ChartData]]:
    """The charts the report shows, keyed by the table they follow."""
    return [
        ("reach", chart_for(sections, "reach", tr("Involvement at recruitment"), defs, language)),
        ("outcome", chart_for(sections, "outcome", tr("Involvement at follow-up"), defs, language)),
        (
            "progress",
            chart_for(sections, "progress", tr("Share who progressed, per area"), defs, language),
        ),
        (
            "flow_at_end",
            chart_for(sections, "flow_at_end", tr("Where participants stood"), defs, language),
        ),
        (
            "fidelity",
            chart_for(sections, "fidelity", tr("Fidelity indicators met"), defs, language),
        ),
        (
            "referrals_by_type",
            chart_for(
                sections, "referrals_by_type", tr("Referrals by service type"), defs, language
            ),
        ),
    ]


# -- PDF -----------------------------------------------------------------------------------


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
    value = money_text(text) if column in ("operating_cost", "per_participant") else text
    return html.escape(value) if value else "&nbsp;"


def _table_html(tb: ShownTable, defs: Definitions, language: str) -> str:
    head = "".join(
        f'<th align="{"left" if i == 0 else "right"}">{html.escape(t)}</th>'
        for i, t in enumerate(
            [tr("Cycle") if tb.id == "costs" else "", *(column_title(tb.id, c) for c in tb.columns)]
        )
    )
    body = []
    for k, row in enumerate(tb.rows):
        label = row.label if row.label is not None else row_label(defs, language, tb.id, row.code)
        shade = ' bgcolor="#f7f9fa"' if k % 2 else ""
        cells = "".join(
            f'<td align="right">{_cell(c, col)}</td>'
            for c, col in zip(row.cells, tb.columns, strict=True)
        )
        body.append(f"<tr{shade}><td>{html.escape(label)}</td>{cells}</tr>")
    if tb.total is not None:
        cells = "".join(f'<td align="right"><b>{_cell(c, "")}</b></td>' for c in tb.total.cells)
        body.append(f'<tr class="total"><td><b>{html.escape(tr("Total"))}</b></td>{cells}</tr>')
    if not tb.rows:
        span = len(tb.columns) + 1
        body.append(
            f'<tr><td colspan="{span}" class="muted">{html.escape(tr("No figures for this period."))}</td></tr>'
        )
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
    period = f"{day_text(report.period.start)} – {day_text(report.period.end)}"
    note = tr(
        "This report holds counts, percentages and medians only: no names, identifiers, dates "
        "of birth or notes. Counts from 1 to {m} are shown as “<{t}”; “x” marks a figure "
        "withheld so that a small count cannot be worked out by subtraction. The method note "
        "at the end defines every figure."
    ).format(m=report.threshold - 1, t=report.threshold)
    contents = " · ".join([*(tr(SECTION_TITLES[s.id]) for s in sections), tr("Method note")])
    return (
        f'<p style="margin-top: {pt(120)}px; font-size: 11pt; color: #52606d;">'
        f"{html.escape(tr('Evaluation report'))}</p><h1>{name}</h1>"
        f'<p style="font-size: 16pt; margin-top: {pt(4)}px;">'
        f"{html.escape(tr('Outcomes, phase flow, CTI fidelity and cost per participant'))}</p>"
        f'<p style="font-size: 13pt; margin-top: {pt(36)}px;"><b>{html.escape(period)}</b></p>'
        f'<p class="muted">{html.escape(tr("Records as they stood on {d}").format(d=day_text(report.as_of)))}</p>'
        f'<table width="100%" cellpadding="{pt(10)}" style="margin-top: {pt(90)}px;"><tr>'
        f'<td bgcolor="#f4f6f8"><p><b>{html.escape(tr("De-identified aggregate report"))}</b></p>'
        f"<p>{html.escape(note)}</p></td></tr></table>"
        f'<p style="margin-top: {pt(20)}px;" class="muted">'
        f"{html.escape(tr('Contents: ') + contents)}</p>"
    )


def report_blocks(
    report: OutcomeReport,
    sections: Sequence[Section],
    defs: Definitions,
    language: str,
    chart_width: int,
) -> list[Block]:
    blocks = [Block(_title_page(report, sections, defs, language))]
    charts = {k for k, _ in report_charts(sections, defs, language)}
    # QTextDocument scales images by the device's DPI over 96: undo it.
    shown_width = round(chart_width * 96 / DPI)
    for section in sections:
        heading = f"<h2>{html.escape(tr(SECTION_TITLES[section.id]))}</h2>"
        for k, tb in enumerate(section.tables):
            parts = [heading if k == 0 else ""]
            parts.append(f"<h3>{html.escape(tr(TABLE_TITLES.get(tb.id, tb.id)))}</h3>")
            used: tuple[str, ...] = ()
            if _is_empty(tb):
                parts.append(
                    f'<p class="muted">{html.escape(tr("No figures for this period."))}</p>'
                )
            else:
                parts.append(_table_html(tb, defs, language))
                if tb.id in charts and any(r.chart_value is not None for r in tb.rows):
                    parts.append(f'<p><img src="chart:{tb.id}" width="{shown_width}"></p>')
                    used = (tb.id,)
            blocks.append(Block("".join(parts), new_page=k == 0, charts=used))
    note = [f"<h2>{html.escape(tr('Method note'))}</h2>"]
    for term, text in method_note(report, defs):
        note.append(f"<p><b>{html.escape(term)}.</b> {html.escape(text)}</p>")
    blocks.append(Block("".join(note), new_page=True))
    return blocks


def report_pdf(
    report: OutcomeReport, sections: Sequence[Section], defs: Definitions, language: str = "en"
) -> bytes:
    """The report as PDF bytes: title page, sections with tables and charts, method note."""
    ensure_gui_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(f"{program_name(defs, language)} – {tr('Evaluation report')}")
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
        for table_id, chart in report_charts(sections, defs, language)
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

    # Plan first (page, top, document, slice) so the footer can say "page n of m".
    plan: list[tuple[int, float, QTextDocument, float, float]] = []
    page, y = 0, 0.0
    for i, block in enumerate(report_blocks(report, sections, defs, language, chart_width)):
        doc = layout(block)
        h = doc.size().height()
        if i and (block.new_page or y + h > page_h) and y > 0:
            page, y = page + 1, 0.0
        start = 0.0
        while h - start > page_h - y:  # taller than the room left: cut it at page ends
            plan.append((page, y, doc, start, page_h - y))
            start += page_h - y
            page, y = page + 1, 0.0
        plan.append((page, y, doc, start, h - start))
        y += h - start + pt(12)  # air between tables
        if i == 0:
            page, y = page + 1, 0.0  # the title page stands alone
    pages = page + (1 if y > 0 else 0)
    footer_font = QFont(FONT_FAMILY)
    footer_font.setPointSizeF(7.5)
    period = f"{report.period.start.isoformat()} – {report.period.end.isoformat()}"
    left = f"{program_name(defs, language)} · {period} · {tr('De-identified aggregate figures')}"
    current = 0
    for page_no, top, doc, start, h in plan:
        while current < page_no:
            _footer(painter, width, height, footer_h, footer_font, left, current, pages)
            writer.newPage()
            current += 1
        painter.save()
        painter.translate(0, top - start)
        doc.drawContents(painter, QRectF(0, start, width, h))
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


# -- export ----------------------------------------------------------------------------------


def build_report(
    session: Session, defs: Definitions, period: Period, today: dt.date
) -> tuple[OutcomeReport, tuple[Section, ...]]:
    data = load_report_data(session, defs)
    report = outcome_report(
        data, defs.program, defs.default_scale, defs.scales["readiness"], period, today
    )
    return report, publish(report)


def export_report(
    session: Session,
    defs: Definitions,
    report: OutcomeReport,
    sections: Sequence[Section],
    fmt: str,
    path: Path,
    language: str = "en",
) -> None:
    """Write the de-identified report (0600, atomically) and its audit event together: the
    file is written inside the transaction, so there is never one without the other."""
    if fmt == "pdf":
        content = report_pdf(report, sections, defs, language)
    elif fmt == "csv":
        content = report_csv(report, sections, defs, language).encode("utf-8")
    else:
        raise InvalidInput("the format must be csv or pdf")
    period = f"{report.period.start}..{report.period.end}"
    with session.transaction():
        session.audit.append(AuditAction.EXPORT, "report", None, f"outcomes {fmt} {period}")
        atomic.write_private(path, content)
