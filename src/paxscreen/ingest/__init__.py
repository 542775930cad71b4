"""Ingestion: receive, keep, de-duplicate, reassemble, version and merge messages.

The pure steps (`fingerprint`, `parts`, `versions`, `paxlst_changes`, `flights`,
`merge`, `status`) take a parsed message and the current state and return
changes and findings; `keep`, `pipeline`, the loaders and `workers` do the
reading, the transactions and the acknowledgements; `http` and `amqp` are the
network ways in, `cli` the command line.

Other packages use the names below (and `senders`, `catalogue` for the web and
iAPI layers): store raw bytes first (`keep_committed`), then `process_message`.
"""

from paxscreen.ingest.catalogue import list_messages, reprocess
from paxscreen.ingest.keep import Arrival, keep, keep_committed
from paxscreen.ingest.pipeline import Outcome, process_message
from paxscreen.ingest.senders import authenticate_sender, create_sender
from paxscreen.ingest.workers import expand_paths, ingest_paths

__all__ = [
    "Arrival",
    "Outcome",
    "authenticate_sender",
    "create_sender",
    "expand_paths",
    "ingest_paths",
    "keep",
    "keep_committed",
    "list_messages",
    "process_message",
    "reprocess",
]
