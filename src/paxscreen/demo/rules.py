"""The demo's targeting rules, in the rules engine's own collection format.

They are the rules the planted targeting scenarios are built to meet (and that
ordinary traffic mostly does not), so `make run` shows a handful of rule hits
that make sense. Each rule is validated by the rules engine's reader before it
is written, so a format change there fails the demo loudly instead of silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from paxscreen.screening.rules.formats import RuleCollection, format_rules, parse_rules


def _condition(entity: str, field: str, operator: str, value: Any = None) -> dict[str, Any]:
    return {"entity": entity, "field": field, "operator": operator, "value": value}


def demo_rules(today: dt.date) -> list[dict[str, Any]]:
    review_by = (today + dt.timedelta(days=180)).isoformat()
    common = {"format": "paxscreen-rule/1", "category": "targeting-rule", "review_by": review_by}
    return [
        {
            **common,
            "code": "one-way-cash-late",
            "title": "One-way ticket paid in cash, booked less than 24 hours before departure",
            "description": "Classic courier indicator: no return, no card trail, no planning.",
            "justification": "Pattern of drug-courier and trafficking cases of recent years.",
            "severity": "high",
            "weight": 40,
            "conditions": {
                "and": [
                    _condition("features", "is_one_way", "equal", True),
                    _condition("features", "payment_type", "equal", "CA"),
                    _condition("features", "hours_booking_to_departure", "less", 24),
                ]
            },
        },
        {
            **common,
            "code": "broken-travel",
            "title": "Broken travel: the journey has a gap the booking does not explain",
            "description": "Arrives at one airport, leaves from another, no booked connection.",
            "justification": "Itinerary gaps hide the real destination (onward travel by land).",
            "severity": "medium",
            "weight": 20,
            "conditions": _condition("features", "is_broken_travel", "equal", True),
        },
        {
            **common,
            "code": "heavy-bags-inbound-one-way",
            "title": "Inbound, one-way, three or more bags over 60 kg",
            "description": "Much luggage in, none out: goods rather than belongings.",
            "justification": "Smuggling in checked bags; the way out usually travels without bags.",
            "severity": "medium",
            "weight": 25,
            "conditions": {
                "and": [
                    _condition("flight", "direction", "equal", "inbound"),
                    _condition("features", "is_one_way", "equal", True),
                    _condition("features", "bag_count", "greater_or_equal", 3),
                    _condition("features", "bag_weight_kg", "greater", 60),
                ]
            },
        },
        {
            **common,
            "code": "new-document-one-way",
            "title": "One-way trip on a travel document issued less than 30 days before departure",
            "description": "A fresh passport and no return flight.",
            "justification": "New documents replace ones carrying tell-tale travel history.",
            "severity": "low",
            "weight": 10,
            "conditions": {
                "and": [
                    _condition("features", "is_one_way", "equal", True),
                    _condition("features", "document_issued_days_before_departure", "less", 30),
                ]
            },
        },
    ]


def demo_rules_json(today: dt.date) -> str:
    """The collection as JSON text, after the rules engine has read and validated it."""
    collection = parse_rules(
        format_rules(RuleCollection.model_validate({"rules": demo_rules(today)}), as_json=True),
        source="demo-rules.json",
    )
    return format_rules(collection, as_json=True)


__all__ = ["demo_rules", "demo_rules_json"]
