"""The rule builder's form, both ways: form fields -> rule tree, and tree -> form rows.

Analysts build rules from rows (field, operator, value, "is/is not") in a top-level
group ("all of" / "any of") and in sub-groups, never writing JSON. Values are typed
as text: lists are comma-separated, ranges are "low, high"; the rules engine's
validation turns them into the field's type and says what is wrong, per condition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from paxscreen.screening.rules.catalogue import ENTITIES
from paxscreen.screening.rules.model import AllOf, AnyOf, Condition, Node, NoneOf
from paxscreen.screening.rules.operators import OPERATORS, Shape


@dataclass(slots=True)
class Row:
    group: int = 0
    field: str = ""  # entity.field
    operator: str = "equal"
    value: str = ""
    negate: bool = False


@dataclass(slots=True)
class BuilderForm:
    top_mode: str = "all"
    group_modes: dict[int, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)


def field_choices() -> list[tuple[str, str, str]]:
    """(entity.field, label, type) for every field the rules engine offers."""
    choices = []
    for entity in ENTITIES.values():
        for spec in entity.fields.values():
            label = f"{entity.label} · {spec.label or spec.name.replace('_', ' ')}"
            choices.append((f"{entity.name}.{spec.name}", label, spec.type.value))
    return choices


def operator_choices() -> list[tuple[str, str, list[str]]]:
    """(name, label, field types it applies to)."""
    return [(op.name, op.label, sorted(t.value for t in op.types)) for op in OPERATORS.values()]


def _raw_value(operator: str, text: str) -> Any:
    spec = OPERATORS.get(operator)
    text = text.strip()
    if spec is None:
        return text
    if spec.shape is Shape.NONE:
        return None
    if spec.shape in (Shape.LIST, Shape.PAIR):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def _text_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _combine(mode: str, children: list[Node]) -> Node:
    if mode == "any":
        return AnyOf.model_validate({"or": children})
    return AllOf.model_validate({"and": children})


def tree_from_form(form: BuilderForm) -> Node:
    """The rule tree the rows describe.

    Raises:
        ValueError: no conditions, or a row without a field.
    """
    groups: dict[int, list[Node]] = {}
    for number, row in enumerate(form.rows, start=1):
        if not row.field:
            raise ValueError(f"condition {number} has no field")
        entity, _, field_name = row.field.partition(".")
        condition: Node = Condition(
            entity=entity,
            field=field_name,
            operator=row.operator,
            value=_raw_value(row.operator, row.value),
        )
        groups.setdefault(row.group, []).append(
            NoneOf.model_validate({"not": condition}) if row.negate else condition
        )
    if not groups:
        raise ValueError("a rule needs at least one condition")
    children = list(groups.pop(0, []))
    for group_id in sorted(groups):
        children.append(_combine(form.group_modes.get(group_id, "all"), groups[group_id]))
    return _combine(form.top_mode, children)


def _row_for(node: Node, group: int) -> Row | None:
    negate = isinstance(node, NoneOf)
    inner = node.child if isinstance(node, NoneOf) else node
    if not isinstance(inner, Condition):
        return None
    return Row(
        group=group,
        field=f"{inner.entity}.{inner.field}",
        operator=inner.operator,
        value=_text_value(inner.value),
        negate=negate,
    )


def form_from_tree(tree: Node) -> BuilderForm | None:
    """The rows for a tree, or None when it nests deeper than the builder shows."""
    top = tree if isinstance(tree, AllOf | AnyOf) else AllOf.model_validate({"and": [tree]})
    form = BuilderForm(top_mode="any" if isinstance(top, AnyOf) else "all")
    next_group = 1
    for child in top.children:
        row = _row_for(child, 0)
        if row is not None:
            form.rows.append(row)
            continue
        if not isinstance(child, AllOf | AnyOf):
            return None
        form.group_modes[next_group] = "any" if isinstance(child, AnyOf) else "all"
        for grandchild in child.children:
            inner = _row_for(grandchild, next_group)
            if inner is None:
                return None
            form.rows.append(inner)
        next_group += 1
    return form


def form_from_fields(data: dict[str, list[str]]) -> BuilderForm:
    """Parse the submitted multi-value fields (`row_group`, `row_field`, ...)."""
    columns = [
        data.get(name, [])
        for name in ("row_group", "row_field", "row_operator", "row_value", "row_not")
    ]
    count = max((len(column) for column in columns), default=0)

    def cell(column: list[str], index: int) -> str:
        return column[index] if index < len(column) else ""

    rows = []
    for index in range(count):
        group, field_name, operator, value, negate = (cell(column, index) for column in columns)
        if not field_name and not value:
            continue  # an empty row the analyst added and left
        rows.append(
            Row(
                group=int(group or 0),
                field=field_name,
                operator=operator or "equal",
                value=value,
                negate=negate == "not",
            )
        )
    modes = {
        int(group_id): mode
        for group_id, mode in zip(
            data.get("group_id", []), data.get("group_mode", []), strict=False
        )
        if group_id
    }
    top = (data.get("top_mode") or ["all"])[0]
    return BuilderForm(top_mode=top, group_modes=modes, rows=rows)
