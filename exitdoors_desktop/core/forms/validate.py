"""Validation of a form's answers against its definition: per-field errors as codes with params.

Rules: fields are visited in definition order; a hidden field (its ``visible_if`` is false) is
neither required nor checked, and counts as unanswered for later conditions, so a whole branch
hides together. Answers to hidden fields are ignored (``prune_hidden`` drops them before
saving). An answer of None, "" (or only spaces) or [] is "unanswered".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from exitdoors_desktop.core.forms.model import Field, FieldType, FormDefinition
from exitdoors_desktop.core.schema import is_int, is_number

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class FieldError:
    """``path`` is ``field`` or ``group[2].field``; ``code`` is stable; the UI words it."""

    path: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and len(value) == 0


def validate(
    definition: FormDefinition, answers: object, *, today: dt.date | None = None
) -> list[FieldError]:
    """Every problem with ``answers`` (a mapping of field id to value); [] when they are valid.
    With ``today``, a date field marked ``not_after_today`` may not be later than it."""
    if not isinstance(answers, Mapping):
        return [FieldError("", "not_an_object")]
    errors: list[FieldError] = []
    _validate_fields(definition.fields, answers, "", errors, _no_outer, today)
    for key in answers:
        if key not in definition.by_id:
            errors.append(FieldError(str(key), "unknown_field"))
    return errors


def _no_outer(_name: str) -> object:
    return None


def _validate_fields(
    fields: tuple[Field, ...],
    answers: Mapping[object, object],
    prefix: str,
    errors: list[FieldError],
    outer: Callable[[str], object],
    today: dt.date | None,
) -> None:
    seen: dict[str, object] = {}  # values as later conditions see them (hidden → None)

    def lookup(name: str) -> object:
        return seen[name] if name in seen else outer(name)

    for f in fields:
        if f.predicate is not None and not f.predicate(lookup):
            seen[f.id] = None
            continue
        value = answers.get(f.id)
        # Conditions see a blank answer as no answer, exactly as pruning stores it.
        seen[f.id] = None if is_blank(value) else value
        path = prefix + f.id
        if is_blank(value):
            if f.required:
                errors.append(FieldError(path, "required"))
            continue
        if f.type is FieldType.GROUP:
            _check_group(f, value, path, errors, lookup, today)
            continue
        _CHECKS[f.type](f, value, path, errors, lookup)
        if f.not_after_today and today is not None:
            day = parse_date(value)
            if day is not None and day > today:
                errors.append(FieldError(path, "date_in_future", {"today": today.isoformat()}))


Check = Callable[[Field, object, str, list[FieldError], Callable[[str], object]], None]


def _check_text(
    f: Field, v: object, path: str, errors: list[FieldError], _: Callable[[str], object]
) -> None:
    if not isinstance(v, str):
        errors.append(FieldError(path, "not_text"))
    elif f.max_length is not None and len(v) > f.max_length:
        errors.append(FieldError(path, "too_long", {"max_length": f.max_length}))
    elif f.regex is not None and not f.regex.fullmatch(v):
        errors.append(FieldError(path, "pattern_mismatch"))


def _check_number(
    f: Field, v: object, path: str, errors: list[FieldError], _: Callable[[str], object]
) -> None:
    if not is_number(v) or (isinstance(v, float) and not math.isfinite(v)):
        errors.append(FieldError(path, "not_a_number"))
        return
    if f.integer and not (is_int(v) or (isinstance(v, float) and v.is_integer())):
        errors.append(FieldError(path, "not_an_integer"))
    elif f.min is not None and v < f.min:
        errors.append(FieldError(path, "below_min", {"min": f.min}))
    elif f.max is not None and v > f.max:
        errors.append(FieldError(path, "above_max", {"max": f.max}))


def _check_scale(
    f: Field, v: object, path: str, errors: list[FieldError], lookup: Callable[[str], object]
) -> None:
    if is_number(v) and not is_int(v):
        errors.append(FieldError(path, "not_an_integer"))
        return
    _check_number(f, v, path, errors, lookup)


# The fields a response is filed under, first answered one wins (contacts, intake, referrals).
FILING_DATE_FIELDS = ("date", "intake_date", "date_made")


def response_date(
    definition: FormDefinition, answers: Mapping[str, object], today: dt.date
) -> dt.date:
    """The date a response is filed under: its first answered date field, else ``today``."""
    for fid in FILING_DATE_FIELDS:
        if fid in definition.by_id:
            day = parse_date(answers.get(fid))
            if day is not None:
                return day
    return today


def parse_date(v: object) -> dt.date | None:
    """An answer's date, from "YYYY-MM-DD" text or a date; None when it is not a real date."""
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v
    if isinstance(v, str) and _DATE_RE.fullmatch(v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def _check_date(
    f: Field, v: object, path: str, errors: list[FieldError], _: Callable[[str], object]
) -> None:
    if parse_date(v) is None:
        errors.append(FieldError(path, "bad_date"))


def _check_single(
    f: Field, v: object, path: str, errors: list[FieldError], _: Callable[[str], object]
) -> None:
    if not isinstance(v, str) or v not in f.option_values:
        errors.append(FieldError(path, "unknown_option", {"value": _safe(v)}))


def _check_multiple(
    f: Field, v: object, path: str, errors: list[FieldError], _: Callable[[str], object]
) -> None:
    if not isinstance(v, list | tuple):
        errors.append(FieldError(path, "not_a_list"))
        return
    seen: set[str] = set()
    for i, item in enumerate(v):
        if not isinstance(item, str) or item not in f.option_values:
            errors.append(FieldError(f"{path}[{i}]", "unknown_option", {"value": _safe(item)}))
        elif item in seen:
            errors.append(FieldError(f"{path}[{i}]", "duplicate_option", {"value": item}))
        else:
            seen.add(item)
    _check_counts(f, len(v), path, errors)


def _check_yes_no(
    f: Field, v: object, path: str, errors: list[FieldError], _: Callable[[str], object]
) -> None:
    if not isinstance(v, bool):
        errors.append(FieldError(path, "not_yes_no"))


def _check_group(
    f: Field,
    v: object,
    path: str,
    errors: list[FieldError],
    outer: Callable[[str], object],
    today: dt.date | None,
) -> None:
    if not isinstance(v, list | tuple):
        errors.append(FieldError(path, "not_a_list"))
        return
    _check_counts(f, len(v), path, errors)
    known = {s.id for s in f.fields}
    for i, item in enumerate(v):
        item_path = f"{path}[{i}]"
        if not isinstance(item, Mapping):
            errors.append(FieldError(item_path, "not_an_object"))
            continue
        _validate_fields(f.fields, item, item_path + ".", errors, outer, today)
        for key in item:
            if key not in known:
                errors.append(FieldError(f"{item_path}.{key}", "unknown_field"))


def _check_counts(f: Field, n: int, path: str, errors: list[FieldError]) -> None:
    if f.min_items is not None and n < f.min_items:
        errors.append(FieldError(path, "too_few_items", {"min_items": f.min_items}))
    if f.max_items is not None and n > f.max_items:
        errors.append(FieldError(path, "too_many_items", {"max_items": f.max_items}))


def _safe(v: object) -> object:
    # Echo short scalar values only: errors may be shown or logged, answers may be sensitive.
    return v if isinstance(v, str | int | float | bool) and len(str(v)) <= 64 else None


_CHECKS: dict[FieldType, Check] = {
    FieldType.TEXT: _check_text,
    FieldType.LONG_TEXT: _check_text,
    FieldType.NUMBER: _check_number,
    FieldType.DATE: _check_date,
    FieldType.SINGLE_CHOICE: _check_single,
    FieldType.MULTIPLE_CHOICE: _check_multiple,
    FieldType.YES_NO: _check_yes_no,
    FieldType.SCALE: _check_scale,
}


def prune_hidden(definition: FormDefinition, answers: Mapping[str, object]) -> dict[str, object]:
    """``answers`` without hidden, blank or unknown fields (also inside group items)."""
    return _prune(definition.fields, answers, _no_outer)


def _prune(
    fields: tuple[Field, ...], answers: Mapping[str, object], outer: Callable[[str], object]
) -> dict[str, object]:
    seen: dict[str, object] = {}
    out: dict[str, object] = {}

    def lookup(name: str) -> object:
        return seen[name] if name in seen else outer(name)

    for f in fields:
        if f.predicate is not None and not f.predicate(lookup):
            seen[f.id] = None
            continue
        value = answers.get(f.id)
        # Conditions see a blank answer as no answer, exactly as pruning stores it.
        seen[f.id] = None if is_blank(value) else value
        if is_blank(value):
            continue
        if f.type is FieldType.GROUP and isinstance(value, list | tuple):
            value = [_prune(f.fields, i, lookup) if isinstance(i, Mapping) else i for i in value]
        out[f.id] = value
    return out
