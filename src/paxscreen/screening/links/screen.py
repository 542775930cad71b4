"""Link analysis as flight screeners: identities first, network rules last.

Ingestion calls `screen_flights` after loading a flight (see
`paxscreen.screening.interface`). Identity resolution runs before every other
screener (its identities are what hits and history hang on); network rules run
after them, because they read the alerts the watchlist and rule screeners wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection

from paxscreen.config import Settings
from paxscreen.privacy.keys import pseudonym_key
from paxscreen.screening.interface import register_screener
from paxscreen.screening.links.identity import IdentityOptions, resolve_identities
from paxscreen.screening.links.keys import refresh_link_keys
from paxscreen.screening.links.network_rules import (
    NetworkOptions,
    evaluate_network_rules,
    flight_travellers,
    linked_flights,
)
from paxscreen.vetting.hits import record_hit


def identity_options(settings: Settings) -> IdentityOptions:
    return IdentityOptions(
        fingerprint_key=pseudonym_key(settings), threshold=settings.links.identity_threshold
    )


def network_options(settings: Settings) -> NetworkOptions:
    return NetworkOptions(
        hub_threshold=settings.links.hub_threshold,
        alert_lookback_days=settings.links.alert_lookback_days,
        agencies_list=settings.links.agencies_list,
    )


def resolve_flight_identities(
    connection: Connection, flight_ids: Sequence[int], *, settings: Settings, now: dt.datetime
) -> int:
    people = flight_travellers(connection, flight_ids)
    refresh_link_keys(
        connection, sorted({p.booking_id for p in people if p.booking_id is not None})
    )
    resolve_identities(
        connection, [p.row_id for p in people], options=identity_options(settings), now=now
    )
    return 0  # identities are not hits


def screen_network(
    connection: Connection, flight_ids: Sequence[int], *, settings: Settings, now: dt.datetime
) -> int:
    options = network_options(settings)
    # flights of people linked to someone alerted here are re-evaluated too: a network hit
    # must not depend on which of the two flights was loaded first
    flights = set(flight_ids) | linked_flights(connection, flight_ids, options=options, now=now)
    found = evaluate_network_rules(connection, sorted(flights), options=options, now=now)
    for hit in found:
        record_hit(connection, hit, now=now)
    return len(found)


register_screener("identity", resolve_flight_identities, order=10)
register_screener("network", screen_network, order=90)

__all__ = ["identity_options", "network_options", "resolve_flight_identities", "screen_network"]
