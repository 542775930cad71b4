"""Link analysis: identity resolution throughput and quality; 2-hop network queries at scale.

- `links-identity`: a population of people who fly several times, with the small
  variations of real traffic (a typo in the surname, a second passport, no date of
  birth in a PNR) and namesakes (common names, other dates of birth), loaded flight
  by flight and resolved as ingestion does. Reports records/s and pairwise
  precision/recall against the known persons.
- `links-network`: a PostgreSQL store filled server-side (generate_series) with
  PAXSCREEN_BENCH_LINK_TRAVELLERS traveller records (default 2,000,000) in bookings of
  two, sharing phones, e-mails and cards as real bookings do, plus hub values; then
  2-hop neighbourhoods of random identities (p50/p95).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import statistics
import time

from sqlalchemy import Engine, text

from bench.bench_store import _postgres, _postgres_url, _sqlite
from bench.harness import Result
from paxscreen.model import PartialDate, PersonName, TravelDocument, Traveller
from paxscreen.screening.links.graph import GraphOptions, neighbourhood, node_id
from paxscreen.screening.links.identity import IdentityOptions, resolve_identities
from paxscreen.store.link_tables import identity_links
from paxscreen.store.travellers_repo import save_travellers

PEOPLE = 3_000
FLIGHT_SIZE = 200
SURNAMES = [
    "SMITH",
    "KHAN",
    "GARCIA",
    "NGUYEN",
    "MULLER",
    "ROSSI",
    "IVANOV",
    "OKAFOR",
    "SILVA",
    "KIM",
    "HASSAN",
    "MARTIN",
    "PATEL",
    "WANG",
    "COHEN",
    "NOVAK",
    "DUBOIS",
    "YILMAZ",
    "SATO",
    "LOPEZ",
]
GIVEN = [
    "JOHN",
    "MARIA",
    "AHMED",
    "ANNA",
    "MOHAMMED",
    "WEI",
    "OLGA",
    "JOSE",
    "FATIMA",
    "DAVID",
    "SARA",
    "ALI",
    "ELENA",
    "PETER",
    "AISHA",
    "LUCA",
    "YUKI",
    "OMAR",
    "EMMA",
    "IVAN",
]


def _typo(word: str, rng: random.Random) -> str:
    position = rng.randrange(1, len(word))
    return word[:position] + rng.choice("AEIOUNRST") + word[position + 1 :]


def _population(rng: random.Random) -> list[tuple[int, Traveller]]:
    """(person number, traveller record): every person appears 1-4 times."""
    records = []
    for person in range(PEOPLE):
        surname = rng.choice(SURNAMES) + (
            rng.choice(["", "", "SON", "OVA", "EZ"]) if person % 3 else ""
        )
        given = rng.choice(GIVEN)
        dob = PartialDate(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
        passport = f"P{person:07d}"
        for _ in range(rng.choice([1, 2, 2, 3, 4])):
            name = _typo(surname, rng) if rng.random() < 0.15 else surname
            document = f"Q{person:07d}" if rng.random() < 0.2 else passport
            has_dob = rng.random() > 0.1
            records.append(
                (
                    person,
                    Traveller(
                        name=PersonName(surname=name, given_names=given),
                        date_of_birth=dob if has_dob else None,
                        documents=[TravelDocument(type="P", number=document, issuing_state="GBR")],
                    ),
                )
            )
    rng.shuffle(records)
    return records


def _pairwise(truth: dict[int, int], found: dict[int, int]) -> tuple[float, float]:
    def pairs(groups: dict[int, int]) -> set[tuple[int, int]]:
        by_group: dict[int, list[int]] = {}
        for record, group in groups.items():
            by_group.setdefault(group, []).append(record)
        return {
            pair
            for members in by_group.values()
            for pair in itertools.combinations(sorted(members), 2)
        }

    true_pairs, found_pairs = pairs(truth), pairs(found)
    agree = len(true_pairs & found_pairs)
    return agree / max(1, len(found_pairs)), agree / max(1, len(true_pairs))


def _measure_identity(engine: Engine) -> list[object]:
    records = _population(random.Random(7))
    options = IdentityOptions(fingerprint_key=b"bench" * 8)
    truth: dict[int, int] = {}
    started = time.perf_counter()
    resolving = 0.0
    for start in range(0, len(records), FLIGHT_SIZE):
        batch = records[start : start + FLIGHT_SIZE]
        with engine.begin() as connection:
            ids = save_travellers(connection, [traveller for _, traveller in batch], source="api")
            truth.update(zip(ids, (person for person, _ in batch), strict=True))
            resolve_started = time.perf_counter()
            resolve_identities(connection, ids, options=options, now=dt.datetime.now(dt.UTC))
            resolving += time.perf_counter() - resolve_started
    total = time.perf_counter() - started
    with engine.connect() as connection:
        found = dict(
            connection.execute(
                identity_links.select().with_only_columns(
                    identity_links.c.traveller_id, identity_links.c.identity_id
                )
            ).all()
        )
    precision, recall = _pairwise(truth, found)
    return [len(records), PEOPLE, len(records) / resolving, len(records) / total, precision, recall]


def bench_links_identity() -> Result:
    result = Result(
        title="Links: identity resolution",
        columns=[
            "database",
            "records",
            "people",
            "resolved/s",
            "loaded+resolved/s",
            "pair precision",
            "pair recall",
        ],
        notes=[
            f"{PEOPLE:,} people flying 1-4 times each; 15% of records with a surname typo, 20% "
            "with a second passport, 10% without date of birth; 20 surnames and 20 given names "
            "make many namesakes. Loaded in flights of 200 API records, resolved after each.",
            "Pairwise precision/recall: pairs of records put in one identity vs pairs that are one person.",
        ],
    )
    databases = [("SQLite", _sqlite)]
    url = _postgres_url()
    if url:
        databases.append(("PostgreSQL", lambda: _postgres(url)))
    for name, open_database in databases:
        with open_database() as engine:  # type: ignore[operator]
            result.rows.append([name, *_measure_identity(engine)])
    return result


def _fill_network(engine: Engine, travellers_count: int) -> None:
    bookings_count = travellers_count // 2
    people = int(travellers_count * 0.7)
    statements = [
        """INSERT INTO flights (id, flight_key, carrier, number, direction, cancelled, sources, created_at,
               updated_at, departure_date)
           SELECT g, 'XQ' || g || '/2026-01-01/IST', 'XQ', g::text, 'unknown', false, '{}'::jsonb, now(), now(),
                  date '2026-01-01' + (g % 60) FROM generate_series(1, :flights) g""",
        """INSERT INTO bookings (id, record_locator, status, sensitive_removed, sensitive_codes, version_number,
               superseded, sources, created_at, updated_at)
           SELECT g, 'R' || g, 'active', 0, '[]'::jsonb, 1, false, '{}'::jsonb, now(), now()
           FROM generate_series(1, :bookings) g""",
        """INSERT INTO travellers (id, flight_id, booking_id, source, role, ticket_numbers, sources, created_at,
               updated_at, person_id)
           SELECT g, 1 + (g / 2) % :flights, 1 + (g - 1) / 2, 'pnr', 'passenger', '[]'::jsonb, '{}'::jsonb,
                  now(), now(), (1 + (g::bigint * 7919) % :people)::text
           FROM generate_series(1, :travellers) g""",
        """INSERT INTO traveller_names (traveller_id, position, raw, surname, given_names, source, name_key)
           SELECT g, 0, '', 'S' || (g % 50000), 'G' || (g % 97), 'tif', 'G' || (g % 97) || ' S' || (g % 50000)
           FROM generate_series(1, :travellers) g""",
        """INSERT INTO phones (booking_id, position, raw, e164, sources)
           SELECT g, 0, 'x', CASE WHEN g % 1000 = 0 THEN '+18005550100'
                                  ELSE '+4470' || lpad(((g::bigint * 2654435761) % (:bookings / 2))::text, 8, '0') END,
                  '{}'::jsonb
           FROM generate_series(1, :bookings) g""",
        """INSERT INTO emails (booking_id, position, raw, normalised, sources)
           SELECT g, 0, 'x', 'm' || ((g::bigint * 40503) % (:bookings * 2 / 3)) || '@example.org', '{}'::jsonb
           FROM generate_series(1, :bookings) g""",
        """INSERT INTO payments (booking_id, position, type, card_hash, sources)
           SELECT g, 0, 'CC', md5(((g::bigint * 69069) % (:bookings / 3))::text), '{}'::jsonb
           FROM generate_series(1, :bookings) g""",
        "ANALYZE",
    ]
    parameters = {
        "flights": max(1, travellers_count // 250),
        "bookings": bookings_count,
        "travellers": travellers_count,
        "people": people,
    }
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), parameters)


def bench_links_network() -> Result:
    count = int(os.environ.get("PAXSCREEN_BENCH_LINK_TRAVELLERS", "2000000"))
    result = Result(
        title="Links: 2-hop neighbourhood on PostgreSQL",
        columns=["traveller records", "fill (s)", "queries", "p50 (ms)", "p95 (ms)", "mean nodes"],
        notes=[
            "Bookings of two; each phone shared by ~2 bookings, each e-mail by ~1.5, each card by ~3; "
            "every 1,000th booking uses one hub phone (not followed). 70% as many identities as records.",
            "Query: identity -> its bookings and flights -> their people, phones, e-mails, cards (2 hops), "
            "with node labels, as the API answers it.",
            "Set PAXSCREEN_BENCH_LINK_TRAVELLERS for another size (the goal is stated at 10,000,000).",
        ],
    )
    url = _postgres_url()
    if not url:
        result.notes.append("PostgreSQL did not answer: nothing measured.")
        return result
    rng = random.Random(11)
    with _postgres(url) as engine:
        started = time.perf_counter()
        _fill_network(engine, count)
        fill = time.perf_counter() - started
        timings, sizes = [], []
        options = GraphOptions()
        with engine.connect() as connection:
            for _ in range(200):
                start = node_id("identity", rng.randint(1, int(count * 0.7)))
                began = time.perf_counter()
                network = neighbourhood(connection, start, hops=2, options=options)
                timings.append((time.perf_counter() - began) * 1000)
                sizes.append(len(network.nodes))
        timings.sort()
        result.rows.append(
            [
                count,
                fill,
                len(timings),
                statistics.median(timings),
                timings[int(len(timings) * 0.95) - 1],
                statistics.mean(sizes),
            ]
        )
    return result


BENCHMARKS = {"links-identity": bench_links_identity, "links-network": bench_links_network}
