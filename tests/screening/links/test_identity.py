"""Identity resolution on hand-built cases."""

import datetime as dt

from sqlalchemy import Connection, delete

from paxscreen.model import FrequentFlyer, PartialDate, PersonName, TravelDocument, Traveller
from paxscreen.screening.links.decisions import confirm, merge, split
from paxscreen.screening.links.identity import (
    IdentityOptions,
    identity_of,
    members,
    resolve_identities,
)
from paxscreen.store.tables import travellers
from paxscreen.store.travellers_repo import save_travellers

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
OPTIONS = IdentityOptions(fingerprint_key=b"k" * 32)


def person(
    given: str,
    surname: str,
    dob: PartialDate | None,
    document: str | None = None,
    *,
    state: str = "GBR",
    ff: str | None = None,
    nationality: str = "GBR",
) -> Traveller:
    return Traveller(
        name=PersonName(surname=surname, given_names=given),
        date_of_birth=dob,
        sex="M",
        nationality=nationality,
        documents=[TravelDocument(type="P", number=document, issuing_state=state)]
        if document
        else [],
        frequent_flyers=[FrequentFlyer(airline="BA", number=ff)] if ff else [],
    )


def load(connection: Connection, *people: Traveller) -> list[int]:
    ids = save_travellers(connection, list(people), source="api")
    resolve_identities(connection, ids, options=OPTIONS, now=NOW)
    return ids


def test_a_typo_and_a_second_passport_join_one_identity(connection: Connection) -> None:
    first, second = load(
        connection,
        person("JOHN", "SMITHSON", PartialDate(1980, 3, 14), "111222333"),
        person("JOHN", "SMITHSOM", PartialDate(1980, 3, 14), "999888777"),
    )
    assert identity_of(connection, first) == identity_of(connection, second)


def test_the_same_passport_decides_even_with_a_changed_name(connection: Connection) -> None:
    first, second = load(
        connection,
        person("MARIA", "GARCIA", PartialDate(1990, 5, 2), "X1234567", state="ESP"),
        person("MARIA", "GARCIA LOPEZ", None, "X1234567", state="ESP"),
    )
    assert identity_of(connection, first) == identity_of(connection, second)


def test_namesakes_with_different_dates_of_birth_stay_apart(connection: Connection) -> None:
    first, second = load(
        connection,
        person("JOHN", "SMITH", PartialDate(1980, 3, 14)),
        person("JOHN", "SMITH", PartialDate(1962, 11, 2)),
    )
    assert identity_of(connection, first) != identity_of(connection, second)


def test_a_name_alone_links_nobody(connection: Connection) -> None:
    first, second = load(connection, person("AHMED", "KHAN", None), person("AHMED", "KHAN", None))
    assert identity_of(connection, first) != identity_of(connection, second)


def test_a_shared_frequent_flyer_account_links(connection: Connection) -> None:
    first, second = load(
        connection,
        person("OLUWASEUN", "ADEYEMI", None, ff="12345678"),
        person("OLUWASEUN", "ADEYEMI", PartialDate(1985, 1, 9), ff="12345678"),
    )
    assert identity_of(connection, first) == identity_of(connection, second)


def test_day_month_swapped_date_still_links(connection: Connection) -> None:
    first, second = load(
        connection,
        person("PIERRE", "DUBOIS", PartialDate(1975, 4, 7), nationality="FRA"),
        person("PIERRE", "DUBOIS", PartialDate(1975, 7, 4), nationality="FRA"),
    )
    assert identity_of(connection, first) == identity_of(connection, second)


def test_an_analysts_split_survives_reingestion(connection: Connection) -> None:
    twin_a = person("ALEX", "NOVAK", PartialDate(1991, 2, 3), "A111")
    twin_b = person("ALEX", "NOVAK", PartialDate(1991, 2, 3), "B222")
    first, second = load(connection, twin_a, twin_b)
    assert identity_of(connection, first) == identity_of(connection, second)
    split(connection, second, actor="analyst1", reason="twins: different passports", now=NOW)
    assert identity_of(connection, first) != identity_of(connection, second)
    # the messages come again: their traveller rows are replaced by new ones
    connection.execute(delete(travellers).where(travellers.c.id.in_([first, second])))
    again_first, again_second = load(connection, twin_a, twin_b)
    assert identity_of(connection, again_first) != identity_of(connection, again_second)


def test_confirm_and_merge(connection: Connection) -> None:
    first, second = load(
        connection,
        person("WEI", "ZHANG", PartialDate(1970, 1, 1)),
        person("WEI", "CHANG", PartialDate(1988, 8, 8)),
    )
    assert identity_of(connection, first) != identity_of(connection, second)
    target = merge(
        connection,
        identity_of(connection, second),
        identity_of(connection, first),
        actor="analyst1",
        reason="same person per liaison report",
        now=NOW,
    )
    assert set(members(connection, target)) == {first, second}
    assert (
        confirm(connection, first, actor="analyst1", reason="checked documents", now=NOW) == target
    )
    # a merge is remembered: reloading the second record's data joins the merged identity
    [again] = load(connection, person("WEI", "CHANG", PartialDate(1988, 8, 8)))
    assert identity_of(connection, again) == target


def test_resolution_is_idempotent(connection: Connection) -> None:
    [traveller_id] = load(connection, person("ANNA", "KOWALSKA", PartialDate(1999, 9, 9)))
    before = identity_of(connection, traveller_id)
    assert resolve_identities(connection, [traveller_id], options=OPTIONS, now=NOW) == []
    assert identity_of(connection, traveller_id) == before
