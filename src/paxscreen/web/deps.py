"""Shared route dependencies: one database connection (and transaction) per request.

The engine is built once per app from its settings and kept on `app.state.engine`;
each request gets one connection inside a transaction that commits when the route
returns (before the response goes out) and rolls back when it raises. Routes and the
`authorize` dependency share the same connection, because FastAPI caches a dependency
within one request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from paxscreen.store.engine import create_engine_for


def get_engine(request: Request) -> Engine:
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        engine = create_engine_for(request.app.state.settings.database_url)
        request.app.state.engine = engine
    return engine


def get_connection(request: Request) -> Iterator[Connection]:
    with get_engine(request).begin() as connection:
        yield connection


# scope="function": the transaction commits when the route returns, before the response
# is sent. With the default ("request") FastAPI closes it after sending, so a browser
# following a POST's redirect could ask before the write was committed.
ConnectionDep = Annotated[Connection, Depends(get_connection, scope="function")]
