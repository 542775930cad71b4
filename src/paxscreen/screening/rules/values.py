"""Field types and the coercion of condition values to them.

A condition's value arrives from JSON or YAML as text, numbers or lists. It is
coerced once, at validation, to the type of the field it is compared with, so that
the SQL compiler and the Python oracle both receive the same typed value. Time
spans (for the operators relative to departure) are written `24h` or `30d`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Any

_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hd])\s*$", re.IGNORECASE)


class FieldType(StrEnum):
    STRING = "string"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"


def coerce_scalar(field_type: FieldType, raw: Any) -> Any:
    """One value converted to the field's type; raises ValueError saying what was wrong."""
    if raw is None:
        raise ValueError("a value is required")
    if field_type is FieldType.STRING:
        if isinstance(raw, bool | dict | list):
            raise ValueError(f"expected text, got {raw!r}")
        return str(raw).strip().upper()
    if field_type is FieldType.NUMBER:
        if isinstance(raw, bool):
            raise ValueError(f"expected a number, got {raw!r}")
        try:
            number = float(raw)
        except (TypeError, ValueError) as error:
            raise ValueError(f"expected a number, got {raw!r}") from error
        if not math.isfinite(number):
            raise ValueError(f"expected a finite number, got {raw!r}")
        return number
    if field_type is FieldType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"true", "yes", "1"}:
            return True
        if text in {"false", "no", "0"}:
            return False
        raise ValueError(f"expected true or false, got {raw!r}")
    if field_type is FieldType.DATE:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError as error:
            raise ValueError(f"expected a date YYYY-MM-DD, got {raw!r}") from error
    return _coerce_datetime(raw)


def _coerce_datetime(raw: Any) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, dt.date):
        value = dt.datetime(raw.year, raw.month, raw.day)
    else:
        try:
            value = dt.datetime.fromisoformat(str(raw).strip())
        except ValueError as error:
            raise ValueError(f"expected a date-time YYYY-MM-DDTHH:MM, got {raw!r}") from error
    return as_naive_utc(value)


def as_naive_utc(value: dt.datetime) -> dt.datetime:
    """Rules compare date-times as naive UTC: the store keeps local times naive and
    converts aware values itself, and Python refuses to compare naive with aware."""
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def parse_span_hours(raw: Any) -> float:
    """`24h` -> 24.0, `30d` -> 720.0; a bare number is taken as hours."""
    if isinstance(raw, bool):
        raise ValueError(f"expected a span like 24h or 30d, got {raw!r}")
    if isinstance(raw, int | float):
        hours = float(raw)
    else:
        match = _SPAN.match(str(raw))
        if not match:
            raise ValueError(f"expected a span like 24h or 30d, got {raw!r}")
        amount, unit = float(match.group(1)), match.group(2).lower()
        hours = amount * 24 if unit == "d" else amount
    if hours < 0 or not math.isfinite(hours):
        raise ValueError(f"a span must be zero or positive, got {raw!r}")
    return hours


def to_epoch_seconds(value: Any) -> int | None:
    """Whole seconds since 1970 (UTC), as both databases compute them for date arithmetic.

    Dates count from midnight; naive date-times are taken as UTC, which is how the
    store keeps them.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    else:
        moment = _coerce_datetime(value)
    return math.floor(moment.timestamp())


__all__ = ["FieldType", "as_naive_utc", "coerce_scalar", "parse_span_hours", "to_epoch_seconds"]
