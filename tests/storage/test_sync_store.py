"""SyncStore in SQL, without a server: applying many writes in one answer gives exactly what
applying them one answer at a time gives; the outbox is read in change-log order, batch after
batch, and skips (and counts) what waits for consent."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path

import pytest

from exitdoors_desktop.core.consent import ConsentAction, ConsentMethod, ConsentScope
from exitdoors_desktop.storage.program_repo import ConsentRepository
from exitdoors_desktop.storage.sync_store import SyncStore, Write, _runs
from exitdoors_desktop.storage.vault import Session, Vault
from tests.conftest import CHEAP, PASSPHRASE

TABLES = ("clients", "field_clock", "consents")


def _stamp(millis: int, device: str) -> str:
    return f"{millis:015d}-000000-{device}"


def _random_writes(rng: random.Random, clients: list[str], n: int) -> list[Write]:
    """Writes from two remote devices, out of order, some repeated, some concurrent."""
    writes: list[Write] = []
    last: dict[tuple[str, str], str] = {}
    for i in range(n):
        cid = rng.choice(clients)
        device = rng.choice(("devA", "devB"))
        hlc = _stamp(1_000 + rng.randrange(60), device)
        names = rng.sample(["preferred_name", "pronouns", "age", "languages", "deleted"], 2)
        values: dict[str, object] = {
            "preferred_name": f"N{i % 3}",
            "pronouns": rng.choice(["she/her", "they/them"]),
            "age": rng.choice([30, 31]),
            "languages": rng.choice([["en"], ["en", "fr"]]),
            "deleted": rng.choice([False, True]),
        }
        fields = {k: values[k] for k in names}
        # Sometimes based on what the other device last wrote: a causal overwrite.
        bases = {k: (last.get((cid, k)) if rng.random() < 0.5 else None) for k in names}
        for k in names:
            last[(cid, k)] = hlc
        writes.append(
            Write(
                "client",
                cid,
                hlc,
                device,
                None,
                cid,
                fields,
                bases,
                {k: str(uuid.uuid4()) for k in names},
            )  # fmt: skip
        )
        if rng.random() < 0.1:
            writes.append(writes[rng.randrange(len(writes))])  # the same message again
    return writes


def _state(s: Session) -> dict[str, list[tuple[object, ...]]]:
    out = {t: s.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in TABLES}  # noqa: S608
    out["conflicts"] = s.conn.execute(
        "SELECT kind, entity, row_id, field, losing_value, losing_hlc, winning_hlc FROM conflicts"
        " ORDER BY 1, 2, 3, 4, 5, 6, 7"
    ).fetchall()
    out["changes"] = s.conn.execute(
        "SELECT id, entity, row_id, field, value, hlc, base_hlc, origin, pushed FROM changes"
        " ORDER BY id"
    ).fetchall()
    return out


@pytest.mark.parametrize("seed", range(4))
def test_batched_apply_matches_on_identical_vaults(tmp_path: Path, seed: int) -> None:
    """Same starting vault (a copy), same writes: identical tables either way."""
    s, _ = Vault(tmp_path / "v").create("alex", PASSPHRASE, kdf=CHEAP)
    clients = [str(uuid.uuid4()) for _ in range(3)]
    with s.transaction():
        for cid in clients[:2]:
            s.changes.write("client", cid, {"preferred_name": "Local", "age": 30})
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.lock()
    copy = tmp_path / "w"
    copy.mkdir()
    for f in (tmp_path / "v").iterdir():
        if f.is_file():
            (copy / f.name).write_bytes(f.read_bytes())
    one = Vault(tmp_path / "v").unlock("alex", PASSPHRASE)
    two_ = Vault(copy).unlock("alex", PASSPHRASE)
    try:
        writes = _random_writes(random.Random(seed), clients, 80)
        SyncStore(one).apply_answer(writes, (), 3)
        for w in writes:
            SyncStore(two_).apply_answer([w], (), 3)
        assert _state(one) == _state(two_)
    finally:
        one.lock()
        two_.lock()


def test_an_older_write_after_a_newer_one_in_the_same_answer(session: Session) -> None:
    cid = str(uuid.uuid4())
    new = Write("client", cid, _stamp(2000, "devA"), "devA", None, cid,
                {"pronouns": "she/her"}, {"pronouns": None}, {"pronouns": str(uuid.uuid4())})  # fmt: skip
    old = Write("client", cid, _stamp(1000, "devB"), "devB", None, cid,
                {"pronouns": "they/them"}, {"pronouns": None}, {"pronouns": str(uuid.uuid4())})  # fmt: skip
    result = SyncStore(session).apply_answer([new, old], (), 1)
    assert session.conn.execute("SELECT pronouns FROM clients").fetchone() == ("she/her",)
    assert (result.applied_fields, result.skipped_fields, result.conflicts) == (1, 1, 1)
    conflict = SyncStore(session).open_conflicts()[0]
    assert (conflict["losing_value"], conflict["losing_hlc"]) == ("they/them", old.hlc)


def _consent(s: Session, cid: str) -> None:
    ConsentRepository(s).add(cid, ConsentScope.SHARE_WITH_OFFICE, ConsentAction.GRANT,
                             dt.date(2026, 1, 1), ConsentMethod.WRITTEN)  # fmt: skip


def test_outbox_reads_on_from_the_last_batch_and_counts_held_once(session: Session) -> None:
    sharing, private = str(uuid.uuid4()), str(uuid.uuid4())
    with session.transaction():
        _consent(session, sharing)
        for i in range(7):
            session.changes.write("client", sharing, {"pronouns": f"p{i}", "age": i})
            session.changes.write("client", private, {"pronouns": f"q{i}"})
    store = SyncStore(session)
    allowed = store.shareable_subjects()
    assert private not in allowed
    seen: list[Write] = []
    after = 0
    while True:
        box = store.outbox(3, allowed, after_seq=after, count_held=False)
        assert box.held_writes == 0  # not counted when asked not to
        seen += box.writes
        after = box.last_seq
        if len(box.writes) < 3:
            break
    ours = [w for w in seen if w.entity == "client"]
    assert [w.fields.get("pronouns") for w in ours] == [f"p{i}" for i in range(7)]
    assert all(w.subject == sharing for w in ours)
    assert all(len(w.seqs) == len(w.fields) for w in seen)
    assert store.held(allowed) == (7, 1)
    assert store.outbox(100).held_writes == 7  # the default still counts held writes
    with session.transaction():
        store.mark_pushed_seqs(seq for w in seen for seq in w.seqs)
    assert store.outbox(100, allowed).writes == []
    assert store.pending_count() == 7  # only the held ones are left


def test_runs() -> None:
    assert _runs([5, 1, 2, 3, 7, 8, 3]) == [(1, 3), (5, 5), (7, 8)]
    assert _runs([]) == []


def test_clients_touched_names_subjects_and_everyone_at_a_changed_group_session(
    session: Session,
) -> None:
    import datetime as dt_

    from exitdoors_desktop.core.definitions import load_definitions
    from exitdoors_desktop.core.groups import GroupSession, Place
    from exitdoors_desktop.core.people import Client
    from exitdoors_desktop.storage.clients_repo import ClientRepository
    from exitdoors_desktop.storage.groups_repo import GroupRepository

    ids = [str(uuid.uuid4()) for _ in range(3)]
    for cid in ids:
        ClientRepository(session).save(Client(cid, f"Sample {cid[:4]}"))
    groups = GroupRepository(session, load_definitions().program.groups)
    day = dt_.date(2026, 5, 1)
    groups.save_session(GroupSession("g1", day, "support_group", Place.OFFICE), ids[:2], day)
    about_her = Write("client", ids[2], _stamp(1000, "devA"), "devA", None, ids[2],
                      {"pronouns": "she/her"})  # fmt: skip
    session_moved = Write("group_session", "g1", _stamp(1001, "devA"), "devA", None, None,
                          {"date": "2026-05-02"})  # fmt: skip
    store = SyncStore(session)
    assert store.clients_touched([about_her]) == {ids[2]}
    assert store.clients_touched([session_moved]) == set(ids[:2])
    assert store.clients_touched([]) == set()
