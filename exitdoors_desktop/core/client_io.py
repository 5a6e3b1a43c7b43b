"""Client profiles to and from CSV and JSON, as spreadsheets and other systems exchange them.

Errors name the row and column (never the value). List fields (aliases, languages) are
written as ``a; b`` in CSV, or as a JSON array when an item itself contains ``;``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

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


def parse_clients(text: str, fmt: str) -> list[Client]:
    if fmt == "csv":
        return parse_clients_csv(text)
    if fmt == "json":
        return parse_clients_json(text)
    raise InvalidInput(f"unknown format {fmt!r} (use csv or json)")


def parse_clients_csv(text: str) -> list[Client]:
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
    return _build(records, first_row=2)


def parse_clients_json(text: str) -> list[Client]:
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(data, list):
        raise InvalidInput("JSON import must be a list of objects")
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise RowProblem(index, "-", "is not an object")
    return _build(data, first_row=1)


def _check_header(header: Sequence[str]) -> None:
    seen: set[str] = set()
    for column in header:
        if column not in CLIENT_FIELDS:
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


def _build(records: Sequence[dict[str, object]], first_row: int) -> list[Client]:
    clients: list[Client] = []
    ids: set[str] = set()
    for offset, record in enumerate(records):
        row = first_row + offset
        try:
            client = client_from_mapping(record)
        except FieldProblem as exc:
            raise RowProblem(row, exc.field_name, exc.problem) from None
        if client.id in ids:
            raise RowProblem(row, "id", "duplicate id in this file")
        ids.add(client.id)
        clients.append(client)
    return clients


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
