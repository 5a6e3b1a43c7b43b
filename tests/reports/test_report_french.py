"""`exitdoors report outcomes … --lang fr`: the PDF is French throughout (titles, tables,
method note, dates and money in fr_CA); the CSV's words are French while its dates stay ISO and
its numbers plain; English stays the default."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.reports.cohort import write_to_vault
from tests.reports.test_report_files import ARGS, pdf_text

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "exitdoors_fr.ts"
QM = TS.with_suffix(".qm")


@pytest.fixture(scope="module", autouse=True)
def _compiled() -> None:
    """The .qm as `make qm` builds it (a fresh clone's test run needs no manual step)."""
    if not QM.exists() or QM.stat().st_mtime < TS.stat().st_mtime:
        lrelease = Path(sys.executable).parent / "pyside6-lrelease"
        subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(QM)], check=True)


@pytest.fixture
def cohort_vault(session):
    items = write_to_vault(session)
    session.lock()
    return items


FRENCH_TITLES = (
    "Portée : implication dans le commerce du sexe au recrutement",
    "Résultat : implication dans le commerce du sexe au suivi",
    "Progrès par domaine",
    "Coût de fonctionnement et coût par participante, par cycle du programme",
    "Note méthodologique",
)
ENGLISH_TITLES = (
    "Reach: sex-work involvement",
    "Outcome: sex-work involvement",
    "Progress per focus area",
    "Method note",
    "Funder view",
    "Cost per participant",
    "Number",
)


@pytest.mark.slow
def test_french_pdf_and_csv(cli, cohort_vault, tmp_path: Path) -> None:
    pdf_path, csv_path = tmp_path / "rapport.pdf", tmp_path / "rapport.csv"
    code, _, err = cli(*ARGS, "--lang", "fr", "--out", str(pdf_path), stdin=PASSPHRASE + "\n")
    assert (code, err) == (0, ""), err
    pdf = pdf_text(pdf_path).replace("\n", " ")  # NFKC: fr_CA no-break spaces read as spaces
    first_page = pdf.split("\f")[0]
    assert "1 janv. 2017 – 31 déc. 2022" in first_page
    assert "Version bailleur de fonds — dépersonnalisée" in first_page
    assert "Rapport d’évaluation" in first_page
    for title in FRENCH_TITLES:
        assert title in pdf, title
    assert "19 548,30 $" in pdf
    assert "586 449,10 $" in pdf
    for english in ENGLISH_TITLES:
        assert english not in pdf, english

    code, _, err = cli(
        *ARGS, "--lang", "fr", "--format", "csv", "--out", str(csv_path),
        stdin=PASSPHRASE + "\n",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    text = csv_path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0].keys()  # same columns as in English: machines read them
    assert "2017-01-01" in text and "2022-12-31" in text  # ISO dates stay
    assert "19548.30" in text  # plain numbers stay
    assert "Version bailleur de fonds — dépersonnalisée" in text
    assert "Avec données de suivi" in text
    for english in ("Funder view", "With follow-up data", "Not answered"):
        assert english not in text, english


def test_a_language_that_is_not_offered_is_refused(cli, session, tmp_path: Path) -> None:
    session.lock()
    code, _, err = cli(
        *ARGS, "--lang", "de", "--out", str(tmp_path / "r.pdf"), stdin=PASSPHRASE + "\n"
    )
    assert code == 2 and "--lang" in err
    assert not (tmp_path / "r.pdf").exists()
