"""FormRenderer on real widgets, offscreen: every field type by keyboard, visibility, groups,
inline errors, tab order, read-only mode, and the error wording for every core code."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.forms import FieldError, FieldType, parse_form, validate
from exitdoors_desktop.ui.forms.fields import FieldBlock, parse_number
from exitdoors_desktop.ui.forms.renderer import FormRenderer
from exitdoors_desktop.ui.kit.error_text import KNOWN_CODES, error_text

L = lambda en, fr=None: {"en": en, "fr": fr or f"{en} (fr)"}  # noqa: E731


def opts(*values):
    return [{"value": v, "label": L(v.title())} for v in values]


EVERY_TYPE = parse_form(
    {
        "id": "every_type",
        "version": 1,
        "title": L("Every type"),
        "fields": [
            {"id": "name", "type": "text", "label": L("Name"), "required": True, "sensitive": True},
            {"id": "story", "type": "long_text", "label": L("Story")},
            {
                "id": "age",
                "type": "number",
                "label": L("Age"),
                "integer": True,
                "min": 10,
                "max": 99,
            },
            {"id": "weight", "type": "number", "label": L("Weight")},
            {"id": "when", "type": "date", "label": L("When"), "help": L("The day it happened")},
            {
                "id": "colour",
                "type": "single_choice",
                "label": L("Colour"),
                "options": opts("red", "green", "blue"),
            },
            {
                "id": "langs",
                "type": "multiple_choice",
                "label": L("Languages"),
                "options": opts("en", "fr", "es"),
            },
            {"id": "safe", "type": "yes_no", "label": L("Safe to call")},
            {
                "id": "stage",
                "type": "scale",
                "label": L("Stage"),
                "min": 1,
                "max": 5,
                "scale": "readiness",
            },
            {
                "id": "steps",
                "type": "group",
                "label": L("Steps"),
                "max_items": 3,
                "fields": [
                    {"id": "what", "type": "text", "label": L("What"), "required": True},
                    {"id": "hours", "type": "number", "label": L("Hours"), "min": 0},
                ],
            },
        ],
    }
)

CONDITIONAL = parse_form(
    {
        "id": "conditional",
        "version": 1,
        "title": L("Conditional"),
        "fields": [
            {"id": "a", "type": "yes_no", "label": L("A")},
            {"id": "b", "type": "text", "label": L("B"), "visible_if": "a == true"},
            {
                "id": "c",
                "type": "number",
                "label": L("C"),
                "visible_if": 'b == "x"',
                "required": True,
            },
            {
                "id": "g",
                "type": "group",
                "label": L("G"),
                "fields": [
                    {
                        "id": "kind",
                        "type": "single_choice",
                        "label": L("Kind"),
                        "options": opts("p", "q"),
                    },
                    {
                        "id": "why",
                        "type": "text",
                        "label": L("Why"),
                        "visible_if": 'kind == "q" and a',
                    },
                ],
            },
        ],
    }
)

GROUPS = parse_form(
    {
        "id": "groups",
        "version": 1,
        "title": L("Groups"),
        "fields": [
            {
                "id": "req",
                "type": "group",
                "label": L("Required group"),
                "required": True,
                "min_items": 1,
                "max_items": 3,
                "fields": [{"id": "goal", "type": "text", "label": L("Goal")}],
            },
            {
                "id": "opt",
                "type": "group",
                "label": L("Optional group"),
                "min_items": 2,
                "fields": [{"id": "note", "type": "text", "label": L("Note")}],
            },
        ],
    }
)


@pytest.fixture
def make(qtbot, qapp):
    def _make(definition, language="en", **kw):
        r = FormRenderer(definition, language, scales=load_definitions().scales, **kw)
        qtbot.addWidget(r)
        r.resize(700, 900)
        r.show()
        qtbot.waitExposed(r)
        r.activateWindow()
        return r

    return _make


def w(renderer, cls, name):
    found = renderer.findChild(cls, name)
    assert found is not None, name
    return found


def focus(qtbot, widget):
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=1000)


# -- rendering -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "definition", list(load_definitions().forms), ids=lambda d: f"{d.id}.v{d.version}"
)
def test_every_shipped_form_renders(make, definition, language):
    r = make(definition, language)
    assert r.answers() == {}
    assert isinstance(r.validate(), list)
    for f in definition.fields:
        assert r.findChild(QWidget, f"field:{f.id}") is not None, f.id
        block = r.findChild(QWidget, f"field:{f.id}").parentWidget()
        while not isinstance(block, FieldBlock):
            block = block.parentWidget()
        assert f.label.get(language) in block.label.text().replace("&#x27;", "'")
    # Every error shown is worded, never the fallback.
    for error in r.validate():
        assert error_text(error) != error_text(FieldError("x", "no_such_code"))


def test_markers_help_and_french(make):
    r = make(EVERY_TYPE, "fr")
    name_block = r.field_widget("name").parentWidget().parentWidget()
    assert isinstance(name_block, FieldBlock)
    assert name_block.lock is not None and not name_block.lock.isHidden()
    assert "*" in name_block.label.text() and "Name (fr)" in name_block.label.text()
    age_block = r.field_widget("age").parentWidget().parentWidget()
    assert age_block.lock is None and "*" not in age_block.label.text()
    helps = [lbl.text() for lbl in r.findChildren(QLabel, "help")]
    assert "The day it happened (fr)" in helps
    # Scale stage labels come from the scale definition, in the chosen language.
    combo = w(r, QComboBox, "field:stage")
    assert combo.itemText(1).startswith("1 · ") and "précontemplation" in combo.itemText(1)


# -- filling by keyboard ---------------------------------------------------------------------


def test_fill_every_field_type_from_the_keyboard(make, qtbot):
    r = make(EVERY_TYPE)
    qtbot.keyClicks(w(r, QLineEdit, "field:name"), "Rosa")
    story = w(r, QPlainTextEdit, "field:story")
    qtbot.keyClicks(story, "Line one")
    qtbot.keyClick(story, Qt.Key.Key_Return)
    qtbot.keyClicks(story, "line two")
    qtbot.keyClicks(w(r, QLineEdit, "field:age"), "34")
    qtbot.keyClicks(w(r, QLineEdit, "field:weight"), "61,5")
    date_edit = w(r, QLineEdit, "field:when")
    focus(qtbot, date_edit)
    qtbot.keyClicks(date_edit, "20240305")
    colour = w(r, QComboBox, "field:colour")
    focus(qtbot, colour)
    qtbot.keyClick(colour, Qt.Key.Key_Down)
    qtbot.keyClick(colour, Qt.Key.Key_Down)
    for value in ("fr", "en"):
        box = w(r, QCheckBox, f"field:langs:{value}")
        focus(qtbot, box)
        qtbot.keyClick(box, Qt.Key.Key_Space)
    safe = w(r, QComboBox, "field:safe")
    focus(qtbot, safe)
    qtbot.keyClicks(safe, "N")
    stage = w(r, QComboBox, "field:stage")
    focus(qtbot, stage)
    qtbot.keyClicks(stage, "4")
    add = w(r, QPushButton, "field:steps:add")
    focus(qtbot, add)
    qtbot.keyClick(add, Qt.Key.Key_Space)
    what = w(r, QLineEdit, "field:steps[0].what")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is what, timeout=1000)
    qtbot.keyClicks(what, "Call housing")
    qtbot.keyClicks(w(r, QLineEdit, "field:steps[0].hours"), "1.5")

    assert r.answers() == {
        "name": "Rosa",
        "story": "Line one\nline two",
        "age": 34,
        "weight": 61.5,
        "when": "2024-03-05",
        "colour": "green",
        "langs": ["fr", "en"],
        "safe": False,
        "stage": 4,
        "steps": [{"what": "Call housing", "hours": 1.5}],
    }
    assert r.validate() == []
    assert r.is_valid()
    # What the renderer hands over is exactly what the core accepts.
    assert validate(EVERY_TYPE, r.answers()) == []


def test_every_keystroke_counts_without_leaving_the_field(make, qtbot):
    r = make(EVERY_TYPE)
    edit = w(r, QLineEdit, "field:name")
    focus(qtbot, edit)
    with qtbot.waitSignal(r.answers_changed, timeout=1000):
        qtbot.keyClicks(edit, "R")
    assert r.answers() == {"name": "R"}
    qtbot.keyClicks(edit, "osa")
    assert QApplication.focusWidget() is edit
    assert r.answers() == {"name": "Rosa"}
    # Nothing typed ends up in a tooltip.
    assert not any("Rosa" in x.toolTip() for x in r.findChildren(QWidget))


def test_signals(make, qtbot):
    r = make(EVERY_TYPE)
    assert not r.is_valid()  # name is required
    with qtbot.assertNotEmitted(r.answers_changed):
        r.set_answers({"age": 20})
    with qtbot.waitSignal(r.validity_changed, timeout=1000) as blocker:
        qtbot.keyClicks(w(r, QLineEdit, "field:name"), "A")
    assert blocker.args == [True]
    with qtbot.waitSignal(r.validity_changed, timeout=1000) as blocker:
        qtbot.keyClicks(w(r, QLineEdit, "field:age"), "0")  # 200 > max 99
    assert blocker.args == [False]


# -- set_answers / answers -------------------------------------------------------------------


FULL = {
    "name": "Ana",
    "story": "Two\nlines",
    "age": 20,
    "weight": 72.25,
    "when": "1999-12-31",
    "colour": "blue",
    "langs": ["es", "en"],
    "safe": True,
    "stage": 1,
    "steps": [{"what": "a", "hours": 2}, {"hours": 0.5}, {"what": "c"}],
}


def test_set_answers_round_trip_and_replace(make):
    r = make(EVERY_TYPE)
    r.set_answers(FULL)
    assert r.answers() == FULL
    r.set_answers({"name": "B"})
    assert r.answers() == {"name": "B"}
    r.set_answers({})
    assert r.answers() == {}


def _value_strategy(f):
    if f.type in (FieldType.TEXT, FieldType.LONG_TEXT):
        # Control characters and paragraph separators are kept too, but only until edited
        # (test_text_the_widget_would_change_is_kept); here: what the widgets hold exactly.
        alphabet = st.characters(
            blacklist_categories=("Cs", "Cc", "Zp"), blacklist_characters="\ufeff"
        )
        if f.type is FieldType.LONG_TEXT:
            alphabet = st.one_of(alphabet, st.just("\n"))
        return st.text(alphabet, min_size=1, max_size=40).filter(lambda s: s.strip())
    if f.type is FieldType.NUMBER:
        ints = st.integers(min_value=-(10**12), max_value=10**12)
        if f.integer:
            return ints
        floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
        return st.one_of(ints, floats)
    if f.type is FieldType.DATE:
        return st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
    if f.type is FieldType.SINGLE_CHOICE:
        return st.sampled_from([o.value for o in f.options])
    if f.type is FieldType.MULTIPLE_CHOICE:
        return st.lists(st.sampled_from([o.value for o in f.options]), min_size=1, unique=True)
    if f.type is FieldType.YES_NO:
        return st.booleans()
    if f.type is FieldType.SCALE:
        return st.integers(int(f.min), int(f.max))
    assert f.type is FieldType.GROUP
    item = st.fixed_dictionaries({}, optional={s.id: _value_strategy(s) for s in f.fields})
    return st.lists(item.filter(bool), min_size=1, max_size=4)


ANSWERS = st.fixed_dictionaries({}, optional={f.id: _value_strategy(f) for f in EVERY_TYPE.fields})


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=ANSWERS)
def test_set_answers_round_trip_property(make, answers):
    r = _shared(make)
    r.set_answers(answers)
    assert r.answers() == answers


_SHARED: dict[int, FormRenderer] = {}


def _shared(make):
    # One renderer for all examples of a run: set_answers must replace everything each time.
    key = id(make)
    if key not in _SHARED:
        _SHARED.clear()
        _SHARED[key] = make(EVERY_TYPE)
    return _SHARED[key]


def test_text_the_widget_would_change_is_kept(make, qtbot):
    r = make(EVERY_TYPE)
    odd = {"name": "\ufeffa\tb", "story": "one\r\ntwo\u2029three\x00"}
    r.set_answers(odd)
    assert r.answers() == odd
    qtbot.keyClicks(w(r, QPlainTextEdit, "field:story"), "!")
    assert r.answers()["story"] == "!one\ntwo\nthree\x00"  # edited: the widget's text now


def test_values_a_widget_cannot_show_are_kept_until_edited(make, qtbot):
    r = make(EVERY_TYPE)
    old = {"name": "A", "colour": "purple", "when": "2024-02-30", "safe": "maybe"}
    r.set_answers(old)
    assert r.answers() == old
    codes = {(e.path, e.code) for e in r.validate()}
    assert codes == {("colour", "unknown_option"), ("when", "bad_date"), ("safe", "not_yes_no")}
    colour = w(r, QComboBox, "field:colour")
    focus(qtbot, colour)
    qtbot.keyClick(colour, Qt.Key.Key_Down)
    assert r.answers()["colour"] == "red"


# -- visibility ------------------------------------------------------------------------------


def hidden(r, path):
    return r.field_widget(path).isHidden() or not r.field_widget(path).isVisibleTo(r)


def test_conditional_fields_hide_show_and_prune(make, qtbot):
    r = make(CONDITIONAL)
    assert hidden(r, "b") and hidden(r, "c")
    a = w(r, QComboBox, "field:a")
    a.setCurrentIndex(1)  # Yes
    assert not hidden(r, "b") and hidden(r, "c")
    qtbot.keyClicks(w(r, QLineEdit, "field:b"), "x")
    assert not hidden(r, "c")
    assert r.answers() == {"a": True, "b": "x"}
    assert [(e.path, e.code) for e in r.validate()] == [("c", "required")]
    qtbot.keyClicks(w(r, QLineEdit, "field:c"), "7")
    assert r.answers() == {"a": True, "b": "x", "c": 7}
    a.setCurrentIndex(2)  # No: b and c hide together, their answers leave answers()
    assert hidden(r, "b") and hidden(r, "c")
    assert r.answers() == {"a": False}
    assert r.validate() == []
    a.setCurrentIndex(1)  # back: what was typed is still there
    assert r.answers() == {"a": True, "b": "x", "c": 7}


def test_conditions_inside_group_entries(make, qtbot):
    r = make(CONDITIONAL)
    add = w(r, QPushButton, "field:g:add")
    add.click()
    add.click()
    w(r, QComboBox, "field:g[0].kind").setCurrentIndex(2)  # q
    w(r, QComboBox, "field:g[1].kind").setCurrentIndex(2)
    assert hidden(r, "g[0].why")  # needs a == true too (a top-level field)
    w(r, QComboBox, "field:a").setCurrentIndex(1)
    assert not hidden(r, "g[0].why") and not hidden(r, "g[1].why")
    w(r, QComboBox, "field:g[1].kind").setCurrentIndex(1)  # p
    assert not hidden(r, "g[0].why") and hidden(r, "g[1].why")
    qtbot.keyClicks(w(r, QLineEdit, "field:g[0].why"), "because")
    assert r.answers() == {"a": True, "g": [{"kind": "q", "why": "because"}, {"kind": "p"}]}


# -- repeating groups ------------------------------------------------------------------------


def test_group_limits_and_renumbering(make, qtbot):
    r = make(GROUPS)
    add = w(r, QPushButton, "field:req:add")
    assert r.findChild(QLineEdit, "field:req[0].goal") is not None  # required: one entry ready
    assert not w(r, QPushButton, "field:req[0]:remove").isEnabled()
    assert r.answers() == {}  # an empty entry is not an answer
    with qtbot.waitSignal(r.answers_changed, timeout=1000):
        add.click()
    add.click()
    assert not add.isEnabled()  # max_items 3
    for i, text in enumerate("abc"):
        qtbot.keyClicks(w(r, QLineEdit, f"field:req[{i}].goal"), text)
    assert w(r, QPushButton, "field:req[1]:remove").isEnabled()
    w(r, QPushButton, "field:req[1]:remove").click()
    assert add.isEnabled()
    assert r.answers() == {"req": [{"goal": "a"}, {"goal": "c"}]}
    assert w(r, QLineEdit, "field:req[1].goal").text() == "c"  # renamed with its new index
    assert r.findChild(QLineEdit, "field:req[2].goal") is None
    w(r, QPushButton, "field:req[1]:remove").click()
    assert not w(r, QPushButton, "field:req[0]:remove").isEnabled()

    # Optional, min_items 2: starts empty; one entry may go back to none, two may not go to one.
    opt_add = w(r, QPushButton, "field:opt:add")
    assert r.findChild(QLineEdit, "field:opt[0].note") is None
    opt_add.click()
    assert w(r, QPushButton, "field:opt[0]:remove").isEnabled()
    opt_add.click()
    assert not w(r, QPushButton, "field:opt[0]:remove").isEnabled()
    qtbot.keyClicks(w(r, QLineEdit, "field:opt[0].note"), "n")
    assert r.answers()["opt"] == [{"note": "n"}, {}]
    opt_add.click()
    w(r, QPushButton, "field:opt[2]:remove").click()
    assert len(r.answers()["opt"]) == 2


def test_group_errors_land_on_the_entry(make, qtbot):
    r = make(EVERY_TYPE)
    r.set_answers({"name": "x", "steps": [{"what": "a"}, {"hours": 3}]})
    errors = r.validate()
    assert [(e.path, e.code) for e in errors] == [("steps[1].what", "required")]
    block = r.field_widget("steps[1].what").parentWidget().parentWidget()
    assert block.error_text() == "This answer is required."
    assert r.field_widget("steps[1].what").accessibleDescription() == "This answer is required."
    qtbot.keyClicks(r.field_widget("steps[1].what"), "b")  # errors follow edits once shown
    assert block.error_text() is None


def test_too_many_entries_from_old_data_are_kept_and_flagged(make):
    r = make(EVERY_TYPE)
    rows = [{"what": str(i)} for i in range(5)]
    r.set_answers({"name": "x", "steps": rows})
    assert r.answers()["steps"] == rows
    assert not w(r, QPushButton, "field:steps:add").isEnabled()
    assert [(e.path, e.code) for e in r.validate()] == [("steps", "too_many_items")]
    block = r.findChild(QWidget, "field:steps").parentWidget()
    assert block.error_text() == "Add at most 3 entries."


# -- inline errors ---------------------------------------------------------------------------


def test_inline_errors_for_required_and_bad_numbers(make, qtbot):
    r = make(EVERY_TYPE)
    qtbot.keyClicks(w(r, QLineEdit, "field:age"), "120")
    weight = w(r, QLineEdit, "field:weight")
    qtbot.keyClicks(weight, "-")  # not a number yet
    errors = r.validate()
    assert {(e.path, e.code) for e in errors} == {
        ("name", "required"),
        ("age", "above_max"),
        ("weight", "not_a_number"),
    }
    shown = {lbl.text() for lbl in r.findChildren(QLabel, "error") if lbl.isVisibleTo(r)}
    assert shown == {"This answer is required.", "Enter 99 or less.", "Enter a number."}
    qtbot.keyClicks(weight, "3")
    assert r.answers()["weight"] == -3
    shown = {lbl.text() for lbl in r.findChildren(QLabel, "error") if lbl.isVisibleTo(r)}
    assert shown == {"This answer is required.", "Enter 99 or less."}
    # Letters never get into a number box.
    qtbot.keyClicks(weight, "abc")
    assert weight.text() == "-3"


def test_integer_box_refuses_decimals_and_minus_when_min_is_positive(make, qtbot):
    r = make(EVERY_TYPE)
    age = w(r, QLineEdit, "field:age")
    qtbot.keyClicks(age, "-1.5")
    assert age.text() == "15"


def test_error_text_covers_every_code_validate_can_produce():
    module = importlib.import_module("exitdoors_desktop.core.forms.validate")
    source = Path(module.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'FieldError\([^()]*?,\s*"([a-z_]+)"', source, re.S))
    assert {"required", "too_long", "unknown_field", "too_many_items"} <= codes
    assert codes <= KNOWN_CODES, codes - KNOWN_CODES
    fallback = error_text(FieldError("x", "no_such_code"))
    for code in codes:
        params = {"max_length": 5, "min": 1, "max": 9.0, "min_items": 2, "max_items": 3}
        for ftype in (None, FieldType.GROUP, FieldType.MULTIPLE_CHOICE):
            text = error_text(FieldError("x", code, params), ftype)
            assert text and text != fallback and "{" not in text and "%n" not in text
    assert error_text(FieldError("x", "above_max", {"max": 9.0})) == "Enter 9 or less."
    assert error_text(FieldError("x", "too_few_items", {"min_items": 1})) == "Choose at least one."


def test_parse_number():
    assert parse_number("", integer=False) is None
    assert parse_number(" 12 ", integer=True) == 12
    assert parse_number("-", integer=False) is None
    assert parse_number("1,25", integer=False) == 1.25
    assert parse_number("1.", integer=False) == 1.0
    assert parse_number("1.5", integer=True) is None
    assert parse_number("1e400", integer=False) is None


# -- keyboard and read-only ------------------------------------------------------------------


def test_tab_from_first_to_last_reaches_every_input(make, qtbot):
    r = make(EVERY_TYPE)
    r.set_answers({"when": "2024-01-01", "steps": [{"what": "a"}, {"what": "b"}]})
    chain = [x for x in r.focus_widgets() if x.isVisibleTo(r) and x.isEnabled()]
    assert len(chain) > 15
    focus(qtbot, chain[0])
    visited = [QApplication.focusWidget()]
    for _ in range(len(chain) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == chain
    names = {x.objectName() for x in visited}
    for f in EVERY_TYPE.fields:
        assert any(n == f"field:{f.id}" or n.startswith(f"field:{f.id}") for n in names), f.id
    assert "field:steps[1].hours" in names and "field:steps:add" in names


def test_read_only_mode(make, qtbot):
    r = make(EVERY_TYPE)
    r.set_answers(FULL)
    r.set_read_only(True)
    assert r.is_read_only()
    name = w(r, QLineEdit, "field:name")
    qtbot.keyClicks(name, "zzz")
    assert name.text() == "Ana"
    assert w(r, QPlainTextEdit, "field:story").isReadOnly()
    assert not w(r, QComboBox, "field:colour").isEnabled()
    assert not w(r, QCheckBox, "field:langs:en").isEnabled()
    assert w(r, QLineEdit, "field:when").isReadOnly()
    assert w(r, QPushButton, "field:steps:add").isHidden()
    assert w(r, QPushButton, "field:steps[0]:remove").isHidden()
    assert r.answers() == FULL
    # Disabled choice widgets still read as answers, not greyed out.
    colour = w(r, QComboBox, "field:colour")
    pal = colour.palette()
    assert pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText) == pal.color(
        QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText
    )
    r.set_read_only(False)
    assert w(r, QComboBox, "field:colour").isEnabled()
    assert not w(r, QPushButton, "field:steps:add").isHidden()
    qtbot.keyClicks(name, "!")
    assert r.answers()["name"] == "Ana!"


def test_clearing_a_date(make, qtbot):
    r = make(EVERY_TYPE)
    r.set_answers({"when": "2023-07-01"})
    edit = w(r, QLineEdit, "field:when")
    assert edit.text() == "2023-07-01"
    focus(qtbot, edit)
    qtbot.waitUntil(lambda: edit.selectedText() == "2023-07-01", timeout=1000)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert "when" not in r.answers()
    assert "when" not in {e.path for e in r.validate()}  # empty is "not given", not an error


def test_a_new_response_never_fills_in_today(make):
    r = make(EVERY_TYPE)
    assert w(r, QLineEdit, "field:when").text() == ""
    assert "when" not in r.answers()


def test_an_impossible_date_is_refused_not_moved(make, qtbot):
    r = make(EVERY_TYPE)
    edit = w(r, QLineEdit, "field:when")
    focus(qtbot, edit)
    qtbot.keyClicks(edit, "20260230")
    assert "when" not in r.answers()
    assert ("when", "bad_date") in [(e.path, e.code) for e in r.validate()]
    message = r.findChild(QLabel, "date_message")
    assert message is not None and "not a real date" in message.text()
    # Said once: under the input, not a second time in the field's error line.
    when_block = r.findChild(QWidget, "field:when:input").parentWidget().parentWidget()
    assert isinstance(when_block, FieldBlock)
    assert when_block.error_text() is None


def test_a_read_only_form_does_not_look_editable(make, qtbot):
    from exitdoors_desktop.ui.kit.style import style_sheet

    r = make(EVERY_TYPE)
    r.setStyleSheet(style_sheet())
    r.set_answers(FULL)
    r.show()
    qtbot.waitExposed(r)
    name = w(r, QLineEdit, "field:name")

    def fill() -> tuple[int, int, int]:
        r.repaint()
        image = name.grab().toImage()
        c = image.pixelColor(image.width() - 6, image.height() // 2)
        return c.red(), c.green(), c.blue()

    editable = fill()
    r.set_read_only(True)
    read_only = fill()
    assert editable == (255, 255, 255) and read_only != editable
    assert r.property("readOnlyForm") is True
    r.set_read_only(False)
    assert fill() == editable
