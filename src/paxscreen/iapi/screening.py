"""The check-in screen: everything a check-in answer needs, held in memory.

A check-in cannot wait for database round trips per list entry, so the screen holds
the active watchlists (as a name index), the document lists, the check-in rules
(active rules of category `checkin`, run by the rules engine's pure evaluator) and
the confirmed identities, and answers one traveller in microseconds to milliseconds.
It is rebuilt when a list or rule changes (`service.IapiService.reload`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from paxscreen.iapi.checks import CheckPolicy, run_checks
from paxscreen.iapi.decision import Reason
from paxscreen.messages.cusres import Directive
from paxscreen.model import Flight, PersonName, TravelDocument, Traveller, document_number_key
from paxscreen.screening.documents import DocumentList, DocumentMatch
from paxscreen.screening.names.dob import DateSpec
from paxscreen.screening.names.matcher import Matcher
from paxscreen.screening.names.normalise import normalise_name
from paxscreen.screening.names.score import Band, Document, Subject
from paxscreen.screening.rules.evaluator import CompiledRuleSet
from paxscreen.screening.rules.screen import ActiveRule, rule_set
from paxscreen.screening.watchlists.countries import to_iso2
from paxscreen.screening.watchlists.model import Watchlist

CHECKIN_CATEGORY = "checkin"


@dataclass(frozen=True, slots=True)
class ListedEntry:
    entry_id: str
    list_name: str
    category: str
    severity: str


def traveller_subject(traveller: Traveller) -> Subject:
    """A traveller as the scorer sees it: every name it was sent under, DOB, documents."""
    names = [traveller.name, *traveller.other_names]
    normalised = [
        normalise_name(name.raw, given_names=name.given_names, surname=name.surname)
        for name in names
    ]
    return Subject(
        names=[name for name in normalised if name.tokens],
        dates_of_birth=[DateSpec(traveller.date_of_birth)] if traveller.date_of_birth else [],
        nationalities=frozenset(filter(None, [to_iso2(traveller.nationality)])),
        sex=traveller.sex if traveller.sex in ("M", "F") else None,
        documents=[
            Document(
                number=document.number,
                issuing_state=to_iso2(document.issuing_state),
                type=document.type,
            )
            for document in traveller.documents
            if document.number
        ],
    )


def traveller_view(traveller: Traveller, flight: Flight | None) -> dict[str, Any]:
    """The rows the rules engine's evaluator reads, built from the request alone."""
    dob = traveller.date_of_birth
    departure = flight.departure_local.date() if flight and flight.departure_local else None
    travel_documents = [d for d in traveller.documents if d.number]
    expiries = [d.expiry for d in travel_documents if d.expiry]
    return {
        "traveller": {
            "role": str(traveller.role),
            "source": "api",
            "sex": traveller.sex,
            "birth_date": dob.to_date() if dob else None,
            "birth_year": dob.year if dob else None,
            "nationality": traveller.nationality,
            "place_of_birth": traveller.place_of_birth,
            "birth_country": traveller.birth_country,
            "residence_country": traveller.residence_country,
            "embarkation": traveller.embarkation,
            "debarkation": traveller.debarkation,
            "record_locator": traveller.record_locator,
        },
        "name": [
            {
                "surname": n.surname,
                "given_names": n.given_names,
                "name_key": n.key,
                "source": str(n.source),
            }
            for n in (traveller.name, *traveller.other_names)
        ],
        "document": [
            {
                "type": d.type,
                "number_key": d.number_key,
                "issuing_state": d.issuing_state,
                "nationality": d.nationality,
                "expiry": d.expiry,
                "issue_date": d.issue_date,
                "place_of_issue": d.place_of_issue,
            }
            for d in travel_documents
        ],
        "flight": None
        if flight is None
        else {
            "carrier": flight.carrier,
            "number": flight.number,
            "origin": flight.origin,
            "destination": flight.destination,
            "departure_date": departure,
            "departure_utc": flight.departure_utc,
            "arrival_utc": flight.arrival_utc,
            "direction": str(flight.direction),
            "cancelled": flight.cancelled,
        },
        "features": {
            "document_expires_days_after_departure": (min(expiries) - departure).days
            if expiries and departure
            else None,
            "age_years": (
                departure.year
                - dob.year
                - ((departure.month, departure.day) < (dob.month or 1, dob.day or 1))
            )
            if dob and departure
            else None,
            "document_state_differs_from_nationality": any(
                d.issuing_state
                and traveller.nationality
                and d.issuing_state != traveller.nationality
                for d in travel_documents
            ),
        },
    }


