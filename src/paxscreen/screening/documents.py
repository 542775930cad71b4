"""Lost, stolen and revoked travel documents: lists keyed by number, not by name.

A document list (INTERPOL SLTD style) says: this document number, issued by this
state, must not be travelled on. CSV columns `type,number,issuing_state` and
optionally `status` (lost / stolen / revoked / invalid, default lost) and `id`.
A traveller's document hits when its number matches exactly and the issuing
states agree (or one is unknown); an OCR look-alike (O/0, I/1 ...) is reported
too, as a weaker match, since MRZ numbers are machine-read.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from paxscreen.errors import ImportFormatError
from paxscreen.screening.names.keys import document_key, ocr_fold
from paxscreen.screening.watchlists.countries import to_iso2
from paxscreen.screening.watchlists.csv_format import open_csv
from paxscreen.screening.watchlists.model import DocumentStatus

STATUSES = {status.value: status for status in DocumentStatus} | {"invalid": DocumentStatus.REVOKED}


class DocumentMatch(StrEnum):
    EXACT = "exact"
    OCR = "ocr_lookalike"


@dataclass(frozen=True, slots=True)
class ListedDocument:
    entry_id: str
    number: str
    issuing_state: str | None
    type: str | None
    status: DocumentStatus


@dataclass(frozen=True, slots=True)
class DocumentHit:
    listed: ListedDocument
    match: DocumentMatch

    @property
    def score(self) -> float:
        """Exact number and state are decisive; a look-alike needs a person to look."""
        return 1.0 if self.match is DocumentMatch.EXACT else 0.8

    def explain(self, number: str) -> str:
        state = self.listed.issuing_state or "?"
        listed = f"{self.listed.status.value} {self.listed.number} ({state})"
        return f"document {number} {self.match.value} to {listed}"


class DocumentList:
    def __init__(self, documents: list[ListedDocument]) -> None:
        self.documents = documents
        self._exact: dict[str, list[ListedDocument]] = {}
        self._folded: dict[str, list[ListedDocument]] = {}
        for document in documents:
            key = document_key(document.number)
            self._exact.setdefault(key, []).append(document)
            self._folded.setdefault(ocr_fold(key), []).append(document)

    def check(self, number: str, issuing_state: str | None = None) -> list[DocumentHit]:
        """Listed documents this number (from this state) matches, exact ones first."""
        key = document_key(number)
        if len(key) < 5:
            return []  # too short to be a travel document number; would match noise
        state = to_iso2(issuing_state)
        hits = [
            DocumentHit(listed, DocumentMatch.EXACT)
            for listed in self._exact.get(key, [])
            if _states_agree(state, listed.issuing_state)
        ]
        seen = {id(hit.listed) for hit in hits}
        hits += [
            DocumentHit(listed, DocumentMatch.OCR)
            for listed in self._folded.get(ocr_fold(key), [])
            if id(listed) not in seen and _states_agree(state, listed.issuing_state)
        ]
        return hits


def _states_agree(left: str | None, right: str | None) -> bool:
    return left is None or right is None or left == right


def read_document_list(path: Path) -> DocumentList:
    """Read a document-list CSV; raises ImportFormatError naming the line."""
    documents = []
    with open_csv(path) as handle:
        reader = csv.DictReader(handle)
        fields = {name.strip().lower() for name in reader.fieldnames or []}
        if "number" not in fields:
            raise ImportFormatError("header lacks column number", source=str(path), line=1)
        for raw in reader:
            row = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
            line = reader.line_num
            if not document_key(row.get("number", "")):
                raise ImportFormatError("empty document number", source=str(path), line=line)
            status = row.get("status", "").lower() or "lost"
            if status not in STATUSES:
                raise ImportFormatError(f"unknown status {status!r}", source=str(path), line=line)
            state = row.get("issuing_state", "")
            if state and to_iso2(state) is None:
                raise ImportFormatError(
                    f"unknown issuing state {state!r}", source=str(path), line=line
                )
            documents.append(
                ListedDocument(
                    entry_id=row.get("id") or f"line-{line}",
                    number=row["number"],
                    issuing_state=to_iso2(state),
                    type=row.get("type") or None,
                    status=STATUSES[status],
                )
            )
    return DocumentList(documents)


__all__ = ["DocumentHit", "DocumentList", "DocumentMatch", "ListedDocument", "read_document_list"]
