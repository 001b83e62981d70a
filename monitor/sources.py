"""Deprecated: the plugin API moved to ``monitor`` (``from monitor import Item, SourceType``).

Kept for one release so that plugins written against it keep working; importing it warns.
"""

from __future__ import annotations

import warnings

from monitor.api import Item, NoOptions, SourceContext, SourceType

warnings.warn("monitor.sources is deprecated: import Item, SourceType and SourceContext from "
              "`monitor`", DeprecationWarning, stacklevel=2)

__all__ = ["Item", "NoOptions", "SourceContext", "SourceType"]
