"""Shared helpers for the PAXLST/CUSRES fixture corpus in tests/fixtures/api.

Each `NN_name.edi` there has a `NN_name.expected.json` beside it: a projection of
what `paxscreen parse --json` says (header, flights, travellers, documents and the
set of finding codes). Run the tests with PAXSCREEN_REGENERATE_FIXTURES=1 to rewrite
the expectations after a deliberate change, then review the diff.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from paxscreen.errors import MessageError
from paxscreen.messages import parse_interchange, to_contract

FIXTURES = Path(__file__).parents[1] / "fixtures" / "api"
# the fixtures' "today" when a message carries no UNB date
TODAY = dt.date(2017, 1, 27)

_FLIGHT_KEYS = (
    "carrier",
    "number",
    "suffix",
    "origin",
    "destination",
    "departure_local",
    "arrival_local",
    "direction",
    "cancelled",
    "aliases",
)
_TRAVELLER_KEYS = (
    "role",
    "surname",
    "given_names",
    "sex",
    "date_of_birth",
    "nationality",
    "record_locator",
    "passenger_reference",
    "boarding_status",
)
_DOCUMENT_KEYS = ("type", "number", "issuing_state", "expiry", "issue_date")
_HEADER_KEYS = (
    "type",
    "version",
    "function",
    "function_modifier",
    "part",
    "last_part",
    "common_access_reference",
    "reference",
)


def fixture_paths() -> list[Path]:
    return sorted(FIXTURES.glob("*.edi"))


def project(raw: bytes) -> dict[str, Any]:
    """The reduced view of a parse that the expectation files pin down."""
    try:
        parsed = parse_interchange(raw, today=TODAY)
    except MessageError as error:
        return {"error": type(error).__name__}
    messages = []
    for item in parsed:
        contract = to_contract(item)
        messages.append(
            {
                **{key: contract[key] for key in _HEADER_KEYS},
                "status": str(item.message.status),
                "flights": [
                    {
                        **{key: flight[key] for key in _FLIGHT_KEYS},
                        "legs": [[leg["origin"], leg["destination"]] for leg in flight["legs"]],
                    }
                    for flight in contract["flights"]
                ],
                "travellers": [
                    {
                        **{key: traveller[key] for key in _TRAVELLER_KEYS},
                        "documents": [
                            {key: document[key] for key in _DOCUMENT_KEYS}
                            for document in traveller["documents"]
                        ],
                    }
                    for traveller in contract["travellers"]
                ],
                "finding_codes": sorted({finding["code"] for finding in contract["findings"]}),
            }
        )
    return {"messages": messages}
