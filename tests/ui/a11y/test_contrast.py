"""WCAG 2.1 AA contrast of every colour pair the app paints: the style sheet (text 4.5:1,
input and focus borders 3:1), the palette, the flag chips, the record's banners, the report
banners and the charts' marks — in the normal and in the high-contrast look."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from exitdoors_desktop.ui.caseload.model import FLAG_COLOURS
from exitdoors_desktop.ui.kit import style
from exitdoors_desktop.ui.record import editor, header
from exitdoors_desktop.ui.record.radar_chart import FIRST_COLOR, LATEST_COLOR, MIDDLE_COLORS
from exitdoors_desktop.ui.reports import charts
from tests.ui.a11y.contrast import Pair, ratio, sheet_pairs

SURFACES = ("#ffffff", style.WINDOW, "#ecebe7", "#fbfbf9")  # base, window, bars, group boxes
HC_SURFACES = ("#ffffff",)
# Pairs not held to the ratio, and why.
EXEMPT = {
    # A saved form shown read-only must not look editable: its fields are displays, not
    # components to find (WCAG 1.4.11 covers "visual information required to identify" one).
    'QWidget[readOnlyForm="true"] QLineEdit, QWidget[readOnlyForm="true"] QPlainTextEdit (border)',
}


def _palette_pairs(p: QPalette) -> list[Pair]:
    r = QPalette.ColorRole
    pairs = [
        (r.Text, r.Base), (r.WindowText, r.Window), (r.ButtonText, r.Button),
        (r.HighlightedText, r.Highlight), (r.ToolTipText, r.ToolTipBase),
        (r.PlaceholderText, r.Base), (r.Link, r.Base), (r.Text, r.AlternateBase),
    ]  # fmt: skip
    return [
        Pair(f"palette {f.name}/{b.name}", p.color(f).name(), p.color(b).name(), "text")
        for f, b in pairs
    ]


def all_pairs(high_contrast: bool) -> tuple[list[Pair], list[str]]:
    qss = style.style_sheet(high_contrast=high_contrast)
    pairs, exempt = sheet_pairs(qss, HC_SURFACES if high_contrast else SURFACES)
    pairs += _palette_pairs(style.palette(high_contrast=high_contrast))
    if not high_contrast:
        pairs += [Pair(f"flag chip {f}", t, b, "text") for f, (t, b) in FLAG_COLOURS.items()]
        pairs += [
            Pair(f"record {name}", fg, bg, "text")
            for name, (bg, fg) in (("warn", header.WARN), ("alert", header.ALERT),
                                   ("calm", header.CALM), ("editor ok", editor.OK_COLORS),
                                   ("editor warn", editor.WARN_COLORS),
                                   ("editor error", editor.ERROR_COLORS))
        ]  # fmt: skip
        pairs += [
            Pair("report funder banner", "#0f4c48", "#e6efee", "text"),
            Pair("report staff banner", "#8a1c12", "#fdecea", "text"),
            Pair("chart text", charts.TEXT_COLOR.name(), "#ffffff", "text"),
            Pair("chart muted text", charts.MUTED.name(), "#ffffff", "text"),
            Pair("chart bar", charts.BAR_COLOR.name(), "#ffffff", "ui"),
            Pair("radar first", FIRST_COLOR.name(), "#ffffff", "ui"),
            Pair("radar latest", LATEST_COLOR.name(), "#ffffff", "ui"),
            *(Pair(f"radar middle {i}", c.name(), "#ffffff", "ui") for i, c in enumerate(MIDDLE_COLORS)),
        ]  # fmt: skip
        # charts.RANGE_COLOR is the pale, uncertain part of a protected range: the range is
        # also printed as text beside the bar, so the fill carries nothing on its own.
    pairs = [p for p in pairs if p.where not in EXEMPT]
    return pairs, exempt


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_every_colour_pair_meets_wcag_aa(high_contrast: bool) -> None:
    pairs, disabled = all_pairs(high_contrast)
    failing = [
        f"{p.where}: {p.fore} on {p.back} = {p.ratio:.2f} (needs {p.needed})"
        for p in pairs
        if p.ratio < p.needed
    ]
    print(f"CONTRAST {'high' if high_contrast else 'normal'}: {len(pairs)} pairs checked, "
          f"lowest {min(p.ratio for p in pairs):.2f}, {len(disabled)} disabled states exempt, "
          f"{len(EXEMPT)} exempt by reason")  # fmt: skip
    assert len(pairs) > 60 if not high_contrast else len(pairs) > 30
    assert failing == [], "\n".join(failing)


def test_ratio_matches_wcag_reference_values() -> None:
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
