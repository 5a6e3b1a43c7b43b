"""The form engine: JSON definitions, a safe condition language, validation, a version registry."""

from exitdoors_desktop.core.forms.expr import ExpressionError
from exitdoors_desktop.core.forms.model import (
    Field,
    FieldType,
    FormDefinition,
    FormResponse,
    Option,
    check_form,
    parse_form,
)
from exitdoors_desktop.core.forms.registry import FormRegistry
from exitdoors_desktop.core.forms.validate import (
    FieldError,
    parse_date,
    prune_hidden,
    response_date,
    validate,
)

__all__ = [
    "ExpressionError",
    "Field",
    "FieldError",
    "FieldType",
    "FormDefinition",
    "FormRegistry",
    "FormResponse",
    "Option",
    "check_form",
    "parse_date",
    "parse_form",
    "prune_hidden",
    "response_date",
    "validate",
]
