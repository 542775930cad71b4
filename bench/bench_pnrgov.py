"""PNRGOV reading speed: a 127-PNR push (the size of the largest public sample) and a
2,000-PNR push, as EDIFACT and as XML, from bytes to canonical bookings.

The pushes are generated here with a small builder of their own: every PNR has two
travellers with DOCS, FQTV, e-mail and phone OSIs, a ticket with card payment and
sponsor, two flights with seats and check-in bags, a history entry and a meal SSR
the sensitive-data table withholds. The timed call is the public entry point
`parse_pnrgov(raw, card_hash_key=...)` (tokenize, groups, model, withholding).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable

from bench.harness import Result, peak_rss_mib
from paxscreen.messages.pnrgov import parse_pnrgov

SURNAMES = ["LOBB", "PARK", "DE VRIES", "OKAFOR", "MULLER", "GARCIA LOPEZ", "NGUYEN", "SMITH"]
GIVEN = ["MOLLY", "SEJOON", "ANNE", "CHIDI", "JURGEN", "MARIA", "LAN", "JOHN"]


def _edifact_pnr(index: int, rng: random.Random) -> list[str]:
    locator = f"{index:06X}"[-6:]
    segments = [
        "SRC",
        f"RCI+KL:{locator}::010226:1200",
        "DAT+700:270226:1226+710:280226",
        "ORG+1A:MUC+91234567:AMSKL0100+AMS+KL:AMS+A+NL:EUR+AGENT7",
        "ADD++700:KEIZERSGRACHT 12:AMSTERDAM:::NL:1015CJ:0031205550199",
    ]
    for number in (1, 2):
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        segments += [
            f"TIF+{surname}+{given}MR:A:{number}",
            f"FTI+KL:{rng.randrange(10**9):09d}",
            f"IFT+4:28::KL+CTCE {given}..{surname.replace(' ', '')}//EXAMPLE.COM",
            f"REF+:{index:08d}{number}",
            "FAR+N+++++",
            f"SSR+DOCS:HK:1:KL:::::/P/NLD/NP{rng.randrange(10**7):07d}/NLD/"
            f"{rng.randrange(1, 28):02d}APR{rng.randrange(40, 99)}/M/21APR31/{surname}/{given}",
            "SSR+MOML:HK:1:KL",
            f"TKT+074{rng.randrange(10**10):010d}:T:1",
            "MON+B:754.72:EUR+T:800.00:EUR",
            "PTK+NR++150417:1010+KL+074+AMS",
            "TXD++4.53:::AY6+6.79:::YQ",
            "DAT+710:270226",
            f"FOP+CC::800.00:VI:4111111111{rng.randrange(10**6):06d}:0828",
            f"IFT+4:43+{given} {surname}+KEIZERSGRACHT 12 AMSTERDAM+0031205550199",
        ]
    for leg, (origin, destination, flight) in enumerate(
        (("AMS", "JFK", "641"), ("JFK", "LAX", "6021"))
    ):
        segments += [
            f"TVL+1{4 + leg}0326:0940::1155+{origin}+{destination}+KL+{flight}:Y",
            "RPI+2+HK",
            "APD+781",
            f"SSR+SEAT:HK:2:KL:::{origin}:{destination}+12A::1+12B::2",
            f"DAT+2:1{4 + leg}0326:0815",
            "TRI++1:::1",
            "TIF+LOBB+MOLLYMR::1",
            "SSD+012A++++Y",
            "TBD++1:20:700++HP+074:1026000001:1:JFK",
        ]
    segments += [
        "ABI+1+:AMSKL++KL",
        "DAT+ZT:270226:1010",
        "SAC+++A",
        "IFT+4:19+ F 14MAR26 AMS JFK 0940 1155 KL 641 HK",
        "LTS+0/O/SS/KL 641 Y 14MAR",
    ]
    return segments


def edifact_push(pnr_count: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    body = [
        "MSG+:22",
        "ORG+KL:AMS+12345678",
        "TVL+140326:0940:1155+AMS+JFK+KL+641",
        f"EQN+{pnr_count}",
    ]
    for index in range(pnr_count):
        body += _edifact_pnr(index, rng)
    segments = [
        "UNB+IATA:1+KL+NLGOV+260301:1200+0001++PNRGOV",
        "UNH+1+PNRGOV:13:1:IA+KL641/140326/0940",
        *body,
        f"UNT+{len(body) + 2}+1",
        "UNZ+1+0001",
    ]
    return ("'\n".join(segments) + "'\n").encode("ascii")


def _xml_pnr(index: int, rng: random.Random) -> str:
    passengers = []
    for number in (1, 2):
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        passengers.append(
            f'<Passenger RPH="{number}" SurnameRefNumber="{number}" PassengerTypeCode="A">'
            f"<GivenName>{given}MR</GivenName><Surname>{surname}</Surname>"
            f'<CustLoyalty ProgramID="KL" MembershipID="{rng.randrange(10**9):09d}"/>'
            '<SSR SSR_Code="MOML" Status="HK"><TEXT>NO PORK</TEXT></SSR>'
            f'<TicketDocument TicketDocumentNbr="074{rng.randrange(10**10):010d}" '
            'DateOfIssue="2026-02-01"><TotalFare Amount="800.00" CurrencyCode="EUR"/>'
            '<Taxes><Tax Amount="4.53"/><Tax Amount="6.79"/></Taxes>'
            '<PaymentInfo PaymentType="CC" PaymentAmount="800.00" VendorCode="VI" '
            f'AccountNbr="4111111111{rng.randrange(10**6):06d}" ExpiryDate="0828" '
            f'CardHolderName="{given} {surname}"/></TicketDocument>'
            '<DOC_SSR SSR_Code="DOCS"><DOCS DocType="P" '
            f'DocID="NP{rng.randrange(10**7):07d}" '
            f'DateOfBirth="1970-04-{rng.randrange(1, 28):02d}" '
            f'ExpiryDate="2031-04-21" FirstGivenName="{given}" Surname="{surname}" Gender="M" '
            'IssuingLoc="NLD" PaxNationality="NLD"/></DOC_SSR></Passenger>'
        )
    flights = "".join(
        f'<Flight DepartureDateTime="2026-03-1{4 + leg}T09:40:00" '
        f'ArrivalDateTime="2026-03-1{4 + leg}T11:55:00" ResBookDesigCode="Y" Status="HK">'
        f'<DepartureAirport LocationCode="{origin}"/><ArrivalAirport LocationCode="{destination}"/>'
        f'<MarketingAirline Code="KL" FlightNumber="{number}"/></Flight>'
        for leg, (origin, destination, number) in enumerate(
            (("AMS", "JFK", "641"), ("JFK", "LAX", "6021"))
        )
    )
    return (
        f'<PNR PNR_TransDate="2026-02-27T12:26:00" PNR_CreationDate="2026-02-01T12:00:00">'
        f'<BookingRefID ID="{index:06X}"><CompanyName Code="KL"/></BookingRefID>'
        '<POS><Source PseudoCityCode="AMSKL0100" ISOCountry="NL" AirportCode="AMS"/></POS>'
        '<ContactInfo PhoneNumber="+31205550199" EmailAddress="BOOKER@EXAMPLE.COM"/>'
        f"{''.join(passengers)}{flights}<OSI>CTCE BOOKER..ONE//EXAMPLE.COM</OSI></PNR>"
    )


def xml_push(pnr_count: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    pnrs = "\n".join(_xml_pnr(index, rng) for index in range(pnr_count))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<IATA_PNRGOV_NotifRQ xmlns="http://www.iata.org/IATA/2007/00" Version="16.1">'
        '<Originator AirlineCode="KL" SystemCode="1A"/>'
        '<FlightLeg CarrierCode="KL" FlightNumber="641" DepartureDateTime="2026-03-14T09:40:00">'
        '<DepartureAirport LocationCode="AMS"/><ArrivalAirport LocationCode="JFK"/></FlightLeg>'
        f'<PNRs NumberOfPnrs="{pnr_count}">\n{pnrs}\n</PNRs></IATA_PNRGOV_NotifRQ>\n'
    ).encode()


def _best_of(runs: int, raw: bytes) -> tuple[float, float, int]:
    """Best wall-clock and best CPU seconds of `runs` reads, and the travellers read."""
    best_wall, best_cpu, travellers = float("inf"), float("inf"), 0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        parsed = parse_pnrgov(raw, card_hash_key=b"bench-key")
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        travellers = sum(len(b.travellers) for message in parsed for b in message.bookings)
    return best_wall, best_cpu, travellers


def bench_pnrgov() -> Result:
    result = Result(
        title="PNRGOV read: bytes to canonical bookings (EDIFACT and XML)",
        columns=[
            "format",
            "PNRs",
            "travellers",
            "MB",
            "wall s",
            "CPU s",
            "PNRs/s (CPU)",
            "MB/s (CPU)",
            "PNRs/s (wall)",
        ],
    )
    builders: list[tuple[str, Callable[[int], bytes]]] = [
        ("EDIFACT", edifact_push),
        ("XML", xml_push),
    ]
    for label, build in builders:
        for count in (127, 2000):
            raw = build(count)
            wall, cpu, travellers = _best_of(3, raw)
            megabytes = len(raw) / 1e6
            result.rows.append(
                [
                    label,
                    count,
                    travellers,
                    megabytes,
                    wall,
                    cpu,
                    count / cpu,
                    megabytes / cpu,
                    count / wall,
                ]
            )
    result.notes += [
        "Timed: `parse_pnrgov(raw, card_hash_key=...)` = tokenize (EDIFACT) or defusedxml "
        "(XML), group machine, model, sensitive-data withholding, card masking and HMAC.",
        "Each PNR: 2 travellers with DOCS, FQTV, OSI contacts, ticket, card FOP and sponsor; "
        "2 flights with seats and check-in bags; history; a meal SSR withheld as sensitive.",
        "Best of 3 runs. CPU time is the process's own; wall time also counts waiting for a "
        f"core (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores during this run, "
        "shared with other work).",
        f"Single process, one core; peak RSS {peak_rss_mib():.0f} MiB.",
    ]
    return result


BENCHMARKS = {"pnrgov": bench_pnrgov}
