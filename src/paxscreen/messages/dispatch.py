"""Raw bytes -> one `ParsedMessage` per message, routed on UNH S009 (not on substrings).

    parse_interchange(raw, message_id=None) -> list[ParsedMessage]

- XML (first non-blank byte `<`) goes to
  `paxscreen.messages.pnrgov_xml.parse_pnrgov_xml(raw, message_id=...)`, which returns a
  `ParsedMessage` (or a list of them).
- EDIFACT is tokenized once; each UNH..UNT message goes to the parser named in
  `PARSERS` for its UNH message type. A message parser has the signature
  `parse_<type>_message(context: MessageContext) -> ParsedMessage`; the context
  (`paxscreen.messages.context`) carries the message's segments, the interchange
  (UNB, delimiters, text for positions), the model `Message` header already filled
  from UNB/UNG/UNH, a `FindingSink` and the reference date for two-digit years.
- Parsers are imported lazily, so a missing one (or an unknown message type)
  yields a `ParsedMessage` with an error finding instead of a crash, and a bug in a
  parser becomes an error finding `messages.parser-failed` (the raw bytes are kept).

Only input with no readable UNH raises, with `EdifactSyntaxError`; the caller
still holds the raw bytes.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping
from typing import Any

from paxscreen.edifact import EdifactMessage, Interchange, paused_garbage_collection, tokenize
from paxscreen.errors import EdifactSyntaxError, UnsupportedMessageError
from paxscreen.findings import Finding, Severity
from paxscreen.messages.context import FindingSink, MessageContext
from paxscreen.messages.header import build_header
from paxscreen.model import MessageFormat, MessageStatus, ParsedMessage

MessageParser = Callable[..., ParsedMessage]  # (context, **parser_options)

# UNH S009 0065 -> "module:function" of the message-level parser
PARSERS: dict[str, str] = {
    "PAXLST": "paxscreen.messages.paxlst:parse_paxlst_message",
    "CUSRES": "paxscreen.messages.cusres:parse_cusres_message",
    "PNRGOV": "paxscreen.messages.pnrgov:parse_pnrgov_message",
}
XML_PARSER = "paxscreen.messages.pnrgov_xml:parse_pnrgov_xml"


def parse_interchange(
    raw: bytes,
    *,
    message_id: str | None = None,
    today: dt.date | None = None,
    parser_options: Mapping[str, Any] | None = None,
) -> list[ParsedMessage]:
    """Parse every message in `raw` (EDIFACT interchange or PNRGOV XML).

    Args:
        raw: the bytes as received, envelope and all.
        message_id: id given to the message (suffixed `#n` when the interchange holds several).
        today: the date two-digit years are judged against when UNB carries no date.
        parser_options: keyword arguments passed on to every message parser (e.g.
            PNRGOV's `options`: card hash key, sensitive-data handling).

    Returns:
        One ParsedMessage per UNH..UNT message (or per XML document), findings included.

    Raises:
        EdifactSyntaxError: no readable UNH segment.
        UnsupportedMessageError: XML input while no XML reader is available.
    """
    if raw.lstrip()[:1] == b"<":
        return _parse_xml(raw, message_id, parser_options or {})
    with paused_garbage_collection():
        return _parse_edifact(raw, message_id, today, parser_options)


def _parse_edifact(
    raw: bytes,
    message_id: str | None,
    today: dt.date | None,
    parser_options: Mapping[str, Any] | None,
    *,
    interchange_number: int = 1,
) -> list[ParsedMessage]:
    interchange = tokenize(raw)
    if not interchange.messages:
        first = interchange.segments[0] if interchange.segments else None
        position = interchange.position_of(first) if first else None
        raise EdifactSyntaxError("no readable UNH message header", position)
    messages = interchange.messages
    parsed = [
        parse_message(
            interchange,
            message,
            message_id=_numbered(message_id, number, len(messages)),
            today=today,
            parser_options=parser_options,
        )
        for number, message in enumerate(messages, start=1)
    ]
    following = interchange.following_interchange()
    if following is not None:  # concatenated interchanges, each with its own UNA
        next_id = f"{message_id}/{interchange_number + 1}" if message_id else None
        try:
            parsed += _parse_edifact(
                following, next_id, today, parser_options, interchange_number=interchange_number + 1
            )
        except EdifactSyntaxError as error:
            parsed[-1].findings.append(
                Finding(
                    "messages.unreadable-interchange",
                    Severity.WARNING,
                    f"the interchange after UNZ could not be read: {error}",
                    None,
                )
            )
    return parsed


def parse_message(
    interchange: Interchange,
    message: EdifactMessage,
    *,
    message_id: str | None = None,
    today: dt.date | None = None,
    parser_options: Mapping[str, Any] | None = None,
) -> ParsedMessage:
    """Parse one tokenized message with the parser its UNH type names."""
    sink = FindingSink(interchange)
    header, reference_date = build_header(interchange, message, message_id, sink, today=today)
    context = MessageContext(interchange, message, header, sink, reference_date)
    parser = _parser_for(message, sink)
    if parser is None:
        header.status = MessageStatus.FAILED_PARSE
        header.status_reason = sink.findings[-1].message
        parsed = ParsedMessage(message=header, findings=sink.findings)
    else:
        try:
            parsed = parser(context, **(parser_options or {}))
        except Exception as error:  # a parser bug must not lose the message
            sink.add(
                "messages.parser-failed",
                Severity.ERROR,
                f"the {message.type} parser failed: {type(error).__name__}: {error}",
                message.header,
            )
            header.status = MessageStatus.FAILED_PARSE
            header.status_reason = sink.findings[-1].message
            parsed = ParsedMessage(message=header, findings=sink.findings)
    parsed.findings[:0] = _interchange_findings(interchange, message)
    parsed.message.findings = parsed.findings
    return parsed


def _parser_for(message: EdifactMessage, sink: FindingSink) -> MessageParser | None:
    target = PARSERS.get(message.type)
    if target is None:
        sink.error(
            "messages.unsupported-type",
            f"message type {message.type or '(empty)'!r} in UNH is not one we read "
            f"(we read {', '.join(sorted(PARSERS))})",
            message.header,
            element=1,
        )
        return None
    try:
        parser: MessageParser = _load(target)
    except (ImportError, AttributeError) as error:
        sink.error(
            "messages.parser-unavailable",
            f"no {message.type} parser is installed yet ({error})",
            message.header,
        )
        return None
    return parser


def _load(target: str) -> Any:
    module_name, function_name = target.split(":")
    return getattr(importlib.import_module(module_name), function_name)


def _parse_xml(
    raw: bytes, message_id: str | None, parser_options: Mapping[str, Any]
) -> list[ParsedMessage]:
    try:
        parse_xml = _load(XML_PARSER)
    except (ImportError, AttributeError) as error:
        raise UnsupportedMessageError(f"XML input, but no PNRGOV XML reader: {error}") from error
    result = parse_xml(raw, message_id=message_id, **parser_options)
    parsed = result if isinstance(result, list) else [result]
    for item in parsed:
        item.message.format = MessageFormat.XML
    return parsed


def _interchange_findings(interchange: Interchange, message: EdifactMessage) -> list[Finding]:
    """Tokenizer findings inside this message, plus those outside every message."""
    ranges = [(item.segments[0].index, item.segments[-1].index) for item in interchange.messages]
    first, last = message.segments[0].index, message.segments[-1].index
    chosen: list[Finding] = []
    for finding in interchange.findings:
        segment = finding.position.segment if finding.position else -1
        inside_any = any(low <= segment <= high for low, high in ranges)
        if first <= segment <= last or not inside_any:
            chosen.append(finding)
    return chosen


def _numbered(message_id: str | None, number: int, total: int) -> str | None:
    if message_id is None or total == 1:
        return message_id
    return f"{message_id}#{number}"


__all__ = ["PARSERS", "MessageParser", "parse_interchange", "parse_message"]
