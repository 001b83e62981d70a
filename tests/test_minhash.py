"""Our MinHash is datasketch's affine32 MinHash bit for bit: the story index keys depend on it."""

from __future__ import annotations

import random

import pytest

from monitor.enrich.dedup import NUM_PERM, SCHEME, make_doc, shingles
from monitor.enrich.minhash import signature

datasketch = pytest.importorskip("datasketch", reason="datasketch (test extra) is the reference")


def _reference(values: list[bytes], num_perm: int, seed: int) -> list[int]:
    mh = datasketch.MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME)
    mh.update_batch(values)
    return [int(v) for v in mh.hashvalues]


def test_same_signatures_as_datasketch_on_news_text() -> None:
    texts = [
        "Dock workers in Hamburg walked out on Monday over pay, the union said.",
        "Забастовка шахтёров в Кузбассе продолжается третий день, сообщил профсоюз.",
        "工人在工厂门口抗议拖欠工资，警方到场。",
        "",
    ]
    rng = random.Random(7)
    words = "strike union pay port workers factory fire killed injured march rally".split()
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(3, 300))) for _ in range(40)]
    for text in texts:
        doc = make_doc("", text)
        values = [s.encode("utf-8") for s in shingles(doc.body_tokens)]
        for seed in (1, 3):
            assert [int(v) for v in signature(values, NUM_PERM, seed)] == _reference(
                values, NUM_PERM, seed), text[:40]


def test_the_module_does_not_import_datasketch_or_scipy() -> None:
    import subprocess
    import sys

    code = ("import sys; import monitor.enrich.dedup, monitor.store.stories, monitor.store; "
            "from monitor.enrich.dedup import band_keys, make_doc; "
            "band_keys(make_doc('t', ' '.join(['word%d' % i for i in range(40)]))); "
            "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
