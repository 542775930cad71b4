"""The XML tree's lookups (cached lower-case names) agree with the plain rule they stand for."""

from __future__ import annotations

from pathlib import Path

import pytest

from paxscreen.messages.pnrgov_xml_tree import (
    EMPTY_VALUES,
    XmlElement,
    attribute,
    child_named,
    children_named,
    read_xml_tree,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pnr" / "xml_two_pnrs.xml"
ODD = b"""<Root xmlns:a="urn:a">
  <Item a:Code="ns" code=" - " CODE="last" Text="  spaced  " Empty=""/>
  <Item><Code>  from child  </Code><code>second</code><Text>-</Text><TEXT>other</TEXT></Item>
  <item Code="lower tag"/>
</Root>"""
NAMES = [("Code",), ("code", "Text"), ("TEXT", "Text"), ("Empty", "Code"), ("Missing",)]
NAMES += [("PhoneNumber",), ("EmailAddress",), ("ISOCountry",), ("ID",), ("Surname", "Code")]


def _plain_attribute(element: XmlElement, *names: str) -> str | None:
    """The rule `attribute` implements, written the slow and obvious way."""
    by_name: dict[str, str] = {}
    for name, value in element.attrib.items():  # a later spelling wins
        by_name[name.split("}")[-1].lower()] = value
    for name in names:
        value = by_name.get(name.lower())
        if value is not None and value.strip() not in EMPTY_VALUES:
            return value.strip()
    for name in names:
        found = [child for child in element.children if child.key == name.lower()]
        text = (found[0].text or "").strip() if found else ""
        if text not in EMPTY_VALUES:
            return text
    return None


@pytest.mark.parametrize("raw", [FIXTURE.read_bytes(), ODD], ids=["fixture", "odd"])
def test_attribute_lookups_agree_with_the_plain_rule(raw: bytes) -> None:
    for element in read_xml_tree(raw).iter():
        for names in NAMES:
            assert attribute(element, *names) == _plain_attribute(element, *names)
            assert attribute(element, *names) == _plain_attribute(element, *names)  # cached


def test_children_are_found_by_name_in_any_case() -> None:
    root = read_xml_tree(ODD)
    assert [item.line for item in children_named(root, "ITEM")] == [2, 3, 4]
    first = child_named(root, "Item")
    assert first is not None and first.line == 2
    assert child_named(root, "Missing") is None and children_named(root, "Missing") == ()


def test_elements_keep_their_local_name_as_written() -> None:
    root = read_xml_tree(b'<x:Root xmlns:x="urn:x"><x:PNR/><item/></x:Root>')
    assert [(element.tag, element.name, element.key) for element in root.iter()] == [
        ("{urn:x}Root", "Root", "root"),
        ("{urn:x}PNR", "PNR", "pnr"),
        ("item", "item", "item"),
    ]
