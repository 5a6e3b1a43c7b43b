"""The outcome report as CSV text: one row per table row, fixed columns, the view named in
the header rows. Pure text (no Qt): `exitdoors report outcomes --format csv` loads no GUI."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from exitdoors_desktop.core.definitions import Definitions
from exitdoors_desktop.core.metrics.labels import Translate, program_name, row_label, same
from exitdoors_desktop.core.metrics.labels import view_name as _view_name
from exitdoors_desktop.core.metrics.publish import Section, ShownTable, View, view_of
from exitdoors_desktop.core.metrics.report import OutcomeReport

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
    report: OutcomeReport,
    sections: Sequence[Section],
    defs: Definitions,
    language: str = "en",
    tr: Translate = same,
) -> str:
    view = view_of(sections)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    meta = (
        ("program", program_name(defs, language)),
        ("view", _view_name(view, tr)),
        ("period_start", report.period.start.isoformat()),
        ("period_end", report.period.end.isoformat()),
        ("as_of", report.as_of.isoformat()),
        # The staff view marks nothing: a threshold would mislead whoever reads the file.
        ("small_cell_threshold", str(report.threshold) if view is View.FUNDER else "none"),
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
                    else row_label(defs, language, tb.id, row.code, tr)
                )
                w.writerow((section.id, tb.id, row.code, label, *_csv_cells(tb, row.cells, total)))
            if tb.total is not None:
                w.writerow(
                    (section.id, tb.id, "total", tr("Total"), total, "", tb.total.cells[1], "", "")
                )
    return out.getvalue()
