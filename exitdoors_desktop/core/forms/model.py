"""Form definitions: the JSON format, its reader and its checker.

A definition is ``{"id", "version", "title": {"en", "fr"}, "phase"?, "description"?,
"fields": [...]}``; each field has ``id``, ``type``, ``label`` and optionally ``required``,
``sensitive`` (may be locked in the lockbox), ``visible_if`` (a condition, see expr.py),
``help`` and its type's own keys (a date may be ``not_after_today``: something that happened,
checked when validate() is given today). A condition may only refer to fields that come before it
(in a group: earlier fields of the same group, or top-level fields before the group), so
visibility is decided in one pass and can never loop.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from exitdoors_desktop.core.forms import expr
from exitdoors_desktop.core.schema import (
    Collector,
    LocalText,
    Problem,
    check_with,
    is_int,
    is_number,
    join,
    parse_with,
    read_with,
)

DEFAULT_MAX_LENGTH = {"text": 1000, "long_text": 20000}
PHASES = ("pre", "phase_1", "phase_2", "phase_3", "closing", "follow_up", "any")


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    SCALE = "scale"
    GROUP = "group"  # a repeating group of sub-fields; the answer is a list of objects


_COMMON_KEYS = ("id", "type", "label", "required", "sensitive", "visible_if", "help")
_TYPE_KEYS: dict[FieldType, tuple[str, ...]] = {
    FieldType.TEXT: ("max_length", "pattern"),
    FieldType.LONG_TEXT: ("max_length",),
    FieldType.NUMBER: ("min", "max", "integer"),
    FieldType.DATE: ("not_after_today",),
    FieldType.SINGLE_CHOICE: ("options",),
    FieldType.MULTIPLE_CHOICE: ("options", "min_items", "max_items"),
    FieldType.YES_NO: (),
    FieldType.SCALE: ("min", "max", "scale"),
    FieldType.GROUP: ("fields", "min_items", "max_items"),
}
_FORM_KEYS = ("id", "version", "title", "phase", "description", "fields")


@dataclass(frozen=True)
class Option:
    value: str
    label: LocalText


@dataclass(frozen=True)
class Field:
    id: str
    type: FieldType
    label: LocalText
    required: bool = False
    sensitive: bool = False
    visible_if: str | None = None
    help: LocalText | None = None
    options: tuple[Option, ...] = ()
    min: int | float | None = None
    max: int | float | None = None
    integer: bool = False
    max_length: int | None = None
    pattern: str | None = None
    scale: str | None = None  # scale fields: id of a scale definition whose stage labels apply
    fields: tuple[Field, ...] = ()  # group sub-fields
    min_items: int | None = None
    max_items: int | None = None
    not_after_today: bool = False  # date fields: something that happened, never in the future
    condition: expr.Node | None = field(default=None, compare=False, repr=False)
    predicate: expr.Compiled | None = field(default=None, compare=False, repr=False)
    option_values: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    regex: re.Pattern[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: LocalText
    fields: tuple[Field, ...]
    phase: str | None = None
    description: LocalText | None = None
    by_id: Mapping[str, Field] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    def sensitive_paths(self) -> tuple[str, ...]:
        """Field ids (``group.sub`` inside groups) flagged sensitive: lockbox candidates."""
        out: list[str] = []
        for f in self.fields:
            if f.sensitive:
                out.append(f.id)
            out.extend(f"{f.id}.{s.id}" for s in f.fields if s.sensitive and not f.sensitive)
        return tuple(out)


@dataclass(frozen=True)
class FormResponse:
    """A filled-in form. Storing (form_id, form_version) lets old answers render with the
    definition they were written against, even after the form changes.

    ``client_id`` is None for anonymous pre-phase contacts. ``answers`` maps field ids to
    JSON-compatible values: text → str, number → int/float, date → "YYYY-MM-DD",
    single_choice → option value, multiple_choice → list of option values, yes_no → bool,
    scale → int, group → list of {sub-field id: value}. Absent or None means unanswered.
    """

    id: str
    form_id: str
    form_version: int
    client_id: str | None
    date: dt.date
    answers: Mapping[str, object] = field(default_factory=dict)


def read_form(data: object) -> tuple[FormDefinition | None, list[Problem]]:
    """The parsed definition (None if it has problems) and every problem found, in one pass."""
    return read_with(_read_form, data)


def check_form(data: object) -> list[Problem]:
    return check_with(_read_form, data)


def parse_form(data: object) -> FormDefinition:
    """Read a definition, raising InvalidDefinition that lists every problem by path."""
    return parse_with(_read_form, data)


def _read_form(data: object, c: Collector) -> FormDefinition | None:
    m = c.mapping(data, "")
    if m is None:
        return None
    c.keys(m, "", _FORM_KEYS)
    fid = c.ident(m, "id", "")
    version = c.positive_int(m, "version", "")
    title = c.text(m, "title", "")
    description = c.text(m, "description", "", required=False)
    phase = m.get("phase")
    if phase is not None and phase not in PHASES:
        c.add("phase", "bad_value", f"must be one of {', '.join(PHASES)}")
    raw_fields = c.list_of(m, "fields", "")
    if not raw_fields and isinstance(m.get("fields"), list):
        c.add("fields", "empty", "a form needs at least one field")
    fields = _read_fields(raw_fields, "fields", c, outer=(), in_group=False)
    if c.problems or title is None or version is None:
        return None
    return FormDefinition(
        id=fid,
        version=version,
        title=title,
        fields=fields,
        phase=phase if isinstance(phase, str) else None,
        description=description,
        by_id={f.id: f for f in fields},
    )


def _read_fields(
    raw: list[object],
    path: str,
    c: Collector,
    *,
    outer: tuple[str, ...],
    in_group: bool,
    outer_all: frozenset[str] = frozenset(),
) -> tuple[Field, ...]:
    out: list[Field] = []
    seen: list[str] = []  # ids defined so far in this list: what a condition may refer to
    ids: list[tuple[str, str]] = []
    every = outer_all | {
        item["id"] for item in raw if isinstance(item, Mapping) and isinstance(item.get("id"), str)
    }
    for i, item in enumerate(raw):
        p = join(path, i)
        f = _read_field(item, p, c, visible=(*outer, *seen), every=every, in_group=in_group)
        if f is not None:
            out.append(f)
        if isinstance(item, Mapping) and isinstance(item.get("id"), str):
            seen.append(item["id"])
            ids.append((join(p, "id"), item["id"]))
    c.unique(ids)
    return tuple(out)


def _read_field(
    item: object,
    p: str,
    c: Collector,
    *,
    visible: tuple[str, ...],
    every: frozenset[str],
    in_group: bool,
) -> Field | None:
    m = c.mapping(item, p)
    if m is None:
        return None
    before = len(c.problems)
    fid = c.ident(m, "id", p)
    raw_type = m.get("type")
    try:
        ftype = FieldType(str(raw_type))
    except ValueError:
        c.add(join(p, "type"), "unknown_field_type", f"unknown field type {raw_type!r}")
        return None
    c.keys(m, p, (*_COMMON_KEYS, *_TYPE_KEYS[ftype]))
    label = c.text(m, "label", p)
    help_text = c.text(m, "help", p, required=False)
    flags = {}
    for key in ("required", "sensitive"):
        v = m.get(key, False)
        if not isinstance(v, bool):
            c.add(join(p, key), "not_a_bool", "must be true or false")
        flags[key] = v is True
    visible_if, condition = _read_condition(m, p, c, visible, every)
    spec = _TypeSpec()
    if ftype in (FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE):
        spec.options = _read_options(m, p, c, ftype)
    if ftype in (FieldType.NUMBER, FieldType.SCALE):
        _read_range(m, p, c, ftype, spec)
    if ftype in (FieldType.TEXT, FieldType.LONG_TEXT):
        _read_text_limits(m, p, c, ftype, spec)
    if ftype in (FieldType.MULTIPLE_CHOICE, FieldType.GROUP):
        _read_item_counts(m, p, c, spec)
    if ftype is FieldType.DATE:
        past = m.get("not_after_today", False)
        if not isinstance(past, bool):
            c.add(join(p, "not_after_today"), "not_a_bool", "must be true or false")
        spec.not_after_today = past is True
    if ftype is FieldType.GROUP:
        if in_group:
            c.add(p, "nested_group", "a group cannot contain another group")
        sub_raw = c.list_of(m, "fields", p)
        if not sub_raw and isinstance(m.get("fields"), list):
            c.add(join(p, "fields"), "empty", "a group needs at least one field")
        spec.fields = _read_fields(
            sub_raw, join(p, "fields"), c, outer=visible, in_group=True, outer_all=every
        )
    if len(c.problems) > before or label is None:
        return None
    return Field(
        id=fid,
        type=ftype,
        label=label,
        required=flags["required"],
        sensitive=flags["sensitive"],
        visible_if=visible_if,
        help=help_text,
        options=spec.options,
        min=spec.min,
        max=spec.max,
        integer=spec.integer or ftype is FieldType.SCALE,
        max_length=spec.max_length,
        pattern=spec.pattern,
        scale=spec.scale,
        fields=spec.fields,
        min_items=spec.min_items,
        max_items=spec.max_items,
        not_after_today=spec.not_after_today,
        condition=condition,
        predicate=None if condition is None else expr.compile_node(condition),
        option_values=frozenset(o.value for o in spec.options),
        regex=re.compile(spec.pattern) if spec.pattern else None,
    )


class _TypeSpec:
    """Mutable scratch space while reading one field's type-specific keys."""

    def __init__(self) -> None:
        self.options: tuple[Option, ...] = ()
        self.min: int | float | None = None
        self.max: int | float | None = None
        self.integer = False
        self.max_length: int | None = None
        self.pattern: str | None = None
        self.scale: str | None = None
        self.fields: tuple[Field, ...] = ()
        self.min_items: int | None = None
        self.max_items: int | None = None
        self.not_after_today = False


