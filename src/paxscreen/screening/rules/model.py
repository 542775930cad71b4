"""The rule tree as data: AND / OR / NOT groups over `{entity, field, operator, value}`.

A rule is stored and exchanged as JSON (YAML for people); these pydantic models are
its one definition. The compiler (`compile_rule`), the Python oracle
(`evaluate_rule`) and the explainer (`explain_rule`) all walk the same tree, so the
three can never disagree about its shape.

Each condition has a *path*: the indexes from the root to it, joined by dots
(`"0.2"` is the third child of the first group). Paths name conditions in
validation errors and in hit explanations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

FORMAT = "paxscreen-rule/1"


class Condition(BaseModel):
    """One test on one field of one entity, e.g. payment.type equal "CA"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entity: str
    field: str
    operator: str
    value: Any = None

    @field_validator("entity", "field", "operator")
    @classmethod
    def _lower(cls, text: str) -> str:
        return text.strip().lower()


class AllOf(BaseModel):
    """AND: every child holds."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    children: list[Node] = Field(alias="and", min_length=1)


class AnyOf(BaseModel):
    """OR: at least one child holds."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    children: list[Node] = Field(alias="or", min_length=1)


class NoneOf(BaseModel):
    """NOT: the child does not hold (exculpatory conditions are written this way)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    child: Node = Field(alias="not")


def _node_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return {Condition: "condition", AllOf: "and", AnyOf: "or", NoneOf: "not"}.get(type(value))
    if isinstance(value, dict):
        for key in ("and", "or", "not"):
            if key in value:
                return key
        if "children" in value:
            return "and"
        return "condition"
    return None


Node = Annotated[
    Annotated[Condition, Tag("condition")]
    | Annotated[AllOf, Tag("and")]
    | Annotated[AnyOf, Tag("or")]
    | Annotated[NoneOf, Tag("not")],
    Discriminator(_node_kind),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NoneOf.model_rebuild()


class RuleSeverity(StrEnum):
    """Triage order: a traveller's highest severity first, then the total weight."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(RuleSeverity).index(self)


class RuleStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    ACTIVE = "active"
    RETIRED = "retired"


class RuleSpec(BaseModel):
    """A rule as written: what it tests and why, without its life-cycle state.

    `code` is the stable identifier people use (`paxscreen rules backtest CODE`);
    the database id and version numbers are assigned on import.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["paxscreen-rule/1"] = "paxscreen-rule/1"
    code: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    justification: str = ""
    category: str = "general"
    severity: RuleSeverity = RuleSeverity.MEDIUM
    weight: float = Field(1.0, ge=0, le=1000)
    review_by: dt.date | None = None
    hit_share_warning: float | None = Field(None, gt=0, le=1)
    conditions: Node


def walk_conditions(node: Node, path: str = "0") -> Iterator[tuple[str, Condition]]:
    """Every condition of the tree with its path, in document order."""
    if isinstance(node, Condition):
        yield path, node
    elif isinstance(node, NoneOf):
        yield from walk_conditions(node.child, f"{path}.0")
    else:
        for index, child in enumerate(node.children):
            yield from walk_conditions(child, f"{path}.{index}")


def tree_to_dict(node: Node) -> dict[str, Any]:
    """The JSON shape of a tree (aliases `and`/`or`/`not`, no defaults dropped)."""
    return node.model_dump(mode="json", by_alias=True)


__all__ = [
    "FORMAT",
    "AllOf",
    "AnyOf",
    "Condition",
    "Node",
    "NoneOf",
    "RuleSeverity",
    "RuleSpec",
    "RuleStatus",
    "tree_to_dict",
    "walk_conditions",
]
