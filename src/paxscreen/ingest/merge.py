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
from operator import attrgetter
from typing import NamedTuple

from paxscreen.model import PartialDate, Traveller, TravellerRole, document_number_key
from paxscreen.model.keys import fold_to_ascii

TITLES = ("MISS", "MSTR", "MRS", "MR", "MS", "DR", "PROF", "REV", "SIR", "CHD", "INF")
_CREW = {TravellerRole.CREW, TravellerRole.TRANSIT_CREW}


@dataclass(frozen=True, slots=True)
class TravellerMatch:
    api_index: int
    pnr_index: int
    rule: str


# every ASCII character that is not a letter of the upper-cased text, as a blank
_ASCII_NON_LETTERS = str.maketrans(
    {chr(code): " " for code in range(128) if not chr(code).isalpha()}
)


def _tokens(text: str | None) -> list[str]:
    """The letter runs of a name, upper case, diacritics folded away.

    ASCII text (most names) folds to itself and has no letters beyond A-Z: one
    `translate` blanks the rest, instead of a test per character.
    """
    if text is None or text.isascii():
        return (text or "").upper().translate(_ASCII_NON_LETTERS).split()
    folded = fold_to_ascii(text).upper()
    cleaned = "".join(ch if ch.isalpha() else " " for ch in folded)
    return cleaned.split()


def _strip_glued_title(token: str) -> str:
    for title in TITLES:
        if token.endswith(title) and len(token) - len(title) >= 2:
            return token[: -len(title)]
    return token


def core_names(traveller: Traveller) -> set[str]:
    """Surname + first given name, with and without a glued title, for every name held."""
    keys = set(name_keys(traveller.name.surname, traveller.name.given_names))
    for name in traveller.other_names:
        keys.update(name_keys(name.surname, name.given_names))
    return keys


@functools.lru_cache(maxsize=65_536)
def name_keys(surname_text: str | None, given_text: str | None) -> tuple[str, ...]:
    """The core-name keys of one name (the same names come back with every push).

    Cached: a name's keys are asked for on every push of its flight, and the fold
    to ASCII and the title stripping cost more than the lookup.
    """
    surname = " ".join(_tokens(surname_text))
    given = [token for token in _tokens(given_text) if token not in TITLES]
    if not surname:
        return ()
    if not given:
        return (surname,)
    return (f"{surname}/{given[0]}", f"{surname}/{_strip_glued_title(given[0])}")


def _document_keys(traveller: Traveller) -> set[str]:
    return {document_number_key(doc.number) for doc in traveller.documents if doc.number.strip()}


class PairingKeys(NamedTuple):
    """Everything about one traveller that matching looks at, each key worked out once.

    Two records with the same keys pair with the same travellers, so a change that
    leaves them alone (check-in, boarding, seats, bags, contacts) cannot change who
    pairs with whom and need not re-pair the flight. As a plain tuple this is the
    signature that `pairing.inputs_digest` digests: keep the fields and their order.
    """

    is_crew: bool
    core_names: tuple[str, ...]  # sorted
    date_of_birth: PartialDate | None
    document_keys: tuple[str, ...]  # sorted
    locator: str | None  # upper case
    reference_key: str | None  # LOCATOR/PASSENGER-REFERENCE, upper case


def pairing_keys(
    *,
    role: str,
    name_keys: set[str],
    date_of_birth: PartialDate | None,
    document_keys: set[str],
    record_locator: str | None,
    passenger_reference: str | None,
) -> PairingKeys:
    """The keys of one traveller from its stored values (`name_keys`: see `name_keys`)."""
    locator = (record_locator or "").upper() or None
    reference = (
        f"{locator}/{passenger_reference.upper()}" if locator and passenger_reference else None
    )
    return PairingKeys(
        role in _CREW,
        tuple(sorted(name_keys)),
        date_of_birth,
        tuple(sorted(document_keys)),
        locator,
        reference,
    )


