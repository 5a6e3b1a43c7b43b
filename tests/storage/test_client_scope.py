"""Which clients each role sees, read from a real vault: assigned (outreach, case manager),
assigned or enrolled by her (intake), everyone (supervisor, admin); the caseload query follows
it and opening a client she may not see is refused without a view event."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.people import Client, Role
from exitdoors_desktop.core.permissions import ClientForbidden
from exitdoors_desktop.storage.caseload_query import caseload
from exitdoors_desktop.storage.client_scope import (
    enrolled_by,
    open_visible,
    visible_ids,
    visible_names,
)
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Vault
from tests.conftest import CHEAP, PASSPHRASE

TODAY = dt.date(2026, 6, 1)
PW = "a long enough passphrase here"


def _views(session, cid: str) -> int:  # type: ignore[no-untyped-def]
    return int(
        session.conn.execute(
            "SELECT count(*) FROM audit WHERE action = 'view' AND row_id = ?", (cid,)
        ).fetchone()[0]
    )


@pytest.fixture
def vault(vault_dir: Path) -> Vault:
    vault = Vault(vault_dir)
    admin, _ = vault.create("alex", PASSPHRASE, kdf=CHEAP)
    cm = admin.add_user("carm", PW, Role.CASE_MANAGER, kdf=CHEAP)
    admin.add_user("ines", PW, Role.INTAKE, kdf=CHEAP)
    admin.add_user("olive", PW, Role.OUTREACH, kdf=CHEAP)
    ClientRepository(admin).save(Client(id="c-cm", preferred_name="Test A", assigned_worker=cm))
    ClientRepository(admin).save(Client(id="c-none", preferred_name="Test B"))
    ClientRepository(admin).save(Client(id="c-gone", preferred_name="Test C"))
    ClientRepository(admin).delete("c-gone")
    admin.lock()
    ines = vault.unlock("ines", PW)
    ClientRepository(ines).save(Client(id="c-ines", preferred_name="Test D", assigned_worker=cm))
    assert enrolled_by(ines, "c-ines") == ines.user_id
    ines.lock()
    return vault


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("alex", None),  # admin: everyone
        ("carm", {"c-cm", "c-ines"}),
        ("ines", {"c-ines"}),
        ("olive", set()),
    ],
)
def test_visible_ids_and_the_caseload_follow_the_role(vault: Vault, user: str, expected) -> None:  # type: ignore[no-untyped-def]
    s = vault.unlock(user, PASSPHRASE if user == "alex" else PW)
    try:
        assert visible_ids(s) == expected
        listed = {r.client_id for r in caseload(s, load_definitions().program, TODAY)}
        assert listed == (expected if expected is not None else {"c-cm", "c-none", "c-ines"})
        assert {cid for cid, _n in visible_names(s)} == listed
        narrowed = caseload(s, load_definitions().program, TODAY, client_ids=["c-none", "c-cm"])
        assert {r.client_id for r in narrowed} == listed & {"c-none", "c-cm"}
    finally:
        s.lock()


def test_opening_a_client_she_may_not_see_is_refused_and_not_audited(vault: Vault) -> None:
    s = vault.unlock("ines", PW)
    try:
        with pytest.raises(ClientForbidden, match="not on your caseload"):
            open_visible(s, "c-cm")
        assert _views(s, "c-cm") == 0
        assert open_visible(s, "c-ines").preferred_name == "Test D"
        assert _views(s, "c-ines") == 1
    finally:
        s.lock()
