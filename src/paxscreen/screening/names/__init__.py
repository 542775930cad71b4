"""Name matching: normalise names from any script, key tokens, find candidates, score.

Public surface: `normalise_name`, `Subject`, `Document`, `DateSpec`, `score_subjects`,
`band_for`, `Band`, `Explanation` and the in-memory `NameIndex`.
"""

from paxscreen.screening.names.dob import DateKind, DateSpec, DobAgreement
from paxscreen.screening.names.normalise import NormalisedName, normalise_name
from paxscreen.screening.names.score import (
    Band,
    Document,
    DocumentAgreement,
    Explanation,
    Subject,
    band_for,
    score_subjects,
)

__all__ = [
    "Band",
    "DateKind",
    "DateSpec",
    "DobAgreement",
    "Document",
    "DocumentAgreement",
    "Explanation",
    "NormalisedName",
    "Subject",
    "band_for",
    "normalise_name",
    "score_subjects",
]
