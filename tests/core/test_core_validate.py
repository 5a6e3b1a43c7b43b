"""Form validation: error codes per field, hidden fields, groups, and property tests."""

import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.forms import FieldType, parse_form, prune_hidden, validate

L = {"en": "L", "fr": "L"}


def opts(*values):
    return [{"value": v, "label": L} for v in values]


FORM = parse_form(
    {
        "id": "t",
        "version": 1,
        "title": L,
        "fields": [
            {"id": "name", "type": "text", "label": L, "required": True, "max_length": 5},
            {"id": "code", "type": "text", "label": L, "pattern": "[A-Z]{2}"},
            {"id": "story", "type": "long_text", "label": L},
            {"id": "n", "type": "number", "label": L, "min": 0, "max": 10, "integer": True},
            {"id": "x", "type": "number", "label": L},
            {"id": "when", "type": "date", "label": L},
            {"id": "one", "type": "single_choice", "label": L, "options": opts("a", "b")},
            {
                "id": "many",
                "type": "multiple_choice",
                "label": L,
                "options": opts("a", "b", "c"),
                "max_items": 2,
            },
            {"id": "ok", "type": "yes_no", "label": L},
            {"id": "sc", "type": "scale", "label": L, "min": 1, "max": 5},
            {
                "id": "detail",
                "type": "text",
                "label": L,
                "required": True,
                "visible_if": "ok == true",
            },
            {
                "id": "more",
                "type": "text",
                "label": L,
                "required": True,
                "visible_if": "detail != null",
            },
            {
                "id": "g",
                "type": "group",
                "label": L,
                "min_items": 1,
                "max_items": 2,
                "fields": [
                    {
                        "id": "area",
                        "type": "single_choice",
                        "label": L,
                        "options": opts("p", "q"),
                        "required": True,
                    },
                    {
                        "id": "why",
                        "type": "text",
                        "label": L,
                        "required": True,
                        "visible_if": 'area == "q" and ok == true',
                    },
                ],
            },
        ],
    }
)


def codes(answers):
    return [(e.path, e.code) for e in validate(FORM, answers)]


def test_minimal_valid():
    assert codes({"name": "Ana"}) == []


def test_required_missing_blank_and_spaces():
    assert codes({}) == [("name", "required")]
    assert codes({"name": "   "}) == [("name", "required")]
    assert codes({"name": None}) == [("name", "required")]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"name": 5}, ("name", "not_text")),
        ({"name": "toolong"}, ("name", "too_long")),
        ({"code": "abc"}, ("code", "pattern_mismatch")),
        ({"story": "x" * 20001}, ("story", "too_long")),
        ({"n": "3"}, ("n", "not_a_number")),
        ({"n": True}, ("n", "not_a_number")),
        ({"n": math.nan}, ("n", "not_a_number")),
        ({"x": math.inf}, ("x", "not_a_number")),
        ({"n": 2.5}, ("n", "not_an_integer")),
        ({"n": -1}, ("n", "below_min")),
        ({"n": 11}, ("n", "above_max")),
        ({"when": "2024-02-30"}, ("when", "bad_date")),
        ({"when": "20240101"}, ("when", "bad_date")),
        ({"when": 20240101}, ("when", "bad_date")),
        ({"one": "z"}, ("one", "unknown_option")),
        ({"one": ["a"]}, ("one", "unknown_option")),
        ({"many": "a"}, ("many", "not_a_list")),
        ({"many": ["a", "z"]}, ("many[1]", "unknown_option")),
        ({"many": ["a", "a"]}, ("many[1]", "duplicate_option")),
        ({"many": ["a", "b", "c"]}, ("many", "too_many_items")),
        ({"ok": "yes"}, ("ok", "not_yes_no")),
        ({"sc": 2.0}, ("sc", "not_an_integer")),
        ({"sc": 6}, ("sc", "above_max")),
        ({"sc": 0}, ("sc", "below_min")),
        ({"zzz": 1}, ("zzz", "unknown_field")),
        ({"g": {}}, ("g", "not_a_list")),
        ({"g": [{"area": "p"}] * 3}, ("g", "too_many_items")),
        ({"g": ["x"]}, ("g[0]", "not_an_object")),
        ({"g": [{"area": "z"}]}, ("g[0].area", "unknown_option")),
        ({"g": [{}]}, ("g[0].area", "required")),
        ({"g": [{"area": "p", "bogus": 1}]}, ("g[0].bogus", "unknown_field")),
    ],
)
def test_error_codes(answers, expected):
    assert codes({"name": "Ana", **answers}) == [expected]


