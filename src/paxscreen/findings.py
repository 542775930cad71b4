"""Positions and findings: the leaf types every layer shares.

A parser never crashes on an odd message: it records a `Finding` with the exact
`Position` of what was odd and keeps reading. These two types are used by the
EDIFACT tokenizer, the message parsers, the model (a message carries its findings)
and the store, so they live in this standard-library-only leaf module that any
layer may import.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Position:
    """Where something stands in a raw message (all 0-based but line/column, 1-based)."""

    offset: int = 0
    line: int = 1
    column: int = 1
    segment: int = 0
    element: int | None = None
    component: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    position: Position | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the `paxscreen parse --json` contract."""
        position = self.position
        return {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "segment_index": position.segment if position else None,
            "line": position.line if position else None,
            "column": position.column if position else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        position = None
        if data.get("line") is not None or data.get("segment_index") is not None:
            position = Position(
                segment=data.get("segment_index") or 0,
                line=data.get("line") or 1,
                column=data.get("column") or 1,
            )
        return cls(
            code=data["code"],
            severity=Severity(data["severity"]),
            message=data["message"],
            position=position,
        )


__all__ = ["Finding", "Position", "Severity"]
