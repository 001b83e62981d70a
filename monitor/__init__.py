"""A pluggable news monitor for worker strikes, protests and workplace safety incidents.

The names below are the plugin API: a plugin imports ``monitor`` and nothing else of ours
(``monitor.testing`` for its tests). tests/test_api.py checks that this list is complete.
"""

__version__ = "0.1.0"

import importlib  # noqa: E402

from monitor.api import (  # noqa: E402 (the version comes first: modules below read it)
    Item,
    NoOptions,
    SourceConfig,
    SourceContext,
    SourceType,
    hookimpl,
)
from monitor.errors import FetchError, MonitorError, SourceError  # noqa: E402

# Helpers for plugin authors, imported on first use: `import monitor` stays cheap for cron.
_LAZY = {
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
