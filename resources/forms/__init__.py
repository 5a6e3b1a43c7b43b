"""Form definitions (JSON), one version per file: <id>.v<version>.json."""
