"""The network around a person, read from the travel tables on demand.

Nodes are identities, bookings, flights and the things people share: phones,
e-mails, addresses, payment cards (by keyed hash), documents, frequent flyer
accounts and agencies. Edges say how they meet:

    identity -booked_in-> booking          (people in one booking travel together)
    identity -flew_on-> flight
    identity -used-> document | frequent_flyer | phone | email
    booking  -used-> phone | email | address
    booking  -paid_with-> card
    booking  -booked_by-> agency
    identity -sat_next_to-> identity       (adjacent seats, different bookings)
    identity -checked_bags_under-> identity (one bag tag under two names)

Every edge carries when it was first seen and the message it came from. A shared
value used by more bookings than `hub_threshold` (an airline's own phone, a big
agency's e-mail) is a hub: shown, marked, never followed, so it links nobody.
Flights are never followed either: a flight links everyone on board; co-travel
has its own query (`co_travellers`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, distinct, func, select

from paxscreen.screening.links.seats import adjacent_pairs
from paxscreen.store.booking_tables import agencies, bookings, payments
from paxscreen.store.bookings_repo import element_owners
from paxscreen.store.tables import (
    addresses,
    bag_tags,
    bags,
    documents,
    emails,
    flights,
    frequent_flyers,
    phones,
    seats,
    traveller_names,
    travellers,
)

EDGE_TYPES = (
    "booked_in",
    "flew_on",
    "used",
    "paid_with",
    "booked_by",
    "sat_next_to",
    "checked_bags_under",
)
NEVER_FOLLOWED = frozenset({"flight"})


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    type: str
    first_seen: dt.datetime | None = None
    message_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "type": self.type,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "message_id": self.message_id,
        }


@dataclass(slots=True)
class Network:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": list(self.nodes.values()),
            "edges": [edge.to_dict() for edge in self.edges.values()],
            "truncated": self.truncated,
        }


@dataclass(frozen=True, slots=True)
class GraphOptions:
    hub_threshold: int = 25  # distinct bookings sharing a value before it is a hub
    since: dt.datetime | None = None
    edge_types: frozenset[str] = frozenset(EDGE_TYPES)
    exclude_hubs: bool = True
    max_nodes: int = 500


def node_id(kind: str, key: object) -> str:
    return f"{kind}:{key}"


def split_node(node: str) -> tuple[str, str]:
    kind, _, key = node.partition(":")
    return kind, key


# Shared values of bookings: (kind, table, value column, owner column)
BOOKING_VALUES = (
    ("phone", phones, phones.c.e164, "used"),
    ("email", emails, emails.c.normalised, "used"),
    ("address", addresses, addresses.c.link_key, "used"),
    ("card", payments, payments.c.card_hash, "paid_with"),
    ("agency", agencies, agencies.c.iata_number, "booked_by"),
)
# Values that belong to a traveller (so to an identity)
TRAVELLER_VALUES = (
    ("document", documents, documents.c.number_key, "used"),
    ("frequent_flyer", frequent_flyers, frequent_flyers.c.number, "used"),
    ("phone", phones, phones.c.e164, "used"),
    ("email", emails, emails.c.normalised, "used"),
)


def _since(query: Select[Any], column: Any, options: GraphOptions) -> Select[Any]:
    return query.where(column >= options.since) if options.since is not None else query


def _identity_travellers(
    connection: Connection, identity_ids: list[str], options: GraphOptions
) -> list[Any]:
    query = select(
        travellers.c.id,
        travellers.c.person_id,
        travellers.c.booking_id,
        travellers.c.flight_id,
        travellers.c.created_at,
        travellers.c.message_id,
    ).where(travellers.c.person_id.in_(identity_ids))
    return list(connection.execute(_since(query, travellers.c.created_at, options)))


def _add(network: Network, edges: list[Edge], options: GraphOptions) -> None:
    for edge in edges:
        if edge.type not in options.edge_types:
            continue
        key = (edge.source, edge.target, edge.type)
        known = network.edges.get(key)
        if known is None or (
            edge.first_seen and known.first_seen and edge.first_seen < known.first_seen
        ):
            network.edges[key] = edge


def _expand_identities(
    connection: Connection, identity_ids: list[str], options: GraphOptions
) -> list[Edge]:
    rows = _identity_travellers(connection, identity_ids, options)
    edges: list[Edge] = []
    by_traveller = {row.id: row for row in rows}
    for row in rows:
        person = node_id("identity", row.person_id)
        if row.booking_id is not None:
            edges.append(
                Edge(
                    person,
                    node_id("booking", row.booking_id),
                    "booked_in",
                    row.created_at,
                    row.message_id,
                )
            )
        if row.flight_id is not None:
            edges.append(
                Edge(
                    person,
                    node_id("flight", row.flight_id),
                    "flew_on",
                    row.created_at,
                    row.message_id,
                )
            )
    traveller_ids = list(by_traveller)
    for kind, table, column, edge_type in TRAVELLER_VALUES:
        if "traveller_id" not in table.c:
            continue
        query = select(table.c.traveller_id, column, table.c.message_id).where(
            table.c.traveller_id.in_(traveller_ids), column.is_not(None)
        )
        for owner, value, message_id in connection.execute(query):
            source = by_traveller[owner]
            edges.append(
                Edge(
                    node_id("identity", source.person_id),
                    node_id(kind, value),
                    edge_type,
                    source.created_at,
                    message_id,
                )
            )
    edges += _seat_edges(connection, rows)
    edges += _bag_edges(connection, by_traveller)
    return edges


def _seat_edges(connection: Connection, rows: list[Any]) -> list[Edge]:
    """Adjacent seats on the same flight, different bookings (or no booking at all)."""
    flight_ids = sorted({row.flight_id for row in rows if row.flight_id is not None})
    if not flight_ids:
        return []
    query = (
        select(
            travellers.c.id,
            travellers.c.person_id,
            travellers.c.booking_id,
            travellers.c.flight_id,
            travellers.c.created_at,
            travellers.c.message_id,
            seats.c.seat,
        )
        .join(seats, seats.c.traveller_id == travellers.c.id)
        .where(travellers.c.flight_id.in_(flight_ids), travellers.c.person_id.is_not(None))
    )
    seated = list(connection.execute(query))
    ours = {row.person_id for row in rows}
    edges = []
    for left, right in adjacent_pairs(seated):
        if left.booking_id is not None and left.booking_id == right.booking_id:
            continue
        if left.person_id == right.person_id or not ({left.person_id, right.person_id} & ours):
            continue
        edges.append(
            Edge(
                node_id("identity", left.person_id),
                node_id("identity", right.person_id),
                "sat_next_to",
                max(left.created_at, right.created_at),
                left.message_id,
            )
        )
    return edges


def _bag_edges(connection: Connection, by_traveller: dict[int, Any]) -> list[Edge]:
    if not by_traveller:
        return []
    ours = (
        select(bag_tags.c.tag)
        .join(bags, bags.c.id == bag_tags.c.bag_id)
        .where(bags.c.traveller_id.in_(list(by_traveller)))
    )
    query = (
        select(
            bag_tags.c.tag, travellers.c.person_id, travellers.c.created_at, travellers.c.message_id
        )
        .join(bags, bags.c.id == bag_tags.c.bag_id)
        .join(travellers, travellers.c.id == bags.c.traveller_id)
        .where(bag_tags.c.tag.in_(ours), travellers.c.person_id.is_not(None))
    )
    owners: dict[str, list[Any]] = defaultdict(list)
    for row in connection.execute(query):
        owners[row.tag].append(row)
    edges = []
    for rows in owners.values():
        people = {row.person_id: row for row in rows}
        ordered = sorted(people)
        for index, left in enumerate(ordered):
            for right in ordered[index + 1 :]:
                row = people[right]
                edges.append(
                    Edge(
                        node_id("identity", left),
                        node_id("identity", right),
                        "checked_bags_under",
                        row.created_at,
                        row.message_id,
                    )
                )
    return edges


def _expand_bookings(
    connection: Connection, booking_ids: list[int], options: GraphOptions
) -> list[Edge]:
    edges: list[Edge] = []
    people = select(
        travellers.c.booking_id,
        travellers.c.person_id,
        travellers.c.created_at,
        travellers.c.message_id,
    ).where(travellers.c.booking_id.in_(booking_ids), travellers.c.person_id.is_not(None))
    for row in connection.execute(_since(people, travellers.c.created_at, options)):
        edges.append(
            Edge(
                node_id("identity", row.person_id),
                node_id("booking", row.booking_id),
                "booked_in",
                row.created_at,
                row.message_id,
            )
        )
    readers: dict[int, list[int]] = defaultdict(list)  # a history row reads another's elements
    for booking_id, owner in element_owners(connection, booking_ids).items():
        readers[owner].append(booking_id)
    for kind, table, column, edge_type in BOOKING_VALUES:
        query = select(table.c.booking_id, column, table.c.message_id).where(
            table.c.booking_id.in_(sorted(readers)), column.is_not(None)
        )
        for owner, value, message_id in connection.execute(query):
            edges += [
                Edge(
                    node_id("booking", booking_id),
                    node_id(kind, value),
                    edge_type,
                    None,
                    message_id,
                )
                for booking_id in readers[owner]
            ]
    return edges


def _value_users(
    connection: Connection, kind: str, values: list[str], options: GraphOptions
) -> tuple[list[Edge], set[str]]:
    """Bookings (and identities) that use these values; the values that are hubs."""
    edges: list[Edge] = []
    hubs: set[str] = set()
    for value_kind, table, column, edge_type in BOOKING_VALUES:
        if value_kind != kind or "booking_id" not in table.c:
            continue
        counts = (
            select(column, func.count(distinct(table.c.booking_id)))
            .where(column.in_(values))
            .group_by(column)
        )
        hubs |= {
            value for value, count in connection.execute(counts) if count > options.hub_threshold
        }
        query = (
            select(table.c.booking_id, column, table.c.message_id, bookings.c.created_at)
            .join(bookings, bookings.c.id == table.c.booking_id)
            .where(column.in_([v for v in values if v not in hubs]))
        )
        for booking_id, value, message_id, created in connection.execute(
            _since(query, bookings.c.created_at, options)
        ):
            edges.append(
                Edge(
                    node_id("booking", booking_id),
                    node_id(kind, value),
                    edge_type,
                    created,
                    message_id,
                )
            )
    for value_kind, table, column, edge_type in TRAVELLER_VALUES:
        if value_kind != kind or "traveller_id" not in table.c:
            continue
        query = (
            select(travellers.c.person_id, column, table.c.message_id, travellers.c.created_at)
            .join(travellers, travellers.c.id == table.c.traveller_id)
            .where(
                column.in_([v for v in values if v not in hubs]),
                travellers.c.person_id.is_not(None),
            )
        )
        for person_id, value, message_id, created in connection.execute(
            _since(query, travellers.c.created_at, options)
        ):
            edges.append(
                Edge(
                    node_id("identity", person_id),
                    node_id(kind, value),
                    edge_type,
                    created,
                    message_id,
                )
            )
    return edges, hubs


def _expand(
    connection: Connection, frontier: Iterable[str], options: GraphOptions
) -> tuple[list[Edge], set[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for node in frontier:
        kind, key = split_node(node)
        grouped[kind].append(key)
    edges: list[Edge] = []
    hubs: set[str] = set()
    for kind, keys in grouped.items():
        if kind == "identity":
            edges += _expand_identities(connection, keys, options)
        elif kind == "booking":
            edges += _expand_bookings(connection, [int(key) for key in keys], options)
        elif kind not in NEVER_FOLLOWED:
            found, kind_hubs = _value_users(connection, kind, keys, options)
            edges += found
            hubs |= {node_id(kind, value) for value in kind_hubs}
    return edges, hubs


def neighbourhood(
    connection: Connection, start: str, *, hops: int, options: GraphOptions
) -> Network:
    """Nodes and edges up to `hops` steps from `start` (breadth first, capped at max_nodes)."""
    network = Network()
    network.nodes[start] = {"id": start}
    frontier, hubs = {start}, set()
    for _ in range(max(0, hops)):
        edges, new_hubs = _expand(connection, frontier, options)
        hubs |= new_hubs
        _add(network, edges, options)
        reached = {node for edge in network.edges.values() for node in (edge.source, edge.target)}
        fresh = reached - set(network.nodes)
        for node in sorted(fresh):
            if len(network.nodes) >= options.max_nodes:
                network.truncated = True
                break
            network.nodes[node] = {"id": node}
        frontier = {
            node
            for node in fresh
            if node in network.nodes
            and node not in hubs
            and split_node(node)[0] not in NEVER_FOLLOWED
        }
        if not frontier:
            break
    network.edges = {
        key: edge
        for key, edge in network.edges.items()
        if edge.source in network.nodes and edge.target in network.nodes
    }
    if options.exclude_hubs:
        for hub in hubs & set(network.nodes):
            network.nodes[hub]["hub"] = True
    describe_nodes(connection, network)
    return network


def describe_nodes(connection: Connection, network: Network) -> None:
    """Kind, label and hub flag for every node, ready for a graph view."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for node in network.nodes:
        kind, key = split_node(node)
        by_kind[kind].append(key)
    labels: dict[str, str] = {}
    if by_kind.get("identity"):
        query = (
            select(travellers.c.person_id, traveller_names.c.given_names, traveller_names.c.surname)
            .join(traveller_names, traveller_names.c.traveller_id == travellers.c.id)
            .where(travellers.c.person_id.in_(by_kind["identity"]), traveller_names.c.position == 0)
            .order_by(travellers.c.id)
        )
        for person_id, given, surname in connection.execute(query):
            labels[node_id("identity", person_id)] = f"{given} {surname}".strip()
    if by_kind.get("booking"):
        query = select(bookings.c.id, bookings.c.record_locator).where(
            bookings.c.id.in_([int(key) for key in by_kind["booking"]])
        )
        for booking in connection.execute(query):
            label = booking.record_locator or f"booking {booking.id}"
            labels[node_id("booking", booking.id)] = label
    if by_kind.get("flight"):
        query = select(
            flights.c.id, flights.c.carrier, flights.c.number, flights.c.departure_date
        ).where(flights.c.id.in_([int(key) for key in by_kind["flight"]]))
        for flight in connection.execute(query):
            day = flight.departure_date or ""
            labels[node_id("flight", flight.id)] = f"{flight.carrier}{flight.number} {day}".strip()
    for node, attributes in network.nodes.items():
        kind, key = split_node(node)
        label = labels.get(node) or (f"card …{key[-6:]}" if kind == "card" else key)
        attributes.update(
            {"id": node, "kind": kind, "label": label, "hub": bool(attributes.get("hub"))}
        )


