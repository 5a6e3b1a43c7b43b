"""The hash chain: intact after normal use; an edited or removed event is found by position."""

from __future__ import annotations

from exitdoors_desktop.storage.audit import AuditAction, verify_chain


def _events(session, n: int) -> None:  # type: ignore[no-untyped-def]
    with session.transaction():
        for i in range(n):
            session.audit.append(AuditAction.VIEW, "client", f"row-{i}")


def _unprotect(session) -> None:  # type: ignore[no-untyped-def]
    # What an attacker with the key could do: drop the append-only triggers.
    session.conn.execute("DROP TRIGGER audit_no_update")
    session.conn.execute("DROP TRIGGER audit_no_delete")


def test_chain_intact(session) -> None:  # type: ignore[no-untyped-def]
    _events(session, 10)
    report = verify_chain(session.conn)
    assert report.ok and report.events >= 10


def test_edited_event_is_reported_as_first_broken_link(session) -> None:  # type: ignore[no-untyped-def]
    _events(session, 10)
    seqs = [r[0] for r in session.conn.execute("SELECT seq FROM audit ORDER BY seq")]
    target = seqs[5]
    _unprotect(session)
    session.conn.execute("UPDATE audit SET action = 'change' WHERE seq = ?", (target,))
    assert verify_chain(session.conn).first_broken_seq == target


def test_removed_event_is_reported(session) -> None:  # type: ignore[no-untyped-def]
    _events(session, 10)
    seqs = [r[0] for r in session.conn.execute("SELECT seq FROM audit ORDER BY seq")]
    _unprotect(session)
    session.conn.execute("DELETE FROM audit WHERE seq = ?", (seqs[3],))
    assert verify_chain(session.conn).first_broken_seq == seqs[4]
