"""Rules compiled once into Python closures and evaluated on a whole frame at a time.

The SQL compiler runs one query per rule; 500 rules on a flight was 500 round trips
and seconds of work. Here a rule version is compiled once (`compile_tree`) into a
tree of set operations over traveller positions, and a `CompiledRuleSet` evaluates
all its rules on a `TravellerFrame`:

- each condition is a closure on the normalised value (the oracle's semantics,
  specialised for the common operators); its result over the whole frame is cached,
  so rules sharing a condition compute it once;
- `equal` and `in` on text, numbers and booleans look the value up in the frame's
  value index instead of testing every traveller; comparisons on numbers and
  `begins_with` bisect the column's sorted values when many travellers are
  candidates; date arithmetic compares epoch seconds computed once per column;
- each rule is filed under one condition it cannot match without (an `equal`/`in`
  reached from the root through AND only), so a rule whose value no traveller has is
  skipped without any work, and the others start from the travellers that have it;
- AND narrows the candidates child by child, cheapest first; OR tests each child on
  the candidates not yet found; NOT is the complement within the candidates.

The semantics are the oracle's (`oracle.py`) and the SQL compiler's: tests compare
all three on both databases.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from paxscreen.screening.rules.frame import TravellerFrame
from paxscreen.screening.rules.model import AllOf, Condition, Node, NoneOf
from paxscreen.screening.rules.operators import OPERATORS, Operator
from paxscreen.screening.rules.oracle import OracleEnvironment, TravellerView
from paxscreen.screening.rules.validation import TypedCondition, typed_conditions
from paxscreen.screening.rules.values import FieldType

Positions = frozenset[int] | set[int]
ValueTest = Callable[[Any, OracleEnvironment], bool]
_INDEXED_TYPES = frozenset({FieldType.STRING, FieldType.NUMBER, FieldType.BOOLEAN})
_EMPTY: frozenset[int] = frozenset()


def _value_test(operator: Operator, value: Any) -> ValueTest:
    """The operator on one normalised value, None included (false unless null-aware)."""
    name = operator.name
    if name == "equal":
        return lambda found, _: found == value  # value is never None
    if name == "in":
        members = frozenset(value)
        return lambda found, _: found in members
    if name == "not_equal":
        return lambda found, _: found is not None and found != value
    if name == "not_in":
        members = frozenset(value)
        return lambda found, _: found is not None and found not in members
    if name == "greater":
        return lambda found, _: found is not None and found > value
    if name == "greater_or_equal":
        return lambda found, _: found is not None and found >= value
    if name == "less":
        return lambda found, _: found is not None and found < value
    if name == "less_or_equal":
        return lambda found, _: found is not None and found <= value
    python = operator.python
    if operator.null_aware:
        return lambda found, environment: bool(python(found, value, environment))
    return lambda found, environment: found is not None and bool(python(found, value, environment))


_SPANS = {  # operator -> (is the value before departure?, within the span (else beyond))
    "within_before_departure": (True, True),
    "before_departure_by_more_than": (True, False),
    "within_after_departure": (False, True),
    "after_departure_by_more_than": (False, False),
}
SpanTest = Callable[[int | None, int], bool]


def _span_test(name: str, hours: float) -> SpanTest:
    """A date arithmetic operator on epoch seconds (the value's, the departure's):
    the operators' Python form without converting the departure for every value."""
    before, within = _SPANS[name]
    limit = round(hours * 3600)
    if before and within:
        return lambda seconds, departure: seconds is not None and 0 <= departure - seconds <= limit
    if before:
        return lambda seconds, departure: seconds is not None and departure - seconds > limit
    if within:
        return lambda seconds, departure: seconds is not None and 0 <= seconds - departure <= limit
    return lambda seconds, departure: seconds is not None and seconds - departure > limit


def _any_holds(
    candidates: Positions, values: list[tuple[Any, ...]], holds: Callable[[Any], bool]
) -> set[int]:
    """The candidates with at least one value that holds (a plain loop: this is the
    inner loop of a flight's screening)."""
    found = set()
    for position in candidates:
        for value in values[position]:
            if holds(value):
                found.add(position)
                break
    return found


