"""New hits reach their groups after screening; top categories go straight to the port."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from paxscreen.config import load_settings
from paxscreen.screening.interface import SCREENER_MODULES
from paxscreen.store.user_tables import notifications
from paxscreen.store.vetting_tables import lookouts
from paxscreen.users.accounts import create_user
from paxscreen.users.groups import add_member, create_group
from paxscreen.users.roles import Role
from paxscreen.vetting.alerts import alert_groups

from .conftest import NOW, PASSWORD
from .seed import Seeded


def test_alerts_notify_groups_once_per_flight_and_category_and_promote_top_ones(
    web_engine: Engine, seeded: Seeded
) -> None:
    assert "paxscreen.vetting.alerts" in SCREENER_MODULES
    with web_engine.begin() as connection:
        analyst = create_user(
            connection, username="ana", password=PASSWORD, role=Role.ANALYST, now=NOW
        )
        officer = create_user(
            connection, username="ofc", password=PASSWORD, role=Role.PORT_OFFICER, now=NOW
        )
        group = create_group(connection, "Targeting", categories=("terrorism", "targeting-rule"))
        add_member(connection, group.id, "ana")
        created = alert_groups(
            connection, [seeded.flights["XA101"]], settings=load_settings(), now=NOW
        )
        assert created == 1
        later = NOW + dt.timedelta(minutes=5)  # the next screening round: nothing new
        again = alert_groups(
            connection, [seeded.flights["XA101"]], settings=load_settings(), now=later
        )
        assert again == 0
        lookout = connection.execute(select(lookouts)).one()
        assert (lookout.port, lookout.hit_id) == ("LHR", seeded.hits["watchlist"])
        rows = connection.execute(
            select(notifications.c.user_id, notifications.c.kind, notifications.c.subject).order_by(
                notifications.c.id
            )
        ).all()
    analyst_subjects = sorted(row.subject for row in rows if row.user_id == analyst.id)
    assert len(analyst_subjects) == 2  # one per category of the flight
    assert "1 new terrorism hits on XA101 (1 alerts)" in analyst_subjects
    assert [row.kind for row in rows if row.user_id == officer.id] == ["lookout"]
