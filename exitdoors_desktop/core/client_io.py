"""Client profiles to and from CSV and JSON, as spreadsheets and other systems exchange them.

Errors name the row and column (never the value). List fields (aliases, languages) are
written as ``a; b`` in CSV, or as a JSON array when an item itself contains ``;``.

Consent held on paper comes in through three columns per scope (store_on_device,
share_with_office, deidentified_evaluation): ``consent_<scope>`` (yes / no / empty),
``consent_<scope>_date`` (YYYY-MM-DD, required with yes or no) and ``consent_<scope>_method``
(verbal, written, electronic, guardian, other; default written). "no" records a withdrawal,
empty records nothing. Partner sharing names a partner agency and is recorded in the app.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.core.errors import InvalidInput
from exitdoors_desktop.core.people import (
    CLIENT_FIELDS,
    LIST_FIELDS,
    Client,
    FieldProblem,
    client_from_mapping,
    client_to_mapping,
)


class RowProblem(InvalidInput):
    code = "bad_row"

    def __init__(self, row: int, column: str, problem: str) -> None:
        super().__init__(f"row {row}, column {column}: {problem}")
        self.row = row
        self.column = column
        self.problem = problem


IMPORTABLE_SCOPES = (
    ConsentScope.STORE_ON_DEVICE,
    ConsentScope.SHARE_WITH_OFFICE,
    ConsentScope.DEIDENTIFIED_EVALUATION,
)
CONSENT_COLUMNS: tuple[str, ...] = tuple(
    f"consent_{scope.value}{suffix}"
    for scope in IMPORTABLE_SCOPES
    for suffix in ("", "_date", "_method")
)
_YES = {"yes", "y", "true", "1", "oui"}
_NO = {"no", "n", "false", "0", "non"}


@dataclass(frozen=True)
class ImportedConsent:
    scope: ConsentScope
    action: ConsentAction
    date: dt.date
    method: ConsentMethod


@dataclass(frozen=True)
class ImportedClient:
    client: Client
    consents: tuple[ImportedConsent, ...] = ()


def parse_import(text: str, fmt: str, today: dt.date | None = None) -> list[ImportedClient]:
    """Profiles and their paper consents; raises RowProblem naming the row and column. With
    ``today``, a date of birth after it is refused."""
    if fmt == "csv":
        return _build(_csv_records(text), first_row=2, today=today)
    if fmt == "json":
        return _build(_json_records(text), first_row=1, today=today)
    raise InvalidInput(f"unknown format {fmt!r} (use csv or json)")


def parse_clients(text: str, fmt: str) -> list[Client]:
    return [item.client for item in parse_import(text, fmt)]


def parse_clients_csv(text: str) -> list[Client]:
    return parse_clients(text, "csv")


def parse_clients_json(text: str) -> list[Client]:
    return parse_clients(text, "json")


def _csv_records(text: str) -> list[dict[str, object]]:
    text = text.removeprefix("\ufeff")  # spreadsheets often write a byte-order mark
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput("the file is empty (expected a header row)") from None
    except csv.Error as exc:
        raise InvalidInput(f"row 1: not valid CSV ({exc})") from None
    header = [h.strip() for h in header]
    _check_header(header)
    records: list[dict[str, object]] = []
    row_number = 1
    try:
        for cells in reader:
            row_number += 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise RowProblem(
                    row_number, "-", f"has {len(cells)} cells, header has {len(header)}"
                )
            record: dict[str, object] = {}
            for name, cell in zip(header, cells, strict=True):
                record[name] = _list_cell(row_number, name, cell) if name in LIST_FIELDS else cell
            records.append(record)
    except csv.Error as exc:
        raise InvalidInput(f"row {row_number + 1}: not valid CSV ({exc})") from None
    return records


def _json_records(text: str) -> list[dict[str, object]]:
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(data, list):
        raise InvalidInput("JSON import must be a list of objects")
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise RowProblem(index, "-", "is not an object")
    return data


def _check_header(header: Sequence[str]) -> None:
    seen: set[str] = set()
    for column in header:
        if column not in CLIENT_FIELDS and column not in CONSENT_COLUMNS:
            raise RowProblem(1, column or "(empty)", "unknown column")
        if column in seen:
            raise RowProblem(1, column, "column appears twice")
        seen.add(column)
    if "preferred_name" not in seen:
        raise RowProblem(1, "preferred_name", "required column is missing")


def _list_cell(row: int, column: str, cell: str) -> object:
    if cell.lstrip().startswith("["):
        try:
            value = json.loads(cell)
        except json.JSONDecodeError:
            raise RowProblem(row, column, "starts with [ but is not a JSON list") from None
        return value
    return cell


def _build(
    records: Sequence[dict[str, object]], first_row: int, today: dt.date | None
) -> list[ImportedClient]:
    out: list[ImportedClient] = []
    ids: set[str] = set()
    for offset, record in enumerate(records):
        row = first_row + offset
        profile = {k: v for k, v in record.items() if not k.startswith("consent_")}
        try:
            client = client_from_mapping(profile, today=today)
        except FieldProblem as exc:
            raise RowProblem(row, exc.field_name, exc.problem) from None
        if client.id in ids:
            raise RowProblem(row, "id", "duplicate id in this file")
        ids.add(client.id)
        out.append(ImportedClient(client, _consents(record, row)))
    return out


def _consents(record: dict[str, object], row: int) -> tuple[ImportedConsent, ...]:
    unknown = sorted(k for k in record if k.startswith("consent_") and k not in CONSENT_COLUMNS)
    if unknown:
        raise RowProblem(row, unknown[0], "unknown column")
    found: list[ImportedConsent] = []
    for scope in IMPORTABLE_SCOPES:
        base = f"consent_{scope.value}"
        given = _cell_text(record, base, row).lower()
        date_text = _cell_text(record, f"{base}_date", row)
        method_text = _cell_text(record, f"{base}_method", row).lower() or "written"
        if not given:
            if date_text:
                raise RowProblem(row, base, "is empty but a consent date is given")
            continue
        if given not in _YES | _NO:
            raise RowProblem(row, base, "must be yes, no or empty")
        if not date_text:
            raise RowProblem(row, f"{base}_date", "is required when consent is recorded")
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            raise RowProblem(row, f"{base}_date", "must be a date written YYYY-MM-DD") from None
        try:
            method = ConsentMethod(method_text)
        except ValueError:
            options = ", ".join(m.value for m in ConsentMethod)
            raise RowProblem(row, f"{base}_method", f"must be one of {options}") from None
        action = ConsentAction.GRANT if given in _YES else ConsentAction.WITHDRAW
        found.append(ImportedConsent(scope, action, date, method))
    return tuple(found)


def _cell_text(record: dict[str, object], key: str, row: int) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, str):
        raise RowProblem(row, key, "must be text")
    return value.strip()


def clients_to_csv(clients: Sequence[Client]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CLIENT_FIELDS)
    for client in clients:
        data = client_to_mapping(client)
        writer.writerow([_csv_cell(name, data[name]) for name in CLIENT_FIELDS])
    return out.getvalue()


def clients_to_json(clients: Sequence[Client]) -> str:
    return json.dumps([client_to_mapping(c) for c in clients], ensure_ascii=False, indent=1)


def _csv_cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if name in LIST_FIELDS and isinstance(value, list):
        items = [str(v) for v in value]
        if any(";" in item or item != item.strip() for item in items) or (
            items and items[0].lstrip().startswith("[")
        ):
            return json.dumps(items, ensure_ascii=False)
        return "; ".join(items)
    return str(value)
