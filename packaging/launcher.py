"""Entry script of the PyInstaller bundle (build_installer.spec): the `exitdoors` command.

The same as ``python -m exitdoors_desktop``. It lives outside the package so that PyInstaller
does not put ``exitdoors_desktop/`` itself on the import path.
"""

import sys

from exitdoors_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
