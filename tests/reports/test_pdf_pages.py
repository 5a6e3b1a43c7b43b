"""The PDF's page breaks, read back from the file's text positions (pypdf, no poppler): no table
row or method-note line is cut across two pages, rows keep together, and a table continued on
the next page repeats its header row there."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import defaultdict

import pytest
from pypdf import PdfReader

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.metrics import outcome_report, publish
from exitdoors_desktop.core.metrics.publish import Section, ShownRow, ShownTable, View
from exitdoors_desktop.ui.reports.pdf import report_pdf
from tests.reports.cohort import AS_OF, PERIOD, report_data

DEFS = load_definitions()
PT_PER_MM = 72 / 25.4
PAGE_H = 842  # A4 in points
CONTENT_TOP = PAGE_H - 18 * PT_PER_MM  # the top margin
CONTENT_BOTTOM = 14 * PT_PER_MM + 0.35 * 72  # the bottom margin and the footer band
ROW = re.compile(r"Cycle \d{3}")


def _runs(data: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page: (baseline y in points from the bottom, font size in points, text)."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, size, runs=runs):  # type: ignore[no-untyped-def]
            text = " ".join(text.split())
            if text:
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((y, size * abs(tm[3] * cm[3]), text))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


@pytest.fixture(scope="module")
def pages(qapp) -> list[list[tuple[float, float, str]]]:
    report = outcome_report(
        report_data(), DEFS.program, DEFS.default_scale, DEFS.scales["readiness"], PERIOD, AS_OF
    )
    sections = []
    for s in publish(report, View.FUNDER):
        if s.id == "costs":  # 150 cycles: a table four pages long
            costs = s.tables[0]
            rows = tuple(
                ShownRow(f"c{i}", ("31", "586449.10", "18917.71"), None, label=f"Cycle {i:03d}")
                for i in range(150)
            )
            s = Section(s.id, (ShownTable("costs", costs.columns, rows, costs.unit),), s.view)
        sections.append(s)
    return _runs(report_pdf(report, sections, DEFS))


def test_every_line_lies_whole_inside_its_page(pages) -> None:
    for n, runs in enumerate(pages):
        for y, size, text in runs:
            if y < CONTENT_BOTTOM - 0.25 * 7.5 - 8:  # the footer (7.5 pt) under its rule
                continue
            assert y + 0.7 * size <= CONTENT_TOP + 0.5, (n + 1, text)  # not cut at the top
            assert y - 0.25 * size >= CONTENT_BOTTOM - 0.5, (n + 1, text)  # nor at the bottom


def test_rows_keep_together_and_the_header_repeats(pages) -> None:
    where: dict[str, set[int]] = defaultdict(set)
    continued = 0
    for n, runs in enumerate(pages):
        rows = [(y, text) for y, _s, text in runs if ROW.fullmatch(text)]
        for _y, text in rows:
            where[text].add(n)
        if rows:
            continued += 1
            cells = {text for y, _s, text in runs if abs(y - rows[-1][0]) < 1}
            assert cells >= {rows[-1][1], "31", "$586,449.10", "$18,917.71"}, cells  # whole
            heads = [y for y, _s, text in runs if text == "Participants"]
            assert heads and max(heads) > max(y for y, _t in rows), n + 1  # header above rows
    assert continued >= 3  # the table really crossed pages
    assert sorted(where) == [f"Cycle {i:03d}" for i in range(150)]
    assert all(len(p) == 1 for p in where.values()), {t: p for t, p in where.items() if len(p) > 1}


def test_method_note_lines_are_on_one_page_each(pages) -> None:
    first = next(n for n, runs in enumerate(pages) if any(t == "Method note" for _y, _s, t in runs))
    assert first < len(pages) - 1  # the note runs over two pages here
    seen: dict[str, int] = {}
    for n in range(first, len(pages)):
        for y, _s, text in pages[n]:
            if y < CONTENT_BOTTOM - 10:
                continue  # the footer
            assert seen.setdefault(text, n) == n, (text, seen[text] + 1, n + 1)


def test_the_pdf_names_the_scale_areas_its_progress_table_leaves_out(pages) -> None:
    text = unicodedata.normalize("NFKC", " ".join(t for runs in pages for _y, _s, t in runs))
    areas = [a.label.get("en") for a in DEFS.default_scale.areas]
    assert "Not listed: " in text and "no progress to count" in text
    missing = text.split("Not listed: ", 1)[1].split(".", 1)[0]
    assert missing and all(a in text for a in areas)
