"""The travellers a rule set is evaluated on, held in memory as rows by entity.

A frame has one *position* per traveller row (a flight's API and PNR rows are two
positions, as they are two rows for the SQL compiler). For each catalogue entity it
holds, per position, the one row (or None) or the list of rows the traveller has;
values of a column are normalised once per frame (`values`) and indexed by value
(`index`) when a rule set asks, so 500 rules share one pass over each column.

Frames are built from traveller views (`from_views`, the check-in screen's single
traveller) or loaded for a whole flight (`flight_frame.load_flight_frame`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from paxscreen.screening.rules.catalogue import ENTITIES
from paxscreen.screening.rules.oracle import (
    OracleEnvironment,
    TravellerView,
    environment_for,
    normalise_each,
    rows_of,
)
from paxscreen.screening.rules.values import FieldType, to_epoch_seconds

Row = Mapping[str, Any]
_NO_ROWS: tuple[Row, ...] = ()


@dataclass(slots=True)
class TravellerFrame:
    """Rows by entity for `size` traveller positions, plus the rules' environment.

    `one[entity][position]` is a row or None (entities a traveller has one of);
    `many[entity][position]` the rows (entities a traveller has many of). For contacts
    (`Link.MANY_BY_EITHER`) the traveller's own rows come first and `own[entity]`
    counts them: explanations prefer the traveller's own contact, as SQL does.
    """

    size: int
    environment: OracleEnvironment
    one: dict[str, list[Row | None]] = field(default_factory=dict)
    many: dict[str, list[Sequence[Row]]] = field(default_factory=dict)
    own: dict[str, list[int]] = field(default_factory=dict)
    everyone: frozenset[int] = frozenset()
    departure_seconds: int | None = None
    results: dict[Any, frozenset[int]] = field(default_factory=dict)  # condition key -> positions
    _values: dict[tuple[str, ...], list[Any]] = field(default_factory=dict)
    _indexes: dict[tuple[str, str], dict[Any, set[int]]] = field(default_factory=dict)
    _sorted: dict[tuple[str, ...], tuple[list[Any], list[int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.everyone = frozenset(range(self.size))
        self.departure_seconds = to_epoch_seconds(self.environment.departure)

    @classmethod
    def from_views(
        cls, views: Sequence[TravellerView], environment: OracleEnvironment
    ) -> TravellerFrame:
        """A frame over oracle views (one environment for all: one flight)."""
        frame = cls(len(views), environment)
        for name, spec in ENTITIES.items():
            if spec.link.is_many:
                frame.many[name] = [rows_of(view, name) for view in views]
            else:
                frame.one[name] = [next(iter(rows_of(view, name)), None) for view in views]
        return frame

    @classmethod
    def of_view(
        cls, view: TravellerView, lists: Mapping[str, frozenset[str]] | None = None
    ) -> TravellerFrame:
        """A frame of one traveller (the check-in screen)."""
        return cls.from_views([view], environment_for(view, lists or {}))

    def rows(self, entity: str, position: int) -> Sequence[Row]:
        """The rows of an entity at a position, as a sequence whatever its cardinality."""
        if entity in self.many:
            return self.many[entity][position]
        found = self.one.get(entity)
        row = found[position] if found is not None else None
        return _NO_ROWS if row is None else (row,)

    def values(self, entity: str, column: str, field_type: FieldType) -> list[Any]:
        """Per position the normalised value (one-valued entities) or the tuple of
        normalised values (many-valued ones); computed once per frame."""
        key = (entity, column)
        found = self._values.get(key)
        if found is None:
            if entity in self.many:
                many = self.many[entity]
                flat = normalise_each(
                    field_type, [row.get(column) for rows in many for row in rows]
                )
                found, start = [], 0
                for rows in many:
                    found.append(tuple(flat[start : start + len(rows)]))
                    start += len(rows)
            else:
                one = self.one.get(entity) or [None] * self.size
                found = normalise_each(
                    field_type, [None if row is None else row.get(column) for row in one]
                )
            self._values[key] = found
        return found

    def epoch_seconds(self, entity: str, column: str, field_type: FieldType) -> list[Any]:
        """`values` as whole seconds since 1970 (date arithmetic relative to departure)."""
        key = (entity, column, "epoch")
        found = self._values.get(key)
        if found is None:
            values = self.values(entity, column, field_type)
            if entity in self.many:
                found = [tuple(to_epoch_seconds(value) for value in items) for items in values]
            else:
                found = [to_epoch_seconds(value) for value in values]
            self._values[key] = found
        return found

    def sorted_values(
        self, entity: str, column: str, field_type: FieldType
    ) -> tuple[list[Any], list[int]]:
        """Every non-missing value of the column in order, with the position it belongs
        to (a position once per row), for range and prefix tests by bisection."""
        key = (entity, column, "sorted")
        found = self._sorted.get(key)
        if found is None:
            many = entity in self.many
            pairs = sorted(
                (item, position)
                for position, value in enumerate(self.values(entity, column, field_type))
                for item in (value if many else (value,))
                if item is not None
            )
            found = ([item for item, _ in pairs], [position for _, position in pairs])
            self._sorted[key] = found
        return found

    def index(self, entity: str, column: str, field_type: FieldType) -> dict[Any, set[int]]:
        """Normalised value -> the positions that have it (any of their rows, for
        many-valued entities); None is never a key."""
        key = (entity, column)
        found = self._indexes.get(key)
        if found is None:
            found = {}
            many = entity in self.many
            for position, value in enumerate(self.values(entity, column, field_type)):
                for item in value if many else (value,):
                    if item is not None:
                        found.setdefault(item, set()).add(position)
            self._indexes[key] = found
        return found


__all__ = ["Row", "TravellerFrame"]
