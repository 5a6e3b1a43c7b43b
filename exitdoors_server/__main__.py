"""``python -m exitdoors_server`` runs the command line (same as ``exitdoors-server``)."""

from exitdoors_server.cli import main

raise SystemExit(main())
