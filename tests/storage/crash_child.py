"""Child process for the crash-safety test: saves clients forever, reporting each commit."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from exitdoors_desktop.core.people import Client
from exitdoors_desktop.storage.clients_repo import ClientRepository
from exitdoors_desktop.storage.vault import Vault


def main() -> None:
    folder, passphrase = Path(sys.argv[1]), sys.argv[2]
    session = Vault(folder).unlock("alex", passphrase)
    repo = ClientRepository(session)
    print("ready", flush=True)
    while True:
        client_id = str(uuid.uuid4())
        repo.save(Client(id=client_id, preferred_name=f"Crash Test {client_id[:8]}"))
        # Printed only after COMMIT returned: the parent may rely on every id it reads.
        print(client_id, flush=True)


if __name__ == "__main__":
    main()
