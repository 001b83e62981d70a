"""The benchmarks still run against today's code: a bench is only read when someone needs its
figure, and an API change had left bench/dedup.py failing on its first item unnoticed. Each
script runs in its quickest mode and must print its headline figure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPORA, SHARED

ROOT = Path(__file__).resolve().parent.parent


def run_bench(*args: str) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "MONITOR_SHARED": str(SHARED)})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


def test_dedup_bench_scores_its_dev_set() -> None:
    if not CORPORA.is_dir():
        pytest.skip(f"bench/dedup.py reads ../shared/corpora ({CORPORA} missing)")
    out = run_bench("bench/dedup.py", "--no-scale", "--per-corpus", "3")
    assert "pair precision" in out and "recall" in out


def test_events_bench_scores_stories_and_events_side_by_side() -> None:
    out = run_bench("bench/events.py", "--no-scale")
    assert "side by side (precision / recall)" in out
    assert "stories" in out and "events" in out
