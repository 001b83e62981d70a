"""The compiled-data cache: versions side by side, old ones pruned, never each other's."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from monitor.enrich import compiled_cache


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MONITOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("MONITOR_NO_CACHE", raising=False)
    return folder


def _data(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "terms.yaml").write_text(text)
    return folder


def test_two_versions_keep_their_own_files(cache: Path, tmp_path: Path) -> None:
    """Two installs with different data (two checkouts) must not evict each other's file."""
    one, two = _data(tmp_path, "one", "a: 1\n"), _data(tmp_path, "two", "a: 2\n")
    builds: list[str] = []

    def build(label: str) -> str:
        builds.append(label)
        return label

    assert compiled_cache.cached("tagging", [one], lambda: build("one")) == "one"
    assert compiled_cache.cached("tagging", [two], lambda: build("two")) == "two"
    # each finds its own file again: no rebuild
    assert compiled_cache.cached("tagging", [one], lambda: build("one")) == "one"
    assert compiled_cache.cached("tagging", [two], lambda: build("two")) == "two"
    assert builds == ["one", "two"]
    assert len(list(cache.glob("tagging-*.pickle"))) == 2


def test_files_unused_for_a_month_are_pruned(cache: Path, tmp_path: Path) -> None:
    cache.mkdir()
    stale = cache / "tagging-0123456789abcdef0123.pickle"
    stale.write_bytes(b"old version")
    leftover = cache / "tmpabc.tmp"
    leftover.write_bytes(b"half written")
    month = time.time() - 31 * 86400
    os.utime(stale, (month, month))
    os.utime(leftover, (month, month))
    recent = cache / "tagging-fedcba9876543210fedc.pickle"
    recent.write_bytes(b"another install, used yesterday")
    folder = _data(tmp_path, "data", "a: 1\n")

    assert compiled_cache.cached("tagging", [folder], lambda: "built") == "built"
    assert not stale.exists() and not leftover.exists()
    assert recent.exists()


def test_a_used_file_is_touched_so_it_is_not_pruned(cache: Path, tmp_path: Path) -> None:
    folder = _data(tmp_path, "data", "a: 1\n")
    compiled_cache.cached("tagging", [folder], lambda: "built")
    (path,) = cache.glob("tagging-*.pickle")
    old = time.time() - 20 * 86400
    os.utime(path, (old, old))
    assert compiled_cache.cached("tagging", [folder], lambda: "rebuilt") == "built"
    assert time.time() - path.stat().st_mtime < 3600


class _Blobby:
    """Holds a large byte block the way the tagger's matcher does (a PickleBuffer)."""

    def __init__(self, blob: bytes | memoryview, label: str):
        self.blob, self.label = blob, label

    def __reduce_ex__(self, protocol: object) -> tuple[object, ...]:
        import pickle

        return _Blobby, (pickle.PickleBuffer(self.blob), self.label)


def test_large_blocks_are_mapped_from_the_file_not_read(cache: Path, tmp_path: Path) -> None:
    folder = _data(tmp_path, "data", "a: 1\n")
    blob = bytes(range(256)) * 4096
    built = compiled_cache.cached("blobs", [folder], lambda: [_Blobby(blob, "x"), 7])
    assert built[0].blob == blob
    loaded = compiled_cache.cached("blobs", [folder], lambda: pytest.fail("rebuilt"))
    first, seven = loaded
    assert seven == 7 and first.label == "x"
    assert isinstance(first.blob, memoryview) and first.blob.readonly  # a view of the file
    assert bytes(first.blob) == blob and bytes(first.blob[1000:1010]) == blob[1000:1010]


def test_a_file_of_another_format_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    import pickle

    folder = _data(tmp_path, "data", "a: 1\n")
    compiled_cache.cached("tagging", [folder], lambda: "new")
    (path,) = cache.glob("tagging-*.pickle")
    path.write_bytes(pickle.dumps("an older release's plain pickle"))
    assert compiled_cache.cached("tagging", [folder], lambda: "rebuilt") == "rebuilt"
    assert compiled_cache.cached("tagging", [folder], lambda: "again") == "rebuilt"
