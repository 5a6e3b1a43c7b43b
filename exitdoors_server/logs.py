"""Server logging: uvicorn's log setup plus a filter that redacts anything token-shaped."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

# Bearer credentials, and any run of 40+ URL-safe characters (our tokens are 43).
_FORMATTER = logging.Formatter()
_SECRET = re.compile(r"(?i)(bearer\s+)\S+|\b[A-Za-z0-9_-]{40,}\b")


def redact(text: str) -> str:
    return _SECRET.sub(lambda m: f"{m.group(1) or ''}[redacted]", text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message with secrets replaced (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record must not break logging
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text, so the traceback is redacted too.
            record.exc_text = redact(_FORMATTER.formatException(record.exc_info))
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's default logging config with the redacting filter on every handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact"] = {"()": RedactingFilter}
    for handler in config.get("handlers", {}).values():
        handler.setdefault("filters", []).append("redact")
    config.setdefault("loggers", {})["exitdoors_server"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    return config
