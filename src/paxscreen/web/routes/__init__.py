"""One router per screen; `ROUTERS` is what `install_site` includes, in menu order."""

from __future__ import annotations

from fastapi import APIRouter

from paxscreen.web.routes import (
    admin,
    dashboard,
    flights,
    graph,
    iapi,
    links,
    lookouts,
    notifications,
    privacy,
    queries,
    rules,
    session,
    travellers,
    vetting,
    watchlists,
)

ROUTERS: list[APIRouter] = [
    session.router,
    dashboard.router,
    flights.router,
    travellers.router,
    vetting.router,
    lookouts.router,
    rules.router,
    queries.router,
    watchlists.router,
    graph.router,
    notifications.router,
    admin.router,
    privacy.router,
    links.router,
    iapi.router,
]
