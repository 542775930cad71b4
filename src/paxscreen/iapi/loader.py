"""Build the check-in screen from the database: lists, check-in rules, confirmations.

- watchlists and document lists: the active versions, from the watchlist store;
- check-in rules: active targeting rules whose category is `checkin`;
- named lists: all of them (rules may test "in named list");
- confirmed identities: for every watchlist entry with a hit an analyst confirmed as
  a true match, the document numbers of that traveller: the same passport at a later
  check-in is a confirmed identity, which a no-board list turns into 1Z.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import Connection, Engine, select

from paxscreen.config import Settings
from paxscreen.iapi.checks import CheckPolicy
from paxscreen.iapi.screening import CHECKIN_CATEGORY, CheckinScreen
from paxscreen.screening.documents import DocumentList
from paxscreen.screening.rules.named_lists import named_list_values
from paxscreen.screening.rules.screen import load_active_rules
from paxscreen.screening.watchlists.model import Watchlist
from paxscreen.store.hit_tables import hits
from paxscreen.store.tables import documents
from paxscreen.store.vetting_tables import hit_dispositions

WatchlistSource = Callable[[Connection], tuple[list[Watchlist], DocumentList | None]]


def confirmed_documents(connection: Connection) -> dict[str, frozenset[str]]:
    query = (
        select(hits.c.source_id, documents.c.number_key)
        .join(hit_dispositions, hit_dispositions.c.hit_id == hits.c.id)
        .join(documents, documents.c.traveller_id == hits.c.traveller_id)
        .where(hits.c.source == "watchlist", hit_dispositions.c.disposition == "true_match")
    )
    found: dict[str, set[str]] = defaultdict(set)
    for entry_id, number_key in connection.execute(query):
        found[entry_id].add(number_key)
    return {entry_id: frozenset(keys) for entry_id, keys in found.items()}


def stored_watchlists(connection: Connection) -> tuple[list[Watchlist], DocumentList | None]:
    """The active watchlists and document lists kept by the watchlist store."""
    from paxscreen.screening.watchlists import store  # type: ignore[attr-defined]

    return store.active_watchlists(connection), store.active_document_list(connection)


def load_checkin_screen(
    engine: Engine, settings: Settings, *, source: WatchlistSource = stored_watchlists
) -> CheckinScreen:
    with engine.connect() as connection:
        watchlists, document_list = source(connection)
        rules = [
            rule for rule in load_active_rules(connection) if rule.spec.category == CHECKIN_CATEGORY
        ]
        screen = CheckinScreen.build(
            watchlists,
            review_threshold=settings.screening.review_threshold,
            alert_threshold=settings.screening.alert_threshold,
            documents=document_list,
            rules=rules,
            named_lists=named_list_values(connection),
            confirmed=confirmed_documents(connection),
            no_board_categories=frozenset(settings.iapi.no_board_categories),
            check_policy=CheckPolicy(
                decisive_checks=frozenset(settings.iapi.decisive_checks),
                visa_required={
                    k.upper(): frozenset(v) for k, v in settings.iapi.visa_required.items()
                },
            ),
        )
    return screen


__all__ = ["confirmed_documents", "load_checkin_screen", "stored_watchlists"]
