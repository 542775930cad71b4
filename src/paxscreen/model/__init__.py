"""The canonical travel-data model: plain dataclasses, no I/O, no database.

Everything paxscreen reads (PAXLST, PNRGOV EDIFACT and XML, iAPI) becomes these
objects, and everything downstream (store, screening, rules, links, web) reads
them. Objects are mutable dataclasses with slots: parsers and the merge step build
them up segment by segment, which frozen objects would make awkward.
"""

from paxscreen.model.bookings import (
    Address,
    Agency,
    Booking,
    BookingStatus,
    Email,
    HistoryEntry,
    ItinerarySegment,
    Payment,
    Phone,
    RecordLocator,
    Remark,
)
from paxscreen.model.dates import PartialDate
from paxscreen.model.flights import Direction, Flight, FlightDesignator, FlightLeg
from paxscreen.model.keys import document_number_key, flight_key, name_key, split_flight_number
from paxscreen.model.messages import (
    Message,
    MessageFormat,
    MessageStatus,
    MessageType,
    ParsedMessage,
)
from paxscreen.model.provenance import Provenance, Sources
from paxscreen.model.travellers import (
    Bag,
    FrequentFlyer,
    NameSource,
    PersonName,
    Seat,
    Ticket,
    TravelDocument,
    Traveller,
    TravellerRole,
)

__all__ = [
    "Address",
    "Agency",
    "Bag",
    "Booking",
    "BookingStatus",
    "Direction",
    "Email",
    "Flight",
    "FlightDesignator",
    "FlightLeg",
    "FrequentFlyer",
    "HistoryEntry",
    "ItinerarySegment",
    "Message",
    "MessageFormat",
    "MessageStatus",
    "MessageType",
    "NameSource",
    "ParsedMessage",
    "PartialDate",
    "Payment",
    "PersonName",
    "Phone",
    "Provenance",
    "RecordLocator",
    "Remark",
    "Seat",
    "Sources",
    "Ticket",
    "TravelDocument",
    "Traveller",
    "TravellerRole",
    "document_number_key",
    "flight_key",
    "name_key",
    "split_flight_number",
]
