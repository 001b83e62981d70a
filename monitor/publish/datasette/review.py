"""Staff review in the newsroom: the one write endpoint (POST /-/review) and what the item and
story pages show of reviews (the history, and the forms for reviewers).

Only this endpoint writes, and only the actions of monitor/store/reviews.py: Datasette's CSRF
token is required (Datasette checks it before any route), the actor must be a reviewer or an
admin, and the write goes through Datasette's one write connection set up as our polls' is
(monitor/store/schema.writer: WAL, the same busy timeout), so a poll and reviews wait for each
other. SQL in the newsroom stays read-only and there is no generic write API.
"""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import parse_qs

from datasette.utils.asgi import Response

from monitor.enrich.tagging.lexicon import EVENT_TYPES, SECTORS
from monitor.publish.datasette.labels import label, readable_time
from monitor.publish.datasette.roles import can_review
from monitor.store.faults import describe
from monitor.store.reviews import (
    CORRECTABLE,
    LIST_FIELDS,
    REJECT_REASONS,
    ReviewAction,
    ReviewError,
    parse_value,
    record_review,
    reviews_of,
    undo_review,
)
from monitor.store.schema import writer
from monitor.values import json_list

REVIEW_PATH = "/-/review"
REVIEW_ROUTE = r"^/-/review$"
FIELD_KINDS = {"event_types": "event_type", "countries": "country", "sectors": "sector"}
ACTION_LABELS = {"confirm": "Confirmed", "reject": "Rejected as not labour news",
                 "correct": "Corrected", "merge": "Merged stories", "split": "Split out",
                 "note": "Note", "undo": "Undid"}
STATUS_LABELS = {"confirmed": "confirmed", "rejected": "rejected as not labour news",
                 "corrected": "corrected"}


def _first(form: dict[str, list[str]], key: str) -> str:
    values = form.get(key) or [""]
    return values[-1].strip()


def _number(form: dict[str, list[str]], key: str, what: str) -> int:
    text = _first(form, key)
    if not text.isdigit():
        raise ReviewError(f"{what}: give a number, not {text!r}" if text else f"{what} is missing")
    return int(text)


def _local(path: str) -> str | None:
    """`next` when it is a path on this site (never another site: no open redirect)."""
    if path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return None


def action_from_form(form: dict[str, list[str]], reviewer: str) -> ReviewAction | int:
    """The review the form asks for, or the id of the review to undo."""
    action = _first(form, "action")
    if action == "undo":
        return _number(form, "review", "the review to undo")
    target = _first(form, "target")
    act = ReviewAction(target=target, target_id=_number(form, "id", f"the {target or 'item'}"),
                       action=action, reviewer=reviewer, note=_first(form, "note") or None,
                       reason=_first(form, "reason") or None)
    if action == "correct":
        act.field = _first(form, "field")
        values = form.get("value", [])
        act.value = parse_value(act.field, ",".join(values) if act.field in LIST_FIELDS
                                else values)
    if action == "merge":
        act.other = _number(form, "other", "the number of the other story")
    return act


async def review_view(request: Any, datasette: Any) -> Response:
    """POST /-/review: one review action, then back to the page it was made on."""
    actor = request.actor
    if not can_review(actor):
        return await _page(datasette, request, 403, "Only reviewers can review",
                           "Log in with a reviewer's account to confirm, reject or correct.")
    if request.method != "POST":
        return Response.text("Reviews are made with the forms on item and story pages.",
                             status=405, headers={"Allow": "POST"})
    db = datasette.get_database()
    if not db.is_mutable:
        return await _page(datasette, request, 409, "This newsroom is a read-only copy",
                           "Reviews are made on the monitor's own newsroom, not a published copy.")
    form = parse_qs((await request.post_body()).decode("utf-8", "replace"),
                    keep_blank_values=True)
    back = _local(_first(form, "next"))
    try:
        wanted = action_from_form(form, str(actor.get("id") or ""))

        def write(conn: sqlite3.Connection) -> int:
            database = writer(conn)
            if isinstance(wanted, int):
                return undo_review(database, wanted, str(actor.get("id") or ""))
            return record_review(database, wanted)

        await db.execute_write_fn(write)
    except ReviewError as exc:
        return await _page(datasette, request, 400, "The review was not saved", str(exc), back)
    except sqlite3.DatabaseError as exc:  # busy beyond the timeout, a full disk
        fault = describe(exc, db.path)
        return await _page(datasette, request, 503, "The review was not saved", fault or (
            "The database is busy (a poll or another review is writing) and nothing was "
            "saved; try again in a moment."), back)
    if back is None:
        target = _first(form, "target")
        table = "stories" if target == "story" else "items"
        back = datasette.urls.row(db.name, table, _first(form, "id") or "1")
    return Response.redirect(back + "#review", status=303)


