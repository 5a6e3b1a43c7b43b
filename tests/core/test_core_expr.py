"""The visible_if expression language: parsing, evaluation, errors with positions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exitdoors_desktop.core.forms import expr


def ev(text, **answers):
    return expr.evaluate(expr.parse(text), answers.get)


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("a == 1", {"a": 1}, True),
        ("a == 1", {"a": 2}, False),
        ("a != 1", {}, True),
        ('a == "x"', {"a": "x"}, True),
        ("a == 'x'", {"a": "x"}, True),
        ("a == true", {"a": True}, True),
        ("a == 1", {"a": True}, False),  # yes/no never equals a number
        ("a == null", {}, True),
        ("a", {"a": True}, True),
        ("not a", {}, True),
        ("a < 18", {"a": 17}, True),
        ("a <= 18", {"a": 18}, True),
        ("a > 2.5", {"a": 3}, True),
        ("a >= -1", {"a": -1}, True),
        ("a < 18", {}, False),  # unanswered never compares
        ("a < 18", {"a": "17"}, False),  # text never orders against numbers
        ('a < "2024-01-01"', {"a": "2023-12-31"}, True),  # ISO dates order as text
        ('a in ["x", "y"]', {"a": "y"}, True),
        ('a not in ["x", "y"]', {"a": "z"}, True),
        ('"violence" in risks', {"risks": ["violence", "housing"]}, True),
        ('"violence" in risks', {"risks": None}, False),
        ("a in []", {"a": 1}, False),
        ("a and b or c", {"c": True}, True),
        ("a and (b or c)", {"c": True}, False),
        ("not a == 1", {"a": 2}, True),
        ("not not a", {"a": 1}, True),
        ('a == "say \\"hi\\""', {"a": 'say "hi"'}, True),
    ],
)
def test_evaluation(text, answers, expected):
    assert ev(text, **answers) is expected


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("a ==", 4),
        ("a == 'x", 5),
        ("(a == 1", 7),
        ("a == 1)", 6),
        ("a $ 1", 2),
        ("a in [b]", 6),
        ("", 0),
        ("a == 1 1", 7),
        ("and", 0),
        ("1.2.3 == a", 0),
    ],
)
def test_parse_errors_carry_position(text, position):
    with pytest.raises(expr.ExpressionError) as info:
        expr.parse(text)
    assert info.value.position == position
    assert info.value.code == "bad_expression"


def test_no_python_evaluation():
    # Names are only ever field lookups; nothing reaches Python's eval.
    assert ev("__import__", __import__="x") is True
    with pytest.raises(expr.ExpressionError):
        expr.parse("os.system('x')")


def test_references_in_source_order():
    node = expr.parse('a == 1 and (b in ["x"] or not c)')
    assert [r.name for r in expr.references(node)] == ["a", "b", "c"]


@given(st.text(max_size=60))
def test_random_text_parses_or_raises_expression_error(text):
    try:
        node = expr.parse(text)
    except expr.ExpressionError as exc:
        assert 0 <= exc.position <= len(text)
        return
    expr.evaluate(node, lambda name: None)


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.lists(st.text(max_size=3), max_size=3),
)


@given(
    st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]),
    VALUES,
    VALUES,
)
def test_evaluation_never_raises(op, a, b):
    node = expr.parse(f"a {op} b")
    assert expr.evaluate(node, {"a": a, "b": b}.get) in (True, False)


EXPRS = st.sampled_from(
    [
        "a == b",
        "a != b",
        "a == 1",
        "a != 1",
        'a == "x"',
        'a != "x"',
        "a == null",
        "a != null",
        "a == true",
        "not a",
        "a < b or a >= 2",
        'a in ["x", 1, true] and not b',
        "a not in b",
        "(a or b) and not (a and b)",
        "a > -1.5",
    ]
)


@given(EXPRS, VALUES, VALUES)
def test_compiled_conditions_agree_with_the_interpreter(text, a, b):
    node = expr.parse(text)
    answers = {"a": a, "b": b}
    assert bool(expr.compile_node(node)(answers.get)) is expr.evaluate(node, answers.get)


@pytest.mark.parametrize("text", ["(" * 500 + "a" + ")" * 500, "not " * 500 + "a"])
def test_deep_nesting_is_a_parse_error_not_a_crash(text):
    with pytest.raises(expr.ExpressionError):
        expr.parse(text)
    assert ev("(" * 10 + "a" + ")" * 10, a=True)
