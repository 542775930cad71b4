"""Metrics and structured logs for operators.

Two kinds of numbers:
- per process (counters and latency histograms): what *this* worker did, kept
  in prometheus_client's default registry; a worker can serve them itself
  (`paxscreen worker --metrics-port`);
- per database (gauges read at scrape time): messages by type and status and
  the depth of the work queue, the same whichever process is scraped, because
  N workers on several machines share one database. `DatabaseCollector` reads
  them in two grouped queries.

Logs go through structlog as one JSON object per line (or readable key=value
text on a terminal), with the message id bound wherever one is being handled.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import structlog
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select

from paxscreen.store.tables import messages

MESSAGES_PROCESSED = Counter(
    "paxscreen_ingest_messages_processed",
    "Messages this process took to a final status, by type and status.",
    ["type", "status"],
)
PROCESSING_SECONDS = Histogram(
    "paxscreen_ingest_processing_seconds",
    "Time from the start of processing to the final status of a message, by step.",
    ["step"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
RECEIVED = Counter(
    "paxscreen_ingest_received",
    "Raw messages committed by this process, by transport.",
    ["transport"],
)

QUEUE_STATUSES = ("received", "parsed", "waiting_parts")


class DatabaseCollector(Collector):
    """Gauges computed from the shared database each time Prometheus scrapes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        by_status = GaugeMetricFamily(
            "paxscreen_messages",
            "Stored messages by message type and processing status.",
            labels=["type", "status"],
        )
        depth = GaugeMetricFamily(
            "paxscreen_ingest_queue_depth",
            "Messages stored but not yet processed to a final status, by status.",
            labels=["status"],
        )
        statement = select(messages.c.type, messages.c.status, func.count()).group_by(
            messages.c.type, messages.c.status
        )
        waiting = dict.fromkeys(QUEUE_STATUSES, 0)
        with self.engine.connect() as connection:
            for message_type, status, count in connection.execute(statement):
                by_status.add_metric([message_type, status], count)
                if status in waiting:
                    waiting[status] += count
        for status, count in waiting.items():
            depth.add_metric([status], count)
        yield by_status
        yield depth


def metrics_text(engine: Engine | None) -> bytes:
    """The exposition text: this process's metrics plus the database gauges."""
    text = generate_latest(REGISTRY)
    if engine is not None:
        registry = CollectorRegistry(auto_describe=False)
        registry.register(DatabaseCollector(engine))
        text += generate_latest(registry)
    return text


def configure_logging(*, json: bool | None = None, level: int = logging.INFO) -> None:
    """structlog to stderr: JSON lines for machines, key=value for a terminal."""
    as_json = (not sys.stderr.isatty()) if json is None else json
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=_stderr_logger,
        cache_logger_on_first_use=False,
    )


def _stderr_logger(*_args: object) -> structlog.PrintLogger:
    """A logger on whatever `sys.stderr` is now (a test runner may have swapped it)."""
    return structlog.PrintLogger(file=sys.stderr)


def get_logger(name: str) -> structlog.typing.FilteringBoundLogger:
    return structlog.get_logger(name)  # type: ignore[no-any-return]


__all__ = [
    "MESSAGES_PROCESSED",
    "PROCESSING_SECONDS",
    "RECEIVED",
    "DatabaseCollector",
    "configure_logging",
    "get_logger",
    "metrics_text",
]
