"""`epoch_seconds(x)`: whole seconds since 1970 for a date or date-time column, in SQL.

Date arithmetic relative to departure ("booked within 24 h of departure") is the one
place where rule SQL differs between the databases: SQLite keeps date-times as ISO
text and computes with `strftime('%s', ...)`, PostgreSQL uses `EXTRACT(EPOCH ...)`.
Whole seconds on both sides (and in the Python oracle, `values.to_epoch_seconds`)
keep boundaries exact: 24 h is 86,400 seconds, never 23.99999 hours of julianday
floating point.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement[int]):  # noqa: N801 - reads like the SQL function it is
    """Seconds since 1970-01-01 UTC of a date or date-time expression."""

    type = BigInteger()
    name = "epoch_seconds"
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    (argument,) = list(element.clauses)
    return f"CAST(strftime('%s', {compiler.process(argument, **kw)}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _postgresql(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    (argument,) = list(element.clauses)
    # EXTRACT on a timestamptz is true UTC; on a date or naive timestamp it counts the
    # wall-clock value as UTC, which matches how the store and the oracle read them.
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(argument, **kw)})) AS BIGINT)"


@compiles(epoch_seconds)
def _unsupported(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    raise NotImplementedError(
        f"date arithmetic in rules is not implemented for the {compiler.dialect.name} dialect"
    )


__all__ = ["epoch_seconds"]
