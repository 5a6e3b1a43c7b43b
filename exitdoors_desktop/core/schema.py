"""Shared pieces for reading JSON definitions: problems with paths, bilingual text, a collector.

Definition files (program, forms, scales) are edited by programs, so every reader collects all
problems it finds, each named by a path such as ``fields[3].label.fr``, instead of stopping at
the first one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeGuard, TypeVar

from exitdoors_desktop.core.errors import InvalidDefinition

LANGUAGES = ("en", "fr")

# Ids are stable codes stored in records and reports: lowercase, digits, underscores.
_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition. ``message`` is English for the command line only."""

    path: str
    code: str
    message: str = ""
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}{self.path or '<root>'}: {self.message or self.code}"


@dataclass(frozen=True)
class LocalText:
    """A label in every language the program ships (English and French)."""

    en: str
    fr: str

    def get(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def is_code(value: object) -> bool:
    """A stable code as definitions write ids: lowercase, digits, underscores, at most 64."""
    return isinstance(value, str) and _ID_RE.fullmatch(value) is not None


def is_int(value: object) -> TypeGuard[int]:
    # bool is an int subclass in Python, but `true` is never a count in a definition.
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Collector:
    """Accumulates problems while a reader walks a JSON document."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, code: str, message: str = "") -> None:
        self.problems.append(Problem(path, code, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidDefinition(tuple(self.problems))

    def mapping(self, value: object, path: str) -> Mapping[str, object] | None:
        if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
            return value
        self.add(path, "not_an_object", "must be an object")
        return None

    def keys(self, obj: Mapping[str, object], path: str, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in obj:
            if key not in allowed_set:
                self.add(join(path, key), "unknown_key", f"unknown key {key!r}")

    def ident(self, obj: Mapping[str, object], key: str, path: str) -> str:
        value = obj.get(key)
        where = join(path, key)
        if value is None:
            self.add(where, "missing", "is required")
            return ""
        if not isinstance(value, str) or not _ID_RE.fullmatch(value):
            self.add(where, "bad_id", "must be a lowercase code (a-z, 0-9, _), at most 64 chars")
            return value if isinstance(value, str) else ""
        return value

    def text(
        self, obj: Mapping[str, object], key: str, path: str, *, required: bool = True
    ) -> LocalText | None:
        value = obj.get(key)
        where = join(path, key)
        if value is None:
            if required:
                self.add(where, "missing_label", "is required (with 'en' and 'fr')")
            return None
        m = self.mapping(value, where)
        if m is None:
            return None
        self.keys(m, where, LANGUAGES)
        texts: dict[str, str] = {}
        for lang in LANGUAGES:
            t = m.get(lang)
            if not isinstance(t, str) or not t.strip():
                self.add(join(where, lang), "missing_label", "must be a non-empty string")
                texts[lang] = ""
            else:
                texts[lang] = t
        return LocalText(texts["en"], texts["fr"])

    def positive_int(
        self, obj: Mapping[str, object], key: str, path: str, *, optional: bool = False
    ) -> int | None:
        value = obj.get(key)
        if value is None and optional:
            return None
        if not is_int(value) or value <= 0:
            self.add(join(path, key), "not_positive_integer", "must be a positive integer")
            return None
        return value

    def list_of(self, obj: Mapping[str, object], key: str, path: str) -> list[object]:
        value = obj.get(key)
        if not isinstance(value, list):
            self.add(join(path, key), "not_a_list", "must be a list")
            return []
        return value

    def unique(self, ids: Iterable[tuple[str, str]], code: str = "duplicate_id") -> None:
        """``ids`` yields (path, id); report every repeat at its own path."""
        seen: set[str] = set()
        for path, ident in ids:
            if not ident:
                continue
            if ident in seen:
                self.add(path, code, f"duplicate id {ident!r}")
            seen.add(ident)


_T = TypeVar("_T")


def read_with(
    reader: Callable[[object, Collector], _T | None], data: object
) -> tuple[_T | None, list[Problem]]:
    """The parsed definition (None if it has problems) and every problem found, in one pass."""
    c = Collector()
    result = reader(data, c)
    return (None if c.problems else result), c.problems


def check_with(reader: Callable[[object, Collector], _T | None], data: object) -> list[Problem]:
    return read_with(reader, data)[1]


def parse_with(reader: Callable[[object, Collector], _T | None], data: object) -> _T:
    """Parse, raising InvalidDefinition that lists every problem by path."""
    c = Collector()
    result = reader(data, c)
    c.raise_if_any()
    assert result is not None
    return result
