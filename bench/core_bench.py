"""Core benchmarks: form validation and definition loading, each beside a baseline.

- validate() on a 60-field form with conditions (target: p95 <= 1 ms), beside a loop that
  merely walks the same answers (the floor any validator pays);
- loading every shipped definition at start-up (target: <= 50 ms), beside json.load of the
  same files (the floor any loader pays).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from importlib import resources

from exitdoors_desktop.core import definitions
from exitdoors_desktop.core.forms import parse_form, validate

L = {"en": "Label", "fr": "Libellé"}


def sixty_field_form() -> tuple[object, dict[str, object]]:
    """A form of 60 fields of every type; every other field has a visible_if condition."""
    fields: list[dict[str, object]] = []
    answers: dict[str, object] = {}
    opts = [{"value": v, "label": L} for v in ("a", "b", "c", "d")]
    kinds = [
        "yes_no",
        "text",
        "number",
        "single_choice",
        "multiple_choice",
        "date",
        "long_text",
        "scale",
        "group",
    ]
    for i in range(60):
        kind = kinds[i % len(kinds)]
        f: dict[str, object] = {"id": f"f{i}", "type": kind, "label": L, "required": i % 3 == 0}
        if kind == "text":
            f["max_length"], answers[f"f{i}"] = 200, "some text"
        elif kind == "long_text":
            answers[f"f{i}"] = "a longer note " * 20
        elif kind == "number":
            f.update(min=0, max=1000, integer=True)
            answers[f"f{i}"] = 42
        elif kind == "single_choice":
            f["options"], answers[f"f{i}"] = opts, "b"
        elif kind == "multiple_choice":
            f["options"], answers[f"f{i}"] = opts, ["a", "c"]
        elif kind == "date":
            answers[f"f{i}"] = "2024-05-01"
        elif kind == "yes_no":
            answers[f"f{i}"] = True
        elif kind == "scale":
            f.update(min=1, max=10)
            answers[f"f{i}"] = 7
        else:
            f.update(
                min_items=1,
                max_items=3,
                fields=[
                    {
                        "id": "area",
                        "type": "single_choice",
                        "label": L,
                        "options": opts,
                        "required": True,
                    },
                    {"id": "goal", "type": "text", "label": L, "visible_if": 'area in ["a", "b"]'},
                ],
            )
            answers[f"f{i}"] = [{"area": "a", "goal": "g"}, {"area": "c"}]
        if i % 2 == 1 and i < 5:
            f["visible_if"] = "f0 == true"
        elif i % 2 == 1:
            f["visible_if"] = (
                f'f0 == true and (f2 > 10 or f3 in ["a", "b"]) and not f{i - 1} == null'
            )
        fields.append(f)
    definition = parse_form({"id": "bench", "version": 1, "title": L, "fields": fields})
    return definition, answers


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def describe(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
    return f"  {name:<44} p50 {p50:8.3f} ms   p95 {p95:8.3f} ms"


def bench_validate(runs: int = 3000) -> None:
    definition, answers = sixty_field_form()
    assert validate(definition, answers) == []  # type: ignore[arg-type]

    def walk() -> None:  # baseline: look at every answer once, check nothing
        n = 0
        for key, value in answers.items():
            if key and value is not None:
                n += 1

    for _ in range(200):  # warm up
        validate(definition, answers)  # type: ignore[arg-type]
    print("validate(): 60-field form, 30 conditional fields, 6 repeating groups")
    base = timed(walk, runs)
    real = timed(lambda: validate(definition, answers), runs)  # type: ignore[arg-type]
    print(describe("baseline: walk the answers dict", base))
    print(describe("validate()", real))
    p95 = sorted(real)[int(runs * 0.95) - 1] * 1000
    print(f"  target p95 <= 1 ms: {'met' if p95 <= 1 else 'NOT met'}")


def bench_load(runs: int = 30) -> None:
    root = resources.files(definitions.RESOURCE_PACKAGE)

    def raw() -> None:  # baseline: read and json-decode the same files, nothing more
        json.loads((root / "program.json").read_text(encoding="utf-8"))
        for sub in ("forms", "scales"):
            for e in (root / sub).iterdir():
                if e.name.endswith(".json"):
                    json.loads(e.read_text(encoding="utf-8"))

    def load() -> None:
        definitions.load_definitions.cache_clear()
        definitions.load_definitions()

    load()  # first import of every module happens here, outside the measurement
    n_files = len(definitions.shipped_texts())
    print(f"load_definitions(): {n_files} shipped files, cold (cache cleared each run)")
    base = timed(raw, runs)
    real = timed(load, runs)
    print(describe("baseline: json.loads of the same files", base))
    print(describe("load_definitions() (parse + check)", real))
    cached = timed(definitions.load_definitions, runs)
    print(describe("load_definitions() cached", cached))
    p95 = sorted(real)[int(runs * 0.95) - 1] * 1000
    print(f"  target <= 50 ms: {'met' if p95 <= 50 else 'NOT met'}")


def main() -> None:
    bench_validate()
    print()
    bench_load()


if __name__ == "__main__":
    main()
