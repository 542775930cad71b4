"""Recording and listing hits: the one entry point every screening source writes through.

Watchlists, targeting rules, network rules and document checks call `record_hit`
for each traveller they flag. Recording is idempotent: the same traveller, source
and source id update the existing hit (new score, explanation and screened data)
and keep its status, so re-screening after a list or rule change never duplicates
a hit nor reopens one an analyst has already dispositioned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from paxscreen.store.dialect import upsert
from paxscreen.store.hit_tables import HIT_BANDS, HIT_SOURCES, hits

# what a re-screen refreshes; status and created_at are what an analyst's work rests on
_REFRESHED = (
    "flight_id",
    "source_version",
    "score",
    "band",
    "severity",
    "weight",
    "category",
    "explanation",
    "screened_data",
    "message_id",
    "urgent",
    "updated_at",
)


@dataclass(slots=True, kw_only=True)
class HitRecord:
    """A hit as a screening source reports it (and as `list_hits` returns it).

    `explanation` says why it matched in the source's own terms (matched fields,
    rule conditions); `screened_data` is the traveller's data as screened, so the
    hit still explains itself after the traveller's data changes.
    """

    traveller_id: int
    source: str  # watchlist | rule | network | manual | document
    source_id: str  # list entry id, rule id ... as text
    score: float  # 0..1
    band: str  # clear | review | alert
    flight_id: int | None = None
    source_version: str | None = None
    severity: int = 0
    weight: float = 1.0
    category: str | None = None
    explanation: dict[str, Any] = field(default_factory=dict)
    screened_data: dict[str, Any] = field(default_factory=dict)
    message_id: str | None = None
    urgent: bool = False
    # filled in by the store
    id: int | None = None
    status: str = "open"
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.source not in HIT_SOURCES:
            raise ValueError(f"hit source {self.source!r} is not one of {', '.join(HIT_SOURCES)}")
        if self.band not in HIT_BANDS:
            raise ValueError(f"hit band {self.band!r} is not one of {', '.join(HIT_BANDS)}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"hit score {self.score} is outside 0..1")


def record_hit(connection: Connection, hit: HitRecord, *, now: dt.datetime | None = None) -> int:
    """Insert the hit, or refresh the one with the same (traveller, source, source_id).

    Returns:
        The hit id (the existing one on a re-screen).
    """
    now = now or dt.datetime.now(dt.UTC)
    values = {
        "traveller_id": hit.traveller_id,
        "source": hit.source,
        "source_id": hit.source_id,
        **{name: getattr(hit, name) for name in _REFRESHED if name != "updated_at"},
        "status": "open",
        "created_at": now,
        "updated_at": now,
    }
    statement = upsert(
        connection, hits, values, key=("traveller_id", "source", "source_id"), update=_REFRESHED
    )
    return int(connection.execute(statement.returning(hits.c.id)).scalar_one())


def list_hits(
    connection: Connection,
    *,
    flight_id: int | None = None,
    traveller_id: int | None = None,
    band: str | None = None,
    source: str | None = None,
    status: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[HitRecord]:
    """Hits matching every filter given, most pressing first (urgent, severity, score)."""
    statement = select(hits).order_by(
        hits.c.urgent.desc(), hits.c.severity.desc(), hits.c.score.desc(), hits.c.id
    )
    for column, value in (
        (hits.c.flight_id, flight_id),
        (hits.c.traveller_id, traveller_id),
        (hits.c.band, band),
        (hits.c.source, source),
        (hits.c.status, status),
    ):
        if value is not None:
            statement = statement.where(column == value)
    rows = connection.execute(statement.limit(limit).offset(offset)).mappings()
    return [HitRecord(**{name: row[name] for name in _FIELDS}) for row in rows]


_FIELDS = tuple(HitRecord.__dataclass_fields__)

__all__ = ["HitRecord", "list_hits", "record_hit"]
