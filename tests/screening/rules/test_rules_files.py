"""Rule files (JSON and YAML), import/export through governance, back-test, saved
queries, and the `paxscreen rules` commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from rules_support import APPROVER, AUTHOR, NOW
from sqlalchemy import Connection
from typer.testing import CliRunner

from paxscreen.errors import ImportFormatError
from paxscreen.screening.rules.backtest import backtest_rule
from paxscreen.screening.rules.formats import format_rules, parse_rules
from paxscreen.screening.rules.governance import get_rule
from paxscreen.screening.rules.loading import export_rules, import_rules
from paxscreen.screening.rules.model import RuleSpec, RuleStatus
from paxscreen.screening.rules.saved_queries import promote_query, run_query, save_query

RULES_YAML = """
format: paxscreen-rules/1
named_lists:
  - name: hubs
    description: transit hubs of concern
    values: [ist, saw]
rules:
  - code: hub-one-way-cash
    title: One-way cash ticket from a hub
    severity: high
    weight: 4
    conditions:
      and:
        - {entity: flight, field: origin, operator: in_list, value: hubs}
        - {entity: payment, field: type, operator: equal, value: CA}
        - {entity: features, field: is_one_way, operator: equal, value: true}
  - code: broken
    title: Broken travel
    conditions: {entity: features, field: is_broken_travel, operator: equal, value: true}
