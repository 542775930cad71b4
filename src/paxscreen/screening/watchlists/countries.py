"""Country names and codes as lists write them -> ISO 3166-1 alpha-2.

UN lists name countries in words ("Iran (Islamic Republic of)"), OFAC remarks in
adjectives ("nationality Iraq"), our CSV and passports in ISO-2 or ISO-3 codes.
Screening compares alpha-2 codes only.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

_EXTRA = {
    "RUSSIA": "RU",
    "SOVIET UNION": "RU",
    "USSR": "RU",
    "IRAN": "IR",
    "SYRIA": "SY",
    "NORTH KOREA": "KP",
    "DEMOCRATIC PEOPLES REPUBLIC OF KOREA": "KP",
    "SOUTH KOREA": "KR",
    "REPUBLIC OF KOREA": "KR",
    "KOREA": "KR",
    "LAOS": "LA",
    "VIETNAM": "VN",
    "VIET NAM": "VN",
    "TANZANIA": "TZ",
    "UNITED REPUBLIC OF TANZANIA": "TZ",
    "BOLIVIA": "BO",
    "VENEZUELA": "VE",
    "MOLDOVA": "MD",
    "CONGO": "CG",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "CD",
    "DRC": "CD",
    "UK": "GB",
    "UNITED KINGDOM": "GB",
    "GREAT BRITAIN": "GB",
    "USA": "US",
    "UNITED STATES": "US",
    "PALESTINE": "PS",
    "STATE OF PALESTINE": "PS",
    "GAZA": "PS",
    "WEST BANK": "PS",
    "TURKEY": "TR",
    "TURKIYE": "TR",
    "IVORY COAST": "CI",
    "COTE D IVOIRE": "CI",
    "KOSOVO": "XK",
    "BURMA": "MM",
    "MACEDONIA": "MK",
    "CZECH REPUBLIC": "CZ",
    "SWAZILAND": "SZ",
    "CAPE VERDE": "CV",
    "BRUNEI": "BN",
    "YUGOSLAVIA": "RS",
    "SERBIA AND MONTENEGRO": "RS",
    "D": "DE",
    "KOREA NORTH": "KP",
    "KOREA SOUTH": "KR",
    "BURMA MYANMAR": "MM",
    "THE GAMBIA": "GM",
}
_PAREN = re.compile(r"\(([^)]*)\)")
_NOT_ALPHA = re.compile(r"[^A-Z ]+")


def _key(text: str) -> str:
    from paxscreen.screening.names.normalise import to_ascii_upper

    text = to_ascii_upper(text.replace("'", ""))
    return " ".join(_NOT_ALPHA.sub(" ", text).split())


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                table[_key(value)] = country.alpha_2
                if "," in value:  # "Congo, The Democratic Republic of the" -> both word orders
                    head, _, tail = value.partition(",")
                    table[_key(f"{tail} {head}")] = country.alpha_2
        table[_key(_PAREN.sub(r"\1", country.name))] = country.alpha_2
    table.update(_EXTRA)
    return table


@lru_cache(maxsize=4096)
def to_iso2(text: str | None) -> str | None:
    """Alpha-2 code for an ISO-2/ISO-3 code or a country name; None when unknown."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    if len(raw) in (2, 3) and raw.isalpha():
        code = raw.upper()
        country = (
            pycountry.countries.get(alpha_2=code)
            if len(code) == 2
            else (pycountry.countries.get(alpha_3=code))
        )
        if country:
            return str(country.alpha_2)
        if code in ("XK", "XKX"):
            return "XK"
    key = _key(raw)
    if key in _names():
        return _names()[key]
    without_parens = _key(_PAREN.sub(" ", raw))
    return _names().get(without_parens)


__all__ = ["to_iso2"]
