"""The office's error answer, shared by create_app and the route modules: every error is
JSON `{"error": code, "detail": text}`, with optional extra fields."""

from collections.abc import Mapping
from typing import Any

from fastapi.responses import JSONResponse

from exitdoors_server.wire import ErrorResponse

_MAX_DETAIL = 600


class ApiError(Exception):
    """An error answer: HTTP status, wire code, human detail and optional extra fields."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.detail = status, code, detail
        self.extra = extra or {}
        self.headers = headers


def error_response(
    status: int,
    code: str,
    detail: str,
    extra: dict[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = {"error": code, "detail": detail[:_MAX_DETAIL], **(extra or {})}
    return JSONResponse(body, status_code=status, headers=headers)


def error_models(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": ErrorResponse} for s in statuses}
