"""Loaded by Datasette's --plugins-dir: named accounts, their sessions (monitor.publish.datasette
.login)."""

from typing import Any

from datasette import hookimpl
from datasette.plugins import pm

from monitor.publish.datasette import login

# Our login replaces datasette-auth-passwords' (we keep only its password hashing): blocked,
# its second "Log in" menu item and its own /-/login route go too.
pm.set_blocked("auth_passwords")


@hookimpl(tryfirst=True)
def register_routes() -> list[tuple[str, Any]]:
    return [(login.LOGIN_ROUTE, login.login_view)]


@hookimpl(trylast=True)
def asgi_wrapper(datasette: Any) -> Any:
    # last, so the outermost: it sees the address before other wrappers add to it
    return login.check_sessions(datasette)


@hookimpl
def forbidden(datasette: Any, request: Any, message: str) -> Any:
    return login.login_redirect(datasette, request)


@hookimpl
def extra_template_vars(request: Any, datasette: Any) -> dict[str, Any]:
    return login.template_vars(request, datasette)
