"""`paxscreen parse FILE... [--json]`: read messages from files or stdin and show them.

Without `--json` a short readable summary per file; with it, one JSON document per
input file on the contract of `paxscreen.messages.contract` (one document per
line). Exit code 0 when every file was read (findings allowed), 2 when any could
not be, with the reason on stderr.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import typer

from paxscreen.errors import MessageError
from paxscreen.messages.contract import to_contract
from paxscreen.messages.dispatch import parse_interchange
from paxscreen.model import MessageStatus, ParsedMessage

STDIN = "-"


def parse_command(
    files: list[str] = typer.Argument(None, help="Message files; '-' or none reads stdin."),
    json_output: bool = typer.Option(False, "--json", help="One JSON document per file."),
) -> None:
    """Parse PAXLST, CUSRES and PNRGOV (EDIFACT or XML) messages and show what they hold."""
    failed = False
    for name in files or [STDIN]:
        document, error = parse_file(name)
        if error is not None:
            failed = True
            typer.echo(f"paxscreen parse: {name}: {error}", err=True)
        if json_output:
            typer.echo(json.dumps(document, ensure_ascii=False))
        elif error is None:
            typer.echo(format_summary(name, document["messages"]))
    raise typer.Exit(2 if failed else 0)


def parse_file(name: str) -> tuple[dict[str, Any], str | None]:
    """The contract document of one input and, when it could not be read, why."""
    document: dict[str, Any] = {"file": name, "messages": []}
    try:
        raw = sys.stdin.buffer.read() if name == STDIN else Path(name).read_bytes()
    except OSError as error:
        document["error"] = error.strerror or str(error)
        return document, str(document["error"])
    try:
        parsed = parse_interchange(raw, message_id=name)
    except MessageError as error:
        document["error"] = str(error)
        return document, str(error)
    document["messages"] = [to_contract(item) for item in parsed]
    refused = [item for item in parsed if item.message.status == MessageStatus.FAILED_PARSE]
    if refused:
        reason = "; ".join(_reason(item) for item in refused)
        document["error"] = reason
        return document, reason
    return document, None


def _reason(parsed: ParsedMessage) -> str:
    reference = parsed.message.message_reference or "?"
    return f"message {reference}: {parsed.message.status_reason or 'could not be parsed'}"


def format_summary(name: str, messages: list[dict[str, Any]]) -> str:
    """A few readable lines per message: header, flights, counts, findings."""
    lines = [f"{name}: {len(messages)} message(s)"]
    for message in messages:
        function = " ".join(
            str(part) for part in (message["function"], message["function_modifier"]) if part
        )
        lines.append(
            f"  {message['type']} {message['version'] or ''} {function} from "
            f"{message['sender'] or '?'} to {message['recipient'] or '?'}, "
            f"ref {message['reference'] or '?'}, part {message['part'] or '?'}"
            f"{' (last)' if message['last_part'] else ''}"
        )
        for flight in message["flights"]:
            lines.append(
                f"    flight {flight['carrier']}{flight['number']} {flight['origin'] or '?'}"
                f" {flight['departure_local'] or ''} -> {flight['destination'] or '?'}"
                f" {flight['arrival_local'] or ''}, legs: {len(flight['legs'])}"
            )
        travellers = message["travellers"]
        documents = sum(len(item["documents"]) for item in travellers)
        lines.append(
            f"    {len(travellers)} travellers, {documents} documents, "
            f"{len(message['bookings'])} bookings"
        )
        if message["bookings"]:
            booked = sum(len(item["travellers"]) for item in message["bookings"])
            cancelled = sum(item["status"] == "cancelled" for item in message["bookings"])
            withheld = sum(item["sensitive_removed"] for item in message["bookings"])
            lines.append(
                f"    bookings: {booked} travellers, {cancelled} cancelled, "
                f"{withheld} sensitive items withheld"
            )
        findings = message["findings"]
        counts = Counter(str(item["severity"]) for item in findings)
        summary = ", ".join(f"{count} {severity}" for severity, count in sorted(counts.items()))
        lines.append(f"    findings: {summary or 'none'}")
        for finding in findings:
            where = f"line {finding['line']}:{finding['column']}" if finding["line"] else "-"
            lines.append(
                f"      {finding['severity']:<7} {finding['code']} ({where}): {finding['message']}"
            )
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add `parse` to the main command."""
    app.command("parse")(parse_command)


__all__ = ["format_summary", "parse_command", "parse_file", "register"]
