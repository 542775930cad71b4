"""PAXLST code lists as data: what each BGM, NAD, LOC, DTM, RFF and CNT code means.

Sources: WCO/IATA/ICAO API guidelines as encoded by public implementations, see
`message-formats.md` §2.3. The grammar reads these tables; it never branches on
the directory version (D02B, D05B, D12B ... read alike).
"""

from __future__ import annotations

from paxscreen.model import TravellerRole

# BGM 1001 document name code -> meaning
DOCUMENT_NAMES: dict[str, str] = {
    "745": "passenger list",
    "250": "crew list declaration",
    "266": "flight status (close-out, cancel, change)",
    "336": "master crew list",
    "655": "gate pass",
}

# BGM 1004 document identifiers each function accepts ("" = none sent)
DOCUMENT_IDENTIFIERS: dict[str, frozenset[str]] = {
    "745": frozenset({"", "CP", "XR", "RP"}),
    "266": frozenset({"CL", "CLOB", "CLNB", "XF", "CF"}),
    "250": frozenset({"", "C", "CC", "B", "BC", "A", "D", "E", "EC", "F", "FC"}),
    "336": frozenset({"G", "H", "I"}),
    "655": frozenset({""}),
}
CREW_FUNCTIONS = frozenset({"250", "336"})

# Gr4 NAD 3035 party function -> traveller role
TRAVELLER_ROLES: dict[str, TravellerRole] = {
    "FL": TravellerRole.PASSENGER,
    "FM": TravellerRole.CREW,
    "DDU": TravellerRole.TRANSIT_PASSENGER,
    "DDT": TravellerRole.TRANSIT_CREW,
    "ZZZ": TravellerRole.PASSENGER,  # close-out: identified by RFF AVF/ABO only
}
CREW_ROLES = frozenset({TravellerRole.CREW, TravellerRole.TRANSIT_CREW})

# Gr3 LOC 3227 qualifiers of the flight itinerary, and which are arrivals
FLIGHT_LOCATIONS = frozenset({"125", "87", "92", "130", "188", "172"})
ARRIVAL_LOCATIONS = frozenset({"87", "130"})
DEPARTURE_LOCATIONS = frozenset({"125"})
# Gr3 DTM 2005 qualifiers: scheduled departure, scheduled arrival, filed (MCL)
DEPARTURE_TIME, ARRIVAL_TIME, FILED_TIME = "189", "232", "554"

# Gr4 LOC 3227 -> Traveller attribute
TRAVELLER_LOCATIONS: dict[str, str] = {
    "22": "clearance_airport",
    "174": "residence_country",
    "178": "embarkation",
    "179": "debarkation",
    "180": "place_of_birth",
}
ISSUING_STATE = "91"  # Gr5 LOC 91: country of issue

# Gr4 DTM 2005
BIRTH_DATE = "329"
# Gr5 DTM 2005
EXPIRY_DATE, ISSUE_DATE = "36", "182"

# Gr4 RFF 1153 -> Traveller attribute (lists get appended to)
TRAVELLER_REFERENCES: dict[str, str] = {
    "AVF": "record_locator",
    "ABO": "passenger_reference",
    "SEA": "seat",
    "AEA": "redress_number",  # government agency reference (redress / known traveller)
    "CR": "frequent_flyer",  # customer reference
    "YZY": "ticket_number",  # ticket number + coupon
}
TRANSACTION_REFERENCE = "TN"

# ATT+2 sex codes: M, F; U unknown, X unspecified (ICAO 9303)
SEX_CODES = frozenset({"M", "F", "U", "X"})

# GEI+4 processing indicator: 173 verified, 174 not verified
VERIFIED = {"173": True, "174": False}

# CNT 6069: 42 total passengers, 41 total crew
PASSENGER_TOTAL, CREW_TOTAL = "42", "41"

# MEA units -> model units
WEIGHT_UNITS = {"KGM": "KG", "KG": "KG", "LBR": "LB", "LB": "LB"}

# COM 3155 channel qualifiers that are telephone-like
PHONE_CHANNELS = frozenset({"TE", "FX", "MO", "AJ", "AL"})
EMAIL_CHANNEL = "EM"

__all__ = [
    "ARRIVAL_LOCATIONS",
    "BIRTH_DATE",
    "CREW_FUNCTIONS",
    "CREW_ROLES",
    "DOCUMENT_IDENTIFIERS",
    "DOCUMENT_NAMES",
    "FLIGHT_LOCATIONS",
    "TRAVELLER_LOCATIONS",
    "TRAVELLER_REFERENCES",
    "TRAVELLER_ROLES",
]
