"""iAPI requests: the kind of request from BGM, the references a reply must echo."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.messages.paxlst_fixtures import FIXTURES

from paxscreen.errors import UnsupportedMessageError
from paxscreen.messages.iapi import IapiRequestKind, read_iapi_request
from paxscreen.messages.paxlst_writer import write_paxlst
from paxscreen.model import Flight, Message, PersonName, Traveller


def request_bytes(function: str, modifier: str | None, travellers: list[Traveller]) -> bytes:
    header = Message(
        raw=b"",
        sender="CA",
        recipient="NIAC",
        message_reference="R1",
        transaction_reference="TN9",
        function=function,
        function_modifier=modifier,
        prepared_at=dt.datetime(2017, 1, 2, 10, 0),
        part_number=1,
        last_part=True,
    )
    flight = Flight(carrier="MU", number="2599", origin="PNH", destination="KMG")
    return write_paxlst(header, [flight], travellers)


def test_clear_request_fixture_keeps_references_and_traveller_keys() -> None:
    request = read_iapi_request((FIXTURES / "38_iapi_clear_request.edi").read_bytes())
    assert request.kind == IapiRequestKind.CLEAR
    assert (request.message_reference, request.transaction_reference) == ("IREQ1", "0000100")
    assert request.needs_traveller_answers
    traveller = request.travellers[0]
    assert (traveller.record_locator, traveller.passenger_reference, traveller.verified) == (
        "MLCKPK",
        "P1",
        True,
    )
    assert traveller.ticket_numbers == ["7812315763779C1"]


@pytest.mark.parametrize(
    ("function", "modifier", "kind"),
    [
        ("745", None, IapiRequestKind.CLEAR),
        ("745", "CP", IapiRequestKind.CHANGE),
        ("266", "CLOB", IapiRequestKind.CLOSE_ON_BOARD),
        ("266", "CLNB", IapiRequestKind.CLOSE_NOT_ON_BOARD),
        ("266", "XF", IapiRequestKind.CANCEL_FLIGHT),
    ],
)
def test_request_kinds(function: str, modifier: str | None, kind: IapiRequestKind) -> None:
    close_out = function == "266"
    people = (
        []
        if modifier == "XF"
        else [
            Traveller(
                name=PersonName() if close_out else PersonName(surname="ONE", given_names="A"),
                record_locator="MLCKPK",
                passenger_reference="P1",
            )
        ]
    )
    request = read_iapi_request(request_bytes(function, modifier, people))
    assert request.kind == kind
    assert len(request.travellers) == len(people)
    if modifier == "CLOB":
        assert request.travellers[0].boarding_status == "on_board"
        assert b"NAD+ZZZ'" in request_bytes(function, modifier, people)
    if modifier == "XF":
        assert request.flight is not None and request.flight.cancelled


def test_master_crew_list_is_not_an_iapi_request() -> None:
    with pytest.raises(UnsupportedMessageError):
        read_iapi_request((FIXTURES / "25_master_crew_list.edi").read_bytes())


def test_cusres_is_not_an_iapi_request() -> None:
    with pytest.raises(UnsupportedMessageError):
        read_iapi_request((FIXTURES / "37_cusres_reply.edi").read_bytes())
