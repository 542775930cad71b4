"""(b) of the evaluation: the demo generator's planted ground truth.

`paxscreen.demo` writes `ground_truth.json` (who was planted on which flight and what
should find them) beside `watchlists/demo-watchlist.csv` and
`watchlists/lost-stolen-documents.csv`. Each planted traveller is screened here, from
the names, date of birth, nationality and document the ground truth records, against
those files, with the same `Matcher` the system uses; an expectation "hit" is met
when its entry comes back at review or alert, "no-alert" when it does not alert.
When no demo directory is given, a small one is generated in a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from bench.eval_names import ALERT, REVIEW
from paxscreen.model.dates import PartialDate
from paxscreen.screening.documents import read_document_list
from paxscreen.screening.names import DateSpec, Document, Subject, normalise_name
from paxscreen.screening.names.matcher import Matcher
from paxscreen.screening.watchlists import read_watchlist
from paxscreen.screening.watchlists.countries import to_iso2


def demo_directory(given: Path | None) -> Path | None:
    """The demo output to evaluate: the given one, or a freshly generated small one."""
    if given is not None:
        return given if (given / "ground_truth.json").exists() else None
    try:
        from paxscreen.demo.generator import GenerateOptions, generate
    except ImportError:
        return None
    out = Path(tempfile.mkdtemp(prefix="paxscreen-demo-eval-"))
    generate(GenerateOptions(out=out, flights=8, start=dt.date(2026, 11, 27)))
    return out


def _subject(record: dict[str, Any]) -> Subject:
    names = [
        normalise_name(
            given_names=record.get(f"{side}_given_names") or "",
            surname=record.get(f"{side}_surname") or "",
        )
        for side in ("booked", "document")
        if record.get(f"{side}_surname")
    ]
    born = record.get("date_of_birth")
    nationality = to_iso2(record.get("nationality"))
    number = record.get("document_number")
    return Subject(
        names=[name for name in names if name.tokens],
        dates_of_birth=[DateSpec(PartialDate.parse(born))] if born else [],
        nationalities=frozenset({nationality}) if nationality else frozenset(),
        documents=[Document(number, nationality)] if number else [],
    )


def evaluate_ground_truth(directory: Path) -> tuple[Counter[str], list[str]]:
    """Counts of met/missed expectations per scenario kind, and the misses explained."""
    watchlist = read_watchlist(directory / "watchlists" / "demo-watchlist.csv", format="csv")
    documents = read_document_list(directory / "watchlists" / "lost-stolen-documents.csv")
    entries = watchlist.entries
    matcher = Matcher.from_subjects(
        [e.to_subject() for e in entries], review_threshold=REVIEW, alert_threshold=ALERT
    )
    truth = json.loads((directory / "ground_truth.json").read_text(encoding="utf-8"))
    tally: Counter[str] = Counter()
    misses: list[str] = []
    for scenario in truth["scenarios"]:
        for expected in scenario["expected"]:
            if expected["by"] not in ("watchlist", "document-list"):
                continue
            for record in scenario["travellers"]:
                if expected.get("person_id") and record.get("person_id") != expected["person_id"]:
                    continue
                subject = _subject(record)
                if expected["by"] == "document-list":
                    met = bool(
                        documents.check(
                            record.get("document_number") or "", record.get("nationality")
                        )
                    )
                else:
                    scores = [
                        m.score
                        for m in matcher.screen(subject, top=10)
                        if entries[m.entry].entry_id == expected["entry_id"]
                    ]
                    best = max(scores, default=0.0)
                    met = best >= REVIEW if expected["outcome"] == "hit" else best < ALERT
                tally[f"{scenario['kind']} {'met' if met else 'missed'}"] += 1
                if not met:
                    misses.append(
                        f"{scenario['kind']}: {record.get('booked_given_names')} "
                        f"{record.get('booked_surname')} -> {expected}"
                    )
    return tally, misses


__all__ = ["demo_directory", "evaluate_ground_truth"]
