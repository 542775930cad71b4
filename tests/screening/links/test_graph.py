"""The network read from the travel tables: shared values link, hubs do not."""

import datetime as dt
from dataclasses import replace

from sqlalchemy import Connection, select, update

from paxscreen.model import (
    Booking,
    Flight,
    PartialDate,
    Payment,
    PersonName,
    Phone,
    RecordLocator,
    Seat,
    Traveller,
)
from paxscreen.screening.links.graph import (
    GraphOptions,
    co_travellers,
    neighbourhood,
    node_id,
    path_between,
)
from paxscreen.screening.links.history import travel_history
from paxscreen.screening.links.identity import IdentityOptions, identity_of, resolve_identities
from paxscreen.screening.links.seats import are_adjacent
from paxscreen.store.bookings_repo import save_booking, supersede_in_place
from paxscreen.store.flights_repo import save_flight
from paxscreen.store.tables import travellers
from paxscreen.store.travellers_repo import save_travellers

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
OPTIONS = IdentityOptions(fingerprint_key=b"k" * 32)


def booking(
    locator: str,
    surname: str,
    dob: PartialDate,
    *,
    phone: str | None = None,
    card: str | None = None,
) -> Booking:
    return Booking(
        record_locators=[RecordLocator(locator=locator, system="1A")],
        travellers=[
            Traveller(name=PersonName(surname=surname, given_names="ALEX"), date_of_birth=dob)
        ],
        phones=[Phone(raw=phone, e164=phone)] if phone else [],
        payments=[Payment(type="CC", card_brand="VI", card_hash=card)] if card else [],
    )


def store(connection: Connection, *bookings: Booking) -> list[str]:
    """Save the bookings, resolve identities; return each booking's first identity node."""
    nodes = []
    for item in bookings:
        booking_id = save_booking(connection, item)
        ids = list(
            connection.execute(
                select(travellers.c.id).where(travellers.c.booking_id == booking_id)
            ).scalars()
        )
        resolve_identities(connection, ids, options=OPTIONS, now=NOW)
        nodes.append(node_id("identity", identity_of(connection, ids[0])))
    return nodes


def test_a_shared_phone_links_two_bookings(connection: Connection) -> None:
    first, second, stranger = store(
        connection,
        booking("AAA111", "ORTEGA", PartialDate(1981, 1, 1), phone="+447700900123"),
        booking("BBB222", "LINDQVIST", PartialDate(1977, 2, 2), phone="+447700900123"),
        booking("CCC333", "TANAKA", PartialDate(1990, 3, 3), phone="+819012345678"),
    )
    network = neighbourhood(connection, first, hops=4, options=GraphOptions())
    assert second in network.nodes and stranger not in network.nodes
    assert network.nodes["phone:+447700900123"]["kind"] == "phone"
    assert network.nodes[second]["label"] == "ALEX LINDQVIST"
    path = path_between(connection, first, second, max_hops=4, options=GraphOptions())
    assert path is not None and [edge.type for edge in path] == [
        "booked_in",
        "used",
        "used",
        "booked_in",
    ]


def test_a_hub_phone_links_nobody(connection: Connection) -> None:
    people = store(
        connection,
        *[
            booking(
                f"HUB{n:03d}",
                f"PERSON{chr(65 + n)}",
                PartialDate(1970 + n, 1, 1),
                phone="+18005550100",
            )
            for n in range(6)
        ],
    )
    options = GraphOptions(hub_threshold=3)
    network = neighbourhood(connection, people[0], hops=4, options=options)
    assert network.nodes["phone:+18005550100"]["hub"] is True
    assert not set(people[1:]) & set(network.nodes)
    assert path_between(connection, people[0], people[1], max_hops=4, options=options) is None


def test_a_shared_card_links_and_edge_types_filter(connection: Connection) -> None:
    first, second = store(
        connection,
        booking("CARD01", "MWANGI", PartialDate(1985, 5, 5), card="c" * 64),
        booking("CARD02", "OKAFOR", PartialDate(1986, 6, 6), card="c" * 64),
    )
    assert second in neighbourhood(connection, first, hops=4, options=GraphOptions()).nodes
    only_contacts = GraphOptions(edge_types=frozenset({"booked_in", "used"}))
    assert second not in neighbourhood(connection, first, hops=4, options=only_contacts).nodes


