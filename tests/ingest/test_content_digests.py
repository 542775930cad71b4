"""Content fingerprints keep their stored values, however their walk is made faster.

Digests of content forms are stored (bookings.elements_digest, PNR and API
traveller fingerprints), so `content_fingerprint` must give, for every value, the
digest of the original plain walk kept here as `reference_fingerprint`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paxscreen.demo.generator import GenerateOptions, generate
from paxscreen.ingest.fingerprint import content_fingerprint
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.model import (
    Booking,
    BookingStatus,
    PartialDate,
    PersonName,
    Provenance,
    RecordLocator,
    Remark,
    Traveller,
    TravellerRole,
)
from paxscreen.store.bookings_repo import ELEMENT_FIELDS

ROOT = Path(__file__).resolve().parents[2]
MESSAGE_FOLDERS = (ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "samples")

# the original algorithm, as it stood when the digests were first stored
_NOT_CONTENT = frozenset({"sources", "message_id", "push_function", "pushed_flight"})


def reference_content(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [reference_content(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value) if f.name not in _NOT_CONTENT]
        return [reference_content(getattr(value, name)) for name in names]
    if isinstance(value, dict):
        return {str(key): reference_content(item) for key, item in sorted(value.items())}
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def reference_fingerprint(value: object) -> str:
    text = json.dumps(reference_content(value), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _digested(booking: Booking) -> Iterator[object]:
    """What ingestion fingerprints of a PNR: the booking, its element fields, its travellers."""
    yield booking
    yield [getattr(booking, name) for name in ELEMENT_FIELDS]
    yield from booking.travellers


def _message_values(raw: bytes) -> Iterator[object]:
    for parsed in parse_interchange(raw, message_id="m"):
        yield from parsed.travellers
        for booking in parsed.bookings:
            yield from _digested(booking)


def test_fixture_and_sample_messages_keep_their_digests() -> None:
    files = sorted(
        path
        for folder in MESSAGE_FOLDERS
        for path in folder.rglob("*")
        if path.suffix in (".edi", ".xml", ".txt")
    )
    values: list[object] = []
    for path in files:
        try:
            values += _message_values(path.read_bytes())
        except Exception:  # noqa: BLE001 - unreadable on purpose: nothing to digest
            continue
    assert len(values) > 50
    assert [content_fingerprint(v) for v in values] == [reference_fingerprint(v) for v in values]


def test_demo_traffic_keeps_its_digests(tmp_path: Path) -> None:
    generate(GenerateOptions(out=tmp_path, flights=1, seed=11, start=dt.date(2026, 3, 1)))
    values = [
        value
        for path in sorted((tmp_path / "messages").rglob("*"))
        if path.is_file()
        for value in _message_values(path.read_bytes())
    ]
    assert any(isinstance(v, Booking) for v in values)
    assert any(isinstance(v, Traveller) and v.documents for v in values)
    assert [content_fingerprint(v) for v in values] == [reference_fingerprint(v) for v in values]


# values of other types than the annotations say
_ZONES = st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=-5))])
_ODD: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=4),
    st.sampled_from([*TravellerRole, *BookingStatus]),
    st.decimals(),
    st.dates(),
    st.datetimes(timezones=_ZONES),
    st.times(),
    st.tuples(st.text(max_size=3), st.integers()),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.deferred(lambda: _records(RecordLocator)),
    st.deferred(lambda: _records(PersonName)),
)
_PARTIAL_DATES = st.one_of(
    st.builds(PartialDate.from_date, st.dates()),
    st.builds(PartialDate, st.integers(1, 9999)),
)
_SOURCES = st.dictionaries(
    st.sampled_from(["", "name"]), st.builds(Provenance, st.text(max_size=3)), max_size=1
)


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    """Values of the annotated type, every field of nested dataclasses filled."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return st.one_of([_strategy(member) for member in typing.get_args(hint)])
    if typing.get_origin(hint) is list:
        return st.lists(_strategy(typing.get_args(hint)[0]), max_size=2)
    if typing.get_origin(hint) is dict:
        return _SOURCES
    simple: dict[Any, st.SearchStrategy[Any]] = {
        type(None): st.none(),
        str: st.text(max_size=6),
        int: st.integers(),
        bool: st.booleans(),
        Decimal: st.decimals(places=2, allow_nan=False),
        dt.date: st.dates(),
        dt.datetime: st.datetimes(timezones=_ZONES),
        PartialDate: _PARTIAL_DATES,
    }
    if hint in simple:
        return simple[hint]
    if issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    return st.deferred(lambda: _records(hint))


def _records(cls: type) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields = {
        f.name: st.one_of(_strategy(hints[f.name]), _ODD) if f.name != "sources" else _SOURCES
        for f in dataclasses.fields(cls)
    }
    return st.builds(cls, **fields)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_records(Booking), _records(Traveller)))
def test_model_objects_keep_their_digests(value: Booking | Traveller) -> None:
    assert content_fingerprint(value) == reference_fingerprint(value)
    if isinstance(value, Booking):
        elements = [getattr(value, name) for name in ELEMENT_FIELDS]
        assert content_fingerprint(elements) == reference_fingerprint(elements)
        assert content_fingerprint(tuple(elements)) == reference_fingerprint(elements)


@dataclass
class _Node:
    label: str
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None


@dataclass
class _Unresolved:
    value: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821
    sources: dict[str, Provenance] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class _LongerRemark(Remark):
    extra: str = "x"


class _Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        _Node("a", [_Node("b"), _Node("c", [_Node("d")])], parent=_Node("root")),
        _Unresolved(value=[PartialDate(1965, 6), Decimal("1.50"), dt.time(7, 5)]),
        _LongerRemark(kind="SSR", text="DOCS"),
        [Remark(kind=_Text("SSR"), text=BookingStatus.ACTIVE)],
        (RecordLocator(locator="ABC123"), {"b": 2, "a": (1, 2.5)}, None, True),
        Traveller(name=RecordLocator(locator="X"), documents=(PartialDate(2001),)),  # type: ignore[arg-type]
    ],
    ids=["self-referring", "unresolved", "subclass", "subtypes", "mixed", "wrong-types"],
)
def test_unusual_values_keep_their_digests(value: object) -> None:
    assert content_fingerprint(value) == reference_fingerprint(value)
