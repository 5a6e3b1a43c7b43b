"""`exitdoors clients import/export`: lossless round trips, all-or-nothing imports."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import stat
from pathlib import Path

import pytest

from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE

P = PASSPHRASE + "\n"

HARD_PROFILES = [
    {
        "id": "0a0a0a0a-0000-4000-8000-000000000001",
        "preferred_name": "Zoë Ñandú-Test",
        "legal_name": 'Test, "Quoted" Person',
        "pronouns": "she/her",
        "aliases": ["Z", "Ñ, with comma"],
        "date_of_birth": "2008-03-04",
        "age": None,
        "languages": ["Español", "English"],
        "safe_contact_notes": 'Line one\nLine two, with "quotes"\r\nand a; semicolon',
        "assigned_worker": None,
        "status": "active",
    },
    {
        "id": "0a0a0a0a-0000-4000-8000-000000000002",
        "preferred_name": "测试 名字",
        "legal_name": None,
        "pronouns": None,
        "aliases": ["a;b", "  spaced  "],
        "date_of_birth": None,
        "age": 34,
        "languages": ["中文"],
        "safe_contact_notes": None,
        "assigned_worker": "w1",
        "status": "paused",
    },
    {
        "id": "0a0a0a0a-0000-4000-8000-000000000003",
        "preferred_name": "أمل تجربة",
        "legal_name": "",
        "pronouns": "they/them",
        "aliases": [],
        "date_of_birth": None,
        "age": None,
        "languages": [],
        "safe_contact_notes": "",
        "assigned_worker": None,
        "status": "closed",
    },
]


def _normal(profile: dict[str, object]) -> dict[str, object]:
    # Empty text means "not given": it comes back as null.
    out = {k: (None if v == "" else v) for k, v in profile.items()}
    return out


@pytest.fixture
def vault(cli) -> Path:  # type: ignore[no-untyped-def]
    code, _, err = cli(
        "vault", "init", "--user", "alex", "--passphrase-stdin", "--insecure-fast-kdf", stdin=P
    )
    assert code == 0, err
    return cli.data_dir


def _to_csv(profiles: list[dict[str, object]], bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(profiles[0]))
    writer.writeheader()
    for p in profiles:
        row = {}
        for k, v in p.items():
            if isinstance(v, list):
                v = (
                    json.dumps(v, ensure_ascii=False)
                    if any(";" in x or x != x.strip() for x in v)
                    else "; ".join(v)
                )
            row[k] = "" if v is None else v
        writer.writerow(row)
    return ("\ufeff" if bom else "") + out.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_every_field(cli, vault: Path, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / f"in.{fmt}"
    text = _to_csv(HARD_PROFILES, bom=True) if fmt == "csv" else json.dumps(HARD_PROFILES)
    src.write_text(text, encoding="utf-8")
    code, out, err = cli("clients", "import", str(src), "--passphrase-stdin", stdin=P)
    assert code == 0, err
    assert "Imported 3 clients" in out
    dest = tmp_path / f"out.{fmt}"
    code, out, err = cli(
        "clients",
        "export",
        "--plaintext",
        "--out",
        str(dest),
        "--format",
        fmt,
        "--passphrase-stdin",
        stdin=P,
    )
    assert code == 0, err
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    if fmt == "json":
        back = json.loads(dest.read_text("utf-8"))
    else:
        # Re-import the exported CSV into a second vault and compare as JSON there.
        back = _reimport_csv(cli, dest, tmp_path)
    assert sorted(back, key=lambda p: p["id"]) == [_normal(p) for p in HARD_PROFILES]
    session = Vault(vault).unlock("alex", PASSPHRASE)
    actions = [r[0] for r in session.conn.execute("SELECT action FROM audit")]
    session.lock()
    assert "export" in actions and "import" in actions


def _reimport_csv(cli, exported: Path, tmp_path: Path) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    from tests.conftest import Cli

    other = Cli(tmp_path / "second", cli.capsys)
    assert (
        other(
            "vault", "init", "--user", "bo", "--passphrase-stdin", "--insecure-fast-kdf", stdin=P
        )[0]
        == 0
    )
    code, _, err = other("clients", "import", str(exported), "--passphrase-stdin", stdin=P)
    assert code == 0, err
    out = tmp_path / "second.json"
    assert (
        other(
            "clients",
            "export",
            "--plaintext",
            "--out",
            str(out),
            "--format",
            "json",
            "--passphrase-stdin",
            stdin=P,
        )[0]
        == 0
    )
    return list(json.loads(out.read_text("utf-8")))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("preferred_name,shoe_size\nTest A,5\n", "row 1, column shoe_size: unknown column"),
        ("preferred_name,age\nTest A,12x\n", "row 2, column age: must be a whole number"),
        (
            "preferred_name,date_of_birth\nTest A,2001-01-01\nTest B,31/12/1999\n",
            "row 3, column date_of_birth",
        ),
        ("preferred_name,status\nTest A,active\n,active\n", "row 3, column preferred_name"),
        (
            "preferred_name,date_of_birth\nTest A,2001-01-01\nTest B,2999-01-01\n",
            "row 3, column date_of_birth: is after today",
        ),
        (
            "id,preferred_name\n0a0a0a0a-0000-4000-8000-00000000000a,A\n"
            "0a0a0a0a-0000-4000-8000-00000000000a,B\n",
            "row 3, column id: duplicate",
        ),
        ('preferred_name\n"unclosed\n', "not valid CSV"),
    ],
)
def test_bad_row_names_row_and_column_and_writes_nothing(
    cli, vault: Path, tmp_path: Path, content: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in vault.iterdir()}
    src = tmp_path / "in.csv"
    src.write_text(content, encoding="utf-8")
    code, out, err = cli("clients", "import", str(src), "--passphrase-stdin", stdin=P)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in vault.iterdir()}
    assert after == before


def test_duplicate_of_existing_client_writes_nothing(cli, vault: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.json"
    src.write_text(json.dumps(HARD_PROFILES[:1]), encoding="utf-8")
    assert cli("clients", "import", str(src), "--passphrase-stdin", stdin=P)[0] == 0
    src.write_text(json.dumps([HARD_PROFILES[1], HARD_PROFILES[0]]), encoding="utf-8")
    code, _, err = cli("clients", "import", str(src), "--passphrase-stdin", stdin=P)
    assert code == 2 and "row 2, column id" in err
    session = Vault(vault).unlock("alex", PASSPHRASE)
    assert ClientRepository(session).count() == 1
    session.lock()


def test_bad_json_and_encoding(cli, vault: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.json"
    src.write_text('{"preferred_name": "x"}', encoding="utf-8")
    code, _, err = cli("clients", "import", str(src), "--passphrase-stdin", stdin=P)
    assert code == 2 and "list of objects" in err
    src.write_bytes(b"preferred_name\n\xff\xfe\n")
    src = src.rename(tmp_path / "in.csv")
    code, _, err = cli("clients", "import", str(src), "--passphrase-stdin", stdin=P)
    assert code == 2 and "not UTF-8" in err


def test_export_requires_plaintext_flag(cli, vault: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(
        "clients", "export", "--out", str(tmp_path / "x.csv"), "--passphrase-stdin", stdin=P
    )
    assert code == 2 and "--plaintext" in err
    assert not (tmp_path / "x.csv").exists()