def _read_condition(
    m: Mapping[str, object],
    p: str,
    c: Collector,
    visible: tuple[str, ...],
    every: frozenset[str],
) -> tuple[str | None, expr.Node | None]:
    raw = m.get("visible_if")
    if raw is None:
        return None, None
    where = join(p, "visible_if")
    if not isinstance(raw, str) or not raw.strip():
        c.add(where, "bad_expression", "must be a non-empty expression string")
        return None, None
    try:
        node = expr.parse(raw)
    except expr.ExpressionError as exc:
        c.add(where, "bad_expression", f"{exc.reason} at position {exc.position}: {raw!r}")
        return None, None
    for ref in expr.references(node):
        if ref.name in visible:
            continue
        if ref.name in every:
            msg = f"refers to {ref.name!r} (position {ref.position}), which is not before it"
            c.add(where, "forward_reference", msg)
        else:
            msg = f"refers to {ref.name!r} (position {ref.position}), which is not a field"
            c.add(where, "unknown_reference", msg)
    return raw, node


def _read_options(
    m: Mapping[str, object], p: str, c: Collector, ftype: FieldType
) -> tuple[Option, ...]:
    raw = c.list_of(m, "options", p)
    need = 2 if ftype is FieldType.SINGLE_CHOICE else 1
    if isinstance(m.get("options"), list) and len(raw) < need:
        c.add(join(p, "options"), "too_few_options", f"needs at least {need} options")
    out: list[Option] = []
    for i, item in enumerate(raw):
        op = join(join(p, "options"), i)
        om = c.mapping(item, op)
        if om is None:
            continue
        c.keys(om, op, ("value", "label"))
        value = c.ident(om, "value", op)
        label = c.text(om, "label", op)
        if label is not None:
            out.append(Option(value, label))
    c.unique(
        ((join(join(join(p, "options"), i), "value"), o.value) for i, o in enumerate(out)),
        code="duplicate_option",
    )
    return tuple(out)


