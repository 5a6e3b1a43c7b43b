"""The form definition checker: precise, path-named problems for broken definitions."""

import copy

import pytest

from exitdoors_desktop.core.errors import InvalidDefinition
from exitdoors_desktop.core.forms import check_form, parse_form

L = {"en": "Label", "fr": "Libellé"}
GOOD = {
    "id": "demo",
    "version": 1,
    "title": {"en": "Demo", "fr": "Démo"},
    "fields": [
        {"id": "a", "type": "yes_no", "label": L},
        {"id": "b", "type": "text", "label": L, "visible_if": "a == true"},
        {
            "id": "c",
            "type": "single_choice",
            "label": L,
            "options": [{"value": "x", "label": L}, {"value": "y", "label": L}],
        },
        {
            "id": "g",
            "type": "group",
            "label": L,
            "min_items": 1,
            "max_items": 3,
            "fields": [
                {"id": "s", "type": "number", "label": L, "min": 0, "max": 10},
                {"id": "t", "type": "text", "label": L, "visible_if": "s > 3 and a"},
            ],
        },
    ],
}


def broken(edit):
    data = copy.deepcopy(GOOD)
    edit(data)
    return [(p.path, p.code) for p in check_form(data)]


def test_good_definition_passes():
    assert check_form(GOOD) == []
    form = parse_form(GOOD)
    assert form.key == ("demo", 1)
    assert form.by_id["g"].fields[1].condition is not None


def test_unknown_field_type():
    def edit(d):
        d["fields"][0]["type"] = "slider"

    assert broken(edit)[0] == ("fields[0].type", "unknown_field_type")


def test_bad_expression_syntax_names_position():
    data = copy.deepcopy(GOOD)
    data["fields"][1]["visible_if"] = "a == "
    problems = check_form(data)
    assert [(p.path, p.code) for p in problems] == [("fields[1].visible_if", "bad_expression")]
    assert "position 5" in problems[0].message


def test_expression_referring_to_unknown_field():
    def edit(d):
        d["fields"][1]["visible_if"] = "zz == 1"

    assert broken(edit) == [("fields[1].visible_if", "unknown_reference")]


def test_expression_referring_to_a_later_field_or_itself():
    def later(d):
        d["fields"][1]["visible_if"] = 'c == "x"'

    def itself(d):
        d["fields"][1]["visible_if"] = 'b == "x"'

    assert broken(later) == [("fields[1].visible_if", "forward_reference")]
    assert broken(itself) == [("fields[1].visible_if", "forward_reference")]


def test_group_field_may_refer_to_earlier_top_level_and_sibling_fields():
    def edit(d):
        d["fields"][3]["fields"][1]["visible_if"] = 'c == "x" and s > 1'

    assert broken(edit) == []


def test_duplicate_field_id():
    def edit(d):
        d["fields"][2]["id"] = "a"

    assert ("fields[2].id", "duplicate_id") in broken(edit)


def test_duplicate_id_inside_group():
    def edit(d):
        d["fields"][3]["fields"][1]["id"] = "s"

    assert ("fields[3].fields[1].id", "duplicate_id") in broken(edit)


def test_missing_french_label():
    def edit(d):
        d["fields"][2]["options"][1]["label"] = {"en": "Why"}

    assert broken(edit) == [("fields[2].options[1].label.fr", "missing_label")]


def test_missing_label_entirely():
    def edit(d):
        del d["fields"][0]["label"]

    assert broken(edit) == [("fields[0].label", "missing_label")]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ("fields[2].options", "too_few_options")),
        ([{"value": "x", "label": L}], ("fields[2].options", "too_few_options")),
        (
            [{"value": "x", "label": L}, {"value": "x", "label": L}],
            ("fields[2].options[1].value", "duplicate_option"),
        ),
        ([{"value": "Bad Value", "label": L}, {"value": "y", "label": L}], None),
        ("x,y", ("fields[2].options", "not_a_list")),
    ],
)
def test_bad_option_lists(options, expected):
    def edit(d):
        d["fields"][2]["options"] = options

    problems = broken(edit)
    if expected is None:
        assert problems == [("fields[2].options[0].value", "bad_id")]
    else:
        assert expected in problems


def test_unknown_key_catches_typos():
    def edit(d):
        d["fields"][0]["requierd"] = True

    assert broken(edit) == [("fields[0].requierd", "unknown_key")]


def test_type_specific_keys_only_on_their_type():
    def edit(d):
        d["fields"][0]["options"] = []

    assert broken(edit) == [("fields[0].options", "unknown_key")]


def test_nested_group_is_refused():
    def edit(d):
        d["fields"][3]["fields"].append(
            {"id": "inner", "type": "group", "label": L, "fields": [GOOD["fields"][0]]}
        )

    assert ("fields[3].fields[2]", "nested_group") in broken(edit)


def test_bad_ranges_and_counts():
    def edit(d):
        d["fields"][3]["fields"][0]["min"] = 20
        d["fields"][3]["min_items"] = 4

    assert set(broken(edit)) == {
        ("fields[3].fields[0].max", "bad_range"),
        ("fields[3].max_items", "bad_range"),
    }


def test_scale_needs_integer_range():
    def edit(d):
        d["fields"].append({"id": "sc", "type": "scale", "label": L, "min": 1})

    assert broken(edit) == [("fields[4].max", "missing")]


def test_bad_pattern():
    def edit(d):
        d["fields"][1]["pattern"] = "("

    assert [c for _, c in broken(edit)] == ["bad_pattern"]


def test_flags_must_be_booleans():
    def edit(d):
        d["fields"][0]["required"] = "yes"

    assert broken(edit) == [("fields[0].required", "not_a_bool")]


def test_top_level_problems():
    assert [(p.path, p.code) for p in check_form([])] == [("", "not_an_object")]
    problems = [(p.path, p.code) for p in check_form({"id": "X", "version": "1", "fields": []})]
    assert ("id", "bad_id") in problems
    assert ("version", "not_positive_integer") in problems
    assert ("title", "missing_label") in problems
    assert ("fields", "empty") in problems


def test_parse_raises_with_every_problem():
    data = copy.deepcopy(GOOD)
    data["fields"][0]["type"] = "slider"
    data["fields"][2]["id"] = "b"
    with pytest.raises(InvalidDefinition) as info:
        parse_form(data)
    codes = {p.code for p in info.value.problems}
    assert {"unknown_field_type", "duplicate_id"} <= codes
    assert info.value.code == "invalid_definition"