def test_params_carry_limits():
    (err,) = validate(FORM, {"name": "Ana", "n": 11})
    assert err.params == {"max": 10}
    (err,) = validate(FORM, {"name": "Ana", "many": ["a", "b", "c"]})
    assert err.params == {"max_items": 2}


def test_dates_accept_date_objects_but_not_datetimes():
    assert codes({"name": "Ana", "when": dt.date(2024, 2, 29)}) == []
    assert codes({"name": "Ana", "when": dt.datetime(2024, 2, 29)}) == [("when", "bad_date")]


def test_hidden_fields_are_not_required_and_answers_are_ignored():
    assert codes({"name": "Ana", "ok": False, "detail": 123}) == []
    assert codes({"name": "Ana", "ok": True}) == [("detail", "required")]


def test_hidden_field_hides_fields_that_depend_on_it():
    # "more" depends on "detail"; with detail hidden its stale value must not show "more".
    assert codes({"name": "Ana", "ok": False, "detail": "stale"}) == []
    assert codes({"name": "Ana", "ok": True, "detail": "d"}) == [("more", "required")]


def test_group_conditions_see_siblings_and_top_level():
    base = {"name": "Ana", "g": [{"area": "q"}]}
    assert codes(base) == []
    assert codes({**base, "ok": True, "detail": "d", "more": "m"}) == [("g[0].why", "required")]


def test_empty_group_is_unanswered_not_too_few():
    assert codes({"name": "Ana", "g": []}) == []


def test_non_mapping_answers():
    assert [(e.path, e.code) for e in validate(FORM, ["x"])] == [("", "not_an_object")]


def test_prune_hidden_drops_hidden_blank_and_unknown():
    answers = {
        "name": "Ana",
        "ok": False,
        "detail": "stale",
        "story": " ",
        "zzz": 1,
        "g": [{"area": "q", "why": "hidden"}],
    }
    assert prune_hidden(FORM, answers) == {"name": "Ana", "ok": False, "g": [{"area": "q"}]}


# --- property tests -------------------------------------------------------------------------

ANY = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=8),
        st.sampled_from(["a", "b", "q", "2024-01-31", "true"]),
    ),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)

FORMS = list(load_definitions().forms) + [FORM]


def answers_for(form):
    ids = [f.id for f in form.fields] + ["unknown", "g"]
    return st.dictionaries(st.sampled_from(ids), ANY, max_size=len(ids))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_answers_never_crash_validate(data):
    form = data.draw(st.sampled_from(FORMS))
    answers = data.draw(answers_for(form))
    errors = validate(form, answers)
    for e in errors:
        assert isinstance(e.path, str) and isinstance(e.code, str)
    prune_hidden(form, {k: v for k, v in answers.items() if isinstance(k, str)})