Bounds = Callable[[list[Any]], tuple[int, int]]


def _prefix_end(values: list[Any], start: int, prefix: str) -> int:
    end = start
    while end < len(values) and values[end].startswith(prefix):
        end += 1
    return end


def _range_bounds(operator: str, field_type: FieldType, value: Any) -> Bounds | None:
    """For a comparison on numbers or a prefix test on text: where the satisfying
    values lie in the column's sorted values (`TravellerFrame.sorted_values`)."""
    if field_type is FieldType.NUMBER:
        if operator == "greater":
            return lambda values: (bisect_right(values, value), len(values))
        if operator == "greater_or_equal":
            return lambda values: (bisect_left(values, value), len(values))
        if operator == "less":
            return lambda values: (0, bisect_left(values, value))
        if operator == "less_or_equal":
            return lambda values: (0, bisect_right(values, value))
        if operator == "between":
            low, high = value
            return lambda values: (bisect_left(values, low), bisect_right(values, high))
    if field_type is FieldType.STRING and operator == "begins_with":

        def prefixed(values: list[Any]) -> tuple[int, int]:
            start = bisect_left(values, value)
            return start, _prefix_end(values, start, value)

        return prefixed
    return None


_RANGE_ABOVE = 48  # below this many candidates, testing each is cheaper than the range


class CompiledCondition:
    """One condition: which column it reads, its test, and how to find who satisfies it."""

    __slots__ = ("cost", "entity", "field_type", "column", "keys", "key", "many", "absence",
                 "test", "span", "bounds", "typed")  # fmt: skip

    def __init__(self, typed: TypedCondition) -> None:
        self.typed = typed
        self.entity = typed.entity.name
        self.column = typed.field.column
        self.field_type = typed.field.type
        self.many = typed.entity.link.is_many
        operator = typed.operator
        self.absence = bool(self.many and operator.absence_of)
        tested = operator
        if self.absence and operator.absence_of:  # test the opposite: no row may satisfy it
            tested = OPERATORS[operator.absence_of]
        self.test = _value_test(tested, None if self.absence else typed.value)
        self.span = _span_test(operator.name, typed.value) if operator.name in _SPANS else None
        self.bounds = _range_bounds(operator.name, self.field_type, typed.value)
        self.keys: frozenset[Any] | None = None
        if operator.name in ("equal", "in") and self.field_type in _INDEXED_TYPES:
            self.keys = frozenset(typed.value if operator.name == "in" else [typed.value])
        value = typed.value
        frozen = tuple(value) if isinstance(value, list) else value
        self.key = (self.entity, self.column, operator.name, frozen)
        self.cost: int = 0 if self.keys is not None else (3 if self.many else 1)

    def positions(self, frame: TravellerFrame, candidates: Positions) -> Positions:
        """The candidates that satisfy the condition."""
        if self.keys is not None:
            index = frame.index(self.entity, self.column, self.field_type)
            found: set[int] = set()
            for key in self.keys:
                found |= index.get(key, _EMPTY)
            return found if candidates is frame.everyone else found & candidates
        cached = frame.results.get(self.key)
        if cached is not None:
            return cached if candidates is frame.everyone else cached & candidates
        if self.bounds is not None and len(candidates) > _RANGE_ABOVE:
            values, positions = frame.sorted_values(self.entity, self.column, self.field_type)
            low, high = self.bounds(values)
            result = set(positions[low:high])
            if candidates is not frame.everyone:
                result &= candidates
        elif self.span is not None:
            result = self._span_positions(frame, candidates)
        else:
            result = self._tested_positions(frame, candidates)
        if candidates is frame.everyone:
            frame.results[self.key] = frozenset(result)
        return result

    def _span_positions(self, frame: TravellerFrame, candidates: Positions) -> set[int]:
        departure, span = frame.departure_seconds, self.span
        if departure is None or span is None:
            return set()
        seconds = frame.epoch_seconds(self.entity, self.column, self.field_type)
        if not self.many:
            return {p for p in candidates if span(seconds[p], departure)}
        return _any_holds(candidates, seconds, lambda value: span(value, departure))

    def _tested_positions(self, frame: TravellerFrame, candidates: Positions) -> set[int]:
        values = frame.values(self.entity, self.column, self.field_type)
        test, environment = self.test, frame.environment
        if not self.many:
            return {p for p in candidates if test(values[p], environment)}
        found = _any_holds(candidates, values, lambda value: test(value, environment))
        if self.absence:
            return set(candidates) - found
        return found

    def found(self, frame: TravellerFrame, position: int) -> Any:
        """The value that satisfied the condition at a position, as the SQL explanation
        column has it: the stored value; for many-valued entities the smallest matching
        one (a contact: the traveller's own first); for an absence test, whether it held."""
        if not self.many:
            by_position = frame.one.get(self.entity)
            row = by_position[position] if by_position is not None else None
            return None if row is None else row.get(self.column)
        rows = frame.rows(self.entity, position)
        if self.absence:
            return bool(self.positions(frame, {position}))
        own = frame.own.get(self.entity)
        split = own[position] if own is not None else len(rows)
        # the rows' values normalised once per frame (`values`), in the rows' order
        normalised = frame.values(self.entity, self.column, self.field_type)[position]
        test, environment, column = self.test, frame.environment, self.column
        for start, stop in ((0, split), (split, len(rows))):
            matching = [
                value
                for row, tested in zip(rows[start:stop], normalised[start:stop], strict=True)
                if (value := row.get(column)) is not None and test(tested, environment)
            ]
            if matching:
                return min(matching)
        return None


