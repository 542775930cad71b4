"""The exception tree of paxscreen.

    PaxscreenError
    ├── ConfigurationError        bad PAXSCREEN_* setting (one line, names the variable)
    ├── MessageError              input that cannot be read at all
    │   ├── EdifactSyntaxError    no readable UNH/segment structure (carries a Position)
    │   └── UnsupportedMessageError  readable, but not a message type we know
    ├── StoreError                database problems translated at the store boundary
    │   └── NotFoundError
    ├── ImportFormatError         a watchlist / rule / CSV file with a bad record (where, why)
    ├── RuleError                 an invalid or refused targeting rule
    └── PermissionDeniedError     a user acting outside their role

Odd-but-readable input never raises: parsers return findings instead.
"""

from __future__ import annotations

from paxscreen.findings import Position


class PaxscreenError(Exception):
    """Root of every error paxscreen raises on purpose."""


class ConfigurationError(PaxscreenError):
    def __init__(self, variable: str, reason: str) -> None:
        self.variable = variable
        self.reason = reason
        super().__init__(f"{variable}: {reason}")


class MessageError(PaxscreenError):
    """The input could not be read as a message; the caller still holds the raw bytes."""


class EdifactSyntaxError(MessageError):
    def __init__(self, message: str, position: Position | None = None) -> None:
        self.position = position
        where = f" at line {position.line}, column {position.column}" if position else ""
        super().__init__(f"{message}{where}")


class UnsupportedMessageError(MessageError):
    pass


class StoreError(PaxscreenError):
    pass


class NotFoundError(StoreError):
    pass


class ImportFormatError(PaxscreenError):
    """A record of an imported file is bad: says which file, which line or record, and why."""

    def __init__(self, reason: str, *, source: str = "", line: int | None = None) -> None:
        self.reason = reason
        self.source = source
        self.line = line
        where = source
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {reason}" if where else reason)


class RuleError(PaxscreenError):
    pass


class PermissionDeniedError(PaxscreenError):
    pass