def pairing_signature(traveller: Traveller) -> PairingKeys:
    """The `PairingKeys` of a traveller record (keep in step with `_PASSES`, `_conflicts`)."""
    return pairing_keys(
        role=traveller.role,
        name_keys=core_names(traveller),
        date_of_birth=traveller.date_of_birth,
        document_keys=_document_keys(traveller),
        record_locator=traveller.record_locator,
        passenger_reference=traveller.passenger_reference,
    )


def _conflicts(api: PairingKeys, pnr: PairingKeys) -> bool:
    """Evidence that two records are different people, whatever their names say."""
    if api.is_crew:
        return True
    if api.date_of_birth and pnr.date_of_birth and api.date_of_birth != pnr.date_of_birth:
        return True
    return bool(
        api.document_keys
        and pnr.document_keys
        and set(api.document_keys).isdisjoint(pnr.document_keys)
    )


def _reference_keys(keys: PairingKeys) -> tuple[str, ...]:
    return (keys.reference_key,) if keys.reference_key else ()


def _dob_keys(keys: PairingKeys) -> tuple[str, ...]:
    if keys.date_of_birth is None:
        return ()
    birth = keys.date_of_birth.isoformat()
    return tuple(f"{name}/{birth}" for name in keys.core_names)


def _locator_names(keys: PairingKeys) -> tuple[str, ...]:
    if not keys.locator:
        return ()
    return tuple(f"{keys.locator}/{name}" for name in keys.core_names)


KeyFunction = Callable[[PairingKeys], Sequence[str]]

# (rule, key, name must be unique on both sides), strongest evidence first
_PASSES: tuple[tuple[str, KeyFunction, bool], ...] = (
    ("locator+reference", _reference_keys, False),
    ("document", attrgetter("document_keys"), False),
    ("name+dob", _dob_keys, False),
    ("locator+name", _locator_names, False),
    ("name-unique", attrgetter("core_names"), True),
)


def match_travellers(api: Sequence[Traveller], pnr: Sequence[Traveller]) -> list[TravellerMatch]:
    """Pairs (API index, PNR index, rule) for travellers on the same flight."""
    return match_keys(
        [pairing_signature(traveller) for traveller in api],
        [pairing_signature(traveller) for traveller in pnr],
    )


def match_keys(api: Sequence[PairingKeys], pnr: Sequence[PairingKeys]) -> list[TravellerMatch]:
    """`match_travellers` over keys already worked out (pairing keeps them per traveller)."""
    matches: list[TravellerMatch] = []
    api_free = set(range(len(api)))
    pnr_free = set(range(len(pnr)))
    for rule, key_of, unique in _PASSES:
        _run_pass(rule, key_of, api, pnr, api_free, pnr_free, matches, unique=unique)
    return sorted(matches, key=lambda match: match.api_index)


def _run_pass(
    rule: str,
    key_of: KeyFunction,
    api: Sequence[PairingKeys],
    pnr: Sequence[PairingKeys],
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
        for key in set(key_of(pnr[index])):
            by_key[key].append(index)
    api_keys = {index: sorted(set(key_of(api[index]))) for index in sorted(api_free)}
    api_counts = Counter(key for keys in api_keys.values() for key in keys) if unique else None
    for api_index, keys in api_keys.items():
        for key in keys:
            if api_counts is not None and (api_counts[key] != 1 or len(by_key[key]) != 1):
                continue
            candidates = [i for i in by_key.get(key, ()) if i in pnr_free]
            candidates = [i for i in candidates if not _conflicts(api[api_index], pnr[i])]
            if len(candidates) == 1:
                matches.append(TravellerMatch(api_index, candidates[0], rule))
                api_free.discard(api_index)
                pnr_free.discard(candidates[0])
                break


__all__ = [
    "TITLES",
    "PairingKeys",
    "TravellerMatch",
    "core_names",
    "match_keys",
    "match_travellers",
    "name_keys",
    "pairing_keys",
    "pairing_signature",
]
