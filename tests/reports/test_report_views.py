"""The report's two views and its words, without Qt: the funder view protects (a hidden
headline shown as its range), the staff view is exact, both are named in the CSV; every row's
words match its meaning (a referral "Closed" is not a file "Closed without graduating");
`report outcomes --format csv` runs without loading PySide6; the staff view is refused to
roles that do not supervise."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.entities import Referral, ReferralStatus, ServiceType
from exitdoors_desktop.core.metrics import ReportData, labels, outcome_report
from exitdoors_desktop.core.metrics.method_note import method_note
from exitdoors_desktop.core.metrics.publish import View, publish, table, view_of
from exitdoors_desktop.core.metrics.report_csv import report_csv
from exitdoors_desktop.core.people import Role
from tests.conftest import CHEAP, PASSPHRASE
from tests.reports.cohort import AS_OF, PERIOD, report_data
from tests.reports.test_report_files import ARGS, audit_exports

DEFS = load_definitions()


def cohort_report(data: ReportData | None = None):
    return outcome_report(
        data or report_data(),
        DEFS.program,
        DEFS.default_scale,
        DEFS.scales["readiness"],
        PERIOD,
        AS_OF,
    )


def rows_of(shown) -> dict[str, tuple[str, ...]]:
    return {r.code: r.cells for r in shown.rows}


def test_funder_view_shows_the_hidden_headline_as_a_range_and_staff_view_is_exact():
    report = cohort_report()
    funder = publish(report)
    staff = publish(report, View.STAFF)
    assert view_of(funder) is View.FUNDER and view_of(staff) is View.STAFF
    # 30 of 34 graduates have follow-up data, 4 have none: the 4 is small, so the 30 is
    # protected — shown as the 30–33 a reader can work out anyway, never a bare "x".
    coverage = table(funder, "follow_up_coverage")
    assert rows_of(coverage) == {"with_follow_up": ("30–33", "88–97%"), "no_follow_up": ("<5", "")}
    assert (coverage.rows[0].chart_value, coverage.rows[0].chart_high) == (88, 97)
    assert rows_of(table(staff, "follow_up_coverage")) == {
        "with_follow_up": ("30", "88%"),
        "no_follow_up": ("4", "12%"),
    }
    # No mark anywhere in the staff view; the funder view still marks the small reach cells.
    staff_cells = [c for s in staff for tb in s.tables for r in tb.rows for c in r.cells]
    assert not any(c.startswith("<") or c == "x" or "–" in c for c in staff_cells)
    assert rows_of(table(funder, "reach"))["at_risk"] == ("<5", "")
    assert rows_of(table(staff, "reach"))["at_risk"] == ("2", "4%")


def test_the_csv_names_its_view():
    report = cohort_report()
    for view, threshold in ((View.FUNDER, "5"), (View.STAFF, "none")):
        text = report_csv(report, publish(report, view), DEFS)
        meta = {
            r["row"]: r["label"]
            for r in csv.DictReader(io.StringIO(text))
            if r["table"] == "report"
        }
        assert meta["view"] == labels.view_name(view)
        assert meta["small_cell_threshold"] == threshold
    terms = [term for term, _ in method_note(report, DEFS, View.STAFF)]
    assert "Exact counts" in terms and "Small counts" not in terms


def test_a_closed_referral_reads_closed_and_a_closed_file_reads_without_graduating():
    refs = (Referral("r1", "c1", ServiceType.HOUSING, ReferralStatus.CLOSED, dt.date(2019, 2, 1)),)
    base = report_data()
    data = ReportData(
        base.participants,
        base.involvement,
        base.readings,
        base.readiness,
        base.contacts,
        refs,
        base.partner_surveys,
        base.cycles,
    )
    report = cohort_report(data)
    for view in View:
        text = report_csv(report, publish(report, view), DEFS)
        rows = {(r["table"], r["row"]): r["label"] for r in csv.DictReader(io.StringIO(text))}
        assert rows["referrals_by_status", "closed"] == "Closed"
        assert rows["flow_events", "closed"] == "Closed without graduating"
    assert labels.row_label(DEFS, "fr", "referrals_by_status", "closed") == "Fermé"


@pytest.mark.slow
def test_csv_command_does_not_load_qt(session, vault_dir, tmp_path):
    session.lock()
    out = tmp_path / "outcomes.csv"
    script = (
        "import sys\n"
        "from exitdoors_desktop.cli import main\n"
        f"code = main(['--data-dir', {str(vault_dir)!r}, *{list(ARGS)!r}, '--out', {str(out)!r}])\n"
        "print('exit', code)\n"
        "print('qt', sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "exit 0" in done.stdout and "qt []" in done.stdout, done.stdout
    assert out.read_text(encoding="utf-8").startswith("section,table,row")


def test_staff_view_is_for_those_who_may_report(cli, session, tmp_path):
    session.add_user("sam", PASSPHRASE + " outreach", Role.OUTREACH, kdf=CHEAP)
    session.lock()
    staff = tmp_path / "staff.csv"
    code, out, err = cli(
        *ARGS, "--view", "staff", "--user", "alex", "--out", str(staff), stdin=PASSPHRASE + "\n"
    )
    assert (code, err) == (0, ""), err
    rows = {(r["table"], r["row"]): r for r in csv.DictReader(io.StringIO(staff.read_text()))}
    assert rows["report", "view"]["label"] == "Staff view — exact counts"
    assert rows["reach", "at_risk"]["count"] == "0"  # nothing written in this vault: exact 0
    refused = tmp_path / "refused.csv"
    for view in ("staff", "funder"):  # an outreach worker makes no reports (DOMAIN.md roles)
        code, out, err = cli(
            *ARGS, "--view", view, "--user", "sam", "--out", str(refused),
            stdin=PASSPHRASE + " outreach\n",
        )  # fmt: skip
        assert code == 3 and "make reports" in err and err.count("\n") == 1, err
        assert not refused.exists()
    funder = tmp_path / "funder.csv"
    code, out, err = cli(*ARGS, "--user", "alex", "--out", str(funder), stdin=PASSPHRASE + "\n")
    assert code == 0 and funder.exists()
    details = [e.detail for e in audit_exports(cli.data_dir)]
    assert [d.split()[-1] for d in details] == ["funder", "staff"]  # newest first
