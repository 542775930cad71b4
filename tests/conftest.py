"""Root conftest. Shared helpers live in `services.py` (import them from there: every
folder's conftest.py is also a module named `conftest`, so `from conftest import ...`
would pick the wrong one)."""

from services import port_answers, postgres_url_or_skip, rabbitmq_or_skip

__all__ = ["port_answers", "postgres_url_or_skip", "rabbitmq_or_skip"]
