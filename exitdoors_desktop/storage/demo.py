"""A demo vault of obviously synthetic people, so a new user can look around safely.

Every surname is a word like "Example" or "Sample": nobody can mistake these for real clients.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import uuid

from exitdoors_desktop.core.definitions import load_definitions
from exitdoors_desktop.core.people import Client, ClientStatus
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.demo_groups import seed_groups
from exitdoors_desktop.storage.demo_history import seed_histories
from exitdoors_desktop.storage.vault import Session

FIRST = (
    "Aurora",
    "Bea",
    "Celeste",
    "Dina",
    "Esme",
    "Fay",
    "Gia",
    "Hana",
    "Ines",
    "Juno",
    "Kira",
    "Lena",
    "Mira",
    "Nia",
    "Oona",
    "Pia",
    "Quinn",
    "Rosa",
    "Sana",
    "Tess",
    "Uma",
    "Vera",
    "Wren",
    "Xena",
    "Yara",
    "Zoe",
    "Amara",
    "Bianca",
    "Carmen",
    "Delia",
    "Elif",
    "Farah",
)
LAST = ("Example", "Sample", "Specimen", "Placeholder", "Testcase", "Demo", "Mockup", "Dummy")
PRONOUNS = ("she/her", "she/her", "she/her", "she/they", "they/them")
LANGUAGES = ("English", "French", "Spanish", "Tagalog", "Portuguese", "Mandarin", "Amharic")


def synthetic_clients(n: int, rng: random.Random, today: dt.date) -> list[Client]:
    clients = []
    for i in range(n):
        first = FIRST[i % len(FIRST)]
        last = LAST[(i // len(FIRST)) % len(LAST)]
        age = rng.choice([16, 17] if rng.random() < 0.06 else range(18, 58))
        dob = today.replace(year=today.year - age) - dt.timedelta(days=rng.randrange(1, 360))
        clients.append(
            Client(
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                preferred_name=f"{first} {last} {i + 1:03d}" if n > 250 else f"{first} {last}",
                aliases=(f"{first[0]}. {last}",) if rng.random() < 0.3 else (),
                pronouns=rng.choice(PRONOUNS),
                date_of_birth=dob if rng.random() < 0.7 else None,
                age=None if rng.random() < 0.7 else age,
                languages=tuple(sorted({"English", rng.choice(LANGUAGES)})),
                safe_contact_notes=rng.choice(
                    [
                        "Text only. Use code word 'library' (synthetic demo note).",
                        "Safe to call after 6 pm. No voicemail (synthetic demo note).",
                        "Meet at the drop-in only (synthetic demo note).",
                        None,
                    ]
                ),
                status=ClientStatus.ACTIVE,
                created_at=today - dt.timedelta(days=rng.randrange(0, 400)),
            )
        )
    return clients


def seed_demo(
    session: Session,
    n: int,
    *,
    seed: int = 7,
    today: dt.date | None = None,
    histories: bool = True,
) -> int:
    """Add ``n`` synthetic clients (and, by default, CTI histories and a year of group
    sessions with them) in one go."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    clients = synthetic_clients(n, rng, today)
    repo = ClientRepository(session)
    with session.transaction():
        for client in clients:
            repo.save(dataclasses.replace(client, assigned_worker=session.user_id), today=today)
        if histories:
            defs = load_definitions()
            ids = [c.id for c in clients]
            seed_histories(session, defs, ids, rng, today)
            seed_groups(session, defs.program.groups, ids, rng, today)
    return len(clients)
