"""Group work as a section of the program's report, from the reference set of sessions in
``test_group_report`` (figures worked out by hand there and below), through the whole
pipeline: ``build_report`` in the staff and the funder view, the CSV and the PDF written by
`exitdoors report outcomes` (PDF text through pypdf), and `exitdoors groups report`, now the
group section alone through the same words and the same audited writer.

By hand, for February 2026 (read on any later day):
* skills training S1, weeks 5–8 (Feb 3, 10, 17, 24): week k is attended by those who came to
  more than k sessions — 5 (c1 c2 c3 c4 c6), 4 (c1 c2 c4 c6), 2 (c1 c4), 1 (c1) = 12 linked;
* support group Feb 15: c7 + 3 others.
So 5 sessions, 13 linked + 3 others = 16 attendances (81% / 19%), 6 different clients,
average 16 / 5 = 3.2. In the funder view the 3 others are "<5", so the 13 linked, the table's
largest cell, is the range a reader can already work out: 16 − 4 … 16 − 1 = 12–15, 75–94%
(12/16 = 75%, 15/16 = 93.75% → 94%); the 6 participants would bound it, so they are "x".
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.metrics import Period, labels
from exitdoors_desktop.core.metrics.method_note import method_note
from exitdoors_desktop.core.metrics.publish import View, table
from exitdoors_desktop.core.metrics.report_csv import report_csv
from exitdoors_desktop.storage.report_data import build_report
from tests.conftest import PASSPHRASE
from tests.reports.test_group_report import PERIOD, _seed
from tests.reports.test_report_files import audit_exports, pdf_text

DEFS = load_definitions()
FEB = Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
TODAY = dt.date(2026, 7, 15)


def rows(tb) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return {r.code: r.cells for r in tb.rows}


def test_staff_view_gives_the_hand_computed_figures_exactly(session) -> None:  # type: ignore[no-untyped-def]
    _seed(session)
    report, sections = build_report(session, DEFS, PERIOD, TODAY, View.STAFF)
    assert [s.id for s in sections][-1] == "groups"
    assert report.groups.sessions == 13
    assert rows(table(sections, "group_sessions_by_type")) == {
        "support_group": ("3",),
        "psychoeducation": ("1",),
        "group_counselling": ("0",),
        "skills_training": ("9",),
        "peer_support_circle": ("0",),
    }
    # Months and types with no session are not listed; each row is one month and one type.
    assert rows(table(sections, "group_sessions_by_month")) == {
        "2026-01/support_group": ("1",),
        "2026-01/skills_training": ("4",),
        "2026-02/support_group": ("1",),
        "2026-02/skills_training": ("4",),
        "2026-03/support_group": ("1",),
        "2026-04/psychoeducation": ("1",),
        "2026-06/skills_training": ("1",),
    }
    att = table(sections, "group_attendances")
    assert rows(att) == {"linked": ("43", "78%"), "others": ("12", "22%")}
    assert att.total is not None and att.total.cells == ("55", "100%")
    assert rows(table(sections, "group_participants")) == {"unique_participants": ("10",)}
    assert rows(table(sections, "group_size")) == {"average_group_size": ("4.2", "13")}
    # 4 of the 6 who attended Winter skills came to 6 of 8 sessions (3/4 rounded up).
    assert rows(table(sections, "group_series_completion"))["skills_training"] == (
        "4",
        "6",
        "67%",
    )


def test_funder_view_applies_the_small_cell_rules_and_ranges(session) -> None:  # type: ignore[no-untyped-def]
    _seed(session)
    _, sections = build_report(session, DEFS, PERIOD, TODAY, View.FUNDER)
    assert rows(table(sections, "group_attendances")) == {
        "linked": ("43", "78%"),
        "others": ("12", "22%"),
    }
    # 4 completed and 2 did not: both small, so only the 6 who took part is shown.
    assert rows(table(sections, "group_series_completion"))["skills_training"] == ("<5", "6", "")
    # Sessions held are events, not people: a single one is shown as 1, in both views.
    assert rows(table(sections, "group_sessions_by_type"))["psychoeducation"] == ("1",)

    _, feb = build_report(session, DEFS, FEB, TODAY, View.FUNDER)
    att = table(feb, "group_attendances")
    assert rows(att) == {"linked": ("12–15", "75–94%"), "others": ("<5", "")}
    assert (att.rows[0].chart_value, att.rows[0].chart_high) == (75, 94)
    assert att.total is not None and att.total.cells == ("16", "100%")
    assert rows(table(feb, "group_participants")) == {"unique_participants": ("x",)}
    assert rows(table(feb, "group_size")) == {"average_group_size": ("3.2", "5")}
    _, feb_staff = build_report(session, DEFS, FEB, TODAY, View.STAFF)
    assert rows(table(feb_staff, "group_attendances")) == {
        "linked": ("13", "81%"),
        "others": ("3", "19%"),
    }
    assert rows(table(feb_staff, "group_participants")) == {"unique_participants": ("6",)}


def test_every_group_table_and_row_is_worded(session) -> None:  # type: ignore[no-untyped-def]
    _seed(session)
    report, sections = build_report(session, DEFS, PERIOD, TODAY, View.STAFF)
    (section,) = [s for s in sections if s.id == "groups"]
    assert labels.section_title("groups") == "Group work"
    for tb in section.tables:
        assert labels.table_title(tb.id) != tb.id, tb.id
        for column in tb.columns:
            assert labels.column_title(tb.id, column) != column, (tb.id, column)
        for r in tb.rows:
            words = labels.row_label(DEFS, "en", tb.id, r.code)
            assert "_" not in words and "/" not in words, (tb.id, r.code, words)
    label = labels.row_label
    assert label(DEFS, "en", "group_sessions_by_type", "skills_training") == "Skills training"
    assert label(DEFS, "fr", "group_sessions_by_type", "support_group") == "Groupe de soutien"
    assert (
        label(DEFS, "en", "group_sessions_by_month", "2026-03/support_group")
        == "March 2026 · Support group"
    )
    assert label(DEFS, "en", "group_series_completion", "skills_training") == "Skills training"
    assert "anonymous" in label(DEFS, "en", "group_attendances", "others")
    assert labels.column_title("group_series_completion", "met") == "Completed"
    assert labels.column_title("group_size", "n") == "Sessions"
    # The method note defines the group figures, with the program's own completion rule.
    note = dict(method_note(report, DEFS, View.FUNDER))
    text = note["Group work"]
    for words in ("attendance", "Different enrolled clients", "3 of every 4", "not suppressed"):
        assert words in text, words


@pytest.mark.slow
def test_csv_and_pdf_carry_the_group_section_in_both_views(cli, session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(session)
    names = [f"Ref {c} Example" for c in ids] + list(ids.values())
    session.lock()
    args = ("report", "outcomes", "--from", "2026-02-01", "--to", "2026-02-28")
    out = {}
    for view in ("funder", "staff"):
        for fmt in ("csv", "pdf"):
            path = out[view, fmt] = tmp_path / f"{view}.{fmt}"
            code, _, err = cli(*args, "--view", view, "--out", str(path), "--passphrase-stdin",
                               stdin=PASSPHRASE + "\n")  # fmt: skip
            assert (code, err) == (0, ""), err

    def csv_rows(path):  # type: ignore[no-untyped-def]
        text = path.read_text(encoding="utf-8")
        return {(r["table"], r["row"]): r for r in csv.DictReader(io.StringIO(text))}

    funder, staff = csv_rows(out["funder", "csv"]), csv_rows(out["staff", "csv"])
    linked = funder["group_attendances", "linked"]
    assert (linked["section"], linked["count"], linked["of"], linked["percent"]) == (
        "groups", "12–15", "16", "75–94%",
    )  # fmt: skip
    assert funder["group_attendances", "others"]["count"] == "<5"
    assert funder["group_participants", "unique_participants"]["count"] == "x"
    assert funder["group_size", "average_group_size"]["value"] == "3.2"
    assert funder["group_size", "average_group_size"]["of"] == "5"
    month = funder["group_sessions_by_month", "2026-02/skills_training"]
    assert (month["label"], month["count"]) == ("February 2026 · Skills training", "4")
    assert staff["group_attendances", "linked"]["count"] == "13"
    assert staff["group_attendances", "others"]["count"] == "3"
    assert staff["group_participants", "unique_participants"]["count"] == "6"
    assert staff["report", "view"]["label"] == "Staff view — exact counts"

    pdf = pdf_text(out["funder", "pdf"])
    assert "Group work" in pdf.split("\f")[0]  # in the contents
    for words in (
        "Group sessions held, by type",
        "Skills training\n4",
        "February 2026 · Skills training\n4",
        "12–15\n75–94%",
        "3 of every 4",  # the method note
    ):
        assert words in pdf, words
    # The sessions-per-month chart (an image: its words are not text) follows its table.
    pages = PdfReader(out["funder", "pdf"]).pages
    (month_page,) = [p for p in pages if "by month and type" in " ".join(p.extract_text().split())]
    assert len(month_page.images) == 1
    staff_pdf = pdf_text(out["staff", "pdf"])
    assert "13\n81%" in staff_pdf and "12–15" not in staff_pdf
    for marker in names:
        for path in out.values():
            assert marker.encode() not in path.read_bytes(), marker
        assert marker not in pdf and marker not in staff_pdf
    details = [e.detail for e in audit_exports(cli.data_dir)]
    assert len(details) == 4 and all(d.startswith("outcomes ") for d in details)


def test_groups_report_writes_the_group_section_only(cli, session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _seed(session)
    session.lock()
    target = tmp_path / "groups.csv"
    code, out, err = cli("groups", "report", "--from", "2026-02-01", "--to", "2026-02-28",
                         "--view", "staff", "--out", str(target), "--passphrase-stdin",
                         stdin=PASSPHRASE + "\n")  # fmt: skip
    assert (code, err) == (0, ""), err
    text = target.read_text(encoding="utf-8")
    found = list(csv.DictReader(io.StringIO(text)))
    assert {r["section"] for r in found} == {"report", "groups"}
    by_key = {(r["table"], r["row"]): r for r in found}
    assert by_key["report", "view"]["label"] == "Staff view — exact counts"
    assert by_key["group_attendances", "linked"]["count"] == "13"
    details = [e.detail for e in audit_exports(cli.data_dir)]
    assert details == ["groups csv 2026-02-01..2026-02-28 staff"]


def test_groups_report_csv_matches_the_full_report_rows(session) -> None:  # type: ignore[no-untyped-def]
    _seed(session)
    report, sections = build_report(session, DEFS, FEB, TODAY, View.FUNDER)
    full = report_csv(report, sections, DEFS)
    only = report_csv(report, [s for s in sections if s.id == "groups"], DEFS)
    group_lines = [ln for ln in full.splitlines() if ln.startswith("groups,")]
    assert group_lines and group_lines == [
        ln for ln in only.splitlines() if ln.startswith("groups,")
    ]
