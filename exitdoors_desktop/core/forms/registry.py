"""All form definitions, keyed by (id, version), so every response resolves to its own version."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from exitdoors_desktop.core.errors import InvalidDefinition, NotFound
from exitdoors_desktop.core.forms.model import FormDefinition, FormResponse
from exitdoors_desktop.core.schema import Problem


class FormRegistry:
    """Immutable after construction; ``latest`` is the highest version of an id."""

    def __init__(self, definitions: Iterable[FormDefinition]) -> None:
        self._by_key: dict[tuple[str, int], FormDefinition] = {}
        problems: list[Problem] = []
        for d in definitions:
            if d.key in self._by_key:
                problems.append(
                    Problem("", "duplicate_version", f"form {d.id!r} version {d.version} twice")
                )
            self._by_key[d.key] = d
        if problems:
            raise InvalidDefinition(tuple(problems))
        self._latest: dict[str, FormDefinition] = {}
        for d in sorted(self._by_key.values(), key=lambda d: d.version):
            self._latest[d.id] = d

    def get(self, form_id: str, version: int) -> FormDefinition:
        try:
            return self._by_key[(form_id, version)]
        except KeyError:
            raise NotFound(f"form {form_id!r} version {version} is not installed") from None

    def for_response(self, response: FormResponse) -> FormDefinition:
        return self.get(response.form_id, response.form_version)

    def latest(self, form_id: str) -> FormDefinition:
        try:
            return self._latest[form_id]
        except KeyError:
            raise NotFound(f"form {form_id!r} is not installed") from None

    def ids(self) -> tuple[str, ...]:
        return tuple(sorted(self._latest))

    def versions(self, form_id: str) -> tuple[int, ...]:
        return tuple(sorted(v for (i, v) in self._by_key if i == form_id))

    def __iter__(self) -> Iterator[FormDefinition]:
        return iter(sorted(self._by_key.values(), key=lambda d: d.key))

    def __len__(self) -> int:
        return len(self._by_key)
