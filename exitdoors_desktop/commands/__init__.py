"""Subcommands of `exitdoors`, one module per group; each adds its parsers with ``register``."""

from __future__ import annotations

import argparse

from exitdoors_desktop.commands import (
    backup_cmd,
    clients_cmd,
    demo_cmd,
    forms_cmd,
    groups_cmd,
    report_cmd,
    retention_cmd,
    sync_cmd,
    vault_cmd,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for module in (
        vault_cmd,
        clients_cmd,
        backup_cmd,
        retention_cmd,
        demo_cmd,
        forms_cmd,
        groups_cmd,
        sync_cmd,
        report_cmd,
    ):
        module.register(sub)
