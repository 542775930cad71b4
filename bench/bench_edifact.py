"""EDIFACT tokenizer and PAXLST parser vs pydifact's tokenizer, on the same bytes, same run.

The input is a generated PAXLST D05B passenger list of 20,000 travellers (one
flight, each traveller with name and address, sex, date of birth, embarkation,
debarkation, nationality, record locator, passenger reference, seat, passport
with expiry and issuing state: 14 segments each), written by our own PAXLST writer.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable

from bench.harness import Result
from paxscreen.edifact import tokenize
from paxscreen.messages import parse_interchange
from paxscreen.messages.paxlst_writer import write_paxlst
from paxscreen.model import (
    Flight,
    FlightLeg,
    Message,
    PartialDate,
    PersonName,
    Seat,
    TravelDocument,
    Traveller,
)

TRAVELLERS = 20_000
_SURNAMES = ["DOE", "SMITH", "OZUNA", "MUELLER", "GARCIA LOPEZ", "NGUYEN", "KOWALSKI", "DUBOIS"]
_GIVEN = ["JOHN WAYNE", "MARIA", "ANNA LENA", "WEI", "OMAR", "PIERRE", "SVETLANA", "ALI"]
_COUNTRIES = ["USA", "DEU", "FRA", "GBR", "CHN", "BRA", "IND", "NGA"]


def generate_manifest(travellers: int = TRAVELLERS, *, seed: int = 7) -> bytes:
    """A one-flight passenger list with `travellers` fully documented passengers."""
    rng = random.Random(seed)
    departure = dt.datetime(2017, 1, 27, 17, 25)
    flight = Flight(
        carrier="DL",
        number="123",
        origin="FRA",
        destination="IAD",
        departure_local=departure,
        arrival_local=dt.datetime(2017, 1, 28, 7, 10),
    )
    flight.legs.append(
        FlightLeg(
            sequence=1,
            origin="FRA",
            destination="IAD",
            departure_local=flight.departure_local,
            arrival_local=flight.arrival_local,
        )
    )
    people = []
    for index in range(travellers):
        country = rng.choice(_COUNTRIES)
        people.append(
            Traveller(
                name=PersonName(
                    surname=f"{rng.choice(_SURNAMES)}{index}", given_names=rng.choice(_GIVEN)
                ),
                sex=rng.choice("MF"),
                date_of_birth=PartialDate(
                    rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28)
                ),
                nationality=country,
                embarkation="FRA",
                debarkation="IAD",
                record_locator=f"R{index:05d}",
                passenger_reference=f"UPI{index:07d}",
                seats=[Seat(seat=f"{index % 60 + 1}{'ABCDEF'[index % 6]}")],
                addresses=["20 MAIN STREET, ANYCITY, VA, 10053, USA"],
                documents=[
                    TravelDocument(
                        type="P",
                        number=f"P{index:08d}",
                        issuing_state=country,
                        expiry=dt.date(2025, rng.randint(1, 12), rng.randint(1, 28)),
                    )
                ],
            )
        )
    header = Message(
        raw=b"",
        sender="DL",
        recipient="USCSAPIS",
        interchange_reference="1",
        message_reference="1",
        function="745",
        prepared_at=departure,
        part_number=1,
        last_part=True,
    )
    return write_paxlst(header, [flight], people)


def _best_of(repeats: int, function: Callable[[], object]) -> float:
    """The fastest of a few runs: the machine is shared, the minimum is the least disturbed."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _pydifact_tokens(text: str) -> int:
    from pydifact.tokenizer import Tokenizer

    return sum(1 for _ in Tokenizer().get_tokens(text))


def bench_edifact() -> Result:
    raw = generate_manifest()
    megabytes = len(raw) / 1e6
    parsed = parse_interchange(raw)[0]
    assert len(parsed.travellers) == TRAVELLERS
    segments = len(tokenize(raw).segments)
    ours_tokenize = _best_of(5, lambda: tokenize(raw))
    ours_parse = _best_of(5, lambda: parse_interchange(raw))
    text = raw.decode("ascii")
    pydifact_tokenize = _best_of(2, lambda: _pydifact_tokens(text))
    rows: list[list[object]] = [
        [
            "pydifact 0.2.3 tokenizer (tokens only)",
            pydifact_tokenize,
            megabytes / pydifact_tokenize,
            TRAVELLERS / pydifact_tokenize,
            1.0,
        ],
        [
            "paxscreen.edifact.tokenize",
            ours_tokenize,
            megabytes / ours_tokenize,
            TRAVELLERS / ours_tokenize,
            pydifact_tokenize / ours_tokenize,
        ],
        [
            "paxscreen parse_interchange (PAXLST -> model)",
            ours_parse,
            megabytes / ours_parse,
            TRAVELLERS / ours_parse,
            pydifact_tokenize / ours_parse,
        ],
    ]
    return Result(
        title="EDIFACT tokenizer and PAXLST parse vs pydifact",
        columns=["what", "seconds", "MB/s", "travellers/s", "x pydifact tokenizer"],
        rows=rows,
        notes=[
            f"Input: generated PAXLST D05B, {TRAVELLERS:,} travellers, {segments:,} segments, "
            f"{megabytes:.2f} MB, same bytes for every row, same process.",
            "Ours: best of 5 runs; pydifact: best of 2 (each takes several seconds). Full parse = "
            "tokenize + flights, travellers, documents into the canonical model, with findings.",
            "What limits the full parse: one Python object per segment (240,000 Segments) and "
            "building the model itself (20,000 Travellers with names, documents, seats and "
            "provenance take about a third of the parse time on their own, see model-build); "
            "the tokenizer's own work is one str.split per segment.",
            f"Our full parse is {pydifact_tokenize / ours_parse:.1f}x faster than pydifact's "
            "tokenizer alone (goal: 10x); the tokenizer alone is "
            f"{pydifact_tokenize / ours_tokenize:.1f}x faster.",
            f"Load average during the run: {os.getloadavg()[0]:.1f} on a shared machine: compare "
            "the ratios, not the seconds.",
        ],
    )


BENCHMARKS = {"edifact": bench_edifact}
