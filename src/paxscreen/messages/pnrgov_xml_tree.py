"""The element tree the PNRGOV XML reader and the XML fingerprints read.

ElementTree's elements cost more than either needs: the reader only asks an
element for attributes and children by name (in any case, namespaces ignored)
and for where it stands; the fingerprints only for its tag, attributes, text and
children in order. `XmlElement` keeps exactly that, the attributes as the dict
expat hands over, and its line, column, byte offset and number in document
order (a segment index's stand-in) taken as it starts.

Parsing stays defusedxml's: its parser refuses DTDs, entity declarations and
external references; the builder here only takes expat's element events.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException

from paxscreen.errors import MessageError
from paxscreen.messages.grouping import in_order_by

EMPTY_VALUES = {"", "-"}


_KEY = attrgetter("key")  # an element's lower-case local name


class XmlElement:
    """One element: qualified tag (`{uri}local`), attributes, text and children.

    `text` is the character data before the first child, as ElementTree's; the
    text after a child (ElementTree's `tail`) is read by nobody and not kept.
    `name` is the local name as written (what provenance names the element by),
    `key` the local name lower-cased, the name the reader asks for it by.
    """

    __slots__ = (
        "attrib",
        "children",
        "column",
        "key",
        "line",
        "name",
        "offset",
        "order",
        "tag",
        "text",
        "_attributes",
        "_named",
    )

    def __init__(
        self,
        names: tuple[str, str, str],
        attrib: dict[str, str],
        line: int,
        column: int,
        offset: int,
        order: int,
    ) -> None:
        self.tag, self.name, self.key = names
        self.attrib = attrib
        self.line = line
        self.column = column
        self.offset = offset
        self.order = order
        self.text: str | None = None
        self.children: list[XmlElement] = []
        self._attributes: dict[str, str] | None = None
        self._named: dict[str, list[XmlElement]] | None = None

    def __repr__(self) -> str:
        return f"<XmlElement {self.tag!r} line {self.line}>"

    def attributes_by_name(self) -> dict[str, str]:
        """Attribute values by lower-case local name (a later spelling wins, as ever)."""
        found = self._attributes
        if found is None:
            attrib = self.attrib
            keys = _attribute_keys(tuple(attrib))
            found = self._attributes = dict(zip(keys, attrib.values(), strict=True))
        return found

    def children_by_name(self) -> dict[str, list[XmlElement]]:
        """Children by lower-case local name, each list in document order."""
        found = self._named
        if found is None:
            found = self._named = in_order_by(self.children, _KEY)
        return found

    def with_children(self, children: list[XmlElement]) -> XmlElement:
        """A copy of this element (same name, attributes, text and place) holding `children`.

        Ingestion reads a push without the PNRs it leaves out through such copies;
        the element itself, and what it caches, stay as they are.
        """
        copy = XmlElement(
            (self.tag, self.name, self.key),
            self.attrib,
            self.line,
            self.column,
            self.offset,
            self.order,
        )
        copy.text = self.text
        copy.children = children
        return copy

    def iter(self) -> list[XmlElement]:
        """This element and all below it, in document order."""
        found = [self]
        for child in self.children:
            found += child.iter()
        return found


class _TreeBuilder:
    """Builds `XmlElement`s from expat's events, each distinct name split once.

    Expat reports a namespaced name as `uri}local` (the `}` separator that
    ElementTree's parser asks for); tags and attribute names become ElementTree's
    `{uri}local`. Most attribute names carry no namespace: the attributes dict
    expat made is kept as it is when all its names are known to be plain.
    """

    def __init__(self) -> None:
        self.root: XmlElement | None = None
        self._expat: Any = None
        self._stack: list[XmlElement] = []
        self._tags: dict[str, tuple[str, str, str]] = {}  # expat name -> qualified, local, key
        self._plain_attributes: set[str] = set()  # attribute names without a namespace
        self._count = 0

    def attach(self, expat: Any) -> None:
        """Take expat's element events (defusedxml's DTD and entity guards stay in place)."""
        self._expat = expat
        expat.ordered_attributes = False  # a dict, in document order
        expat.StartElementHandler = self._start
        expat.EndElementHandler = self._end
        expat.CharacterDataHandler = self._data

    def _tag(self, name: str) -> tuple[str, str, str]:
        """`uri}local` -> (`{uri}local`, `local`, `local` lower-cased)."""
        local = name[name.rfind("}") + 1 :]
        split = self._tags[name] = ("{" + name if "}" in name else name, local, local.lower())
        return split

    def _qualified(self, attrib: dict[str, str]) -> dict[str, str]:
        """The attributes with ElementTree's names (`{uri}local` where namespaced)."""
        if not any("}" in name for name in attrib):
            self._plain_attributes.update(attrib)
            return attrib
        return {("{" + name if "}" in name else name): value for name, value in attrib.items()}

    def _start(self, name: str, attrib: dict[str, str]) -> None:
        names = self._tags.get(name) or self._tag(name)
        if attrib and not self._plain_attributes.issuperset(attrib):
            attrib = self._qualified(attrib)
        expat = self._expat
        order = self._count
        self._count = order + 1
        element = XmlElement(
            names,
            attrib,
            expat.CurrentLineNumber,
            expat.CurrentColumnNumber + 1,
            expat.CurrentByteIndex,
            order,
        )
        stack = self._stack
        if stack:
            stack[-1].children.append(element)
        else:
            self.root = element
        stack.append(element)

    def _end(self, name: str) -> None:
        self._stack.pop()

    def _data(self, text: str) -> None:
        stack = self._stack
        if stack:
            current = stack[-1]
            if not current.children:
                current.text = text if current.text is None else current.text + text

    def close(self) -> XmlElement | None:
        """The root (ElementTree's parser returns its target's `close()`)."""
        return self.root


def read_xml_tree(raw: bytes) -> XmlElement:
    """The document's root element, every element with where it starts.

    Raises:
        MessageError: the bytes are not well-formed XML, or use entities or a DTD.
    """
    builder = _TreeBuilder()
    parser = DefusedET.DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.attach(parser.parser)
    try:
        parser.feed(raw)
        root = parser.close()
    except DefusedXmlException as error:
        raise MessageError(f"XML refused: {type(error).__name__} ({error})") from error
    except DefusedET.ParseError as error:
        raise MessageError(f"XML is not well formed: {error}") from error
    except (LookupError, ValueError) as error:  # e.g. an unknown encoding in the declaration
        raise MessageError(f"XML cannot be decoded: {error}") from error
    if root is None:
        raise MessageError("XML document has no root element")
    return root


def local_name(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


def attribute(element: XmlElement | None, *names: str) -> str | None:
    """The first of `names` present as an attribute (any case) or child element text."""
    if element is None:
        return None
    keys = _LOWER_NAMES.get(names) or _lower_names(names)
    if element.attrib:
        attributes = element._attributes or element.attributes_by_name()
        for key in keys:
            value = attributes.get(key)
            if value is not None:
                value = value.strip()
                if value not in EMPTY_VALUES:
                    return value
    if element.children:
        children = element._named or element.children_by_name()
        for key in keys:
            found = children.get(key)
            if found:
                text = found[0].text
                if text:
                    text = text.strip()
                    if text not in EMPTY_VALUES:
                        return text
    return None


# The reader asks for a few hundred literal names, lower-cased once each: a plain dict
# read costs half an lru_cache call, and this runs for every attribute asked for.
_LOWER_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}
_LOWER_NAME: dict[str, str] = {}


def _lower_names(names: tuple[str, ...]) -> tuple[str, ...]:
    keys = tuple(name.lower() for name in names)
    if len(_LOWER_NAMES) < 4096:  # literal names only, but a bound all the same
        _LOWER_NAMES[names] = keys
    return keys


def _lower_name(name: str) -> str:
    key = name.lower()
    if len(_LOWER_NAME) < 4096:
        _LOWER_NAME[name] = key
    return key


@functools.lru_cache(maxsize=4096)  # elements of one kind carry the same attribute names
def _attribute_keys(names: tuple[str, ...]) -> tuple[str, ...]:
    """Each attribute name's lower-case local name, in order (the names as expat gives them)."""
    return tuple(name[name.rfind("}") + 1 :].lower() for name in names)


def child_named(element: XmlElement, name: str) -> XmlElement | None:
    key = _LOWER_NAME.get(name) or _lower_name(name)
    found = (element._named or element.children_by_name()).get(key)
    return found[0] if found else None


def children_named(element: XmlElement, name: str) -> Sequence[XmlElement]:
    """The children called `name` (any case), in document order; not to be changed."""
    key = _LOWER_NAME.get(name) or _lower_name(name)
    return (element._named or element.children_by_name()).get(key, ())


__all__ = [
    "XmlElement",
    "attribute",
    "child_named",
    "children_named",
    "local_name",
    "read_xml_tree",
]
