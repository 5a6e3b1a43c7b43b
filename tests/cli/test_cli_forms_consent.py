"""`exitdoors forms check` and consent columns in `clients import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exitdoors_desktop.core.consent import ConsentScope, effective_consent
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE

P = PASSPHRASE + "\n"
ROOT = Path(__file__).resolve().parents[2]


def test_every_shipped_definition_passes(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("forms", "check")
    assert code == 0, err
    shipped = list((ROOT / "resources").rglob("*.json"))
    code, out, err = cli("forms", "check", *map(str, shipped))
    assert code == 0, err
    assert f"{len(shipped)} definition file(s) ok" in out


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["fields"][0].update(type="colour"), "fields[0].type: unknown field type"),
        (lambda d: d["fields"][2].update(visible_if="date == and"), "fields[2].visible_if"),
        (lambda d: d["fields"][3].update(id=d["fields"][1]["id"]), "fields[3].id: duplicate id"),
        (lambda d: d["fields"][4]["label"].pop("fr"), "fields[4].label.fr"),
        (lambda d: d["fields"][2].update(visible_if="nosuch == 1"), "fields[2].visible_if"),
    ],
)
def test_broken_definition_gives_precise_error(cli, tmp_path: Path, mutate, expected: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((ROOT / "resources/forms/contact_note.v1.json").read_text("utf-8"))
    mutate(data)
    broken = tmp_path / "contact_note.v1.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = cli("forms", "check", str(broken))
    assert code == 2
    assert f"contact_note.v1.json: {expected}" in err


def test_not_json_is_reported_with_position(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "x.json"
    bad.write_text('{"id": "x",', encoding="utf-8")
    code, _, err = cli("forms", "check", str(bad))
    assert code == 2 and "x.json" in err and "line" in err


def _init(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(
        "vault", "init", "--user", "alex", "--passphrase-stdin", "--insecure-fast-kdf", stdin=P
    )
    assert code == 0, err


def test_consent_columns_are_imported(cli, tmp_path: Path, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    src = tmp_path / "in.csv"
    src.write_text(
        "id,preferred_name,consent_store_on_device,consent_store_on_device_date,"
        "consent_store_on_device_method,consent_share_with_office,consent_share_with_office_date\n"
        "0a0a0a0a-0000-4000-8000-0000000000c1,Test Consent,yes,2025-02-03,verbal,no,2025-02-03\n",
        encoding="utf-8",
    )
    code, _, err = cli("clients", "import", str(src), "--passphrase-stdin", stdin=P)
    assert code == 0, err
    session = Vault(vault_dir).unlock("alex", PASSPHRASE)
    records = ConsentRepository(session).for_client("0a0a0a0a-0000-4000-8000-0000000000c1")
    session.lock()
    assert {(r.scope, r.action.value, r.method.value) for r in records} == {
        (ConsentScope.STORE_ON_DEVICE, "grant", "verbal"),
        (ConsentScope.SHARE_WITH_OFFICE, "withdraw", "written"),
    }
    effective = effective_consent(records)
    assert effective.store_on_device and not effective.share_with_office


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("maybe,2025-01-01", "column consent_store_on_device: must be yes, no or empty"),
        ("yes,", "column consent_store_on_device_date: is required"),
        ("yes,01/02/2025", "column consent_store_on_device_date: must be a date"),
        (",2025-01-01", "column consent_store_on_device: is empty but a consent date"),
    ],
)
def test_bad_consent_cells_write_nothing(cli, tmp_path: Path, cells: str, message: str) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    src = tmp_path / "in.csv"
    src.write_text(
        f"preferred_name,consent_store_on_device,consent_store_on_device_date\nTest A,{cells}\n",
        encoding="utf-8",
    )
    code, _, err = cli("clients", "import", str(src), "--passphrase-stdin", stdin=P)
    assert code == 2 and f"row 2, {message}" in err
