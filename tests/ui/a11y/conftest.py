from tests.ui.shell.conftest import long_vault, window  # noqa: F401  (fixtures)
