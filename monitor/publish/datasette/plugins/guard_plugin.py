"""Loaded by Datasette's --plugins-dir: the guards of monitor.publish.datasette.guard."""

from typing import Any

from datasette import hookimpl

from monitor.publish.datasette.guard import guard


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return guard
