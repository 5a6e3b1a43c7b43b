"""Child process for the backup crash test: writes one backup to the given file name."""

from __future__ import annotations

import sys
from pathlib import Path

from exitdoors_desktop.storage.backup import create_backup
from exitdoors_desktop.storage.vault import Vault


def main() -> None:
    folder, passphrase, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    session = Vault(folder).unlock("alex", passphrase)
    print("ready", flush=True)
    create_backup(session, out)
    session.lock()
    print("done", flush=True)


if __name__ == "__main__":
    main()
