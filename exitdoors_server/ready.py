"""`POST /v2/ready`: an enrolled device's signed "ready" card (see exitdoors_protocol.joining).

The device signs, with the key it enrolled, a card naming its device id, vault node, keys and
invite; the office checks it and keeps it in place of the enrolment card, and admins' laptops
add a device only after checking it themselves. A device that never received its enrolment
answer cannot sign its id, so no member is added that nobody holds keys for."""

# No `from __future__ import annotations`: FastAPI must evaluate the route annotations.
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from pydantic import Field
from sqlalchemy import Engine, update

from exitdoors_protocol import joining
from exitdoors_protocol.codec import b64
from exitdoors_server.accounts import Device
from exitdoors_server.db import write_tx
from exitdoors_server.schema import devices
from exitdoors_server.wire import Signature, _Strict

MAX_CARD_CHARS = 1000


class ReadyRequest(_Strict):
    card: dict[str, Any] = Field(description="the ready card: type, device, node, keys, invite")
    sig: Signature = Field(description="Ed25519 signature of the device's key over the card")


def install(app: FastAPI, engine: Engine, require_device: Callable[..., Device],
            error: Callable[[int, str, str], Exception]) -> None:  # fmt: skip
    @app.post("/v2/ready")
    def ready(
        body: ReadyRequest, device: Annotated[Device, Depends(require_device)]
    ) -> dict[str, Any]:
        """Keep this device's signed ready card (its own token, its own enrolled key)."""
        card = {**body.card, "sig": b64(body.sig)}
        if device.sign_pub is None or device.kx_pub is None:
            raise error(403, "ready_refused", "this device enrolled without keys")
        why = joining.ready_refusal(card, device.id, device.sign_pub, device.kx_pub,
                                    device.invite_hash)  # fmt: skip
        if why is not None:
            raise error(403, "ready_refused", f"the ready card does not hold: {why}")
        try:  # keep the join proof the enrolment card carried
            proof = json.loads(device.card or "{}").get("proof")
        except (ValueError, AttributeError):
            proof = None
        text = json.dumps({**card, "proof": proof} if proof else card, sort_keys=True)
        if len(text) > MAX_CARD_CHARS:
            raise error(413, "body_too_large", "the ready card is too large")
        with write_tx(engine) as conn:
            conn.execute(update(devices).where(devices.c.id == device.id).values(card=text))
        return {"ready": True}


__all__ = ["install"]