def path_between(
    connection: Connection, start: str, goal: str, *, max_hops: int, options: GraphOptions
) -> list[Edge] | None:
    """The shortest chain of edges from `start` to `goal`, or None within `max_hops`."""
    previous: dict[str, Edge | None] = {start: None}
    frontier = {start}
    for _ in range(max_hops):
        edges, hubs = _expand(connection, frontier, options)
        fresh: set[str] = set()
        for edge in edges:
            if edge.type not in options.edge_types:
                continue
            for here, there in ((edge.source, edge.target), (edge.target, edge.source)):
                if here in frontier and there not in previous:
                    previous[there] = edge
                    fresh.add(there)
        if goal in previous:
            chain, node = [], goal
            while (step := previous[node]) is not None:
                chain.append(step)
                node = step.source if step.target == node else step.target
            return list(reversed(chain))
        frontier = {
            node for node in fresh if node not in hubs and split_node(node)[0] not in NEVER_FOLLOWED
        }
        if not frontier or len(previous) > options.max_nodes * 10:
            return None
    return None


def co_travellers(
    connection: Connection, identity_id: str, *, minimum_flights: int = 2
) -> list[dict[str, Any]]:
    """Other identities on the same flights as this person, most shared flights first."""
    mine = select(travellers.c.flight_id).where(
        travellers.c.person_id == identity_id, travellers.c.flight_id.is_not(None)
    )
    query = (
        select(
            travellers.c.person_id, func.count(distinct(travellers.c.flight_id)).label("flights")
        )
        .where(
            travellers.c.flight_id.in_(mine),
            travellers.c.person_id.is_not(None),
            travellers.c.person_id != identity_id,
        )
        .group_by(travellers.c.person_id)
        .having(func.count(distinct(travellers.c.flight_id)) >= minimum_flights)
        .order_by(func.count(distinct(travellers.c.flight_id)).desc())
    )
    return [
        {"identity": node_id("identity", person), "shared_flights": count}
        for person, count in connection.execute(query)
    ]


__all__ = [
    "EDGE_TYPES",
    "Edge",
    "GraphOptions",
    "Network",
    "co_travellers",
    "describe_nodes",
    "neighbourhood",
    "node_id",
    "path_between",
    "split_node",
]
