"""What a check-in request says by itself: missing data, an expired document, a visa.

These checks need no list and no database, so they run first and always, even when
screening is slow. Each returns `Reason`s; the policy decides whether a failed check
is decisive (1Z) or advisory (2Z).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import airportsdata
import pycountry

from paxscreen.iapi.decision import Reason
from paxscreen.messages.cusres import Directive
from paxscreen.model import Flight, Traveller

TRAVEL_DOCUMENT_TYPES = frozenset({"P", "PP", "I", "IP", "ID", "A", "C", "AC", "F", "M"})
VISA_TYPES = frozenset({"V", "VI", "VS"})


@dataclass(frozen=True, slots=True)
class CheckPolicy:
    decisive_checks: frozenset[str] = frozenset()
    visa_required: dict[str, frozenset[str]] | None = (
        None  # destination ISO-2 -> nationalities ISO-3
    )


@lru_cache(maxsize=1)
def _airports() -> Mapping[str, Mapping[str, object]]:
    return airportsdata.load("IATA")


def airport_country(code: str | None) -> str | None:
    """ISO-2 country of an IATA airport code, when the table knows it."""
    airport = _airports().get((code or "").upper())
    return str(airport["country"]) if airport else None


def iso3(country: str | None) -> str | None:
    if not country:
        return None
    if len(country) == 3:
        return country.upper()
    found = pycountry.countries.get(alpha_2=country.upper())
    return found.alpha_3 if found else None


def _directive(code: str, policy: CheckPolicy) -> Directive:
    return Directive.NO_BOARD if code in policy.decisive_checks else Directive.ADVISORY


def run_checks(traveller: Traveller, flight: Flight | None, policy: CheckPolicy) -> list[Reason]:
    reasons: list[Reason] = []
    travel_documents = [d for d in traveller.documents if (d.type or "P").upper() not in VISA_TYPES]
    if not travel_documents or not any(d.number for d in travel_documents):
        reasons.append(Reason("no-document", Directive.INSUFFICIENT_DATA, "no travel document"))
    if traveller.date_of_birth is None:
        reasons.append(Reason("no-date-of-birth", Directive.INSUFFICIENT_DATA, "no date of birth"))
    departure: dt.date | None = (
        flight.departure_local.date() if flight and flight.departure_local else None
    )
    for document in travel_documents:
        if departure and document.expiry and document.expiry < departure:
            reasons.append(
                Reason(
                    "document-expired",
                    _directive("document-expired", policy),
                    f"document expired on {document.expiry.isoformat()}, before departure",
                )
            )
    destination = airport_country(traveller.debarkation or (flight.destination if flight else None))
    needing = (policy.visa_required or {}).get(destination or "", frozenset())
    nationality = iso3(traveller.nationality)
    has_visa = any((d.type or "").upper() in VISA_TYPES for d in traveller.documents)
    if nationality and nationality in needing and not has_visa:
        reasons.append(
            Reason(
                "visa-missing",
                _directive("visa-missing", policy),
                f"{nationality} nationals need a visa for {destination}; none sent",
            )
        )
    return reasons


__all__ = ["CheckPolicy", "airport_country", "iso3", "run_checks"]
