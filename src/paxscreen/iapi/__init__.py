"""Interactive API: answer each carrier's check-in request with board / no-board / contact.

- `checks`: what a check-in request itself says (missing data, expired document, visa);
- `screening`: the in-memory check-in screen (watchlists, document lists, check-in rules);
- `decision`: from findings to a directive (0Z, 1Z, 2Z, 4Z), by the configured policy;
- `service`: the request handler: parse, screen within the deadline, answer, record;
- `outbox`: unsolicited CUSRES (BGM 132) when analysts change an answer, with retries
  until the carrier acknowledges (BGM 312);
- `statistics`: per carrier, requests, answers by code and latency percentiles.
"""