class _Group:
    """AND or OR of compiled children (cheapest first: order never changes a result)."""

    __slots__ = ("children", "cost", "every")

    def __init__(self, children: list[Compiled], every: bool) -> None:
        self.children = sorted(children, key=lambda child: child.cost)
        self.every = every
        self.cost: int = sum(child.cost for child in children)

    def positions(self, frame: TravellerFrame, candidates: Positions) -> Positions:
        if self.every:
            for child in self.children:
                candidates = child.positions(frame, candidates)
                if not candidates:
                    break
            return candidates
        found: set[int] = set()
        rest = candidates
        for child in self.children:
            got = child.positions(frame, rest)
            if got:
                found |= got
                rest = rest - got
                if not rest:
                    break
        return found


class _Not:
    __slots__ = ("child", "cost")

    def __init__(self, child: Compiled) -> None:
        self.child = child
        self.cost: int = child.cost

    def positions(self, frame: TravellerFrame, candidates: Positions) -> Positions:
        return candidates - self.child.positions(frame, candidates)


Compiled = CompiledCondition | _Group | _Not


def _compile(
    node: Node,
    path: str,
    typed: Mapping[str, TypedCondition],
    conditions: dict[str, CompiledCondition],
) -> Compiled:
    if isinstance(node, Condition):
        compiled = conditions[path] = CompiledCondition(typed[path])
        return compiled
    if isinstance(node, NoneOf):
        return _Not(_compile(node.child, f"{path}.0", typed, conditions))
    children = [
        _compile(child, f"{path}.{index}", typed, conditions)
        for index, child in enumerate(node.children)
    ]
    return _Group(children, every=isinstance(node, AllOf))


@dataclass(frozen=True, slots=True)
class CompiledTree:
    """One rule tree compiled: its root, its conditions by path, and its anchor (a
    condition every match satisfies, usable as an index key), if it has one."""

    root: Compiled
    conditions: dict[str, CompiledCondition]
    anchor: CompiledCondition | None

    def positions(self, frame: TravellerFrame, candidates: Positions | None = None) -> Positions:
        return self.root.positions(frame, frame.everyone if candidates is None else candidates)

    def found(self, frame: TravellerFrame, position: int) -> dict[str, Any]:
        """The explanation values of a match, by condition path."""
        return {path: item.found(frame, position) for path, item in self.conditions.items()}


def _required(root: Compiled) -> Iterable[CompiledCondition]:
    """Conditions reached from the root through AND only: every match satisfies them."""
    if isinstance(root, CompiledCondition):
        yield root
    elif isinstance(root, _Group) and root.every:
        for child in root.children:
            yield from _required(child)