def value_for(field):
    t = field.type
    if t is FieldType.TEXT:
        return (
            st.text(min_size=1, max_size=min(field.max_length or 20, 20))
            .filter(str.strip)
            .filter(lambda s: field.regex is None or field.regex.fullmatch(s))
        )
    if t is FieldType.LONG_TEXT:
        return st.text(min_size=1, max_size=40).filter(str.strip)
    if t in (FieldType.NUMBER, FieldType.SCALE):
        lo = int(field.min) if field.min is not None else -1000
        hi = int(field.max) if field.max is not None else 1000
        return st.integers(lo, hi)
    if t is FieldType.DATE:
        return st.dates().map(dt.date.isoformat)
    if t is FieldType.SINGLE_CHOICE:
        return st.sampled_from(sorted(field.option_values))
    if t is FieldType.MULTIPLE_CHOICE:
        hi = min(field.max_items or len(field.options), len(field.options))
        lo = max(field.min_items or 1, 1)
        return st.lists(
            st.sampled_from(sorted(field.option_values)), min_size=lo, max_size=hi, unique=True
        )
    if t is FieldType.YES_NO:
        return st.booleans()
    assert t is FieldType.GROUP
    item = st.fixed_dictionaries({s.id: value_for(s) for s in field.fields})
    return st.lists(item, min_size=max(field.min_items or 1, 1), max_size=field.max_items or 3)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_complete_valid_answers_validate_clean(data):
    """Answering every field with a well-formed value gives no errors, whatever is hidden."""
    form = data.draw(st.sampled_from(FORMS))
    answers = data.draw(st.fixed_dictionaries({f.id: value_for(f) for f in form.fields}))
    assert validate(form, answers) == []
    pruned = prune_hidden(form, answers)
    assert validate(form, pruned) == []


def test_blank_answer_counts_as_unanswered_in_conditions_and_pruning() -> None:
    from exitdoors_desktop.core.forms import parse_form, prune_hidden, validate

    d = parse_form(
        {
            "id": "t",
            "version": 1,
            "title": {"en": "T", "fr": "T"},
            "fields": [
                {"id": "a", "type": "text", "label": {"en": "A", "fr": "A"}},
                {
                    "id": "b",
                    "type": "text",
                    "label": {"en": "B", "fr": "B"},
                    "required": True,
                    "visible_if": "a != null",
                },
            ],
        }
    )
    assert validate(d, {"a": "  "}) == []
    pruned = prune_hidden(d, {"a": "  ", "b": "s"})
    assert pruned == {} and prune_hidden(d, pruned) == pruned


PAST = parse_form(
    {
        "id": "past",
        "version": 1,
        "title": L,
        "fields": [
            {"id": "met", "type": "date", "label": L, "not_after_today": True},
            {"id": "review", "type": "date", "label": L},  # a plan's review: may be ahead
            {
                "id": "visits",
                "type": "group",
                "label": L,
                "fields": [{"id": "on", "type": "date", "label": L, "not_after_today": True}],
            },
        ],
    }
)


def test_dates_marked_not_after_today_refuse_the_future_only_when_today_is_given():
    today = dt.date(2026, 5, 1)
    answers = {"met": "2026-05-02", "review": "2027-01-01", "visits": [{"on": "2026-04-30"},
               {"on": "2026-06-01"}]}  # fmt: skip
    errors = validate(PAST, answers, today=today)
    assert [(e.path, e.code) for e in errors] == [
        ("met", "date_in_future"),
        ("visits[1].on", "date_in_future"),
    ]
    assert errors[0].params == {"today": "2026-05-01"}
    assert validate(PAST, {"met": "2026-05-01", "visits": [{"on": dt.date(2026, 5, 1)}]},
                    today=today) == []  # fmt: skip
    assert validate(PAST, answers) == []  # without today nothing is judged against it


def test_not_after_today_must_be_a_bool_and_only_on_dates():
    from exitdoors_desktop.core.forms import check_form

    base = {"id": "b", "version": 1, "title": L}
    bad = dict(base, fields=[{"id": "d", "type": "date", "label": L, "not_after_today": "yes"}])
    assert any(p.code == "not_a_bool" for p in check_form(bad))
    on_text = dict(base, fields=[{"id": "t", "type": "text", "label": L, "not_after_today": True}])
    assert check_form(on_text)  # an unknown key for a text field


def test_shipped_forms_mark_what_happened_but_not_what_is_planned():
    forms = load_definitions().forms
    contact = forms.latest("contact_note").by_id["date"]
    assert contact.not_after_today
    assert forms.latest("intake").by_id["date_of_birth"].not_after_today
    assert not forms.latest("phase_plan").by_id["review_date"].not_after_today
