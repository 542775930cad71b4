"""The pure steps: pairing rules, version decisions, flight identity, PAXLST plans, statuses."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paxscreen.ingest.flight_rows import merge_flight
from paxscreen.ingest.flights import lookup_keys, resolve_operating
from paxscreen.ingest.merge import _tokens, core_names, match_travellers
from paxscreen.ingest.paxlst_changes import CurrentTraveller, plan_paxlst
from paxscreen.ingest.status import StatusTransitionError, check_transition
from paxscreen.ingest.versions import Decision, VersionKey, booking_version, decide, message_version
from paxscreen.model import (
    Booking,
    Flight,
    FlightDesignator,
    ItinerarySegment,
    Message,
    MessageStatus,
    PartialDate,
    PersonName,
    TravelDocument,
    Traveller,
    TravellerRole,
)
from paxscreen.model.keys import fold_to_ascii

DEPARTURE = dt.datetime(2026, 3, 1, 10, 0)


def person(surname: str, given: str, **fields: object) -> Traveller:
    return Traveller(name=PersonName(surname=surname, given_names=given), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("api", "pnr"),
    [
        (("DOE", "JOHN"), ("DOE", "JOHNMR")),  # title glued by the reservation system
        (("DOE", "JOHN WAYNE"), ("DOE", "JOHN")),  # middle name only on the passport
        (("MÜLLER", "HANS-PETER"), ("MULLER", "HANS PETER MR")),  # diacritics, hyphen, title
    ],
)
def test_core_names_tolerate_titles_middle_names_and_diacritics(
    api: tuple[str, str], pnr: tuple[str, str]
) -> None:
    assert core_names(person(*api)) & core_names(person(*pnr))


@pytest.mark.parametrize("code", range(128))
def test_ascii_names_give_the_keys_of_the_careful_fold(code: int) -> None:
    """ASCII names skip the fold and the per-character test: every ASCII character
    between and around name parts must split them as the careful path does."""
    text = f"{chr(code)}d{chr(code)}oe{chr(code)}"
    folded = fold_to_ascii(text).upper()
    careful = "".join(ch if ch.isalpha() else " " for ch in folded).split()
    assert _tokens(text) == careful


def test_strongest_evidence_wins_over_names() -> None:
    api = [
        person("DOE", "JOHN", record_locator="ABC123", passenger_reference="U2"),
        person("DOE", "JOHN", record_locator="ABC123", passenger_reference="U1"),
    ]
    pnr = [
        person("DOE", "JOHN", record_locator="ABC123", passenger_reference="U1"),
        person("DOE", "JOHN", record_locator="ABC123", passenger_reference="U2"),
    ]
    pairs = {(m.api_index, m.pnr_index, m.rule) for m in match_travellers(api, pnr)}
    assert pairs == {(0, 1, "locator+reference"), (1, 0, "locator+reference")}


def test_different_dates_of_birth_or_documents_never_pair() -> None:
    born = PartialDate(1980, 1, 2)
    api = [
        person("DOE", "JOHN", date_of_birth=born),
        person("ROE", "RICHARD", documents=[TravelDocument(number="X1")]),
    ]
    pnr = [
        person("DOE", "JOHN", date_of_birth=PartialDate(1990, 5, 5)),
        person("ROE", "RICHARD", documents=[TravelDocument(number="Y2")]),
    ]
    assert match_travellers(api, pnr) == []


def test_common_name_pairs_only_when_unique_on_both_sides() -> None:
    api = [person("SMITH", "JOHN"), person("SMITH", "JOHN")]
    pnr = [person("SMITH", "JOHN")]
    assert match_travellers(api, pnr) == []
    assert [m.rule for m in match_travellers(api[:1], pnr)] == ["name-unique"]


def test_crew_never_pairs_with_a_booking() -> None:
    api = [
        person("DOE", "JOHN", role=TravellerRole.CREW, record_locator="A", passenger_reference="1")
    ]
    pnr = [person("DOE", "JOHN", record_locator="A", passenger_reference="1")]
    assert match_travellers(api, pnr) == []


def _message(prepared: dt.datetime, *, function: str | None = None, received: int = 0) -> Message:
    return Message(
        raw=b"", prepared_at=prepared, function=function,
        received_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=received),
    )  # fmt: skip


def test_version_orders_by_the_senders_clock_not_arrival() -> None:
    early = message_version(_message(dt.datetime(2026, 2, 26, 10), received=10))
    late = message_version(_message(dt.datetime(2026, 2, 28, 10), received=1))
    assert early < late
    assert decide(late, early) == Decision.HISTORY
    assert decide(early, late) == Decision.APPLY
    assert decide(None, early) == Decision.APPLY
    assert decide(early, late, current_fingerprint="a", incoming_fingerprint="a") == Decision.SAME


def test_update_push_follows_full_push_of_the_same_minute_and_pnr_clock_comes_first() -> None:
    prepared = dt.datetime(2026, 2, 28, 10)
    full = message_version(_message(prepared, function="22"))
    update = message_version(_message(prepared, function="141"))
    assert full < update
    changed_later = Booking(last_changed=dt.datetime(2026, 2, 27, tzinfo=dt.UTC))
    changed_earlier = Booking(last_changed=dt.datetime(2026, 2, 20, tzinfo=dt.UTC))
    newer_pnr = booking_version(changed_later, _message(dt.datetime(2026, 2, 26)))
    older_pnr = booking_version(changed_earlier, _message(dt.datetime(2026, 2, 28)))
    assert older_pnr < newer_pnr


@pytest.mark.parametrize("last_changed", [None, dt.datetime(2026, 2, 27, 9, tzinfo=dt.UTC)])
def test_a_pnr_version_from_its_push_version_is_the_one_from_its_message(
    last_changed: dt.datetime | None,
) -> None:
    message = _message(dt.datetime(2026, 2, 28, 10), function="141", received=3)
    booking = Booking(last_changed=last_changed)
    pushed = message_version(message)
    assert booking_version(booking, message, base=pushed) == booking_version(booking, message)


def test_version_key_text_round_trips() -> None:
    key = message_version(_message(dt.datetime(2026, 2, 28, 10, 5, 7), function="141"))
    assert VersionKey.from_text(key.to_text()) == key


def test_codeshare_push_resolves_to_operating_flight_with_marketing_alias() -> None:
    marketing = Flight(carrier="DL", number="0123", origin="AMS", departure_local=DEPARTURE)
    segment = ItinerarySegment(
        sequence=1, carrier="DL", number="123", operating_carrier="KL", operating_number="456",
        origin="AMS", destination="JFK", departure_local=DEPARTURE,
    )  # fmt: skip
    resolved = resolve_operating(marketing, [Booking(itinerary=[segment])])
    assert (resolved.carrier, resolved.number) == ("KL", "456")
    assert [str(alias) for alias in resolved.aliases] == ["DL123"]
    assert lookup_keys(resolved) == ["KL456/2026-03-01/AMS", "DL123/2026-03-01/AMS"]


def test_stored_marketing_flight_moves_to_operating_identity() -> None:
    stored = Flight(carrier="DL", number="123", origin="AMS", departure_local=DEPARTURE)
    operating = Flight(
        carrier="KL", number="456", origin="AMS", destination="JFK", departure_local=DEPARTURE,
        aliases=[FlightDesignator(carrier="DL", number="123")],
    )  # fmt: skip
    merged = merge_flight(stored, operating)
    assert merged.designator == "KL456"
    assert [str(alias) for alias in merged.aliases] == ["DL123"]
    assert merged.destination == "JFK"


def test_a_push_does_not_blank_known_times_but_change_flight_replaces_them() -> None:
    stored = Flight(carrier="XX", number="1", origin="FRA", departure_local=DEPARTURE,
                    arrival_local=DEPARTURE + dt.timedelta(hours=2))  # fmt: skip
    later = Flight(carrier="XX", number="1", origin="FRA", departure_local=DEPARTURE,
                   arrival_local=DEPARTURE + dt.timedelta(hours=3))  # fmt: skip
    assert merge_flight(stored, later).arrival_local == stored.arrival_local
    assert merge_flight(stored, later, replace_schedule=True).arrival_local == later.arrival_local


def test_close_out_of_an_incomplete_set_marks_only_the_listed() -> None:
    version = message_version(_message(dt.datetime(2026, 3, 1, 9)))
    earlier = message_version(_message(dt.datetime(2026, 3, 1, 8)))
    john = person("DOE", "JOHN", passenger_reference="U1")
    jane = person("DOE", "JANE", passenger_reference="U2")
    current = [CurrentTraveller(1, john, earlier), CurrentTraveller(2, jane, earlier)]
    header = Message(raw=b"", function="266", function_modifier="CLOB")
    listed = [Traveller(passenger_reference="U1")]
    partial = plan_paxlst(header, listed, current, version=version, complete=False)
    whole = plan_paxlst(header, listed, current, version=version, complete=True)
    assert [(c.traveller_id, c.value) for c in partial.status_changes] == [(1, "boarded")]
    assert [(c.traveller_id, c.value) for c in whole.status_changes] == [
        (1, "boarded"),
        (2, "not_boarded"),
    ]


def test_unknown_traveller_in_a_cancel_is_a_finding() -> None:
    header = Message(raw=b"", function="745", function_modifier="XR")
    version = message_version(_message(dt.datetime(2026, 3, 1, 9)))
    plan = plan_paxlst(header, [person("NOBODY", "KNOWN")], [], version=version)
    assert [finding.code for finding in plan.findings] == ["ingest.paxlst-traveller-unknown"]
    assert not plan.status_changes and not plan.inserts


def test_a_flights_first_list_inserts_everyone_as_a_search_would() -> None:
    """With nobody stored the plan inserts every listed traveller without looking them
    up; a stored traveller no key can find leaves the careful search the same answer."""
    header = Message(raw=b"", function="745")
    version = message_version(_message(dt.datetime(2026, 3, 1, 9)))
    listed = [person("DOE", "JOHN", passenger_reference="U1"), person("DOE", "JOHN"), Traveller()]
    keyless = [CurrentTraveller(7, Traveller(), version)]
    first = plan_paxlst(header, listed, [], version=version)
    searched = plan_paxlst(header, listed, keyless, version=version)
    assert first.inserts == searched.inserts == listed
    assert not first.replacements and not searched.replacements


def test_status_machine_refuses_impossible_moves() -> None:
    assert check_transition(MessageStatus.PARSED, MessageStatus.LOADED) == MessageStatus.LOADED
    assert (
        check_transition(MessageStatus.SCREENED, MessageStatus.RECEIVED) == MessageStatus.RECEIVED
    )
    with pytest.raises(StatusTransitionError):
        check_transition(MessageStatus.RECEIVED, MessageStatus.SCREENED)


times = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 3, 1))
version_keys = st.builds(
    VersionKey,
    content_time=times,
    prepared_at=times,
    function_rank=st.sampled_from([0, 1]),
    part_number=st.integers(0, 3),
    received_at=times,
)


@given(st.lists(version_keys, min_size=1, max_size=12))
def test_any_arrival_order_ends_on_the_newest_version(arrivals: list[VersionKey]) -> None:
    current: VersionKey | None = None
    for incoming in arrivals:
        if decide(current, incoming) == Decision.APPLY:
            current = incoming
    assert current == max(arrivals)


stored_times = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31))


@given(stored_times, stored_times, stored_times)
def test_version_text_is_the_stored_format_and_sorts_as_the_key(
    content: dt.datetime, prepared: dt.datetime, received: dt.datetime
) -> None:
    key = VersionKey(content, prepared, 1, 2, received)
    text = key.to_text()
    times = "%Y-%m-%dT%H:%M:%S.%f"  # the format stored versions were written in
    assert text.split("|") == [
        content.strftime(times),
        prepared.strftime(times),
        "01",
        "00002",
        received.strftime(times),
    ]
    assert VersionKey.from_text(text) == key
    other = VersionKey(received, content, 1, 2, prepared)
    assert (text < other.to_text()) == (key < other)