def compile_tree(node: Node) -> CompiledTree:
    """Compile a rule tree once (raises RuleValidationError as the compiler does)."""
    typed = typed_conditions(node)
    compiled: dict[str, CompiledCondition] = {}
    root = _compile(node, "0", typed, compiled)
    anchors = [item for item in _required(root) if item.keys is not None]
    # likely the most selective: not a yes/no, not the flight's (the same for everyone),
    # then the fewest values
    anchor = min(
        anchors,
        key=lambda item: (
            item.field_type is FieldType.BOOLEAN,
            item.entity == "flight",
            len(item.keys or ()),
        ),
        default=None,
    )
    return CompiledTree(root, {path: compiled[path] for path in typed}, anchor)


T = TypeVar("T")


@dataclass(slots=True)
class RuleMatch(Generic[T]):
    """One rule's matches on a frame, and the seconds its evaluation took."""

    item: T
    tree: CompiledTree
    positions: Positions
    seconds: float


class CompiledRuleSet(Generic[T]):
    """Many compiled rules, filed by anchor, evaluated together on a frame.

    `items` pairs whatever the caller wants back (an active rule) with its tree.
    """

    def __init__(self, items: Sequence[tuple[T, CompiledTree]]) -> None:
        self.items = list(items)
        self.unanchored: list[int] = []
        self.anchors: dict[tuple[str, str, FieldType], dict[Any, list[int]]] = {}
        for number, (_, tree) in enumerate(self.items):
            anchor = tree.anchor
            if anchor is None:
                self.unanchored.append(number)
                continue
            by_value = self.anchors.setdefault(
                (anchor.entity, anchor.column, anchor.field_type), {}
            )
            for key in anchor.keys or ():
                by_value.setdefault(key, []).append(number)

    @classmethod
    def of(cls, items: Iterable[tuple[T, Node]]) -> CompiledRuleSet[T]:
        return cls([(item, compile_tree(node)) for item, node in items])

    def _candidates(self, frame: TravellerFrame) -> dict[int, Positions]:
        candidates: dict[int, Positions] = {number: frame.everyone for number in self.unanchored}
        for (entity, column, field_type), by_value in self.anchors.items():
            index = frame.index(entity, column, field_type)
            pairs = (
                ((index[key], numbers) for key, numbers in by_value.items() if key in index)
                if len(by_value) < len(index)
                else ((found, by_value[key]) for key, found in index.items() if key in by_value)
            )
            for found, numbers in pairs:
                for number in numbers:
                    known = candidates.get(number)
                    candidates[number] = found if known is None else known | found
        return candidates

    def evaluate(self, frame: TravellerFrame) -> list[RuleMatch[T]]:
        """Every rule that matches someone, with the positions it matches, in rule order."""
        candidates = self._candidates(frame)
        matched = []
        clock = time.perf_counter
        for number in sorted(candidates):
            item, tree = self.items[number]
            started = clock()
            found = tree.positions(frame, candidates[number])
            if found:
                matched.append(RuleMatch(item, tree, found, clock() - started))
        return matched

    def columns(self) -> dict[str, set[str]]:
        """Entity -> the store columns the rules read (what a frame must load)."""
        needed: dict[str, set[str]] = {}
        for _, tree in self.items:
            for item in tree.conditions.values():
                needed.setdefault(item.entity, set()).add(item.column)
        return needed

    def uses_named_lists(self) -> bool:
        return any(
            item.typed.operator.name in ("in_list", "not_in_list")
            for _, tree in self.items
            for item in tree.conditions.values()
        )

    def matching(
        self, view: TravellerView, lists: Mapping[str, frozenset[str]] | None = None
    ) -> list[T]:
        """The rules one traveller satisfies (the check-in screen's question)."""
        frame = TravellerFrame.of_view(view, lists)
        candidates = self._candidates(frame)
        items = self.items
        return [
            items[number][0]
            for number in sorted(candidates)
            if items[number][1].root.positions(frame, candidates[number])
        ]


__all__ = ["CompiledCondition", "CompiledRuleSet", "CompiledTree", "RuleMatch", "compile_tree"]
