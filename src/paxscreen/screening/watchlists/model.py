"""Watchlists as data: lists, their entries, and what an entry says about a person.

A list has a category (sanctions, wanted, no-fly ...) and a severity; every import
of it is a new version. An entry keeps what the source says, as the source says
it (names with alias quality and original script, dates of birth as precise as
given, documents with their status), plus `entry_id`, the identifier the source
gives the entry (UN DATAID, OFAC ent_num, our CSV `id`), so a hit traces back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from paxscreen.screening.names.dob import DateSpec
from paxscreen.screening.names.normalise import NormalisedName, normalise_name, split_last_first
from paxscreen.screening.names.score import Document, Subject


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class AliasQuality(StrEnum):
    STRONG = "strong"  # primary names and good-quality aliases
    WEAK = "weak"  # UN "Low" quality, OFAC weak aka, nicknames


class DocumentStatus(StrEnum):
    VALID = "valid"
    LOST = "lost"
    STOLEN = "stolen"
    REVOKED = "revoked"
    FALSE = "false"
    EXPIRED = "expired"


@dataclass(slots=True, kw_only=True)
class EntryName:
    full_name: str = ""
    given_names: str = ""
    surname: str = ""
    quality: AliasQuality = AliasQuality.STRONG
    original_script: bool = False  # written in the script of origin, not Latin
    primary: bool = False

    @property
    def display(self) -> str:
        return self.full_name or f"{self.given_names} {self.surname}".strip()


@dataclass(slots=True, kw_only=True)
class EntryDocument:
    number: str
    issuing_state: str | None = None  # ISO 3166-1 alpha-2
    type: str | None = None  # passport, national id, ...
    status: DocumentStatus = DocumentStatus.VALID


@dataclass(slots=True, kw_only=True)
class WatchlistEntry:
    entry_id: str
    names: list[EntryName] = field(default_factory=list)
    dates_of_birth: list[DateSpec] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2
    sex: str | None = None  # M / F
    documents: list[EntryDocument] = field(default_factory=list)
    category: str | None = None
    remarks: str = ""
    source_reference: str = ""  # e.g. UN reference number, OFAC program, file:line

    @property
    def primary_name(self) -> str:
        primary = next((name for name in self.names if name.primary), None)
        return (primary or self.names[0]).display if self.names else ""

    def to_subject(self) -> Subject:
        """The entry as the scorer sees it."""
        names: list[NormalisedName] = []
        weak: set[int] = set()
        for name in self.names:
            split = None if name.given_names or name.surname else split_last_first(name.full_name)
            given, surname = split if split else (name.given_names, name.surname)
            normalised = normalise_name(name.full_name, given_names=given, surname=surname)
            if not normalised.tokens:
                continue
            if name.quality is AliasQuality.WEAK:
                weak.add(len(names))
            names.append(normalised)
        return Subject(
            names=names,
            weak_names=frozenset(weak),
            dates_of_birth=list(self.dates_of_birth),
            nationalities=frozenset(self.nationalities),
            sex=self.sex,
            documents=[
                Document(number=doc.number, issuing_state=doc.issuing_state, type=doc.type)
                for doc in self.documents
            ],
        )


@dataclass(slots=True, kw_only=True)
class Watchlist:
    name: str
    category: str = "watchlist"
    severity: Severity = Severity.HIGH
    source_format: str = "csv"
    entries: list[WatchlistEntry] = field(default_factory=list)
    skipped: int = 0  # records not about a person (companies, vessels)


__all__ = [
    "AliasQuality",
    "DocumentStatus",
    "EntryDocument",
    "EntryName",
    "Severity",
    "Watchlist",
    "WatchlistEntry",
]
