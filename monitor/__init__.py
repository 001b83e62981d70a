"""A pluggable news monitor for worker strikes, protests and workplace safety incidents.

The names below are the plugin API: a plugin imports ``monitor`` and nothing else of ours
(``monitor.testing`` for its tests). tests/test_api.py checks that this list is complete.
"""

__version__ = "0.1.0"

import importlib  # noqa: E402
from typing import TYPE_CHECKING as _TYPE_CHECKING  # noqa: E402

from monitor.errors import FetchError, MonitorError, SourceError  # noqa: E402

if _TYPE_CHECKING:
    from monitor.api import Item, NoOptions, SourceConfig, SourceContext, SourceType, hookimpl
    from monitor.fetch import Response
    from monitor.parse.dates import parse_date
    from monitor.parse.text import html_to_text

# Imported on first use: `import monitor` stays cheap for cron and `monitor tag` (the plugin
# API pulls in pydantic, a tenth of a second and 10 MiB that a command without plugins never
# needs).
_LAZY = {
    **dict.fromkeys(
        ("Item", "NoOptions", "SourceConfig", "SourceContext", "SourceType", "hookimpl"),
        "monitor.api"),
    "Response": "monitor.fetch",
    "html_to_text": "monitor.parse.text",
    "parse_date": "monitor.parse.dates",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'monitor' has no attribute {name!r}")


__all__ = [
    "FetchError",
    "Item",
    "MonitorError",
    "NoOptions",
    "Response",
    "SourceConfig",
    "SourceContext",
    "SourceError",
    "SourceType",
    "__version__",
    "hookimpl",
    "html_to_text",
    "parse_date",
]
