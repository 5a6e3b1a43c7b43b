"""Child process for the re-key crash test: re-keys the vault over and over, saying when."""

from __future__ import annotations

import sys
from pathlib import Path

from exitdoors_desktop.storage.rekey import rekey
from exitdoors_desktop.storage.vault import Vault


def main() -> None:
    folder, passphrase = Path(sys.argv[1]), sys.argv[2]
    vault = Vault(folder)
    print("ready", flush=True)
    while True:
        rekey(vault.unlock("alex", passphrase))
        print("rekeyed", flush=True)


if __name__ == "__main__":
    main()
