"""Settings an administrator changes on the screen: thresholds and windows.

The environment (`PAXSCREEN_*`) gives the defaults; a row in `app_settings` overrides
one value for every process that builds its settings through `apply_overrides`.
Only the keys listed here can be changed, each within its bounds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from paxscreen.config import Settings
from paxscreen.store.user_tables import app_settings


@dataclass(frozen=True, slots=True)
class Editable:
    key: str  # section.field of Settings
    label: str
    minimum: float
    maximum: float
    integer: bool = False


EDITABLE: tuple[Editable, ...] = (
    Editable("screening.review_threshold", "Name score from which a hit needs review", 0.0, 1.0),
    Editable("screening.alert_threshold", "Name score from which a hit is an alert", 0.0, 1.0),
    Editable(
        "screening.rescreen_window_hours",
        "Hours of flights re-screened after a change",
        1,
        24 * 14,
        integer=True,
    ),
)
_BY_KEY = {item.key: item for item in EDITABLE}


def overrides(connection: Connection) -> dict[str, str]:
    return dict(connection.execute(select(app_settings.c.key, app_settings.c.value)).all())


def save_setting(
    connection: Connection, key: str, raw: str, *, user: str, now: dt.datetime
) -> None:
    """Store one override after checking its type and bounds.

    Raises:
        ValueError: unknown key, not a number, or outside the bounds.
    """
    item = _BY_KEY.get(key)
    if item is None:
        raise ValueError(f"{key} cannot be changed here")
    try:
        value = int(raw) if item.integer else float(raw)
    except ValueError:
        raise ValueError(f"{key}: {raw!r} is not a number") from None
    if not item.minimum <= value <= item.maximum:
        raise ValueError(f"{key} must be between {item.minimum:g} and {item.maximum:g}")
    values = {"value": str(value), "updated_by": user, "updated_at": now}
    if connection.execute(select(app_settings.c.key).where(app_settings.c.key == key)).first():
        connection.execute(update(app_settings).where(app_settings.c.key == key).values(**values))
    else:
        connection.execute(insert(app_settings).values(key=key, **values))


def apply_overrides(settings: Settings, connection: Connection) -> Settings:
    """`settings` with the stored overrides applied (the environment stays the default)."""
    sections: dict[str, dict[str, object]] = {}
    for key, value in overrides(connection).items():
        if key in _BY_KEY:
            section, field = key.split(".", 1)
            sections.setdefault(section, {})[field] = value
    update_values = {
        section: getattr(settings, section).model_copy(update=fields)
        for section, fields in sections.items()
    }
    return settings.model_copy(update=update_values)


def current_values(settings: Settings, connection: Connection) -> list[tuple[Editable, str]]:
    effective = apply_overrides(settings, connection)
    return [
        (item, str(getattr(getattr(effective, item.key.split(".")[0]), item.key.split(".")[1])))
        for item in EDITABLE
    ]
