import dataclasses
import datetime as dt
import inspect
import unicodedata

import pytest

from paxscreen.model import (
    Booking,
    Flight,
    ItinerarySegment,
    Message,
    PartialDate,
    PersonName,
    Provenance,
    flight_key,
    name_key,
    split_flight_number,
)
from paxscreen.model.keys import fold_to_ascii


def test_flight_key_drops_leading_zeros_and_keeps_suffix_date_origin() -> None:
    day = dt.date(2026, 3, 1)
    assert flight_key("LH", "0400", None, day, "FRA") == flight_key("lh", "400", "", day, "fra")
    assert flight_key("LH", "400", "A", day, "FRA") != flight_key("LH", "400", None, day, "FRA")
    flight = Flight(
        carrier="LH", number="400", origin="FRA", departure_local=dt.datetime(2026, 3, 1, 9)
    )
    assert flight.key == "LH400/2026-03-01/FRA"


def test_split_flight_number() -> None:
    assert split_flight_number("0400A") == ("400", "A")
    assert split_flight_number("0012") == ("12", None)


@pytest.mark.parametrize("text", ["1965", "1965-06", "1965-06-01"])
def test_partial_date_round_trip(text: str) -> None:
    assert PartialDate.parse(text).isoformat() == text


@pytest.mark.parametrize("text", ["1965", "1965-06", "1965-06-01"])
def test_partial_date_repr_is_the_generated_dataclass_repr(text: str) -> None:
    """Pairing digests are made of this text (`pairing.inputs_digest`): it must not change."""
    generated = dataclasses.make_dataclass(
        "PartialDate", [("year", int), ("month", int | None), ("day", int | None)]
    )
    date = PartialDate.parse(text)
    assert repr(date) == repr(generated(date.year, date.month, date.day))


@pytest.mark.parametrize("text", ["1965-13", "1965-02-30", "65-01-01", ""])
def test_partial_date_refuses_impossible_dates(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    "text", ["".join(map(chr, range(128))), "SMITH/JOHN MR", "o'Brien-Smith", "Müller", "ŁÓDŹ"]
)
def test_fold_to_ascii_is_the_nfkd_walk(text: str) -> None:
    """The ASCII shortcut gives what the walk over the decomposed text gives."""
    walked = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    assert fold_to_ascii(text) == walked


def test_name_key_is_order_and_diacritic_free() -> None:
    assert (
        name_key("Müller", "Hans-Peter") == name_key("MULLER", "PETER HANS") == "HANS MULLER PETER"
    )
    assert PersonName(surname="DOE", given_names="JOHN").key == "DOE JOHN"


def test_message_computes_its_sha256() -> None:
    message = Message(raw=b"UNH+1'")
    assert message.sha256 == "8480af7c9d8f8bb2f996d9bcc7e2877fcebebc424f99c0c6a1060f716f48e13a"


def test_one_way_is_derived_from_the_itinerary() -> None:
    out = ItinerarySegment(sequence=1, carrier="LH", number="400", origin="FRA", destination="JFK")
    back = ItinerarySegment(sequence=2, carrier="LH", number="401", origin="JFK", destination="FRA")
    assert Booking(itinerary=[out]).is_one_way is True
    assert Booking(itinerary=[out, back]).is_one_way is False
    assert Booking().is_one_way is None


def test_provenance_hand_written_init_sets_every_field_as_the_dataclass_would() -> None:
    """Provenance writes its own __init__ for speed: it must still take every field, in order."""
    names = [field.name for field in dataclasses.fields(Provenance)]
    assert list(inspect.signature(Provenance).parameters) == names
    values = ("m-1", 7, 3, 12, "TIF")
    made = Provenance(*values)
    assert dataclasses.astuple(made) == values
    assert made == Provenance(**dict(zip(names, values, strict=True)))
    assert hash(made) == hash(Provenance(*values))
    assert dataclasses.astuple(Provenance()) == (None,) * len(names)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 4  # type: ignore[misc]
