"""Targeting rules: pre-determined criteria that analysts write, review and back-test.

A rule is data. Its file format (JSON; YAML with the same keys for people):

    {
      "format": "paxscreen-rules/1",
      "named_lists": [
        {"name": "airports-of-concern", "description": "...", "values": ["IST", "SAW"]}
      ],
      "rules": [
        {
          "code": "cash-one-way-late",          # stable id: [A-Za-z0-9][A-Za-z0-9_.-]*
          "title": "One-way ticket paid in cash, booked within 24 h",
          "description": "...",
          "justification": "why this pattern indicates serious crime (required when a
                            protected attribute is used; at least 20 characters)",
          "category": "drugs",
          "severity": "high",                   # low | medium | high | critical
          "weight": 5,                          # 0..1000, summed for triage
          "review_by": "2027-05-01",            # optional; default 180 days after approval
          "hit_share_warning": 0.2,             # optional; warn the owner above this share
          "conditions": {
            "and": [
              {"entity": "payment", "field": "type", "operator": "equal", "value": "CA"},
              {"entity": "features", "field": "is_one_way", "operator": "equal", "value": true},
              {"entity": "booking", "field": "created",
               "operator": "within_before_departure", "value": "24h"},
              {"not": {"entity": "flight", "field": "origin",
                       "operator": "in_list", "value": "airports-of-concern"}}
            ]
          }
        }
      ]
    }

A file may also hold a single rule object. Groups are `{"and": [...]}`,
`{"or": [...]}` and `{"not": node}`, nested freely. Entities and fields are listed
in `catalogue.ENTITIES` (`paxscreen rules fields` prints them); operators in
`operators.OPERATORS`:

    equal, not_equal, greater, greater_or_equal, less, less_or_equal   (value)
    in, not_in                                                         ([values])
    between, not_between                                               ([low, high])
    begins_with, not_begins_with, ends_with, not_ends_with,
    contains, not_contains                                             (text)
    is_empty, is_not_empty, is_null, is_not_null                       (no value)
    in_list, not_in_list                                               (list name)
    within_before_departure, before_departure_by_more_than,
    within_after_departure, after_departure_by_more_than               ("24h", "30d")

Strings compare case-insensitively. A condition on something a traveller has many
of (documents, bags, payments, phones ...) holds when at least one of them
satisfies it; `is_empty`/`is_null` there mean that none has a value.

Imported rules are drafts: activation needs a second person with the
rule-manager role (`governance.approve_rule`). Rules testing only protected
attributes (sex, age, nationality, place of birth) are refused.
"""

from paxscreen.screening.rules.formats import (
    NamedListSpec,
    RuleCollection,
    format_rules,
    parse_rules,
    read_rules,
)
from paxscreen.screening.rules.lifecycle import Actor
from paxscreen.screening.rules.model import (
    AllOf,
    AnyOf,
    Condition,
    Node,
    NoneOf,
    RuleSeverity,
    RuleSpec,
    RuleStatus,
)
from paxscreen.screening.rules.oracle import evaluate_rule
from paxscreen.screening.rules.validation import RuleValidationError, validate_rule

__all__ = [
    "Actor",
    "AllOf",
    "AnyOf",
    "Condition",
    "NamedListSpec",
    "Node",
    "NoneOf",
    "RuleCollection",
    "RuleSeverity",
    "RuleSpec",
    "RuleStatus",
    "RuleValidationError",
    "evaluate_rule",
    "format_rules",
    "parse_rules",
    "read_rules",
    "validate_rule",
]