"""


def test_yaml_and_json_round_trip() -> None:
    collection = parse_rules(RULES_YAML)
    as_json = format_rules(collection, as_json=True)
    assert parse_rules(as_json, source="rules.json") == collection
    assert parse_rules(format_rules(collection)) == collection


def test_a_single_rule_object_is_a_file_too() -> None:
    single = '{"code": "b", "title": "B", "conditions": {"entity": "bag", "field": "count", ' \
             '"operator": "greater", "value": 3}}'  # fmt: skip
    assert [rule.code for rule in parse_rules(single, source="b.json").rules] == ["b"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [{code: x, title: X, conditions: {entity: bag, field: count, operator: near}}]",
         "rule 1 (x): 0: unknown operator 'near'"),
        ("rules: [{code: x, title: X, conditions: {and: []}}]", "rule 1 (x): conditions.and"),
        ("rules: [{code: x, title: X, colour: red, conditions: {entity: bag, field: count, "
         "operator: is_null}}]", "rule 1 (x): colour: Extra inputs are not permitted"),
        ("rules: [\n  {code: x, title: X\n", "rules.yaml:3: not readable"),
        ("rules:\n- {code: x, title: X, conditions: {entity: traveller, field: sex, operator: "
         "equal, value: F}}", "refused: every condition tests a protected attribute (sex)"),
    ],
)  # fmt: skip
def test_bad_files_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError) as error:
        parse_rules(text)
    assert message in str(error.value)


def test_import_creates_drafts_then_activates_with_approver(connection: Connection) -> None:
    collection = parse_rules(RULES_YAML)
    summary = import_rules(connection, collection, author=AUTHOR, now=NOW)
    assert summary.created == ["hub-one-way-cash", "broken"] and summary.activated == []
    assert get_rule(connection, "broken").status is RuleStatus.DRAFT
    again = import_rules(connection, collection, author=AUTHOR, approver=APPROVER, now=NOW)
    assert again.unchanged == ["hub-one-way-cash", "broken"] and again.activated == []
    changed = collection.model_copy(update={"rules": [
        collection.rules[0].model_copy(update={"weight": 9.0}), collection.rules[1]]})  # fmt: skip
    third = import_rules(connection, changed, author=AUTHOR, approver=APPROVER, now=NOW)
    assert third.changed == ["hub-one-way-cash"] and third.activated == ["hub-one-way-cash"]
    stored = get_rule(connection, "hub-one-way-cash")
    assert (stored.status, stored.active_version, stored.spec.weight) == (RuleStatus.ACTIVE, 2, 9.0)
    exported = export_rules(connection)
    assert [rule.code for rule in exported.rules] == ["broken", "hub-one-way-cash"]
    assert exported.named_lists[0].values == ["IST", "SAW"]


def test_backtest_reports_hits_and_known_positives(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    import_rules(connection, parse_rules(RULES_YAML), author=AUTHOR, now=NOW)
    start, end = dt.datetime(2026, 6, 1, tzinfo=dt.UTC), dt.datetime(2026, 6, 2, tzinfo=dt.UTC)
    report = backtest_rule(connection, "broken", start=start, end=end,
                           known_positives=[hub_flight["broken"], hub_flight["cash"]])  # fmt: skip
    assert (report.flights, report.travellers) == (1, 7)
    assert report.hit_traveller_ids == [hub_flight["broken"]]
    assert report.known_positives_hit == [hub_flight["broken"]]
    assert report.recall == 0.5
    assert report.hits_per_day == {"2026-06-01": 1}
    assert "known positives hit: 1 of 2 (50%)" in report.to_text()
    earlier = backtest_rule(connection, "broken", start=start - dt.timedelta(days=5), end=start)
    assert earlier.hit_traveller_ids == [] and earlier.flights == 0


def test_saved_query_runs_and_becomes_a_rule(
    connection: Connection, hub_flight: dict[str, Any]
) -> None:
    tree = RuleSpec.model_validate(
        {
            "code": "q",
            "title": "q",
            "conditions": {
                "entity": "payment",
                "field": "payer",
                "operator": "contains",
                "value": "acme",
            },
        }
    ).conditions
    query_id = save_query(connection, "third parties", tree, owner="alice", now=NOW)
    assert save_query(connection, "third parties", tree, owner="alice", now=NOW) == query_id
    rows = run_query(connection, tree, flight_id=hub_flight["flight"])
    assert [(row["traveller_id"], row["c_0"]) for row in rows] == [
        (hub_flight["third_party"], "ACME TRADING LTD")
    ]
    spec = RuleSpec.model_validate({"code": "acme", "title": "Paid by ACME", "conditions": tree})
    rule_id = promote_query(connection, query_id, spec, author=AUTHOR, now=NOW)
    assert get_rule(connection, rule_id).status is RuleStatus.DRAFT


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    from paxscreen.store.engine import create_engine_for
    from paxscreen.store.schema import load_metadata
    from paxscreen.users.accounts import create_user
    from paxscreen.users.roles import Role

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = create_engine_for(url)
    load_metadata().create_all(engine)
    with engine.begin() as connection:
        for name, role in (("alice", Role.ANALYST), ("rui", Role.RULE_MANAGER)):
            create_user(connection, username=name, password="correct horse battery 42",
                        role=role, now=NOW)  # fmt: skip
    engine.dispose()
    monkeypatch.setenv("PAXSCREEN_DATABASE_URL", url)
    return url


def test_cli_validate_import_export_backtest(tmp_path: Path, cli_database: str) -> None:
    from paxscreen.cli import app

    runner = CliRunner()
    source = tmp_path / "rules.yaml"
    source.write_text(RULES_YAML)
    result = runner.invoke(app, ["rules", "validate", str(source)])
    assert result.exit_code == 0, result.output
    assert "2 rules and 1 named lists are valid" in result.output
    result = runner.invoke(
        app, ["rules", "import", str(source), "--author", "alice", "--approver", "rui"]
    )
    assert result.exit_code == 0, result.output
    assert "created 2, changed 0, unchanged 0, activated 2" in result.output
    target = tmp_path / "out.json"
    result = runner.invoke(app, ["rules", "export", str(target)])
    assert (
        result.exit_code == 0 and len(parse_rules(target.read_text(), source="x.json").rules) == 2
    )
    result = runner.invoke(
        app, ["rules", "backtest", "broken", "--from", "2026-06-01", "--to", "2026-06-02"]
    )
    assert result.exit_code == 0, result.output
    assert "rule broken v1: 2026-06-01 to 2026-06-03" in result.output
    result = runner.invoke(app, ["rules", "stats", "broken"])
    assert result.exit_code == 0 and "rule broken: 0 hits, precision n/a" in result.output
    result = runner.invoke(app, ["rules", "remind"])
    assert result.exit_code == 0 and "review reminders written: 0" in result.output


def test_cli_refuses_self_approval_and_bad_files(tmp_path: Path, cli_database: str) -> None:
    from paxscreen.cli import app

    runner = CliRunner()
    source = tmp_path / "rules.yaml"
    source.write_text(RULES_YAML)
    result = runner.invoke(
        app, ["rules", "import", str(source), "--author", "rui", "--approver", "rui"]
    )
    assert result.exit_code == 2 and "four-eyes" in result.output
    source.write_text("rules: [{code: x}]")
    result = runner.invoke(app, ["rules", "validate", str(source)])
    assert result.exit_code == 2 and "rule 1 (x)" in result.output