@dataclass(slots=True)
class CheckinScreen:
    matcher: Matcher | None = None
    entries: list[ListedEntry] = field(default_factory=list)
    documents: DocumentList | None = None
    rules: list[ActiveRule] = field(default_factory=list)
    named_lists: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # (entry id) -> document keys of travellers an analyst confirmed as that entry
    confirmed: Mapping[str, frozenset[str]] = field(default_factory=dict)
    no_board_categories: frozenset[str] = frozenset({"no-board"})
    check_policy: CheckPolicy = field(default_factory=CheckPolicy)
    built_at: dt.datetime | None = None
    _rule_set: CompiledRuleSet[ActiveRule] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # compiled once per rule version and filed by a required value, so most rules
        # are skipped per traveller without evaluating them
        self._rule_set = rule_set(self.rules) if self.rules else None

    @classmethod
    def build(
        cls,
        watchlists: Iterable[Watchlist],
        *,
        review_threshold: float,
        alert_threshold: float,
        **options: Any,
    ) -> CheckinScreen:
        entries: list[ListedEntry] = []
        subjects: list[Subject] = []
        for watchlist in watchlists:
            for entry in watchlist.entries:
                entries.append(
                    ListedEntry(
                        entry.entry_id,
                        watchlist.name,
                        entry.category or watchlist.category,
                        str(watchlist.severity),
                    )
                )
                subjects.append(entry.to_subject())
        matcher = (
            Matcher.from_subjects(
                subjects, review_threshold=review_threshold, alert_threshold=alert_threshold
            )
            if subjects
            else None
        )
        return cls(matcher=matcher, entries=entries, built_at=dt.datetime.now(dt.UTC), **options)

    def _watchlist_reasons(self, traveller: Traveller) -> list[Reason]:
        if self.matcher is None:
            return []
        document_keys = {document_number_key(d.number) for d in traveller.documents if d.number}
        reasons = []
        subject = traveller_subject(traveller)
        # Clear bands are skipped: min_score says so up front and lets the prescore skip them.
        for match in self.matcher.screen(subject, top=5, min_score=self.matcher.review_threshold):
            if match.band is Band.CLEAR:
                continue
            entry = self.entries[match.entry]
            confirmed = bool(document_keys & self.confirmed.get(entry.entry_id, frozenset()))
            if confirmed and entry.category in self.no_board_categories:
                reasons.append(
                    Reason(
                        "confirmed-no-board",
                        Directive.NO_BOARD,
                        f"identity confirmed as {entry.list_name} entry {entry.entry_id}",
                        entry.entry_id,
                        match.score,
                        entry.category,
                    )
                )
            reasons.append(
                Reason(
                    "watchlist",
                    Directive.ADVISORY,
                    match.explanation.to_text(),
                    entry.entry_id,
                    match.score,
                    entry.category,
                )
            )
        return reasons

    def _document_reasons(self, traveller: Traveller) -> list[Reason]:
        if self.documents is None:
            return []
        reasons = []
        for document in traveller.documents:
            if not document.number:
                continue
            for hit in self.documents.check(document.number, to_iso2(document.issuing_state)):
                decisive = hit.match is DocumentMatch.EXACT
                reasons.append(
                    Reason(
                        "document-list",
                        Directive.NO_BOARD if decisive else Directive.ADVISORY,
                        hit.explain(document.number),
                        hit.listed.entry_id,
                        hit.score,
                        hit.listed.status.value,
                    )
                )
        return reasons

    def _rule_reasons(self, traveller: Traveller, flight: Flight | None) -> list[Reason]:
        if self._rule_set is None:
            return []
        view = traveller_view(traveller, flight)
        reasons = []
        for rule in self._rule_set.matching(view, self.named_lists):
            decisive = f"rule:{rule.spec.code}" in self.check_policy.decisive_checks
            directive = Directive.NO_BOARD if decisive else Directive.ADVISORY
            reasons.append(
                Reason(
                    "checkin-rule",
                    directive,
                    rule.spec.title,
                    rule.spec.code,
                    None,
                    rule.spec.category,
                )
            )
        return reasons

    def warm_up(self) -> CheckinScreen:
        """Screen one made-up traveller, so lazily loaded tables (airports, name variants)
        are loaded now and not during a carrier's first check-in."""
        listed = self.matcher.subject_of(0).names if self.matcher is not None else []
        surname = listed[0].original if listed else "WARMUP CHECK"  # a name that finds candidates
        dummy = Traveller(
            name=PersonName(surname=surname, given_names=""),
            documents=[TravelDocument(type="P", number="W0000000", issuing_state="NLD")],
        )
        self.screen(dummy, Flight(carrier="ZZ", number="1", origin="AMS", destination="FRA"))
        return self

    def screen(self, traveller: Traveller, flight: Flight | None) -> list[Reason]:
        """Every reason to answer other than 0Z for this traveller."""
        return [
            *run_checks(traveller, flight, self.check_policy),
            *self._document_reasons(traveller),
            *self._watchlist_reasons(traveller),
            *self._rule_reasons(traveller, flight),
        ]


__all__ = [
    "CHECKIN_CATEGORY",
    "CheckinScreen",
    "ListedEntry",
    "traveller_subject",
    "traveller_view",
]
