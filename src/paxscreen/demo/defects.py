"""Real-world defects injected into a configurable share of EDIFACT messages.

Each defect imitates one item of the reference checklist (`message-formats.md`
§5) as it is seen in traffic: an unescaped apostrophe in O'NEILL, curly-quote
terminators from a PDF, Type-B line wrapping at 64 columns, wrong UNT/EQN
counts, a Type-B envelope, trailing notes after UNZ, a missing final
terminator, lower-case names, a leading blank on every line, and a two-digit
birth year whose century is ambiguous. A defect is applied to the written
text and recorded in the manifest, so tests know which findings to expect.
A custom UNA is not a text edit: the writer is given other delimiters.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from paxscreen.edifact import Delimiters

CUSTOM_DELIMITERS = (
    Delimiters(component=":", element="*", decimal=".", release="?", terminator="$"),
    Delimiters(
        component=":", element="+", decimal=".", release="\\", repetition="*", terminator="'"
    ),
)


@dataclass(frozen=True, slots=True)
class Defect:
    code: str
    detail: str


Injector = Callable[[random.Random, str], tuple[str, str] | None]


def _unescaped_apostrophe(rng: random.Random, text: str) -> tuple[str, str] | None:
    if "?'" not in text:
        return None
    return text.replace("?'", "'"), "apostrophes in names sent without the release character"


def _curly_quotes(rng: random.Random, text: str) -> tuple[str, str] | None:
    lines = text.split("\n")
    if len(lines) < 8:
        return None
    start = rng.randrange(2, len(lines) - 4)
    end = min(len(lines) - 3, start + rng.randrange(2, 12))
    for index in range(start, end):
        if lines[index].endswith("'") and not lines[index].endswith("?'"):
            lines[index] = lines[index][:-1] + "\u2019"
    return "\n".join(lines), f"segments on lines {start + 1}-{end} end with U+2019 instead of '"


def _wrapped(rng: random.Random, text: str) -> tuple[str, str] | None:
    """Type-B wrapping: each line at most 64 (or 69) columns, long segments continue below."""
    width = rng.choice([64, 69])
    lines = text.split("\n")
    if all(len(line) <= width for line in lines):
        return None
    wrapped = [line[i : i + width] for line in lines for i in range(0, max(len(line), 1), width)]
    return "\n".join(wrapped), f"Type-B lines wrapped at {width} columns"


def _wrong_counts(rng: random.Random, text: str) -> tuple[str, str] | None:
    match = re.search(r"UNT\+(\d+)\+", text)
    if not match:
        return None
    wrong = int(match.group(1)) + rng.choice([-3, -1, 1, 7])
    text = text[: match.start(1)] + f"{wrong:07d}" + text[match.end(1) :]
    eqn = re.search(r"EQN\+(\d+)'", text)
    if eqn and rng.random() < 0.5:
        text = text[: eqn.start(1)] + str(int(eqn.group(1)) + 2) + text[eqn.end(1) :]
        return text, "UNT count wrong and zero-padded, level-0 EQN wrong"
    cnt = re.search(r"CNT\+4[12]:(\d+)'", text)
    if cnt and rng.random() < 0.5:
        text = text[: cnt.start(1)] + str(int(cnt.group(1)) + 1) + text[cnt.end(1) :]
        return text, "UNT count wrong and zero-padded, CNT total wrong"
    return text, "UNT count wrong and zero-padded"


def _type_b_envelope(rng: random.Random, text: str) -> tuple[str, str] | None:
    origin = rng.choice(["FRAKMLH", "MUCRMXS", "LHRPSXS"])
    head = f"\x01QK DEPIUXS\n.{origin} {rng.randrange(10, 31)}1200\n\x02"
    return (
        head + text + "\x03",
        "Type-B envelope (SOH, priority/address line, STX ... ETX) around the interchange",
    )


def _trailing_junk(rng: random.Random, text: str) -> tuple[str, str] | None:
    return text + "\nModify above message to create bad message.\n", "a note after UNZ"


def _missing_final_terminator(rng: random.Random, text: str) -> tuple[str, str] | None:
    stripped = text.rstrip()
    if not stripped.endswith("'"):
        return None
    return stripped[:-1], "the last segment (UNZ) has no terminator"


def _lower_case_names(rng: random.Random, text: str) -> tuple[str, str] | None:
    pattern = re.compile(r"^(TIF\+|NAD\+F[LM]\+\+\+)([^\n]*)$", re.M)
    if not pattern.search(text):
        return None
    return pattern.sub(
        lambda m: m.group(1) + m.group(2).title(), text, count=3
    ), "names in mixed case"


def _leading_blank(rng: random.Random, text: str) -> tuple[str, str] | None:
    return "\n".join(
        " " + line if line else line for line in text.split("\n")
    ), "every line starts with a blank"


def _two_digit_year(rng: random.Random, text: str) -> tuple[str, str] | None:
    """A very old traveller: `/12MAR24/` is 1924 (an adult), not a 2024 infant."""
    match = re.search(r"(SSR\+DOCS[^\n]*?/)(\d{2}[A-Z]{3})(\d{2})(/[MF]/)", text)
    if not match:
        return None
    year = rng.randrange(0, 20)
    text = text[: match.start(3)] + f"{year:02d}" + text[match.end(3) :]
    return (
        text,
        f"DOCS date of birth {match.group(2)}{year:02d} means 19{year:02d} (adult), "
        f"not 20{year:02d}",
    )


INJECTORS: dict[str, Injector] = {
    "unescaped-apostrophe": _unescaped_apostrophe,
    "curly-quote-terminators": _curly_quotes,
    "wrapped-lines": _wrapped,
    "wrong-counts": _wrong_counts,
    "type-b-envelope": _type_b_envelope,
    "trailing-junk": _trailing_junk,
    "missing-final-terminator": _missing_final_terminator,
    "lower-case-names": _lower_case_names,
    "leading-blank": _leading_blank,
    "two-digit-year": _two_digit_year,
}
DEFECT_CODES = ("custom-una", *INJECTORS)


def inject(rng: random.Random, text: str) -> tuple[str, Defect] | None:
    """Apply one applicable defect, chosen at random; None when none applies."""
    codes = list(INJECTORS)
    rng.shuffle(codes)
    if "?'" in text:  # the rare defect gets its chance whenever it can occur
        codes.insert(0, "unescaped-apostrophe")
    for code in codes:
        result = INJECTORS[code](rng, text)
        if result is not None:
            return result[0], Defect(code, result[1])
    return None


__all__ = ["CUSTOM_DELIMITERS", "DEFECT_CODES", "Defect", "INJECTORS", "inject"]
