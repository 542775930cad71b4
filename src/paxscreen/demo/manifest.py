"""The manifest: every message file with its intended delivery time, streamed to disk.

`manifest.json` is one JSON object: the run's options, then `messages` (one
entry per file, written as the generator goes, so memory stays flat however
many there are), then the totals. A loader replays the files in `deliver_at`
order to imitate the live feed; duplicates, out-of-order deliveries and
injected defects are marked on their entries.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any


@dataclass(slots=True, kw_only=True)
class ManifestEntry:
    file: str
    sha256: str
    type: str  # PNRGOV, PAXLST
    format: str  # edifact, xml
    flight_key: str
    flight: str
    push: str  # T-72h, T-24h, T-2h, T-0, check-in-close
    function: str  # 22, 141, 745, 250
    prepared_at: dt.datetime
    deliver_at: dt.datetime
    part: int | None = None
    parts: int | None = None
    pnr_count: int = 0
    traveller_count: int = 0
    duplicate_of: str | None = None
    out_of_order: bool = False
    defects: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["prepared_at"] = self.prepared_at.isoformat()
        data["deliver_at"] = self.deliver_at.isoformat()
        return data


class ManifestWriter:
    """Writes `manifest.json` incrementally and keeps running totals (not the entries)."""

    def __init__(self, path: Path, options: dict[str, Any]) -> None:
        self._handle: IO[str] = path.open("w", encoding="utf-8")
        self._handle.write(
            '{\n"options": ' + json.dumps(options, sort_keys=True) + ',\n"messages": [\n'
        )
        self._first = True
        self.totals: Counter[str] = Counter()

    def add(self, entry: ManifestEntry) -> None:
        self._handle.write(
            ("" if self._first else ",\n") + json.dumps(entry.to_json(), sort_keys=True)
        )
        self._first = False
        self.totals["messages"] += 1
        self.totals[f"messages_{entry.type.lower()}_{entry.format}"] += 1
        if entry.type == "PNRGOV":
            self.totals["pnr_records"] += entry.pnr_count
        else:
            self.totals["api_records"] += entry.traveller_count
        self.totals["duplicates"] += entry.duplicate_of is not None
        self.totals["out_of_order"] += entry.out_of_order
        self.totals["with_defects"] += bool(entry.defects)
        for defect in entry.defects:
            self.totals[f"defect_{defect['code']}"] += 1

    def close(self, extra_totals: dict[str, int]) -> dict[str, int]:
        totals = dict(sorted({**self.totals, **extra_totals}.items()))
        self._handle.write('\n],\n"totals": ' + json.dumps(totals, sort_keys=True) + "\n}\n")
        self._handle.close()
        return totals


def read_manifest(path: Path) -> dict[str, Any]:
    """The whole manifest (tests and small runs; large runs should stream it)."""
    return dict(json.loads(path.read_text(encoding="utf-8")))


__all__ = ["ManifestEntry", "ManifestWriter", "read_manifest"]
