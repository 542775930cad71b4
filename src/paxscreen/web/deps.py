"""Shared route dependencies: one database connection (and transaction) per request.

The engine is built once per app from its settings and kept on `app.state.engine`;
each request gets one connection inside a transaction that commits when the route
returns and rolls back when it raises. Routes and the `authorize` dependency share the
same connection, because FastAPI caches a dependency within one request.
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


ConnectionDep = Annotated[Connection, Depends(get_connection)]