def test_time_window_leaves_out_older_links(connection: Connection) -> None:
    first, second = store(
        connection,
        booking("OLD001", "BERG", PartialDate(1960, 1, 2), phone="+4790000000"),
        booking("OLD002", "DAHL", PartialDate(1961, 1, 2), phone="+4790000000"),
    )
    later = GraphOptions(since=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert second not in neighbourhood(connection, first, hops=4, options=later).nodes


def test_seat_neighbours_from_other_bookings_and_co_travellers(connection: Connection) -> None:
    flight_ids = [
        save_flight(
            connection,
            Flight(
                carrier="LH",
                number=str(400 + n),
                origin="FRA",
                destination="JFK",
                departure_local=dt.datetime(2026, 3, n + 1, 10),
            ),
        )
        for n in range(2)
    ]
    ids = []
    for flight_id in flight_ids:
        pair = [
            Traveller(
                name=PersonName(surname="IVANOV", given_names="PETR"),
                date_of_birth=PartialDate(1970, 7, 7),
                seats=[Seat(seat="12A")],
            ),
            Traveller(
                name=PersonName(surname="PETROV", given_names="IVAN"),
                date_of_birth=PartialDate(1972, 8, 8),
                seats=[Seat(seat="12B")],
            ),
        ]
        ids += save_travellers(connection, pair, flight_id=flight_id, source="api")
    resolve_identities(connection, ids, options=OPTIONS, now=NOW)
    ivanov, petrov = (node_id("identity", identity_of(connection, ids[i])) for i in (0, 1))
    network = neighbourhood(connection, ivanov, hops=1, options=GraphOptions())
    types = {(edge.source, edge.target, edge.type) for edge in network.edges.values()}
    assert (ivanov, petrov, "sat_next_to") in types or (petrov, ivanov, "sat_next_to") in types
    assert co_travellers(connection, ivanov.split(":")[1]) == [
        {"identity": petrov, "shared_flights": 2}
    ]


def test_seat_adjacency() -> None:
    assert are_adjacent("12A", "12B") and are_adjacent("012C", "12D")
    assert not are_adjacent("12A", "13A") and not are_adjacent("12A", "12C")
    assert are_adjacent("12H", "12J") and not are_adjacent("12H", "12K")  # no seat I


def test_phones_sent_without_their_country_still_link() -> None:
    from paxscreen.screening.links.contacts import phone_link_key

    assert phone_link_key("05012999166", ["TR"]) == "+905012999166"
    assert phone_link_key("44-7400939127", []) == "+447400939127"
    assert phone_link_key("0049 30 1234567", []) == "+49301234567"
    assert phone_link_key("0912226977", ["VN", "DE"]) == "+84912226977"  # the first valid region
    assert phone_link_key("0912226977", ["DE", "VN"]) == "+49912226977"
    assert phone_link_key("LONDON AGENT CALLED", ["GB"]) is None


def test_a_history_row_links_through_the_elements_it_reads(connection: Connection) -> None:
    """A PNR version written in place leaves its older version on a history row without
    element rows of its own: the traveller who stayed with it still shows its contacts."""
    phone = "+420601000000"
    (person,) = store(connection, booking("HIS001", "NOVAK", PartialDate(1975, 4, 4), phone=phone))
    (traveller_id, current_id) = connection.execute(
        select(travellers.c.id, travellers.c.booking_id)
    ).one()
    newer = replace(booking("HIS001", "NOVAK", PartialDate(1975, 4, 4), phone=phone), travellers=[])
    history = supersede_in_place(connection, [current_id], [newer], version_number=[2])
    connection.execute(
        update(travellers)
        .where(travellers.c.id == traveller_id)
        .values(booking_id=history[current_id])
    )
    start = node_id("booking", history[current_id])
    network = neighbourhood(connection, start, hops=1, options=GraphOptions())
    assert f"phone:{phone}" in network.nodes and person in network.nodes
    (record,) = travel_history(connection, int(person.split(":")[1]))["history"]
    assert record["booking"]["id"] == history[current_id]
    assert record["booking"]["contacts"] == [{"kind": "phone", "value": phone}]
