"""`store.rows`' quick conversions give what the plain dataclass walk gives."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import Table

from paxscreen.findings import Finding, Position, Severity
from paxscreen.model import HistoryEntry, Provenance, Remark
from paxscreen.store.rows import findings_to_json, sources_to_json, to_row
from paxscreen.store.tables import booking_history, remarks


@pytest.mark.parametrize(
    "position",
    [None, Position(), Position(offset=812, line=14, column=3, segment=9, element=2, component=0)],
)
def test_a_finding_keeps_its_position_as_asdict_writes_it(position: Position | None) -> None:
    finding = Finding("pnrgov.odd", Severity.WARNING, "an odd segment", position)
    assert findings_to_json([finding]) == [
        {
            "code": "pnrgov.odd",
            "severity": str(Severity.WARNING),
            "message": "an odd segment",
            "position": dataclasses.asdict(position) if position else None,
        }
    ]
    written = findings_to_json([finding])[0]["position"]
    assert written is None or list(written) == [
        field.name for field in dataclasses.fields(Position)
    ]


@pytest.mark.parametrize(
    ("element", "table"),
    [
        (
            Remark(kind="SSR", code="DOCS", text="a remark", sources={"": Provenance("m-1", 4)}),
            remarks,
        ),
        (HistoryEntry(action="A", description="entry"), booking_history),
    ],
)
def test_to_row_reads_each_field_that_has_a_column(element: Any, table: Table) -> None:
    expected = {
        field.name: getattr(element, field.name)
        for field in dataclasses.fields(element)
        if field.name in table.c
    }
    expected["sources"] = sources_to_json(expected["sources"])
    expected |= {"booking_id": 7}

    row = to_row(element, table, booking_id=7)

    assert row == expected and list(row) == list(expected)
