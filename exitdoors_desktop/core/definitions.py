"""Loading and checking the definition files in ``resources/`` (program, forms, scales).

Shipped files are read through importlib.resources, so this works from a source checkout, an
installed wheel and the PyInstaller bundle alike; the parsed set is cached for the process.
The checker behind ``exitdoors forms check`` lives here too: per-file checks plus cross-checks
between files (focus areas, eligibility criteria, codes that reports rely on).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from typing import Literal

from exitdoors_desktop.core import entities
from exitdoors_desktop.core.eligibility import INTAKE_FIELDS
from exitdoors_desktop.core.errors import InvalidDefinition
from exitdoors_desktop.core.forms.model import (
    Field,
    FieldType,
    FormDefinition,
    read_form,
)
from exitdoors_desktop.core.forms.registry import FormRegistry
from exitdoors_desktop.core.program import ProgramSettings, read_program
from exitdoors_desktop.core.scales import ScaleDefinition, read_scale
from exitdoors_desktop.core.schema import Problem

Kind = Literal["program", "form", "scale"]
RESOURCE_PACKAGE = "resources"

# Fields whose option codes reports and entities rely on: (form id, field path) → codes.
_STABLE_CODES: dict[tuple[str, str], frozenset[str]] = {
    ("contact_note", "contact_type"): frozenset(entities.ContactType),
    ("contact_note", "location"): frozenset(entities.Location),
    ("contact_note", "participants"): frozenset(entities.Participant),
    ("referral", "service_type"): frozenset(entities.ServiceType),
    ("referral", "status"): frozenset(entities.ReferralStatus),
    ("sex_work_involvement", "involvement"): frozenset(entities.Involvement),
    ("follow_up", "involvement"): frozenset(entities.Involvement),
}


@dataclass(frozen=True)
class Definitions:
    program: ProgramSettings
    forms: FormRegistry
    scales: Mapping[str, ScaleDefinition]  # latest version of each scale, by id
    scale_versions: Mapping[tuple[str, int], ScaleDefinition]

    @property
    def default_scale(self) -> ScaleDefinition:
        return self.scales[self.program.default_scale]


def shipped_texts() -> list[tuple[str, str]]:
    """(name relative to resources/, text) of every shipped definition file, sorted by name."""
    root = resources.files(RESOURCE_PACKAGE)
    out = [("program.json", (root / "program.json").read_text(encoding="utf-8"))]
    for sub in ("forms", "scales"):
        entries = sorted(
            (e for e in (root / sub).iterdir() if e.name.endswith(".json")), key=lambda e: e.name
        )
        out.extend((f"{sub}/{e.name}", e.read_text(encoding="utf-8")) for e in entries)
    return out


@functools.cache
def load_definitions() -> Definitions:
    """Parse every shipped file once per process; InvalidDefinition lists all problems."""
    problems: list[Problem] = []
    docs = _parse_all(shipped_texts(), problems)
    problems += _missing(docs)
    if problems:
        raise InvalidDefinition(tuple(problems))
    return _build(docs)


def document_kind(data: object, name: str = "") -> Kind | None:
    """What a definition is: from its folder when known, else from its shape."""
    if name.startswith("forms/"):
        return "form"
    if name.startswith("scales/"):
        return "scale"
    if isinstance(data, Mapping):
        if "phases" in data:
            return "program"
        if "fields" in data:
            return "form"
        if "areas" in data:
            return "scale"
    return None


def check_document(data: object, name: str = "") -> list[Problem]:
    """Problems in one program, form or scale definition (no cross-file checks)."""
    return _read_document(data, name)[1]


check_definition = check_document


Parsed = ProgramSettings | FormDefinition | ScaleDefinition


def _read_document(data: object, name: str) -> tuple[Parsed | None, list[Problem]]:
    kind = document_kind(data, name)
    parsed: Parsed | None
    if kind is None:
        parsed = None
        problems = [Problem("", "unknown_document", "not a program, form or scale definition")]
    elif kind == "program":
        parsed, problems = read_program(data)
    elif kind == "form":
        parsed, problems = read_form(data)
    else:
        parsed, problems = read_scale(data)
    return parsed, [replace(p, file=name) for p in problems]


def loads(text: str, name: str = "") -> tuple[object, list[Problem]]:
    """JSON text to data, reporting syntax errors and repeated keys (json keeps the last)."""
    repeated: list[Problem] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        out: dict[str, object] = {}
        for k, v in items:
            if k in out:
                repeated.append(Problem("", "duplicate_key", f"key {k!r} appears twice", name))
            out[k] = v
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs), repeated
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
        return None, [Problem("", "bad_json", msg, name)]


def check_texts(files: Iterable[tuple[str, str]], *, against_shipped: bool = True) -> list[Problem]:
    """Problems in the named files, then cross-file problems.

    With ``against_shipped``, the files are checked together with the shipped set, each given
    file taking the place of the shipped one it redefines (same program / form id+version /
    scale id+version), so a customised intake form is checked against the shipped program.
    """
    problems: list[Problem] = []
    given = _parse_all(files, problems)
    if problems:
        return problems
    docs = given
    if against_shipped:
        base = _parse_all(shipped_texts(), [])
        docs = _overlay(base, given)
    return _cross_check(docs)


def check_shipped() -> list[Problem]:
    problems: list[Problem] = []
    docs = _parse_all(shipped_texts(), problems)
    return problems or _missing(docs) + _cross_check(docs)


@dataclass
class _Docs:
    program: tuple[str, ProgramSettings] | None = None
    forms: dict[tuple[str, int], tuple[str, FormDefinition]] | None = None
    scales: dict[tuple[str, int], tuple[str, ScaleDefinition]] | None = None


def _parse_all(files: Iterable[tuple[str, str]], problems: list[Problem]) -> _Docs:
    docs = _Docs(None, {}, {})
    assert docs.forms is not None and docs.scales is not None
    for name, text in files:
        data, found = loads(text, name)
        parsed: Parsed | None = None
        if not found:
            parsed, found = _read_document(data, name)
        problems.extend(found)
        if isinstance(parsed, ProgramSettings):
            if docs.program is not None:
                problems.append(Problem("", "duplicate_program", "second program file", name))
            docs.program = (name, parsed)
        elif isinstance(parsed, FormDefinition):
            if parsed.key in docs.forms:
                other = docs.forms[parsed.key][0]
                msg = f"form {parsed.id!r} version {parsed.version} is also defined in {other}"
                problems.append(Problem("version", "duplicate_version", msg, name))
            docs.forms[parsed.key] = (name, parsed)
        elif isinstance(parsed, ScaleDefinition):
            key = (parsed.id, parsed.version)
            if key in docs.scales:
                msg = f"scale {parsed.id!r} version {parsed.version} is defined twice"
                problems.append(Problem("version", "duplicate_version", msg, name))
            docs.scales[key] = (name, parsed)
    return docs


def _overlay(base: _Docs, given: _Docs) -> _Docs:
    assert base.forms is not None and base.scales is not None
    assert given.forms is not None and given.scales is not None
    return _Docs(
        given.program or base.program,
        {**base.forms, **given.forms},
        {**base.scales, **given.scales},
    )


def _build(docs: _Docs) -> Definitions:
    assert docs.forms is not None and docs.scales is not None
    if docs.program is None:
        raise InvalidDefinition((Problem("", "missing", "no program.json"),))
    latest: dict[str, ScaleDefinition] = {}
    for _, scale in sorted(docs.scales.values(), key=lambda x: x[1].version):
        latest[scale.id] = scale
    return Definitions(
        program=docs.program[1],
        forms=FormRegistry(f for _, f in docs.forms.values()),
        scales=latest,
        scale_versions={k: s for k, (_, s) in docs.scales.items()},
    )


def _latest_forms(docs: _Docs) -> dict[str, tuple[str, FormDefinition]]:
    assert docs.forms is not None
    latest: dict[str, tuple[str, FormDefinition]] = {}
    for name, form in sorted(docs.forms.values(), key=lambda x: x[1].version):
        latest[form.id] = (name, form)
    return latest


def _field_at(form: FormDefinition, path: str) -> tuple[str, Field] | None:
    """Find ``a`` or ``group.sub``; returns (definition path, field)."""
    head, _, tail = path.partition(".")
    for i, f in enumerate(form.fields):
        if f.id == head:
            if not tail:
                return f"fields[{i}]", f
            for j, s in enumerate(f.fields):
                if s.id == tail:
                    return f"fields[{i}].fields[{j}]", s
    return None


# The app's screens, reports and demo rely on these; a deleted file must stop the app with a
# clear problem, not leave a worker without a form in the field.
REQUIRED_FORMS = (
    "outreach_contact", "intake", "risk_safety_plan", "readiness", "sex_work_involvement",
    "phase_plan", "contact_note", "referral", "phase_review", "closing_note", "follow_up",
    "partner_survey",
)  # fmt: skip
REQUIRED_SCALES = ("readiness",)


def _missing(docs: _Docs) -> list[Problem]:
    forms = {fid for fid, _v in (docs.forms or {})}
    scales = {sid for sid, _v in (docs.scales or {})}
    out = [
        Problem("", "missing_definition", f"the form {fid!r} is missing", f"forms/{fid}.v1.json")
        for fid in REQUIRED_FORMS
        if fid not in forms
    ]
    out += [
        Problem("", "missing_definition", f"the scale {sid!r} is missing", f"scales/{sid}.v1.json")
        for sid in REQUIRED_SCALES
        if sid not in scales
    ]
    if docs.program is None:
        out.append(
            Problem("", "missing_definition", "the program settings are missing", "program.json")
        )
    return out


def _cross_check(docs: _Docs) -> list[Problem]:
    assert docs.scales is not None
    out: list[Problem] = []
    latest_scales = {
        s.id: (n, s) for n, s in sorted(docs.scales.values(), key=lambda x: x[1].version)
    }
    forms = _latest_forms(docs)

    def expect_options(form_id: str, path: str, codes: Iterable[str], why: str) -> None:
        if form_id not in forms:
            return
        name, form = forms[form_id]
        found = _field_at(form, path)
        if found is None:
            out.append(Problem("fields", "missing_field", f"needs a field {path!r} ({why})", name))
            return
        where, f = found
        have, want = {o.value for o in f.options}, set(codes)
        if have != want:
            msg = f"options must be exactly {sorted(want)} ({why}); found {sorted(have)}"
            out.append(Problem(f"{where}.options", "options_mismatch", msg, name))

    if docs.program is not None:
        pname, program = docs.program
        if program.default_scale not in latest_scales:
            msg = f"no scale {program.default_scale!r} is defined"
            out.append(Problem("default_scale", "unknown_scale", msg, pname))
        else:
            sname, scale = latest_scales[program.default_scale]
            if set(scale.area_ids) != set(program.focus_area_ids):
                msg = f"focus areas must match the areas of scale {scale.id!r} ({sname})"
                out.append(Problem("focus_areas", "focus_areas_mismatch", msg, pname))
        expect_options(
            "phase_plan", "focus_areas.area", program.focus_area_ids, "the program's focus areas"
        )
        expect_options(
            "intake",
            "criteria",
            program.eligibility.criterion_ids,
            "the program's eligibility criteria",
        )
    for (form_id, path), codes in _STABLE_CODES.items():
        expect_options(form_id, path, codes, "codes that reports rely on")
    if "intake" in forms:
        name, intake = forms["intake"]
        for fid, ftype in INTAKE_FIELDS.items():
            f = intake.by_id.get(fid)
            if f is None or f.type.value != ftype or f.visible_if is not None:
                msg = f"needs an always-visible {ftype} field {fid!r} (eligibility reads it)"
                out.append(Problem("fields", "eligibility_field", msg, name))
    for name, form in forms.values():
        out.extend(_check_scale_refs(name, form, latest_scales))
    return out


def _check_scale_refs(
    name: str, form: FormDefinition, scales: Mapping[str, tuple[str, ScaleDefinition]]
) -> list[Problem]:
    out: list[Problem] = []
    for i, f in enumerate(form.fields):
        for where, fld in [(f"fields[{i}]", f)] + [
            (f"fields[{i}].fields[{j}]", s) for j, s in enumerate(f.fields)
        ]:
            if fld.type is not FieldType.SCALE or fld.scale is None:
                continue
            if fld.scale not in scales:
                msg = f"no scale {fld.scale!r} is defined"
                out.append(Problem(f"{where}.scale", "unknown_scale", msg, name))
                continue
            s = scales[fld.scale][1]
            if (fld.min, fld.max) != (s.min, s.max):
                msg = f"min/max must match scale {s.id!r} ({s.min}–{s.max})"
                out.append(Problem(where, "scale_range_mismatch", msg, name))
    return out
