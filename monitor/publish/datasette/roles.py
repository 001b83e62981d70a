"""Who may do what in the newsroom: the one rule that review pages and endpoints share.

The actor is what the login puts in Datasette's signed ``ds_actor`` cookie:
``{"id": "<account name>", "role": "reader" | "reviewer" | "admin"}`` (monitor/store/accounts.py
keeps the accounts, login.py the sessions). Anyone else, logged in or not, only reads.
"""

from __future__ import annotations

from typing import Any

REVIEW_ROLES = frozenset({"reviewer", "admin"})
ROLE_LABELS = {"reader": "reader", "reviewer": "reviewer", "admin": "administrator"}


def can_review(actor: Any) -> bool:
    """True for a logged-in reviewer or admin; a reader, an old shared-password session or
    nobody may only read."""
    return (isinstance(actor, dict) and bool(actor.get("id"))
            and actor.get("role") in REVIEW_ROLES)
