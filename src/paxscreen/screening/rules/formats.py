"""Rule files: JSON for machines, YAML for people, one shape for both.

A file holds either one rule (a `RuleSpec` object) or a collection:

    format: paxscreen-rules/1
    named_lists:
      - name: airports-of-concern
        description: transit hubs named in the 2026 threat assessment
        values: [IST, SAW, BGW]
    rules:
      - code: cash-one-way-late
        ...

Reading collects every problem of every rule (with the rule's position in the
file) before raising once, like a compiler, so a file is fixed in one round.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from paxscreen.errors import ImportFormatError
from paxscreen.screening.rules.model import RuleSpec
from paxscreen.screening.rules.validation import RuleValidationError, validate_rule

COLLECTION_FORMAT = "paxscreen-rules/1"


class NamedListSpec(BaseModel):
    """An analyst-maintained list (airports of concern, agencies under watch)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    description: str = ""
    values: list[str] = Field(default_factory=list)


class RuleCollection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str = COLLECTION_FORMAT
    named_lists: list[NamedListSpec] = Field(default_factory=list)
    rules: list[RuleSpec] = Field(default_factory=list)


def _load_text(text: str, *, source: str) -> Any:
    try:
        if source.endswith(".json"):
            return json.loads(text)
        return yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        line = getattr(error, "lineno", None)
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            line = mark.line + 1
        raise ImportFormatError(f"not readable as JSON/YAML: {error}", source=source,
                                line=line) from error  # fmt: skip


def _pydantic_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def parse_rules(text: str, *, source: str = "rules.yaml") -> RuleCollection:
    """Read and fully validate a rule file's text (JSON when `source` ends in .json).

    Raises:
        ImportFormatError: the file is unreadable or any rule in it is invalid; the
            message names every bad rule and condition.
    """
    data = _load_text(text, source=source)
    if isinstance(data, dict) and "rules" not in data and "conditions" in data:
        data = {"rules": [data]}
    if not isinstance(data, dict):
        raise ImportFormatError("expected a rule or a collection with `rules:`", source=source)
    problems: list[str] = []
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise ImportFormatError("`rules` must be a list", source=source)
    specs: list[RuleSpec] = []
    for index, raw in enumerate(raw_rules):
        label = f"rule {index + 1}" + (f" ({raw.get('code')})" if isinstance(raw, dict) else "")
        try:
            spec = RuleSpec.model_validate(raw)
            validate_rule(spec)
            specs.append(spec)
        except ValidationError as error:
            problems.append(f"{label}: {_pydantic_problem(error)}")
        except RuleValidationError as error:
            details = "; ".join(f"{path}: {message}" for path, message in error.problems)
            problems.append(f"{label}: {details}")
    codes = [spec.code for spec in specs]
    problems += [
        f"duplicate rule code {code!r}" for code in sorted(set(codes)) if codes.count(code) > 1
    ]
    try:
        lists = [NamedListSpec.model_validate(item) for item in data.get("named_lists") or []]
    except ValidationError as error:
        problems.append(f"named_lists: {_pydantic_problem(error)}")
        lists = []
    if problems:
        raise ImportFormatError("; ".join(problems), source=source)
    return RuleCollection(named_lists=lists, rules=specs)


def read_rules(path: Path) -> RuleCollection:
    """`parse_rules` on a file; the file name decides JSON or YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ImportFormatError(f"cannot read: {error.strerror}", source=str(path)) from error
    return parse_rules(text, source=str(path))


def format_rules(collection: RuleCollection, *, as_json: bool = False) -> str:
    """A collection as JSON or YAML text, ready to be written (or read back)."""
    data = collection.model_dump(mode="json", by_alias=True, exclude_defaults=False)
    if as_json:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


__all__ = [
    "COLLECTION_FORMAT",
    "NamedListSpec",
    "RuleCollection",
    "format_rules",
    "parse_rules",
    "read_rules",
]
