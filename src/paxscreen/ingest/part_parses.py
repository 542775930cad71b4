"""The parse of a waiting part, kept in the worker until its set is loaded.

A part that arrives before the rest of its set is parsed on arrival (its header,
findings and flight go on its `messages` row) and waits. When the set completes,
every part is loaded from a parse of its stored bytes. Parsing is deterministic,
so the parse made on arrival serves again, provided that what it was made from
has not changed since:

- the stored bytes are the bytes parsed (a waiting part is redacted only once its
  set is loaded, `raw_redaction`), under the same secret key (card hashes);
- the PNRs left out as unchanged are still exactly those whose fingerprint is the
  current version (another push of the flight may have been loaded in between).

Anything else, or a parse not held here (another worker, a restart, an entry
pushed out by the bound), is parsed again from the stored bytes, as before.
This is a per-process memory: nothing here is shared or needs to survive. The
web app processes messages on a thread pool, so one lock guards it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from paxscreen.ingest.parsing import Parsed, Unchanged

# Bound on the raw bytes of the parses kept. A parse holds about 48 times its raw
# bytes in objects (bench day, PAXLST and PNRGOV alike), so this is ~100 MB at most.
# Parts normally complete within seconds; only those of sets that never complete
# stay until pushed out, oldest first (a part larger than the bound is not kept).
LIMIT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _Kept:
    raw: bytes
    secret_key: str
    parsed: Parsed


_kept: OrderedDict[str, _Kept] = OrderedDict()  # message id -> its parse on arrival
_kept_bytes = 0
_lock = threading.Lock()


def keep_parse(message_id: str, *, raw: bytes, secret_key: str, parsed: Parsed) -> None:
    """Hold the parse of a message whose parts wait for the rest of their set."""
    global _kept_bytes
    with _lock:
        _drop(message_id)
        _kept[message_id] = _Kept(raw, secret_key, parsed)
        _kept_bytes += len(raw)
        while _kept_bytes > LIMIT_BYTES and _kept:
            _drop(next(iter(_kept)))


def take_parse(
    message_id: str, *, raw: bytes, secret_key: str, unchanged: Unchanged
) -> Parsed | None:
    """The kept parse of the message if parsing `raw` now would give the same; forgets it.

    Each part is loaded once, so the parse is handed out once: loading changes it.
    """
    with _lock:
        kept = _drop(message_id)
    if kept is None or kept.secret_key != secret_key or kept.raw != raw:
        return None
    if not _same_pnrs_unchanged(kept.parsed, unchanged):
        return None
    return kept.parsed


def _same_pnrs_unchanged(parsed: Parsed, unchanged: Unchanged) -> bool:
    """Whether `unchanged` reports current the very PNRs the parse left out.

    Asked as `parse_units` asks it, once per message with PNRs. An XML document whose
    reader did not line up with its fingerprints left none out whatever is current:
    told otherwise here, it is parsed again, which is never wrong.
    """
    for fingerprints, digest in zip(parsed.fingerprints, parsed.digests, strict=False):
        current = unchanged(fingerprints) if fingerprints else set()
        if current != set(digest.unchanged):
            return False
    return True


def _drop(message_id: str) -> _Kept | None:
    """Forget the message's parse and return it (the caller holds the lock)."""
    global _kept_bytes
    kept = _kept.pop(message_id, None)
    if kept is not None:
        _kept_bytes -= len(kept.raw)
    return kept


def forget_all() -> None:
    """Empty the memory (tests)."""
    global _kept_bytes
    with _lock:
        _kept.clear()
        _kept_bytes = 0


__all__ = ["forget_all", "keep_parse", "take_parse"]
