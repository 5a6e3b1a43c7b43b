"""Admin notes: signed messages from one current admin to another, relayed by the office as
commands (bounded, deleted once delivered). They carry what admins share to act together:

* ``invite``: the verifier of an invite's join proof (any admin can then let the newcomer in);
* ``proposal``: a membership event's core, or a signed wipe, that needs a second admin;
* ``cosig``: a second admin's signature over a proposal, sent back to the proposer.

A note grants nothing by itself: the event or wipe it leads to is checked by the rulebook
(``membership.apply_event``, ``rules.wipe_refusal``) like any other. The office checks sender
and recipient are current admins and the signature; so does the receiving laptop.
"""

from __future__ import annotations

from exitdoors_protocol.codec import SignatureError, b64, canonical, unb64, verify
from exitdoors_protocol.membership import TeamState

NOTE = "note"
KINDS = ("invite", "proposal", "cosig")


def note_refusal(state: TeamState | None, command: object, target: str) -> str | None:
    """None when ``command`` is a note from a current admin to ``target``, a current admin."""
    if state is None or not isinstance(command, dict) or command.get("type") != NOTE:
        return "malformed"
    inner, signer = command.get("note"), str(command.get("by"))
    if not isinstance(inner, dict) or inner.get("kind") not in KINDS:
        return "malformed"
    if inner.get("to") != target or not state.is_admin(target):
        return "not_for_an_admin"
    if inner.get("team") != b64(state.root):
        return "another_team"
    if not state.is_admin(signer) or signer == target:
        return "not_an_admin"
    try:
        verify(state.members[signer].sign_pub, unb64(command.get("sig")), canonical(inner))
    except (SignatureError, ValueError):
        return "signature_invalid"
    return None


__all__ = ["KINDS", "NOTE", "note_refusal"]
