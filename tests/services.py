"""Reaching the services tests may need: PostgreSQL and RabbitMQ, skipping with a reason."""

from __future__ import annotations

import os
import socket

import pytest

POSTGRES_URL_VARIABLE = "PAXSCREEN_TEST_DATABASE_URL"


def port_answers(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def postgres_url_or_skip() -> str:
    """The PostgreSQL test URL, or skip the test saying why."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        if port_answers("127.0.0.1", 5432):
            url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        else:
            pytest.skip(
                f"PostgreSQL not reachable ({POSTGRES_URL_VARIABLE} unset, 127.0.0.1:5432 closed)"
            )
    return url


def rabbitmq_or_skip() -> str:
    if not port_answers("127.0.0.1", 5672):
        pytest.skip("RabbitMQ not reachable on 127.0.0.1:5672")
    return "amqp://guest:guest@127.0.0.1:5672/"
