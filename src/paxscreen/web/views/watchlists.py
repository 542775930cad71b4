"""Per-list statistics for the watchlists screen: hits, decisions and port outcomes.

Watchlist hits cite their entry as "<list name>:<entry id>" (the screener's
`source_id`), so counting by the part before the last colon gives the list.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from paxscreen.store.hit_tables import hits
from paxscreen.vetting.lookouts import outcome_counts

TRUE_MATCH = frozenset({"true_match", "referred"})


def _list_of(source_id: str) -> str:
    return source_id.rpartition(":")[0] or source_id


def list_statistics(connection: Connection) -> dict[str, dict[str, Any]]:
    """{list name: {hits, true_matches, false_positives, outcomes: {code: n}}}."""
    stats: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"hits": 0, "true_matches": 0, "false_positives": 0, "outcomes": {}}
    )
    rows = connection.execute(
        select(hits.c.source_id, hits.c.status, func.count())
        .where(hits.c.source == "watchlist")
        .group_by(hits.c.source_id, hits.c.status)
    )
    for source_id, status, count in rows:
        item = stats[_list_of(source_id)]
        item["hits"] += count
        item["true_matches"] += count if status in TRUE_MATCH else 0
        item["false_positives"] += count if status == "false_positive" else 0
    for source_id, outcomes in outcome_counts(connection, "watchlist").items():
        item = stats[_list_of(source_id)]
        for outcome, count in outcomes.items():
            item["outcomes"][outcome] = item["outcomes"].get(outcome, 0) + count
    return dict(stats)
