"""PNRGOV segment groups: a table of which segment opens which group, and one machine.

The PNRGOV IG nests groups 1 to 12 (see `message-formats.md` §3.2). GTAS read them
with a strict, hand-written grammar and failed on 7% of real messages (its issue
#801: "Expected UNT but got SRC"). Here the grammar is data: each group names the
segments it may hold (`members`, with an optional maximum count and predicate) and
the groups it may open (`children`, by trigger tag). A segment goes to the
innermost open group that accepts it, closing inner groups on the way, so segment
order inside a group does not matter and versions 10.1 to 19.1 (and later ones that
only add segments) read alike. A segment no open group accepts is kept in the
innermost group as `unexpected`, so nothing is lost and the caller can report it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from paxscreen.edifact.segments import Segment


def _is_operating_tvl(segment: Segment) -> bool:
    """`TVL+++++972:M`: the older codeshare form, a TVL with only the operating flight."""
    return not segment.value(0) and not segment.value(1) and not segment.value(3)


Predicate = Callable[[Segment], bool]


@dataclass(frozen=True, slots=True)
class Member:
    tag: str
    max_count: int | None = None
    when: Predicate | None = None


@dataclass(frozen=True, slots=True)
class GroupSpec:
    name: str
    members: tuple[Member, ...]
    children: tuple[tuple[str, str], ...] = ()  # (trigger tag, group name)
    _by_tag: dict[str, tuple[Member, ...]] = field(default_factory=dict, compare=False)
    _child_by_tag: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for member in self.members:
            self._by_tag[member.tag] = (*self._by_tag.get(member.tag, ()), member)
        for trigger, name in self.children:
            self._child_by_tag.setdefault(trigger, name)

    def members_for(self, tag: str) -> tuple[Member, ...]:
        return self._by_tag.get(tag, ())

    def child_for(self, tag: str) -> str | None:
        return self._child_by_tag.get(tag)


def _members(*tags: str) -> tuple[Member, ...]:
    return tuple(Member(tag) for tag in tags)


# Group names follow the IG numbering; "message" is level 0 (UNH..UNT).
PNRGOV_GROUPS: dict[str, GroupSpec] = {
    spec.name: spec
    for spec in (
        GroupSpec("message", (*_members("MSG", "ORG", "EQN"), Member("TVL", 1)), (("SRC", "Gr1"),)),
        GroupSpec(
            "Gr1",
            _members("RCI", "SSR", "DAT", "IFT", "ORG", "ADD", "EBD", "LTS"),
            (("TIF", "Gr2"), ("TVL", "Gr5"), ("EQN", "Gr8"), ("MSG", "Gr9"), ("ABI", "Gr10")),
        ),
        GroupSpec(
            "Gr2",
            _members("FTI", "IFT", "REF", "EBD", "FAR", "SSR", "ADD"),
            (("TKT", "Gr3"), ("FOP", "Gr4")),  # some senders pay without a ticket group
        ),
        GroupSpec("Gr3", (*_members("MON", "PTK", "TXD"), Member("DAT", 1)), (("FOP", "Gr4"),)),
        GroupSpec("Gr4", _members("IFT", "ADD")),
        GroupSpec(
            "Gr5",
            (
                *_members("TRA", "RPI", "APD", "SSR", "RCI", "IFT"),
                Member("TVL", 1, _is_operating_tvl),
            ),
            (("DAT", "Gr6"),),
        ),
        GroupSpec("Gr6", (Member("ORG", 1),), (("TRI", "Gr7"),)),
        GroupSpec("Gr7", (Member("TIF", 1), *_members("SSD", "TBD"))),
        GroupSpec("Gr8", _members("RCI")),
        GroupSpec("Gr9", (Member("TVL", 1), *_members("DAT", "IFT", "ADD"))),
        GroupSpec("Gr10", (Member("DAT", 1),), (("SAC", "Gr11"),)),
        GroupSpec("Gr11", _members("TIF", "SSR", "IFT", "TBD"), (("TVL", "Gr12"),)),
        GroupSpec("Gr12", (Member("RPI", 1),)),
    )
}


@dataclass(slots=True, init=False)
class SegmentGroup:
    """An opened group: its trigger, its member segments and its child groups, in order."""

    name: str
    trigger: Segment | None
    segments: list[Segment]
    groups: list[SegmentGroup]
    unexpected: list[Segment]
    counts: dict[str, int]
    implied: bool  # opened without its trigger (a PNR whose SRC is missing)

    def __init__(self, name: str, trigger: Segment | None, *, implied: bool = False) -> None:
        # written out: the generated one, with four default factories, took a third
        # longer, and a push opens a group for every third segment
        self.name = name
        self.trigger = trigger
        self.segments = []
        self.groups = []
        self.unexpected = []
        self.counts = {}
        self.implied = implied

    def members(self, tag: str) -> list[Segment]:
        return [segment for segment in self.segments if segment.tag == tag]

    def first(self, tag: str) -> Segment | None:
        for segment in self.segments:
            if segment.tag == tag:
                return segment
        return None

    def children(self, name: str) -> list[SegmentGroup]:
        return [group for group in self.groups if group.name == name]


def build_groups(
    segments: Iterable[Segment], specs: dict[str, GroupSpec] = PNRGOV_GROUPS
) -> SegmentGroup:
    """Nest the body segments (UNH/UNT excluded) into the group tree of `specs`."""
    root = SegmentGroup("message", None)
    # group name -> tag -> (members of that tag, child group it opens, whether a member
    # takes any number unconditionally): one lookup per step, and no `_fits` call
    # (nor count kept) for the common, unbounded member. `tables` runs beside
    # `stack`: the plan table of each open group.
    plans: dict[str, dict[str, _Plan]] = {}
    stack = [root]
    tables = [plans.setdefault(root.name, {})]
    for segment in segments:
        tag = segment.tag
        depth = len(stack)
        while depth:
            depth -= 1
            table = tables[depth]
            plan = table.get(tag)
            if plan is None:
                plan = table[tag] = _plan(specs[stack[depth].name], tag)
            members, child, unbounded = plan
            if members and (unbounded or _fits(members, segment, stack[depth].counts)):
                group = stack[depth]
                group.segments.append(segment)
                if not unbounded:
                    group.counts[tag] = group.counts.get(tag, 0) + 1
                if depth + 1 < len(stack):
                    del stack[depth + 1 :], tables[depth + 1 :]
                break
            if child is not None:
                del stack[depth + 1 :], tables[depth + 1 :]
                opened = SegmentGroup(child, segment)
                stack[depth].groups.append(opened)
                stack.append(opened)
                tables.append(plans.setdefault(child, {}))
                break
        else:  # no open group takes it
            implied = IMPLIED.get(stack[0].name) if len(stack) == 1 else None
            if implied is not None and segment.tag in IMPLYING_TAGS:
                opened = SegmentGroup(implied, segment, implied=True)
                root.groups.append(opened)
                stack.append(opened)
                tables.append(plans.setdefault(implied, {}))
                child_opened = _place(specs, opened, segment)
                if child_opened is not None:
                    stack.append(child_opened)
                    tables.append(plans.setdefault(child_opened.name, {}))
            else:
                stack[-1].unexpected.append(segment)
    return root


_Plan = tuple[tuple[Member, ...], str | None, bool]


def _plan(spec: GroupSpec, tag: str) -> _Plan:
    members = spec.members_for(tag)
    unbounded = any(member.when is None and member.max_count is None for member in members)
    return members, spec.child_for(tag), unbounded


# A group opened without its trigger when data that can only belong to it arrives
# at the level above: a PNR's segments before any SRC still make a PNR. Only tags
# that never belong to level 0 imply it (a second level-0 TVL must not).
IMPLIED = {"message": "Gr1"}
IMPLYING_TAGS = frozenset({"RCI", "TIF", "SSR", "IFT", "DAT", "ADD"})


def _place(
    specs: dict[str, GroupSpec], group: SegmentGroup, segment: Segment
) -> SegmentGroup | None:
    """Put `segment` into the freshly implied `group`: as a member, or as the trigger
    of a child group, which is returned (to be opened on the caller's stack)."""
    spec = specs[group.name]
    if spec.members_for(segment.tag):
        group.segments.append(segment)
        group.counts[segment.tag] = 1
        return None
    child = spec.child_for(segment.tag)
    assert child is not None  # every implying tag is a member or trigger of group 1
    opened = SegmentGroup(child, segment)
    group.groups.append(opened)
    return opened


def _fits(members: tuple[Member, ...], segment: Segment, counts: dict[str, int]) -> bool:
    for member in members:
        if member.when is not None and not member.when(segment):
            continue
        if member.max_count is None or counts.get(member.tag, 0) < member.max_count:
            return True
    return False


__all__ = ["IMPLIED", "PNRGOV_GROUPS", "GroupSpec", "Member", "SegmentGroup", "build_groups"]
