"""Raw-message redaction speed: what `redact_raw` adds to reading a PNRGOV push.

The pushes are those of `bench_pnrgov` (every PNR: two card payments, two meal
SSRs withheld as sensitive, OSIs, history). The parser's findings are computed
once, outside the timing; the timed call is `redact_raw(raw, findings=...,
format=...)`: tokenize (EDIFACT) or scan the markup (XML), find the spans, mask.
Parsing the same push is timed beside it, so the cost reads as a share of a read.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.bench_pnrgov import edifact_push, xml_push
from bench.harness import Result
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.messages.pnrgov_booking import PnrOptions
from paxscreen.model import MessageFormat
from paxscreen.privacy.redaction import RedactedRaw, redact_raw

OPTIONS = {"options": PnrOptions(card_hash_key=b"bench-key")}


def _best_cpu(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def _row(format: MessageFormat, raw: bytes, count: int) -> list[object]:
    units = parse_interchange(raw, parser_options=OPTIONS)
    findings = [finding for unit in units for finding in unit.findings]
    redacted: list[RedactedRaw] = []
    redact_cpu = _best_cpu(
        3, lambda: redacted.append(redact_raw(raw, findings=findings, format=format))
    )
    parse_cpu = _best_cpu(2, lambda: parse_interchange(raw, parser_options=OPTIONS))
    last, megabytes = redacted[-1], len(raw) / 1e6
    return [
        str(format).upper(),
        count,
        megabytes,
        last.card_numbers_masked,
        last.sensitive_segments_masked,
        redact_cpu,
        count / redact_cpu,
        megabytes / redact_cpu,
        parse_cpu,
        redact_cpu / parse_cpu,
    ]


def bench_redaction() -> Result:
    result = Result(
        title="Raw-message redaction: card numbers and sensitive items masked in the stored copy",
        columns=[
            "format",
            "PNRs",
            "MB",
            "cards masked",
            "sensitive items masked",
            "redact CPU s",
            "PNRs/s (CPU)",
            "MB/s (CPU)",
            "parse CPU s",
            "redact / parse",
        ],
    )
    builders: list[tuple[MessageFormat, Callable[[int], bytes]]] = [
        (MessageFormat.EDIFACT, edifact_push),
        (MessageFormat.XML, xml_push),
    ]
    for format, build in builders:
        for count in (127, 2000):
            result.rows.append(_row(format, build(count), count))
    result.notes += [
        "Timed: `redact_raw` alone, best of 3 (CPU time of the process); the parse column is "
        "`parse_interchange` with sensitive-data withholding and card hashing, best of 2.",
        "Ingestion redacts each message once, in the loading transaction, with the findings "
        "its own parse produced; PNRs left unparsed as unchanged are parsed for their "
        "findings only then.",
    ]
    return result


BENCHMARKS = {"redaction": bench_redaction}
