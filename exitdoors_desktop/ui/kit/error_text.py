"""The sentences shown for the core's validation codes, translatable through Qt.

core/forms/validate.py returns stable codes with params; this is the only place they become
words. The answer itself is never echoed back: it may be sensitive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from exitdoors_desktop.core.forms import FieldError, FieldType
from exitdoors_desktop.ui.kit.i18n import tr


def _count(params: Mapping[str, object], key: str) -> int:
    value = params.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _number(params: Mapping[str, object], key: str) -> str:
    value = params.get(key)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, int | float) else ""


def _items(params: Mapping[str, object], ftype: FieldType | None, key: str) -> str:
    # English has no plural forms file shipped yet, so the singular is its own sentence.
    n = _count(params, key)
    group = ftype is FieldType.GROUP
    if key == "min_items":
        if group:
            return tr("Add at least one entry.") if n == 1 else tr("Add at least %n entries.", n)
        return tr("Choose at least one.") if n == 1 else tr("Choose at least %n.", n)
    if group:
        return tr("Add at most one entry.") if n == 1 else tr("Add at most %n entries.", n)
    return tr("Choose at most one.") if n == 1 else tr("Choose at most %n.", n)


# Each entry calls translate() with a literal so lupdate finds every sentence.
_SENTENCES: dict[str, Callable[[Mapping[str, object], FieldType | None], str]] = {
    "required": lambda p, t: (
        tr("Fill in at least one entry.")
        if t is FieldType.GROUP
        else tr("This answer is required.")
    ),
    "not_text": lambda p, t: tr("This answer should be text."),
    "too_long": lambda p, t: tr(
        "This is too long: at most %n characters.", _count(p, "max_length")
    ),
    "pattern_mismatch": lambda p, t: tr("This does not have the expected format."),
    "not_a_number": lambda p, t: tr("Enter a number."),
    "not_an_integer": lambda p, t: tr("Enter a whole number."),
    "below_min": lambda p, t: tr("Enter {min} or more.").format(min=_number(p, "min")),
    "above_max": lambda p, t: tr("Enter {max} or less.").format(max=_number(p, "max")),
    "bad_date": lambda p, t: tr("Enter a real date (year-month-day)."),
    "date_in_future": lambda p, t: tr("This date is after today: enter the day it happened."),
    "unknown_option": lambda p, t: tr("This choice is not one of the options."),
    "duplicate_option": lambda p, t: tr("The same choice is selected twice."),
    "not_a_list": lambda p, t: tr("This answer should be a list."),
    "not_yes_no": lambda p, t: tr("Answer yes or no."),
    "too_few_items": lambda p, t: _items(p, t, "min_items"),
    "too_many_items": lambda p, t: _items(p, t, "max_items"),
    "not_an_object": lambda p, t: tr("This entry is not in the expected shape."),
    "unknown_field": lambda p, t: tr("This answer does not belong to this form."),
}

KNOWN_CODES = frozenset(_SENTENCES)


def error_text(error: FieldError, field_type: FieldType | None = None) -> str:
    """One short sentence for ``error``; ``field_type`` picks wording for groups vs choices."""
    sentence = _SENTENCES.get(error.code)
    if sentence is None:
        return tr("This answer is not valid.")
    return sentence(error.params, field_type)
