"""Travellers of a booking: names, documents, infants, frequent-flyer numbers.

Every booking name becomes a Traveller, with or without SSR DOCS (GTAS created a
passenger only when a DOCS sat in group 2, issue #2082). Documents attach by the
traveller reference (9944), then by the name the SSR carries, then by the DOCS
name, and only then to the sole traveller; a DOCS for nobody on the booking
creates a traveller named from the document. The booking name (TIF) and the
document name (DOCS) are both kept: `name` from TIF, the DOCS name in
`other_names`, each saying its source.
"""

from __future__ import annotations

import functools

import pycountry

from paxscreen.messages.pnrgov_booking import BookingBuilder
from paxscreen.messages.pnrgov_names import booking_name, split_title
from paxscreen.messages.ssr import Doca, Doco, Docs
from paxscreen.model import (
    Address,
    FrequentFlyer,
    NameSource,
    PersonName,
    Provenance,
    TravelDocument,
    Traveller,
    TravellerRole,
)
from paxscreen.model.keys import name_key

INFANT_TYPES = {"IN", "INF", "I"}


@functools.cache
def _alpha3_codes() -> dict[str, str]:
    return {country.alpha_2: country.alpha_3 for country in pycountry.countries}


@functools.lru_cache(maxsize=1024)  # a few hundred codes in all; strings are immutable
def country_code(code: str | None) -> str | None:
    """2-letter ISO codes become 3-letter ones (`KR` -> `KOR`); others stay as sent."""
    if not code:
        return None
    code = code.strip().upper()
    return _alpha3_codes().get(code, code) if len(code) == 2 else code


def same_reference(left: str | None, right: str | None) -> bool:
    """Traveller references match as text, as numbers (`002` = `2`) or by head (`1.1` = `1`)."""
    if not left or not right:
        return False
    if left == right:
        return True
    if left.isdigit() and right.isdigit():
        return int(left) == int(right)
    return left.split(".")[0].lstrip("0") == right.split(".")[0].lstrip("0") != ""


def find_by_reference(builder: BookingBuilder, reference: str | None) -> int | None:
    for index, traveller in enumerate(builder.booking.travellers):
        if traveller.reference_number == reference and reference:
            return index
    for index, traveller in enumerate(builder.booking.travellers):
        if same_reference(traveller.reference_number, reference):
            return index
    return None


@functools.lru_cache(maxsize=16384)
def _given_tokens(given: str) -> frozenset[str]:
    return frozenset(name_key("", " ".join(split_title(part)[0] for part in given.split())).split())


def find_by_name(builder: BookingBuilder, surname: str | None, given: str | None) -> int | None:
    """The traveller whose TIF or DOCS name has this surname and compatible given names.

    Given names are compatible when one set of words contains the other (`MOLLY`
    and `MOLLY ZARA`); with no given name, a surname borne by one traveller only.
    """
    if not surname:
        return None
    surname_key = name_key(surname, "")
    wanted = _given_tokens(given) if given else frozenset()
    same_surname: set[int] = set()
    for index, traveller in enumerate(builder.booking.travellers):
        for name in (traveller.name, *traveller.other_names):
            if name_key(name.surname, "") != surname_key:
                continue
            same_surname.add(index)
            have = _given_tokens(name.given_names)
            if wanted and have and (wanted <= have or have <= wanted):
                return index
    return next(iter(same_surname)) if len(same_surname) == 1 else None


def add_traveller(
    builder: BookingBuilder,
    *,
    surname: str,
    given: str,
    passenger_type: str | None,
    reference: str | None,
    source: Provenance,
    name_source: NameSource = NameSource.TIF,
) -> int:
    """A new traveller named from the booking; returns its index in the booking."""
    is_infant = (passenger_type or "").upper() in INFANT_TYPES
    traveller = Traveller(
        role=TravellerRole.INFANT if is_infant else TravellerRole.PASSENGER,
        name=booking_name(surname, given, source=name_source),
        passenger_type=passenger_type or None,
        reference_number=reference or None,
        record_locator=builder.booking.record_locator,
        sources={"": source, "name": source},
    )
    builder.booking.travellers.append(traveller)
    return len(builder.booking.travellers) - 1


def docs_name(docs: Docs) -> PersonName:
    given = " ".join([split_title(part)[0] for part in (docs.given_names or "").split(" ") if part])
    raw = f"{docs.surname or ''}/{docs.given_names or ''}"
    return PersonName(
        raw=raw, surname=docs.surname or "", given_names=given, source=NameSource.DOCS
    )


def _add_document(traveller: Traveller, document: TravelDocument) -> None:
    """Add unless the same document (type, number, issuing state) is already there."""
    for known in traveller.documents:
        if (
            known.number_key == document.number_key
            and known.type == document.type
            and (known.issuing_state or document.issuing_state)
            in (document.issuing_state, known.issuing_state)
        ):
            for name in ("nationality", "expiry", "surname", "given_names", "issuing_state"):
                if getattr(known, name) is None:
                    setattr(known, name, getattr(document, name))
            return
    traveller.documents.append(document)


