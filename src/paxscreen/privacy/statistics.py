"""Statistics without personal data (EU PNR Directive art. 20).

Only counts, grouped by things that identify no one: message type, carrier
(the sender's code), processing status, hit source, band, disposition, lookout
status and outcome. No free text, no identifier of a traveller, booking or
document ever reaches a statistics row, so the export can leave the unit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, distinct, func, select

from paxscreen.store.booking_tables import bookings
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import messages, travellers
from paxscreen.store.vetting_tables import hit_dispositions, lookouts


@dataclass(frozen=True, slots=True)
class StatisticRow:
    metric: str
    dimension: str  # e.g. "carrier=LH,type=PNRGOV"; "" for a total
    value: int


def _between(
    column: ColumnElement[Any], since: dt.datetime, until: dt.datetime
) -> ColumnElement[bool]:
    return (column >= since) & (column < until)


def _grouped(
    connection: Connection, metric: str, query: Any, names: tuple[str, ...]
) -> list[StatisticRow]:
    rows = []
    for row in connection.execute(query):
        *keys, count = row
        dimension = ",".join(
            f"{name}={key if key is not None else '-'}"
            for name, key in zip(names, keys, strict=True)
        )
        rows.append(StatisticRow(metric, dimension, int(count)))
    return sorted(rows, key=lambda row: row.dimension)


def compute_statistics(
    connection: Connection, *, since: dt.datetime, until: dt.datetime
) -> list[StatisticRow]:
    """Every statistic for messages received / records created in [since, until)."""
    in_period_messages = _between(messages.c.received_at, since, until)
    stats: list[StatisticRow] = []
    stats += _grouped(
        connection,
        "messages_received",
        select(messages.c.type, messages.c.sender, func.count())
        .where(in_period_messages)
        .group_by(messages.c.type, messages.c.sender),
        ("type", "carrier"),
    )
    stats += _grouped(
        connection,
        "messages_by_status",
        select(messages.c.status, func.count())
        .where(in_period_messages)
        .group_by(messages.c.status),
        ("status",),
    )
    pnr_query = (
        select(messages.c.sender, func.count(bookings.c.id))
        .select_from(bookings.join(messages, messages.c.id == bookings.c.message_id))
        .where(in_period_messages)
        .group_by(messages.c.sender)
    )
    stats += _grouped(connection, "pnrs_received", pnr_query, ("carrier",))
    in_period_travellers = _between(travellers.c.created_at, since, until)
    stats += _grouped(
        connection,
        "travellers_collected",
        select(travellers.c.source, func.count())
        .where(in_period_travellers)
        .group_by(travellers.c.source),
        ("source",),
    )
    in_period_hits = _between(hits.c.created_at, since, until)
    stats.append(
        StatisticRow(
            "travellers_identified_for_examination",
            "",
            int(
                connection.execute(
                    select(func.count(distinct(hits.c.traveller_id))).where(
                        in_period_hits, hits.c.band != "clear"
                    )
                ).scalar_one()
            ),
        )
    )
    stats += _grouped(
        connection,
        "hits",
        select(hits.c.source, hits.c.band, func.count())
        .where(in_period_hits)
        .group_by(hits.c.source, hits.c.band),
        ("source", "band"),
    )
    stats += _grouped(
        connection,
        "dispositions",
        select(hits.c.source, hit_dispositions.c.disposition, func.count())
        .select_from(hit_dispositions.join(hits, hits.c.id == hit_dispositions.c.hit_id))
        .where(_between(hit_dispositions.c.decided_at, since, until))
        .group_by(hits.c.source, hit_dispositions.c.disposition),
        ("source", "disposition"),
    )
    stats += _grouped(
        connection,
        "lookouts",
        select(lookouts.c.status, lookouts.c.outcome, func.count())
        .where(_between(lookouts.c.created_at, since, until))
        .group_by(lookouts.c.status, lookouts.c.outcome),
        ("status", "outcome"),
    )
    return stats


def to_csv(rows: list[StatisticRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["metric", "dimension", "value"])
    writer.writerows((row.metric, row.dimension, row.value) for row in rows)
    return buffer.getvalue()


def to_json(rows: list[StatisticRow], *, since: dt.datetime, until: dt.datetime) -> dict[str, Any]:
    metrics: dict[str, dict[str, int]] = {}
    for row in rows:
        metrics.setdefault(row.metric, {})[row.dimension or "total"] = row.value
    return {"period": {"from": since.isoformat(), "to": until.isoformat()}, "metrics": metrics}


__all__ = ["StatisticRow", "compute_statistics", "to_csv", "to_json"]
