"""French words the walk found still English or mixed (issue 19): "of" in the report's bars,
decimals with a point ("moyenne 5.1"), "Counselling", and two terms for the sex trade. The
program's term is « commerce du sexe » (resources/translations/GLOSSARY.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.metrics import outcome_report, publish
from exitdoors_desktop.core.metrics.publish import ShownRow, ShownTable, Unit, View
from exitdoors_desktop.core.scales import ScaleReading
from exitdoors_desktop.ui.kit.context import AppContext
from exitdoors_desktop.ui.kit.formats import decimal, figure
from exitdoors_desktop.ui.kit.i18n import tr, use_language
from exitdoors_desktop.ui.record.tabs.timeline import TimelineTableModel
from exitdoors_desktop.ui.reports.charts import report_charts
from exitdoors_desktop.ui.reports.models import ShownTableModel
from tests.reports.cohort import AS_OF, PERIOD, report_data
from tests.ui.i18n.conftest import compiled_qm

ROOT = Path(__file__).resolve().parents[3]
RESOURCES = ROOT / "resources"
NOT_FRENCH = re.compile(r"travail du sexe|travailleuse du sexe|counsel", re.IGNORECASE)


def _french_labels(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("fr"), str):
            yield node["fr"]
        for value in node.values():
            yield from _french_labels(value)
    elif isinstance(node, list):
        for value in node:
            yield from _french_labels(value)


def test_one_french_term_for_the_sex_trade_and_no_english_counselling() -> None:
    found = []
    for path in sorted(RESOURCES.rglob("*.json")):
        found += [(path.name, t) for t in _french_labels(json.loads(path.read_text("utf-8")))
                  if NOT_FRENCH.search(t)]  # fmt: skip
    ts = (RESOURCES / "translations" / "exitdoors_fr.ts").read_text("utf-8")
    found += [("exitdoors_fr.ts", t) for t in re.findall(r"<translation>([^<]*)</translation>", ts)
              if NOT_FRENCH.search(t)]  # fmt: skip
    assert found == []


@pytest.fixture
def french(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    compiled_qm()
    assert use_language("fr")
    try:
        yield
    finally:
        use_language("en")


def test_decimals_are_written_with_a_comma_in_french(french) -> None:  # type: ignore[no-untyped-def]
    assert figure("5.1") == "5,1" and decimal(5.14) == "5,1"
    assert figure("93%") == "93%" and figure("<5") == "<5" and figure("12") == "12"


def test_report_bars_say_sur_not_of_in_french(french) -> None:  # type: ignore[no-untyped-def]
    defs = load_definitions()
    report = outcome_report(
        report_data(), defs.program, defs.default_scale, defs.scales["readiness"], PERIOD, AS_OF
    )
    texts = [
        bar.text
        for _id, chart in report_charts(publish(report, View.STAFF), defs, "fr", tr)
        for bar in chart.bars
    ]
    assert any(re.fullmatch(r"\d+% \(\d+ sur \d+\)", t) for t in texts), texts
    assert not [t for t in texts if " of " in t]


def test_the_report_table_shows_an_average_with_a_comma(french, session) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(session, load_definitions(), lambda: AS_OF, language="fr")
    model = ShownTableModel(ctx)
    row = ShownRow("average_group_size", ("5.1", "12"))
    model.set_table(ShownTable("group_size", ("value", "n"), (row,), Unit.SESSIONS))
    assert model.index(0, 1).data() == "5,1" and model.index(0, 2).data() == "12"


def test_a_reading_on_the_timeline_says_moyenne_with_a_comma(french) -> None:  # type: ignore[no-untyped-def]
    defs = load_definitions()
    scale = defs.default_scale
    values = dict.fromkeys((a.id for a in scale.areas), 5)
    values[scale.areas[0].id] = 6  # 51 / 10 areas
    reading = ScaleReading("r1", "c1", scale.id, AS_OF, values)
    _what, details = TimelineTableModel(defs, "fr")._reading_words(reading)
    assert details.endswith(f"{len(values)} domaines, moyenne {decimal(51 / len(values))}")
    assert "," in details.rpartition("moyenne ")[2] and "." not in details.rpartition(" ")[2]
