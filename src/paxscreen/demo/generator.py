"""`generate`: the whole demo data set, streamed flight by flight to a directory.

Output layout (all under `out`):

    messages/<YYYYMMDD>/<type>_<flight>_<date>_<origin>_<push>[_pNN].edi|xml
    manifest.json          every file, its intended delivery time, duplicates, defects
    ground_truth.json      planted scenarios: who, on which flight, what should find them
    watchlists/demo-watchlist.csv, watchlists/lost-stolen-documents.csv
    rules/demo-rules.json  targeting rules in the rules engine's format

Only one flight's bookings and messages are in memory at a time (plus one day's
schedule and the scenario plan), so memory stays flat at any scale.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from paxscreen.demo.airports import HUBS_BY_SCALE
from paxscreen.demo.api_messages import crew_list_files, passenger_list_files
from paxscreen.demo.manifest import ManifestWriter
from paxscreen.demo.passengers import fill_flight
from paxscreen.demo.people import PersonPool
from paxscreen.demo.planting import Planter
from paxscreen.demo.pnr_messages import pnrgov_files
from paxscreen.demo.rules import demo_rules_json
from paxscreen.demo.scenarios import plan_scenarios
from paxscreen.demo.schedule import ScheduledFlight, schedule_day
from paxscreen.demo.seeding import rng_for
from paxscreen.demo.transport import OutgoingFile, transport_effects
from paxscreen.demo.watchlist_rows import (
    background_documents,
    background_rows,
    documents_csv,
    watchlist_csv,
)


class Scale(StrEnum):
    DEMO = "demo"
    HUB_DAY = "hub-day"
    NATIONAL_DAY = "national-day"


@dataclass(frozen=True, slots=True)
class ScalePreset:
    flights_per_hub: int
    scenario_copies: int
    background_watchlist: int
    background_documents: int


PRESETS = {
    Scale.DEMO: ScalePreset(
        flights_per_hub=24, scenario_copies=1, background_watchlist=300, background_documents=200
    ),
    Scale.HUB_DAY: ScalePreset(
        flights_per_hub=500, scenario_copies=3, background_watchlist=2000, background_documents=2000
    ),
    Scale.NATIONAL_DAY: ScalePreset(
        flights_per_hub=720,
        scenario_copies=10,
        background_watchlist=10000,
        background_documents=10000,
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateOptions:
    out: Path
    scale: Scale = Scale.DEMO
    flights: int | None = None  # per hub per day; default from the scale
    days: int = 1
    seed: int = 1
    start: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())
    defect_share: float = 0.05

    @property
    def hubs(self) -> tuple[str, ...]:
        return HUBS_BY_SCALE[self.scale.value]

    @property
    def flights_per_hub(self) -> int:
        return self.flights if self.flights is not None else PRESETS[self.scale].flights_per_hub

    @property
    def total_flights(self) -> int:
        return self.flights_per_hub * len(self.hubs) * self.days

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            out=str(self.out),
            scale=self.scale.value,
            start=self.start.isoformat(),
            hubs=list(self.hubs),
        )
        return data


def _write(out: Path, item: OutgoingFile) -> None:
    path = out / "messages" / item.entry.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(item.payload)


def _flight_files(
    options: GenerateOptions,
    scheduled: ScheduledFlight,
    planted: list[Any],
    pool: PersonPool,
    counts: dict[str, int],
) -> list[OutgoingFile]:
    rng = rng_for(options.seed, "messages", scheduled.key)
    if not scheduled.pnr_flight:
        return transport_effects(
            rng, crew_list_files(rng, scheduled, defect_share=options.defect_share)
        )
    plans = fill_flight(options.seed, scheduled, pool=pool, today=options.start, planted=planted)
    counts["bookings"] += len(plans)
    counts["travellers"] += sum(len(plan.travellers) for plan in plans)
    files = pnrgov_files(rng, scheduled, plans, defect_share=options.defect_share)
    files += passenger_list_files(rng, scheduled, plans, defect_share=options.defect_share)
    files += crew_list_files(rng, scheduled, defect_share=options.defect_share)
    return transport_effects(rng, files)


def generate(
    options: GenerateOptions, *, on_flight: Callable[[ScheduledFlight], None] | None = None
) -> dict[str, int]:
    """Write the data set to `options.out`; returns the totals (also in the manifest).

    Raises:
        ValueError: an option is out of range (no flights, no days, a share outside 0..1).
    """
    if options.flights_per_hub < 1 or options.days < 1 or not 0 <= options.defect_share <= 1:
        raise ValueError("need at least one flight and one day, and a defect share between 0 and 1")
    out = options.out
    for folder in ("messages", "watchlists", "rules"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    preset = PRESETS[options.scale]
    scenarios = plan_scenarios(
        options.seed, today=options.start, days=options.days, copies=preset.scenario_copies
    )
    planter = Planter(options.seed, scenarios, options.hubs)
    pool = PersonPool(
        options.seed, size=min(50_000, max(500, options.total_flights * 4)), today=options.start
    )
    manifest = ManifestWriter(out / "manifest.json", options.to_json())
    counts = {"flights": 0, "bookings": 0, "travellers": 0}
    for offset in range(options.days):
        day = options.start + dt.timedelta(days=offset)
        for hub in options.hubs:
            flights = schedule_day(options.seed, day, hub, options.flights_per_hub)
            planted = planter.plant(offset, hub, flights)
            for scheduled in flights:
                for item in _flight_files(
                    options, scheduled, planted.get(scheduled.key, []), pool, counts
                ):
                    _write(out, item)
                    manifest.add(item.entry)
                counts["flights"] += 1
                if on_flight is not None:
                    on_flight(scheduled)
    _write_lists(options, scenarios, preset)
    truth = {
        "seed": options.seed,
        "start": options.start.isoformat(),
        "scenarios": planter.ground_truth(),
    }
    (out / "ground_truth.json").write_text(
        json.dumps(truth, indent=1, sort_keys=True), encoding="utf-8"
    )
    return manifest.close(counts)


def _write_lists(options: GenerateOptions, scenarios: list[Any], preset: ScalePreset) -> None:
    rows = [row for scenario in scenarios for row in scenario.watchlist]
    rows += background_rows(options.seed, preset.background_watchlist, options.start)
    (options.out / "watchlists" / "demo-watchlist.csv").write_text(
        watchlist_csv(rows), encoding="utf-8"
    )
    documents = [document for scenario in scenarios for document in scenario.lost_documents]
    documents += background_documents(options.seed, preset.background_documents)
    (options.out / "watchlists" / "lost-stolen-documents.csv").write_text(
        documents_csv(documents), encoding="utf-8"
    )
    (options.out / "rules" / "demo-rules.json").write_text(
        demo_rules_json(options.start), encoding="utf-8"
    )


__all__ = ["PRESETS", "GenerateOptions", "Scale", "generate"]
