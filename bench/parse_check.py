"""Parse-only equality check and timing, for "same result, faster" parsing work.

Not a benchmark of its own (the harness runs `bench_*.py` only): a tool to run
the same code twice, once from another checkout, and compare.

    git worktree add /tmp/old-parse <commit>
    PYTHONPATH=/tmp/old-parse/src .venv/bin/python -m bench.parse_check dump /tmp/old.pickle
    .venv/bin/python -m bench.parse_check dump /tmp/new.pickle
    .venv/bin/python -m bench.parse_check compare /tmp/old.pickle /tmp/new.pickle
    .venv/bin/python -m bench.parse_check time      # CPU per stage, best of 3

`dump` covers the ingest bench's data set (generated as `bench_ingest` does, in
delivery order) twice, every PNR read and unchanged PNRs skipped as ingestion
skips them, through `parse_units`, the redaction findings and `redact_raw`; and
every message file under tests/fixtures and ../shared/samples through
`parse_interchange` with three option sets and `parse_units`. It records bookings,
findings with positions, fingerprints, payload hashes and redacted bytes and spans.
Bounded value caches are emptied before each pass, as in a fresh worker.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import pickle
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.bench_ingest import SECRET, _dataset
from paxscreen.edifact import paused_garbage_collection, tokenize
from paxscreen.ingest import redaction_marks
from paxscreen.ingest.fingerprint import edifact_digests, xml_digests
from paxscreen.ingest.parsing import parse_units, pnr_options, unchanged_findings
from paxscreen.messages.dispatch import parse_interchange, parse_message
from paxscreen.messages.pnrgov_booking import PnrOptions
from paxscreen.messages.pnrgov_xml import read_xml_tree
from paxscreen.messages.sensitive import SensitiveTable
from paxscreen.model import MessageFormat
from paxscreen.privacy.redaction import redact_raw

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_FOLDERS = (ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "samples")


def plain(value: Any) -> Any:
    """A comparable, picklable form of parser output (dataclasses by field)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, enum.Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, dt.date | dt.time | dt.timedelta | Decimal):
        return (type(value).__name__, repr(value))
    if isinstance(value, bytes):
        return ("bytes", hashlib.sha256(value).hexdigest(), len(value))
    if isinstance(value, dict):
        return ("dict", [(plain(key), plain(item)) for key, item in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [plain(item) for item in value])
    if isinstance(value, set | frozenset):
        return ("set", sorted(repr(plain(item)) for item in value))
    if isinstance(value, functools.partial):
        return ("lazy", plain(value()))
    if dataclasses.is_dataclass(value):
        fields = dataclasses.fields(value)
        return (type(value).__name__, [(f.name, plain(getattr(value, f.name))) for f in fields])
    raise TypeError(f"cannot compare {type(value)!r}")


def clear_value_caches() -> None:
    """Empty paxscreen's bounded value caches (what a fresh worker starts with)."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("paxscreen.") or module is None:
            continue
        for value in list(vars(module).values()):
            if not hasattr(value, "__wrapped__") or not callable(getattr(value, "cache_clear", 0)):
                continue
            if value.cache_parameters().get("maxsize") is not None:
                value.cache_clear()
    # the sensitive table's own lru_cache, per table rather than per module
    cached = getattr(SensitiveTable.default()._index, "_cached_category", None)
    if cached is not None:
        cached.cache_clear()


def _is_xml(raw: bytes) -> bool:
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def ingest_pass(files: list[Path], *, skip_unchanged: bool, keep: bool) -> list[Any]:
    """Parse and redact every file as ingestion does; PNRs seen before are unchanged."""
    redaction_marks.forget_all()
    clear_value_caches()
    seen: set[str] = set()
    out = []
    for number, path in enumerate(files):
        raw, message_id = path.read_bytes(), f"m{number:03d}"
        unchanged = seen.intersection if skip_unchanged else None
        parsed = parse_units(raw, message_id=message_id, secret_key=SECRET, unchanged=unchanged)
        findings = [finding for unit in parsed.units for finding in unit.findings]
        findings += unchanged_findings(raw, parsed, message_id=message_id, secret_key=SECRET)
        format = MessageFormat.XML if _is_xml(raw) else MessageFormat.EDIFACT
        redacted = redact_raw(raw, findings=findings, format=format, interchange=parsed.interchange)
        for fingerprints in parsed.fingerprints:
            seen.update(fingerprints)
        for digest in parsed.digests:
            seen.update(digest.fingerprints or [])
        if keep:
            out.append(
                plain(
                    {
                        "file": path.name,
                        "units": parsed.units,
                        "payload": parsed.payload_sha256,
                        "digests": parsed.digests,
                        "fingerprints": parsed.fingerprints,
                        "redaction_findings": findings,
                        "redacted": redacted,
                    }
                )
            )
    return out


def fixture_outputs() -> list[Any]:
    out = []
    option_sets = (
        {},
        {"options": PnrOptions(card_hash_key=b"k")},
        {"options": PnrOptions(withhold_sensitive=False)},
    )
    # labelled from the folder down, so that dumps from checkouts in differently
    # named directories (a worktree and main) line up entry by entry
    files = sorted(
        (f"{folder.parent.name}/{folder.name}/{path.relative_to(folder)}", path)
        for folder in FIXTURE_FOLDERS
        for path in folder.rglob("*")
        if path.suffix in (".edi", ".xml", ".txt")
    )
    for label, path in files:
        raw = path.read_bytes()
        entry: list[Any] = [label]
        for options in option_sets:
            try:
                units = parse_interchange(raw, message_id="x", parser_options=options)
                findings = [finding for unit in units for finding in unit.findings]
                format = MessageFormat.XML if _is_xml(raw) else MessageFormat.EDIFACT
                redacted = redact_raw(raw, findings=findings, format=format)
                entry.append(plain({"units": units, "redacted": redacted}))
            except Exception as error:  # noqa: BLE001 - the failure is part of the output
                entry.append(("error", type(error).__name__, str(error)))
        try:
            redaction_marks.forget_all()
            parsed = parse_units(raw, message_id="x", secret_key=SECRET)
            entry.append(plain([parsed.units, parsed.payload_sha256, parsed.digests]))
        except Exception as error:  # noqa: BLE001
            entry.append(("error", type(error).__name__, str(error)))
        out.append(entry)
    return out


def stage_times(files: list[Path]) -> dict[str, float]:
    """CPU seconds per stage over the data set, every PNR read."""
    times: collections.Counter[str] = collections.Counter()
    clock = time.process_time
    clear_value_caches()
    for path in files:
        raw = path.read_bytes()
        if _is_xml(raw):
            with paused_garbage_collection():  # as ingestion reads XML
                started = clock()
                tree = read_xml_tree(raw)
                tree_done = clock()
                xml_digests(raw, root=tree)
                digests_done = clock()
                options = pnr_options(SECRET) | {"tree": tree}
                units = parse_interchange(raw, message_id="m", parser_options=options)
                read = clock()
            findings = [finding for unit in units for finding in unit.findings]
            redact_raw(raw, findings=findings, format=MessageFormat.XML)
            times["xml tree"] += tree_done - started
            times["xml digests"] += digests_done - tree_done
            times["xml reader"] += read - digests_done
            times["xml redaction"] += clock() - read
            continue
        started = clock()
        interchange = tokenize(raw)
        tokenized = clock()
        edifact_digests(raw, interchange)
        times["tokenize"] += tokenized - started
        times["edifact digests"] += clock() - tokenized
        findings = []
        for message in interchange.messages:
            started = clock()
            options = pnr_options(SECRET) if message.type == "PNRGOV" else None
            unit = parse_message(interchange, message, message_id="m", parser_options=options)
            stage = "pnrgov edifact parse" if message.type == "PNRGOV" else "other parse"
            times[stage] += clock() - started
            findings += unit.findings
        started = clock()
        redact_raw(raw, findings=findings, format=MessageFormat.EDIFACT, interchange=interchange)
        times["edifact redaction"] += clock() - started
    times["total"] = sum(times.values())
    return dict(times)


def _compare(left: Any, right: Any, path: str, out: list[str]) -> None:
    if len(out) >= 10 or left == right:
        return
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(left.keys() | right.keys()):
            _compare(left.get(key), right.get(key), f"{path}/{key}", out)
        return
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        if len(left) != len(right):
            out.append(f"{path}: {len(left)} items vs {len(right)}")
        for number, (a, b) in enumerate(zip(left, right, strict=False)):
            _compare(a, b, f"{path}/{number}", out)
        return
    out.append(f"{path}: {str(left)[:200]} vs {str(right)[:200]}")


def main(arguments: list[str]) -> int:
    command = arguments[0] if arguments else "time"
    if command == "compare":
        left, right = (pickle.loads(Path(name).read_bytes()) for name in arguments[1:3])
        differences: list[str] = []
        _compare(left, right, "", differences)
        print("\n".join(differences) or "IDENTICAL")
        return 1 if differences else 0
    with tempfile.TemporaryDirectory(prefix="parse-check-") as folder:
        files, _records = _dataset(Path(folder) / "data", 12)
        if command == "dump":
            for missing in (path for path in FIXTURE_FOLDERS if not path.is_dir()):
                # in a worktree outside the checkout's folder ../shared is elsewhere: say so,
                # or two dumps that both lack the samples would compare as identical
                print(
                    f"parse_check: {missing} not found, its messages are left out", file=sys.stderr
                )
            result = {
                "every PNR read": ingest_pass(files, skip_unchanged=False, keep=True),
                "unchanged skipped": ingest_pass(files, skip_unchanged=True, keep=True),
                "fixtures": fixture_outputs(),
            }
            Path(arguments[1]).write_bytes(pickle.dumps(result))
            print({name: len(items) for name, items in result.items()})
            return 0
        best: dict[str, float] = {}
        for _ in range(3):
            for stage, seconds in stage_times(files).items():
                best[stage] = min(best.get(stage, seconds), seconds)
        print("  ".join(f"{stage}={seconds:.3f}" for stage, seconds in best.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
