"""Screeners run by their order; one registered again keeps the place it had."""

import datetime as dt

from paxscreen.config import load_settings
from paxscreen.screening.interface import (
    register_screener,
    registered_screeners,
    screen_flights,
    unregister_screener,
)


def test_a_screener_registered_again_keeps_its_order() -> None:
    saved = registered_screeners()
    for name in saved:
        unregister_screener(name)
    ran: list[str] = []
    try:
        register_screener("late", lambda c, ids, **_: ran.append("late") or 0, order=90)
        register_screener("early", lambda c, ids, **_: ran.append("early") or 0, order=10)
        screener = registered_screeners()["early"]
        unregister_screener("early")
        register_screener("early", screener)  # restored without naming its order
        screen_flights(_NoSavepoints(), [1], settings=load_settings(), now=dt.datetime.now(dt.UTC))
        assert ran == ["early", "late"]
    finally:
        for name in registered_screeners():
            unregister_screener(name)
        for name, screener in saved.items():
            register_screener(name, screener)


class _NoSavepoints:
    """Just enough of a Connection for screen_flights: savepoints that do nothing."""

    def begin_nested(self) -> "_NoSavepoints":
        return self

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass
