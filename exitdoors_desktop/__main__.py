"""`python -m exitdoors_desktop` is the same as the `exitdoors` command."""

import sys

from exitdoors_desktop.cli import main

sys.exit(main())
