"""Flights list with filters, and the flight page with its manifest."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from paxscreen.errors import NotFoundError
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import audit, categories_for, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render
from paxscreen.web.views.flights import FlightFilters, flight_detail, list_flight_rows

router = APIRouter()


def flight_filters(
    date_from: dt.date | None = Query(None, description="Local departure date, from"),
    date_to: dt.date | None = Query(None, description="Local departure date, to"),
    direction: str | None = Query(None, description="inbound, outbound, transit, domestic"),
    airport: str | None = Query(None, description="IATA code, as origin or destination"),
    carrier: str | None = Query(None, description="IATA airline code"),
    with_hits: bool = Query(False, description="Only flights with hits"),
) -> FlightFilters:
    return FlightFilters(
        date_from=date_from,
        date_to=date_to,
        direction=direction or None,
        airport=(airport or "").strip() or None,
        carrier=(carrier or "").strip() or None,
        with_hits=with_hits,
    )


FiltersDep = Annotated[FlightFilters, Depends(flight_filters)]


def _rows(
    connection: ConnectionDep, session: CurrentSession, filters: FlightFilters
) -> list[dict[str, Any]]:
    audit(
        connection,
        session,
        "search",
        "flights",
        None,
        date_from=filters.date_from,
        date_to=filters.date_to,
        direction=filters.direction,
        airport=filters.airport,
        carrier=filters.carrier,
        with_hits=filters.with_hits or None,
    )
    return list_flight_rows(
        connection, filters, categories=categories_for(connection, session), now=utc_now()
    )


@router.get("/flights", include_in_schema=False, response_class=HTMLResponse)
def flights_page(
    request: Request, connection: ConnectionDep, session: CurrentSession, filters: FiltersDep
) -> HTMLResponse:
    return render(
        request,
        "flights.html",
        {"flights": _rows(connection, session, filters), "filters": filters},
        partial="partials/flight_rows.html",
    )


@router.get("/api/flights", tags=["flights"])
def flights_api(
    connection: ConnectionDep, session: CurrentSession, filters: FiltersDep
) -> list[dict[str, Any]]:
    """Flights with traveller counts, API/PNR coverage and hit counts by band."""
    return _rows(connection, session, filters)


def _detail(connection: ConnectionDep, session: CurrentSession, flight_id: int) -> dict[str, Any]:
    audit(connection, session, "view", "flight", flight_id)
    try:
        return flight_detail(
            connection, flight_id, categories=categories_for(connection, session), now=utc_now()
        )
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error


@router.get("/flights/{flight_id}", include_in_schema=False, response_class=HTMLResponse)
def flight_page(
    request: Request, flight_id: int, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    return render(request, "flight.html", {"flight": _detail(connection, session, flight_id)})


@router.get("/api/flights/{flight_id}", tags=["flights"])
def flight_api(
    flight_id: int, connection: ConnectionDep, session: CurrentSession
) -> dict[str, Any]:
    """One flight with its manifest (API rows with their paired PNR) and hit bands."""
    return _detail(connection, session, flight_id)