def apply_docs(builder: BookingBuilder, index: int, docs: Docs, source: Provenance) -> None:
    """Put a DOCS on a traveller: document, DOCS name, sex, birth date, nationality."""
    traveller = builder.booking.travellers[index]
    name = docs_name(docs)
    nationality = country_code(docs.nationality)
    if name.surname and not _has_name(traveller.other_names, name.raw):
        traveller.other_names.append(name)
    if docs.number or docs.document_type:
        _add_document(
            traveller,
            TravelDocument(
                type=docs.document_type,
                number=docs.number or "",
                issuing_state=country_code(docs.issuing_state),
                nationality=nationality,
                expiry=docs.expiry,
                surname=name.surname or None,
                given_names=name.given_names or None,
                sources={"": source},
            ),
        )
    # each only when the traveller has none yet, with the DOCS as its source
    if docs.sex is not None and traveller.sex is None:
        traveller.sex = docs.sex
        traveller.sources["sex"] = source
    if docs.date_of_birth is not None and traveller.date_of_birth is None:
        traveller.date_of_birth = docs.date_of_birth
        traveller.sources["date_of_birth"] = source
    if nationality is not None and traveller.nationality is None:
        traveller.nationality = nationality
        traveller.sources["nationality"] = source


def _has_name(names: list[PersonName], raw: str) -> bool:
    # a loop, not any() over a generator: 0.5 against 2.5 us on a list of one
    for name in names:  # noqa: SIM110
        if name.raw == raw:
            return True
    return False


def infant_of(
    builder: BookingBuilder, adult: int, surname: str | None, given: str | None, source: Provenance
) -> int:
    """The infant travelling on `adult`'s lap, found by name or created from the SSR."""
    travellers = builder.booking.travellers
    index = find_by_name(builder, surname, given) if surname else None
    if index is None or index == adult:
        infants = [
            i
            for i, t in enumerate(travellers)
            if t.role == TravellerRole.INFANT and t.infant_of in (None, adult)
        ]
        index = infants[0] if len(infants) == 1 and not surname else None
    if index is None:
        index = add_traveller(
            builder,
            surname=surname or "",
            given=given or "",
            passenger_type="IN",
            reference=None,
            source=source,
            name_source=NameSource.OTHER,
        )
    travellers[index].infant_of = adult
    return index


def link_infants(builder: BookingBuilder) -> bool:
    """Give each infant not linked by INFT or DOCS the first adult without an infant.

    Returns True when the choice was a guess (more than one adult to choose from).
    """
    travellers = builder.booking.travellers
    adults = [i for i, t in enumerate(travellers) if t.role != TravellerRole.INFANT]
    taken = {t.infant_of for t in travellers if t.infant_of is not None}
    guessed = False
    for traveller in travellers:
        if traveller.role != TravellerRole.INFANT or traveller.infant_of is not None or not adults:
            continue
        free = [i for i in adults if i not in taken]
        traveller.infant_of = free[0] if free else adults[0]
        taken.add(traveller.infant_of)
        guessed = guessed or len(adults) > 1
    return guessed


def apply_doco(builder: BookingBuilder, index: int, doco: Doco, source: Provenance) -> None:
    traveller = builder.booking.travellers[index]
    if doco.place_of_birth and traveller.place_of_birth is None:
        traveller.place_of_birth = doco.place_of_birth
        traveller.sources["place_of_birth"] = source
    if doco.number or doco.document_type:
        _add_document(
            traveller,
            TravelDocument(
                type=doco.document_type,
                number=doco.number or "",
                issuing_state=country_code(doco.applicable_state),
                place_of_issue=doco.place_of_issue,
                issue_date=doco.issue_date,
                sources={"": source},
            ),
        )


def apply_doca(builder: BookingBuilder, index: int, doca: Doca, source: Provenance) -> None:
    role = {"D": "destination", "R": "residence"}.get(doca.address_type or "", doca.address_type)
    country = country_code(doca.country)
    builder.booking.addresses.append(
        Address(
            role=role,
            street=doca.street,
            city=doca.city,
            state=doca.state,
            postcode=doca.postcode,
            country=country,
            traveller_index=index,
            sources={"": source},
        )
    )
    traveller = builder.booking.travellers[index]
    if role == "residence" and country and traveller.residence_country is None:
        traveller.residence_country = country
        traveller.sources["residence_country"] = source


def add_frequent_flyer(
    builder: BookingBuilder,
    index: int,
    airline: str,
    number: str,
    tier: str | None,
    source: Provenance,
) -> None:
    traveller = builder.booking.travellers[index]
    for known in traveller.frequent_flyers:
        if known.airline == airline and known.number == number:
            return
    traveller.frequent_flyers.append(
        FrequentFlyer(airline=airline, number=number, tier=tier, sources={"": source})
    )


__all__ = [
    "add_frequent_flyer",
    "add_traveller",
    "apply_doca",
    "apply_doco",
    "apply_docs",
    "country_code",
    "docs_name",
    "find_by_name",
    "find_by_reference",
    "infant_of",
    "link_infants",
    "same_reference",
]
