"""`exitdoors report outcomes` end to end on a real vault: CSV and PDF carry the published
figures, no identifying value (marker test, PDF text through pypdf: no poppler needed), 0600
files, an audit event per export, one-line errors with exit 2 for bad input."""

from __future__ import annotations

import csv
import io
import re
import stat
import unicodedata

import pytest
from pypdf import PdfReader

from exitdoors_desktop.storage.audit import recent_events
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.reports.cohort import specs, write_to_vault

ARGS = ("report", "outcomes", "--from", "2017-01-01", "--to", "2022-12-31", "--passphrase-stdin")


def markers(items) -> list[str]:
    """Every identifying value the vault holds about the cohort."""
    out = ["Freetextmarker", "Safenote", "text only", "Legalname", "Aliasname", "Cohortname"]
    for s in items:
        out += [s.id, s.id[:8], s.name, s.dob.isoformat(), f"{s.dob.day} {s.dob:%B} {s.dob.year}"]
    return out


@pytest.fixture
def cohort_vault(session):
    items = write_to_vault(session)
    session.lock()
    return items


def pdf_text(path) -> str:
    """The text of every page, pages separated by a form feed (as pdftotext does). pypdf
    gives a tab between words and keeps typographic ligatures (ﬁ, ﬂ): NFKC and one space
    make it plain text, so a marker split by either is still found."""
    pages = (page.extract_text() or "" for page in PdfReader(path).pages)
    text = "\f".join(unicodedata.normalize("NFKC", p) for p in pages) + "\f"
    return re.sub(r"[ \t]+", " ", text)


def audit_exports(vault_dir):
    s = Vault(vault_dir).unlock("alex", PASSPHRASE)
    try:
        return [e for e in recent_events(s.conn, 500) if e.action == "export"]
    finally:
        s.lock()


@pytest.mark.slow
def test_csv_and_pdf_hold_the_figures_and_nothing_identifying(cli, cohort_vault, tmp_path):
    csv_path, pdf_path = tmp_path / "outcomes.csv", tmp_path / "outcomes.pdf"
    code, out, err = cli(*ARGS, "--format", "csv", "--out", str(csv_path), stdin=PASSPHRASE + "\n")
    assert (code, err) == (0, ""), err
    code, out, err = cli(*ARGS, "--out", str(pdf_path), stdin=PASSPHRASE + "\n")
    assert (code, err) == (0, ""), err
    for path in (csv_path, pdf_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*tmp*"))

    text = csv_path.read_text(encoding="utf-8")
    rows = {(r["table"], r["row"]): r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["reach", "involved"]["count"], rows["reach", "involved"]["percent"]) == (
        "52",
        "95%",
    )
    assert rows["reach", "at_risk"]["count"] == "<5" and rows["reach", "at_risk"]["percent"] == ""
    assert rows["outcome", "not_at_all"]["percent"] == "63%"
    assert rows["outcome", "rarely"]["percent"] == "37%"
    assert rows["progress", "money"]["count"] == "17" and rows["progress", "money"]["of"] == "34"
    assert rows["costs", "cycle-1"]["value"] == "19548.30"

    pdf = pdf_text(pdf_path)
    first_page = pdf.split("\f")[0]
    assert "Exit Doors Here" in first_page
    assert "1 Jan 2017 – 31 Dec 2022" in first_page  # QLocale en_CA
    assert "Funder view — de-identified" in first_page
    for figure in ("95%", "63%", "37%", "$586,449.10", "$19,548.30", "Method note"):
        assert figure in pdf
    # The protected headline (30 of 34 with follow-up data, beside a "<5") reads as its range.
    assert "With follow-up data\n30–33\n88–97%" in pdf
    assert pdf.count("\f") >= 5  # title page, sections, method note

    for marker in markers(cohort_vault):
        assert marker not in text, marker
        assert marker not in pdf, marker
        assert marker.encode() not in pdf_path.read_bytes(), marker

    events = audit_exports(cli.data_dir)
    assert [e.entity for e in events] == ["report", "report"]
    assert {e.detail.split()[1] for e in events} == {"csv", "pdf"}
    for e in events:  # the audit names the export, never the data
        assert all(m not in e.detail for m in markers(cohort_vault))


def test_bad_input_is_one_line_and_exit_2(cli, session, tmp_path):
    session.lock()
    out_file = tmp_path / "r.csv"
    cases = [
        (
            "report",
            "outcomes",
            "--from",
            "2024-13-01",
            "--to",
            "2024-12-31",
            "--out",
            str(out_file),
        ),
        (
            "report",
            "outcomes",
            "--from",
            "2024-02-01",
            "--to",
            "2024-01-01",
            "--out",
            str(out_file),
        ),
        (
            "report",
            "outcomes",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--out",
            str(tmp_path / "r.txt"),
        ),
        (
            "report",
            "outcomes",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--out",
            str(tmp_path / "no" / "r.csv"),
        ),
    ]
    for args in cases:
        code, out, err = cli(*args, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert code == 2, (args, err)
        assert err.count("\n") == 1 and err.startswith("exitdoors: "), err
    assert not out_file.exists()
    out_file.write_text("keep me")
    code, out, err = cli(
        *ARGS[:6], "--out", str(out_file), "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert code == 2 and "already exists" in err and err.count("\n") == 1
    assert out_file.read_text() == "keep me"
    assert audit_exports(cli.data_dir) == []


def test_wrong_passphrase_writes_nothing(cli, session, tmp_path):
    session.lock()
    out_file = tmp_path / "r.pdf"
    code, out, err = cli(*ARGS, "--out", str(out_file), stdin="not the passphrase at all\n")
    assert code == 3 and not out_file.exists()


def test_cohort_markers_are_really_in_the_vault(session):
    # The marker test means something only if the markers are stored in the vault.
    items = write_to_vault(session, specs()[:2])
    row = session.conn.execute(
        "SELECT preferred_name, date_of_birth FROM clients WHERE id = ?", (items[0].id,)
    ).fetchone()
    assert row == (items[0].name, items[0].dob.isoformat())
    hits = session.conn.execute(
        "SELECT count(*) FROM form_responses WHERE answers LIKE '%Freetextmarker%'"
    ).fetchone()[0]
    assert hits > 0
