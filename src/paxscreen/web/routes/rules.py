"""Rules: list, builder (no JSON), validation, back-test, submit/approve/retire, stats."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from paxscreen.errors import NotFoundError, PermissionDeniedError, RuleError
from paxscreen.screening.rules.backtest import backtest_rule, backtest_spec
from paxscreen.screening.rules.governance import (
    approve_rule,
    create_rule,
    edit_rule,
    get_rule,
    retire_rule,
    submit_rule,
)
from paxscreen.screening.rules.lifecycle import Actor
from paxscreen.screening.rules.model import RuleSeverity, RuleSpec
from paxscreen.screening.rules.rescreen import rescreen_for_rule
from paxscreen.screening.rules.validation import RuleValidationError, validate_rule
from paxscreen.users.sessions import Session
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import audit, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.rule_form import (
    BuilderForm,
    field_choices,
    form_from_fields,
    form_from_tree,
    operator_choices,
    tree_from_form,
)
from paxscreen.web.templating import render
from paxscreen.web.views.rules import (
    backtest_summary,
    backtest_window,
    list_rule_rows,
    rule_detail,
)

router = APIRouter()


def _actor(session: Session) -> Actor:
    return Actor(name=session.user.username, role=session.user.role.value)


async def _fields(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    return {key: [str(value) for value in form.getlist(key)] for key in form}


def _spec_from(fields: dict[str, list[str]]) -> tuple[RuleSpec | None, BuilderForm, list[str]]:
    """The RuleSpec the builder describes, the form to redisplay, and any problems."""
    builder = form_from_fields(fields)

    def one(name: str, default: str = "") -> str:
        return (fields.get(name) or [default])[0].strip()

    try:
        tree = tree_from_form(builder)
        spec = RuleSpec(
            code=one("code"),
            title=one("title"),
            description=one("description"),
            justification=one("justification"),
            category=one("category", "targeting-rule"),
            severity=RuleSeverity(one("severity", "medium")),
            weight=float(one("weight", "1") or 1),
            conditions=tree,
            review_by=None,
            hit_share_warning=None,
        )
        validate_rule(spec)
    except RuleValidationError as error:
        return None, builder, [f"{path}: {message}" for path, message in error.problems]
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors()
        ]
        return None, builder, problems
    except ValueError as error:
        return None, builder, [str(error)]
    return spec, builder, []


def _builder_page(
    request: Request,
    *,
    builder: BuilderForm,
    values: dict[str, str],
    problems: list[str],
    rule: dict[str, Any] | None = None,
    backtest: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "rule.html",
        {
            "builder": builder,
            "values": values,
            "problems": problems,
            "rule": rule,
            "backtest": backtest,
            "fields": field_choices(),
            "operators": operator_choices(),
            "severities": [severity.value for severity in RuleSeverity],
        },
        status_code=status_code,
    )


def _values(fields: dict[str, list[str]]) -> dict[str, str]:
    names = (
        "code",
        "title",
        "description",
        "justification",
        "category",
        "severity",
        "weight",
        "days_back",
    )
    return {name: (fields.get(name) or [""])[0] for name in names}


@router.get("/rules", include_in_schema=False, response_class=HTMLResponse)
def rules_page(
    request: Request, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    return render(request, "rules.html", {"rules": list_rule_rows(connection)})


@router.get("/api/rules", tags=["rules"])
def rules_api(connection: ConnectionDep, session: CurrentSession) -> list[dict[str, Any]]:
    """Every rule with its status, conditions, statistics and lookout outcomes."""
    return list_rule_rows(connection)


@router.get("/rules/new", include_in_schema=False, response_class=HTMLResponse)
def new_rule_page(request: Request, session: CurrentSession) -> HTMLResponse:
    from paxscreen.web.rule_form import Row

    builder = BuilderForm(rows=[Row()])
    values = {"severity": "medium", "weight": "1", "category": "targeting-rule", "days_back": "30"}
    return _builder_page(request, builder=builder, values=values, problems=[])


@router.post("/rules", include_in_schema=False)
async def create_rule_form(
    request: Request, connection: ConnectionDep, session: CurrentSession
) -> Response:
    """Save a new draft, or (button "back-test") run the unsaved rule over past flights."""
    fields = await _fields(request)
    spec, builder, problems = _spec_from(fields)
    values = _values(fields)
    if spec is None:
        return _builder_page(
            request, builder=builder, values=values, problems=problems, status_code=400
        )
    if (fields.get("action") or [""])[0] == "backtest":
        start, end = backtest_window(int(values["days_back"] or 30), utc_now())
        report = backtest_spec(connection, spec, start=start, end=end, now=utc_now())
        return _builder_page(
            request,
            builder=builder,
            values=values,
            problems=[],
            backtest=backtest_summary(connection, report),
        )
    try:
        rule_id = create_rule(connection, spec, author=_actor(session), now=utc_now())
    except (RuleError, PermissionDeniedError) as error:
        return _builder_page(
            request, builder=builder, values=values, problems=[str(error)], status_code=400
        )
    audit(connection, session, "rule-create", "rule", rule_id, code=spec.code)
    return RedirectResponse(f"/rules/{rule_id}", status_code=303)


def _detail(connection: ConnectionDep, rule_id: int) -> dict[str, Any]:
    try:
        return rule_detail(connection, rule_id)
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error


@router.get("/rules/{rule_id}", include_in_schema=False, response_class=HTMLResponse)
def rule_page(
    request: Request, rule_id: int, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    rule = _detail(connection, rule_id)
    stored = get_rule(connection, rule_id)
    builder = form_from_tree(stored.spec.conditions) or BuilderForm()
    values = {
        key: str(rule[key])
        for key in (
            "code",
            "title",
            "description",
            "justification",
            "category",
            "severity",
            "weight",
        )
    }
    values["days_back"] = "30"
    return _builder_page(request, builder=builder, values=values, problems=[], rule=rule)


@router.get("/api/rules/{rule_id}", tags=["rules"])
def rule_api(rule_id: int, connection: ConnectionDep, session: CurrentSession) -> dict[str, Any]:
    """One rule: its latest version, life cycle history and statistics."""
    return _detail(connection, rule_id)


@router.post("/rules/{rule_id}", include_in_schema=False)
async def edit_rule_form(
    request: Request, rule_id: int, connection: ConnectionDep, session: CurrentSession
) -> Response:
    rule = _detail(connection, rule_id)
    fields = await _fields(request)
    fields["code"] = [rule["code"]]  # the code is the rule's stable name
    spec, builder, problems = _spec_from(fields)
    values = _values(fields)
    if spec is None:
        return _builder_page(
            request, builder=builder, values=values, problems=problems, rule=rule, status_code=400
        )
    if (fields.get("action") or [""])[0] == "backtest":
        start, end = backtest_window(int(values["days_back"] or 30), utc_now())
        report = backtest_spec(connection, spec, start=start, end=end, now=utc_now())
        return _builder_page(
            request,
            builder=builder,
            values=values,
            problems=[],
            rule=rule,
            backtest=backtest_summary(connection, report),
        )
    try:
        edit_rule(
            connection,
            rule_id,
            spec,
            author=_actor(session),
            now=utc_now(),
            note=(fields.get("note") or [""])[0],
        )
    except (RuleError, PermissionDeniedError) as error:
        return _builder_page(
            request,
            builder=builder,
            values=values,
            problems=[str(error)],
            rule=rule,
            status_code=400,
        )
    audit(connection, session, "rule-edit", "rule", rule_id, code=spec.code)
    return RedirectResponse(f"/rules/{rule_id}", status_code=303)


@router.post("/rules/{rule_id}/backtest", include_in_schema=False, response_class=HTMLResponse)
async def backtest_form(
    request: Request, rule_id: int, connection: ConnectionDep, session: CurrentSession
) -> HTMLResponse:
    fields = await _fields(request)
    days_back = int((fields.get("days_back") or ["30"])[0] or 30)
    report = _backtest(connection, rule_id, days_back)
    return render(request, "partials/backtest.html", {"backtest": report})


@router.post("/api/rules/{rule_id}/backtest", tags=["rules"])
def backtest_api(
    rule_id: int, connection: ConnectionDep, session: CurrentSession, days_back: int = 30
) -> dict[str, Any]:
    """Run the rule's latest version over past and announced flights, recording nothing."""
    return _backtest(connection, rule_id, days_back)


