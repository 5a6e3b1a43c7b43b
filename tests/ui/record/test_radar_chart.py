"""RadarChart paints real pixels for real scales; ReadingsTableModel passes qtmodeltester."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QImage

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.scales import ScaleReading
from exitdoors_desktop.ui.record.radar_chart import (
    RadarChart,
    RadarFiguresTableModel,
    ReadingsTableModel,
    chart_readings,
)

SCALE = load_definitions().scales["default"]
READINESS = load_definitions().scales["readiness"]


def reading(
    day: int, values: dict[str, int], scale: str = "default", rid: str = ""
) -> ScaleReading:
    return ScaleReading(
        id=rid or f"r{day}",
        client_id="client-1",
        scale_id=scale,
        date=dt.date(2024, 1, 1) + dt.timedelta(days=day),
        values=values,
    )


LOW = reading(0, {a: 2 for a in SCALE.area_ids})
HIGH = reading(90, {a: 8 for a in SCALE.area_ids})
GAPPY = reading(45, {a: 5 for a in SCALE.area_ids[::2]})


@pytest.fixture
def chart(qtbot):
    c = RadarChart()
    qtbot.addWidget(c)
    c.resize(c.sizeHint())
    c.show()
    qtbot.waitExposed(c)
    return c


def image(chart: RadarChart) -> QImage:
    return chart.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def coloured_pixels(img: QImage, frac: float = 0.25) -> int:
    """Pixels in the central square that differ clearly from the background corner."""
    bg = img.pixelColor(1, 1)
    w, h = img.width(), img.height()
    count = 0
    for x in range(int(w * (0.5 - frac / 2)), int(w * (0.5 + frac / 2)), 2):
        for y in range(int(h * (0.45 - frac / 2)), int(h * (0.45 + frac / 2)), 2):
            c = img.pixelColor(x, y)
            if (
                abs(c.red() - bg.red()) + abs(c.green() - bg.green()) + abs(c.blue() - bg.blue())
                > 30
            ):
                count += 1
    return count


def test_paints_readings_in_the_centre_and_differs_by_data(chart):
    chart.set_data(SCALE, [LOW, HIGH], "en")
    first = image(chart)
    assert coloured_pixels(first) > 200
    chart.set_data(SCALE, [LOW], "en")
    second = image(chart)
    assert coloured_pixels(second) > 20
    assert first != second
    chart.set_data(SCALE, [LOW, GAPPY, HIGH], "en")
    assert image(chart) != first


def test_gaps_empty_and_degenerate_scales_paint_without_error(chart):
    for definition, readings in [
        (SCALE, []),
        (SCALE, [GAPPY]),
        (SCALE, [reading(1, {"not_an_area": 3, "safety": 99})]),
        (
            READINESS,
            [reading(0, {"readiness": 2}, "readiness"), reading(9, {"readiness": 4}, "readiness")],
        ),
        (dataclasses.replace(SCALE, areas=SCALE.areas[:2]), [LOW, HIGH]),
        (dataclasses.replace(SCALE, areas=()), [LOW]),
        (None, []),
    ]:
        chart.set_data(definition, readings, "fr")
        img = image(chart)
        assert not img.isNull()
    # One and two areas still show their values.
    chart.set_data(READINESS, [reading(0, {"readiness": 2}, "readiness")], "en")
    assert coloured_pixels(image(chart), frac=0.8) > 20


def test_chart_keeps_the_first_and_latest_readings_of_its_own_scale():
    many = [reading(d, {"safety": d % 10 + 1}) for d in (50, 10, 30, 40, 20)]
    other = reading(60, {"readiness": 3}, scale="readiness")
    shown = chart_readings(SCALE, [*many, other])
    assert [r.id for r in shown] == ["r10", "r30", "r40", "r50"]
    same_day = [reading(5, {"safety": 3}, rid="b"), reading(5, {"safety": 4}, rid="a")]
    assert [r.id for r in chart_readings(SCALE, same_day)] == ["a", "b"]


def test_accessible_summary_has_values_and_no_identity(chart):
    chart.set_data(SCALE, [LOW, GAPPY], "en")
    text = chart.accessibleDescription()
    assert "Safety: 2 (2024-01-01), 5 (2024-02-15)." in text
    assert "Housing: 2 (2024-01-01), not rated (2024-02-15)." in text
    assert "client-1" not in text
    assert chart.accessibleName() == "Chart: Progress scale"
    chart.set_data(SCALE, [], "en")
    assert "no readings" in chart.accessibleDescription()


def test_size_hints(chart):
    assert chart.sizeHint().width() >= 400 and chart.sizeHint().height() >= 360
    assert chart.minimumSizeHint().expandedTo(QSize(1, 1)) == chart.minimumSizeHint()
    assert chart.minimumSizeHint().width() < chart.sizeHint().width()


def test_readings_table_model(qtmodeltester):
    model = ReadingsTableModel()
    qtmodeltester.check(model)
    model.set_data(SCALE, [HIGH, LOW, GAPPY, reading(3, {"readiness": 1}, "readiness")], "en")
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == 1 + len(SCALE.areas)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Date"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Housing"
    assert model.data(model.index(0, 0)) == "2024-01-01"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) == dt.date(2024, 1, 1)
    assert model.data(model.index(1, 1)) == 5
    assert model.data(model.index(1, 2)) is None  # not rated
    assert model.data(model.index(1, 2), Qt.ItemDataRole.AccessibleTextRole) == "not rated"
    assert model.data(model.index(2, 1)) == 8
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    model.set_data(READINESS, [], "fr")
    qtmodeltester.check(model)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Disposition au changement"
    model.set_data(None, [LOW])
    qtmodeltester.check(model)
    assert model.columnCount() == 0


def test_radar_figures_table_has_first_and_latest_per_area(qtmodeltester):
    model = RadarFiguresTableModel()
    qtmodeltester.check(model)
    model.set_data(SCALE, [HIGH, GAPPY, LOW, reading(3, {"readiness": 1}, "readiness")], "en")
    qtmodeltester.check(model)
    assert model.rowCount() == len(SCALE.areas) and model.columnCount() == 3
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Area"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "First reading, 2024-01-01"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Latest reading, 2024-03-31"
    assert model.data(model.index(1, 0)) == "Housing"
    assert (model.data(model.index(1, 1)), model.data(model.index(1, 2))) == ("2", "8")
    model.set_data(SCALE, [GAPPY], "en")  # one reading: first and latest are the same
    assert model.data(model.index(1, 1)) == "—"
    assert model.data(model.index(1, 1), Qt.ItemDataRole.AccessibleTextRole) == "not rated"
    model.set_data(SCALE, [], "en")
    qtmodeltester.check(model)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Latest reading"
    assert model.data(model.index(0, 2)) == "—"
    model.set_data(None, [LOW])
    qtmodeltester.check(model)
    assert model.columnCount() == 0 and model.rowCount() == 0