async def _page(datasette: Any, request: Any, status: int, title: str, message: str,
                back: str | None = None) -> Response:
    html = await datasette.render_template(
        "review_message.html", {"title": title, "message": message, "back": back},
        request=request)
    return Response.html(html, status=status)


def _shown(field: str | None, value: Any) -> str:
    """A stored value as staff read it: names, not codes or JSON."""
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, dict):  # a story's reports that differed
        return "; ".join(f"item {k}: {_shown(field, v)}" for k, v in value.items())
    if field in FIELD_KINDS:
        return ", ".join(label(FIELD_KINDS[field], c) for c in json_list(value)) or "none"
    if field == "relevant":
        return "labour news" if value else "not labour news"
    return str(value)


def _decoded(text: str | None) -> Any:
    import json  # lazy: only history rows with values need it

    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def history_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Review rows as the history list shows them, oldest first."""
    out = []
    for row in rows:
        action, field = row["action"], row.get("field")
        what = ACTION_LABELS.get(action, action)
        change = ""
        if action == "correct":
            what = f"Corrected {CORRECTABLE.get(field or '', field or '').lower()}"
            change = (f"{_shown(field, _decoded(row.get('old_value')))} → "
                      f"{_shown(field, _decoded(row.get('new_value')))}")
        elif action == "merge":
            change = f"story {row.get('old_value')} joined story {row.get('new_value')}"
        elif action == "split":
            change = (f"item {row['target_id']} left story {row.get('old_value')} for story "
                      f"{row.get('new_value')}")
        elif action == "undo":
            what = f"Undid review {row.get('undoes')}"
        out.append({
            "id": row["id"], "what": what, "change": change, "reviewer": row.get("reviewer"),
            "when": readable_time(row.get("created")), "created": row.get("created"),
            "reason": REJECT_REASONS.get(row.get("reason") or "", row.get("reason")),
            "note": row.get("note"), "undone_by": row.get("undone_by"),
            "on": f"story {row['target_id']}" if row.get("target") == "story"
            else f"item {row['target_id']}",
            "can_undo": action != "undo" and row.get("undone_by") is None,
        })
    return out


async def review_context(datasette: Any, database: str, request: Any, target: str,
                         target_id: int, row: dict[str, Any]) -> dict[str, Any]:
    """What the review part of an item's or a story's page needs."""
    db = datasette.get_database(database)
    rows: list[dict[str, Any]] = []
    if "reviews" in set(await db.table_names()):
        rows = await db.execute_fn(lambda conn: reviews_of(conn, target, target_id))
    live_fields = {r.get("field") for r in rows
                   if r["action"] == "correct" and r.get("undone_by") is None
                   and (target == "story" or str(target_id) in json_list(r.get("item_ids")))}
    status = row.get("review_status")
    return {
        "target": target, "id": target_id,
        "can_review": can_review(request.actor) and db.is_mutable,
        "path": REVIEW_PATH, "next": request.path,
        "status": STATUS_LABELS.get(status or "", status), "status_code": status,
        "reviewed_by": row.get("reviewed_by"),
        "reviewed_at": readable_time(row.get("reviewed_at")),
        "reviewed_fields": sorted(f for f in live_fields if f),
        "history": history_rows(rows),
        "reasons": REJECT_REASONS,
        "fields": CORRECTABLE,
        "event_types": [(c, label("event_type", c)) for c in EVENT_TYPES],
        "sectors": [(c, label("sector", c)) for c in SECTORS],
        "current": {
            "event_types": json_list(row.get("event_types")),
            "countries": ", ".join(json_list(row.get("countries"))),
            "sectors": json_list(row.get("sectors")),
            "place": row.get("place") or "",
            **{f: "" if row.get(f) is None else row.get(f)
               for f in ("workers_involved", "killed", "injured")},
        },
    }