def _backtest(connection: ConnectionDep, rule_id: int, days_back: int) -> dict[str, Any]:
    _detail(connection, rule_id)
    start, end = backtest_window(days_back, utc_now())
    return backtest_summary(connection, backtest_rule(connection, rule_id, start=start, end=end))


async def _govern(
    request: Request, connection: ConnectionDep, session: CurrentSession, rule_id: int, action: str
) -> Response:
    _detail(connection, rule_id)
    comment = (await _fields(request)).get("comment", [""])[0]
    actor, now = _actor(session), utc_now()
    try:
        if action == "submit":
            submit_rule(connection, rule_id, actor=actor, now=now, comment=comment)
        elif action == "approve":
            approve_rule(connection, rule_id, approver=actor, now=now, comment=comment)
            rescreen_for_rule(connection, rule_id, now=now)
        else:
            retire_rule(connection, rule_id, actor=actor, now=now, comment=comment)
    except (RuleError, PermissionDeniedError) as error:
        raise HTTPException(status_code=400, detail=str(error)) from error
    audit(connection, session, f"rule-{action}", "rule", rule_id, comment=comment)
    return RedirectResponse(f"/rules/{rule_id}", status_code=303)


@router.post("/rules/{rule_id}/submit", include_in_schema=False)
async def submit_form(
    request: Request, rule_id: int, connection: ConnectionDep, session: CurrentSession
) -> Response:
    return await _govern(request, connection, session, rule_id, "submit")


@router.post("/rules/{rule_id}/approve", include_in_schema=False)
async def approve_form(
    request: Request, rule_id: int, connection: ConnectionDep, session: CurrentSession
) -> Response:
    return await _govern(request, connection, session, rule_id, "approve")


@router.post("/rules/{rule_id}/retire", include_in_schema=False)
async def retire_form(
    request: Request, rule_id: int, connection: ConnectionDep, session: CurrentSession
) -> Response:
    return await _govern(request, connection, session, rule_id, "retire")
