"""One traveller: find the API traveller and the PNR traveller who are the same person.

API (what the passport says, at check-in) and PNR (what was booked, days before)
describe the same people on a flight; combining them is the added value the
analyst needs. Both records stay stored as received; this module only pairs them.

The passes run from the strongest evidence to the weakest, each over the
travellers not yet paired, so a strong pair is never stolen by a weak one:

1. `locator+reference`: PAXLST RFF+AVF / RFF+ABO equal the PNR's record locator
   and unique passenger reference (the keys carriers send for exactly this).
2. `document`: the same document number, and no conflicting date of birth.
3. `name+dob`: the same core name and the same date of birth.
4. `locator+name`: the same record locator and core name (PNR travellers without
   SSR DOCS have no date of birth: GTAS dropped them, issue #2082).
5. `name-unique`: the same core name, nobody else on either side has it, and no
   conflicting date of birth or document.

The core name tolerates what differs between a booking and a passport: titles
(glued `MOLLYMRS` or separate), middle names, diacritics, hyphens and order.
Crew never pair with PNR travellers.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from paxscreen.model import Traveller, TravellerRole, document_number_key
from paxscreen.model.keys import fold_to_ascii

TITLES = ("MISS", "MSTR", "MRS", "MR", "MS", "DR", "PROF", "REV", "SIR", "CHD", "INF")
_CREW = {TravellerRole.CREW, TravellerRole.TRANSIT_CREW}


@dataclass(frozen=True, slots=True)
class TravellerMatch:
    api_index: int
    pnr_index: int
    rule: str


def _tokens(text: str | None) -> list[str]:
    folded = fold_to_ascii(text or "").upper()
    cleaned = "".join(ch if ch.isalpha() else " " for ch in folded)
    return cleaned.split()


def _strip_glued_title(token: str) -> str:
    for title in TITLES:
        if token.endswith(title) and len(token) - len(title) >= 2:
            return token[: -len(title)]
    return token


def core_names(traveller: Traveller) -> set[str]:
    """Surname + first given name, with and without a glued title, for every name held."""
    keys: set[str] = set()
    for name in (traveller.name, *traveller.other_names):
        keys.update(_name_keys(name.surname, name.given_names))
    return keys


@functools.lru_cache(maxsize=65_536)
def _name_keys(surname_text: str | None, given_text: str | None) -> tuple[str, ...]:
    """The core-name keys of one name (the same names come back with every push)."""
    surname = " ".join(_tokens(surname_text))
    given = [token for token in _tokens(given_text) if token not in TITLES]
    if not surname:
        return ()
    if not given:
        return (surname,)
    return (f"{surname}/{given[0]}", f"{surname}/{_strip_glued_title(given[0])}")


def _document_keys(traveller: Traveller) -> set[str]:
    return {document_number_key(doc.number) for doc in traveller.documents if doc.number.strip()}


def _reference_key(traveller: Traveller) -> str | None:
    if not traveller.record_locator or not traveller.passenger_reference:
        return None
    return f"{traveller.record_locator.upper()}/{traveller.passenger_reference.upper()}"


def _locator_names(traveller: Traveller) -> set[str]:
    if not traveller.record_locator:
        return set()
    locator = traveller.record_locator.upper()
    return {f"{locator}/{name}" for name in core_names(traveller)}


def _dob_keys(traveller: Traveller) -> set[str]:
    if traveller.date_of_birth is None:
        return set()
    return {f"{name}/{traveller.date_of_birth.isoformat()}" for name in core_names(traveller)}


def pairing_signature(traveller: Traveller) -> tuple[object, ...]:
    """Everything about one traveller that `match_travellers` looks at, and nothing else.

    Two records with the same signature pair with the same travellers, so a change
    that leaves it alone (check-in, boarding, seats, bags, contacts) cannot change
    who pairs with whom and need not re-pair the flight. Keep it in step with the
    key functions of `_PASSES` and with `_conflicts`.
    """
    locator = (traveller.record_locator or "").upper() or None
    return (
        traveller.role in _CREW,
        tuple(sorted(core_names(traveller))),
        traveller.date_of_birth,
        tuple(sorted(_document_keys(traveller))),
        locator,
        _reference_key(traveller),
    )


def _conflicts(api: Traveller, pnr: Traveller) -> bool:
    """Evidence that two records are different people, whatever their names say."""
    if api.role in _CREW:
        return True
    if api.date_of_birth and pnr.date_of_birth and api.date_of_birth != pnr.date_of_birth:
        return True
    api_docs, pnr_docs = _document_keys(api), _document_keys(pnr)
    return bool(api_docs and pnr_docs and not api_docs & pnr_docs)


KeyFunction = Callable[[Traveller], set[str]]

# (rule, key, name must be unique on both sides), strongest evidence first
_PASSES: tuple[tuple[str, KeyFunction, bool], ...] = (
    ("locator+reference", lambda t: {key} if (key := _reference_key(t)) else set(), False),
    ("document", _document_keys, False),
    ("name+dob", _dob_keys, False),
    ("locator+name", _locator_names, False),
    ("name-unique", core_names, True),
)


def match_travellers(api: Sequence[Traveller], pnr: Sequence[Traveller]) -> list[TravellerMatch]:
    """Pairs (API index, PNR index, rule) for travellers on the same flight."""
    matches: list[TravellerMatch] = []
    api_free = set(range(len(api)))
    pnr_free = set(range(len(pnr)))
    for rule, key_of, unique in _PASSES:
        _run_pass(rule, key_of, api, pnr, api_free, pnr_free, matches, unique=unique)
    return sorted(matches, key=lambda match: match.api_index)


def _run_pass(
    rule: str,
    key_of: KeyFunction,
    api: Sequence[Traveller],
    pnr: Sequence[Traveller],
    api_free: set[int],
    pnr_free: set[int],
    matches: list[TravellerMatch],
    *,
    unique: bool,
) -> None:
    """Pair each free API traveller with the one free PNR traveller sharing a key.

    With `unique`, a key held by more than one traveller on either side pairs
    nobody (two "JOHN SMITH"s are not evidence of anything).
    """
    by_key: dict[str, list[int]] = defaultdict(list)
    for index in sorted(pnr_free):
        for key in key_of(pnr[index]):
            by_key[key].append(index)
    api_counts = Counter(key for i in api_free for key in key_of(api[i])) if unique else None
    for api_index in sorted(api_free):
        for key in sorted(key_of(api[api_index])):
            if api_counts is not None and (api_counts[key] != 1 or len(by_key[key]) != 1):
                continue
            candidates = [i for i in by_key.get(key, ()) if i in pnr_free]
            candidates = [i for i in candidates if not _conflicts(api[api_index], pnr[i])]
            if len(candidates) == 1:
                matches.append(TravellerMatch(api_index, candidates[0], rule))
                api_free.discard(api_index)
                pnr_free.discard(candidates[0])
                break


__all__ = ["TITLES", "TravellerMatch", "core_names", "match_travellers", "pairing_signature"]