def _read_range(
    m: Mapping[str, object], p: str, c: Collector, ftype: FieldType, spec: _TypeSpec
) -> None:
    lo, hi = m.get("min"), m.get("max")
    check = is_int if ftype is FieldType.SCALE else is_number
    for key, v in (("min", lo), ("max", hi)):
        if v is None and ftype is FieldType.SCALE:
            c.add(join(p, key), "missing", "a scale needs integer min and max")
        elif v is not None and not check(v):
            c.add(join(p, key), "not_a_number", "must be a number")
    if is_number(lo) and is_number(hi) and lo >= hi:
        c.add(join(p, "max"), "bad_range", "must be greater than min")
    spec.min = lo if is_number(lo) else None
    spec.max = hi if is_number(hi) else None
    integer = m.get("integer", False)
    if not isinstance(integer, bool):
        c.add(join(p, "integer"), "not_a_bool", "must be true or false")
    spec.integer = integer is True
    if ftype is FieldType.SCALE and "scale" in m:
        spec.scale = c.ident(m, "scale", p)


def _read_text_limits(
    m: Mapping[str, object], p: str, c: Collector, ftype: FieldType, spec: _TypeSpec
) -> None:
    spec.max_length = c.positive_int(m, "max_length", p, optional=True)
    if spec.max_length is None:
        spec.max_length = DEFAULT_MAX_LENGTH[ftype.value]
    pattern = m.get("pattern")
    if pattern is not None:
        if not isinstance(pattern, str):
            c.add(join(p, "pattern"), "bad_pattern", "must be a regular expression string")
            return
        try:
            re.compile(pattern)
        except re.error as exc:
            c.add(join(p, "pattern"), "bad_pattern", f"bad regular expression: {exc}")
            return
        spec.pattern = pattern


def _read_item_counts(m: Mapping[str, object], p: str, c: Collector, spec: _TypeSpec) -> None:
    for key in ("min_items", "max_items"):
        v = m.get(key)
        if v is not None and (not is_int(v) or v < 0):
            c.add(join(p, key), "not_a_count", "must be a whole number >= 0")
    lo, hi = m.get("min_items"), m.get("max_items")
    spec.min_items = lo if is_int(lo) and lo >= 0 else None
    spec.max_items = hi if is_int(hi) and hi >= 0 else None
    if spec.min_items is not None and spec.max_items is not None:
        if spec.min_items > spec.max_items:
            c.add(join(p, "max_items"), "bad_range", "must be at least min_items")
    if spec.max_items == 0:
        c.add(join(p, "max_items"), "bad_range", "must be at least 1")
