"""One router per screen; `ROUTERS` is what `install_site` includes, in menu order."""

from __future__ import annotations

from fastapi import APIRouter

from paxscreen.web.routes import session

ROUTERS: list[APIRouter] = [session.router]
