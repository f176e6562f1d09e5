"""A model's refusal (pydantic ValidationError, a bad number) as one line in the user's language."""

from __future__ import annotations

from decimal import InvalidOperation

from pydantic import ValidationError

from dragon_tui.errors import DragonError
from dragon_tui.labels import t

# pydantic error types we explain in words; anything else shows pydantic's own message.
_KNOWN = {
    "string_too_long": "invalid.too_long",
    "too_long": "invalid.too_many",
    "string_too_short": "invalid.empty",
    "missing": "invalid.empty",
    "greater_than": "invalid.greater_than",
    "greater_than_equal": "invalid.at_least",
    "less_than_equal": "invalid.at_most",
    "less_than": "invalid.less_than",
    "decimal_parsing": "invalid.number",
    "decimal_type": "invalid.number",
    "finite_number": "invalid.number",
    "int_parsing": "invalid.whole_number",
    "int_type": "invalid.whole_number",
    "int_from_float": "invalid.whole_number",
    "float_parsing": "invalid.number",
    "decimal_max_digits": "invalid.max_digits",
    "decimal_max_places": "invalid.max_places",
    "decimal_whole_digits": "invalid.max_digits",
    "date_parsing": "invalid.date",
    "date_type": "invalid.date",
    "date_from_datetime_parsing": "invalid.date",
    "date_from_datetime_inexact": "invalid.date",
    "datetime_parsing": "invalid.date",
    "enum": "invalid.pick",
    "literal_error": "invalid.pick",
}


def _number(value: object) -> str:
    """A limit as people write it: 1, not 1.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def explain(exc: Exception, lang: str, field_labels: dict[str, str] | None = None) -> str:
    """`field: what is wrong` for the first problem of `exc`."""
    if isinstance(exc, InvalidOperation):
        return t("invalid.number", lang)
    if isinstance(exc, DragonError):
        return exc.text(lang)
    if not isinstance(exc, ValidationError):
        return str(exc)
    first = exc.errors()[0]
    loc = [str(part) for part in first.get("loc", ())]
    name = loc[0] if loc else ""
    field = (field_labels or {}).get(name, name)
    key = _KNOWN.get(first["type"])
    ctx = {k: _number(v) for k, v in (first.get("ctx") or {}).items()}
    if key is None:
        message = str(first["msg"])
    else:
        message = t(key, lang, **ctx)
    return f"{field}: {message}" if field else message
