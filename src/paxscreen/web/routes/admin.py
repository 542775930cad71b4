"""Administration: users, groups, hit categories, settings, message status and quarantine."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from paxscreen.errors import NotFoundError
from paxscreen.ingest.catalogue import count_by_status, list_messages, reprocess
from paxscreen.users.accounts import (
    AccountError,
    create_user,
    get_user,
    list_users,
    set_active,
    set_password,
    set_role,
)
from paxscreen.users.groups import (
    add_member,
    create_group,
    get_group,
    list_groups,
    remove_member,
    set_group_categories,
)
from paxscreen.users.passwords import WeakPasswordError
from paxscreen.users.roles import Role, parse_role
from paxscreen.users.runtime_settings import current_values, save_setting
from paxscreen.vetting.categories import list_categories, save_category
from paxscreen.web.auth import CurrentSession
from paxscreen.web.context import audit, back, utc_now
from paxscreen.web.deps import ConnectionDep
from paxscreen.web.templating import render

router = APIRouter()

QUARANTINE = ("failed_parse", "failed_load", "failed_screen")
Field = Annotated[str, Form()]


def _user_dict(user: Any) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role.value,
        "active": user.active,
        "groups": list(user.groups),
    }


@router.get("/admin", include_in_schema=False, response_class=HTMLResponse)
def admin_page(
    request: Request,
    connection: ConnectionDep,
    session: CurrentSession,
    notice: str | None = None,
    error: str | None = None,
) -> HTMLResponse:
    return render(
        request,
        "admin.html",
        {
            "users": list_users(connection),
            "groups": list_groups(connection),
            "categories": list_categories(connection),
            "roles": [role.value for role in Role],
            "settings_values": current_values(request.app.state.settings, connection),
            "notice": notice,
            "error": error,
        },
    )


@router.get("/api/admin/users", tags=["administration"])
def users_api(connection: ConnectionDep, session: CurrentSession) -> list[dict[str, Any]]:
    """Every user with role, state and groups (never password hashes)."""
    return [_user_dict(user) for user in list_users(connection)]


@router.get("/api/admin/groups", tags=["administration"])
def groups_api(connection: ConnectionDep, session: CurrentSession) -> list[dict[str, Any]]:
    """Groups with the hit categories they see and their members."""
    return [
        {
            "id": g.id,
            "name": g.name,
            "description": g.description,
            "email": g.email,
            "categories": list(g.categories),
            "members": list(g.members),
        }
        for g in list_groups(connection)
    ]


def _fail(error: Exception) -> HTTPException:
    return HTTPException(status_code=400, detail=str(error))


@router.post("/admin/users", include_in_schema=False)
def create_user_form(
    request: Request,
    connection: ConnectionDep,
    session: CurrentSession,
    username: Field = "",
    password: Field = "",
    role: Field = "",
    display_name: Field = "",
    email: Field = "",
) -> Response:
    try:
        create_user(
            connection,
            username=username,
            password=password,
            role=parse_role(role),
            now=utc_now(),
            display_name=display_name,
            email=email or None,
        )
    except (AccountError, WeakPasswordError, ValueError) as error:
        raise _fail(error) from error
    audit(connection, session, "user-create", "user", username, role=role)
    return back(request, "/admin", "user-created")


@router.post("/admin/users/{user_id}", include_in_schema=False)
def update_user_form(
    request: Request,
    user_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    role: Field = "",
    active: Field = "",
    password: Field = "",
) -> Response:
    try:
        user = get_user(connection, user_id)
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    try:
        if role:
            set_role(connection, user.username, parse_role(role))
        if active in ("true", "false"):
            if user.id == session.user.id and active == "false":
                raise ValueError("you cannot disable your own account")
            set_active(connection, user.username, active == "true")
        if password:
            set_password(connection, user.username, password)
    except (AccountError, WeakPasswordError, ValueError) as error:
        raise _fail(error) from error
    audit(
        connection,
        session,
        "user-change",
        "user",
        user.username,
        role=role,
        active=active,
        password_changed=bool(password) or None,
    )
    return back(request, "/admin", "user-saved")


def _categories(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


@router.post("/admin/groups", include_in_schema=False)
def create_group_form(
    request: Request,
    connection: ConnectionDep,
    session: CurrentSession,
    name: Field = "",
    description: Field = "",
    email: Field = "",
    categories: Field = "",
) -> Response:
    try:
        create_group(
            connection,
            name,
            description=description,
            email=email or None,
            categories=tuple(_categories(categories)),
        )
    except AccountError as error:
        raise _fail(error) from error
    audit(connection, session, "group-create", "group", name, categories=categories)
    return back(request, "/admin", "group-created")


@router.post("/admin/groups/{group_id}", include_in_schema=False)
def update_group_form(
    request: Request,
    group_id: int,
    connection: ConnectionDep,
    session: CurrentSession,
    categories: Field = "",
    add_user: Field = "",
    remove_user: Field = "",
) -> Response:
    try:
        get_group(connection, group_id)
        set_group_categories(connection, group_id, _categories(categories))
        if add_user:
            add_member(connection, group_id, add_user)
        if remove_user:
            remove_member(connection, group_id, remove_user)
    except AccountError as error:
        raise _fail(error) from error
    audit(
        connection,
        session,
        "group-change",
        "group",
        group_id,
        categories=categories,
        added=add_user,
        removed=remove_user,
    )
    return back(request, "/admin", "group-saved")


@router.post("/admin/categories", include_in_schema=False)
def save_category_form(
    request: Request,
    connection: ConnectionDep,
    session: CurrentSession,
    code: Field = "",
    label: Field = "",
    severity: Field = "1",
    promote_to_lookout: Field = "",
) -> Response:
    try:
        save_category(
            connection,
            code,
            label=label,
            severity=int(severity or 1),
            promote_to_lookout=promote_to_lookout == "true",
        )
    except ValueError as error:
        raise _fail(error) from error
    audit(connection, session, "category-save", "hit_category", code, severity=severity)
    return back(request, "/admin", "category-saved")


@router.post("/admin/settings", include_in_schema=False)
async def save_settings_form(
    request: Request, connection: ConnectionDep, session: CurrentSession
) -> Response:
    form = await request.form()
    try:
        for key, value in form.items():
            if key != "csrf_token" and isinstance(value, str) and value.strip():
                save_setting(
                    connection, key, value.strip(), user=session.user.username, now=utc_now()
                )
    except ValueError as error:
        raise _fail(error) from error
    audit(
        connection,
        session,
        "settings-change",
        "settings",
        None,
        values={key: str(value) for key, value in form.items() if key != "csrf_token"},
    )
    return back(request, "/admin", "settings-saved")


def _messages(connection: ConnectionDep, status: str | None) -> dict[str, Any]:
    counts = count_by_status(connection)
    shown = [status] if status else list(QUARANTINE)
    found = [
        summary.to_dict()
        for name in shown
        for summary in list_messages(connection, status=name, limit=200)
    ]
    return {"counts": counts, "messages": found, "status": status or ""}


@router.get("/admin/messages", include_in_schema=False, response_class=HTMLResponse)
def messages_page(
    request: Request, connection: ConnectionDep, session: CurrentSession, status: str | None = None
) -> HTMLResponse:
    return render(request, "admin_messages.html", {"data": _messages(connection, status)})


@router.get("/api/admin/messages", tags=["administration"])
def messages_api(
    connection: ConnectionDep, session: CurrentSession, status: str | None = None
) -> dict[str, Any]:
    """Counts per processing status and the quarantined (failed) messages."""
    return _messages(connection, status)


@router.post("/admin/messages/{message_id}/reprocess", include_in_schema=False)
def reprocess_form(
    request: Request, message_id: str, connection: ConnectionDep, session: CurrentSession
) -> Response:
    outcomes = reprocess(
        request.app.state.engine, [message_id], settings=request.app.state.settings, now=utc_now()
    )
    if not outcomes:
        raise HTTPException(status_code=404, detail=f"no message {message_id}")
    return back(request, "/admin/messages", f"reprocessed-{outcomes[0].status}")
