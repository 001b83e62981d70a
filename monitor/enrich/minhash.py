"""MinHash signatures, the "affine32" scheme of datasketch 2, in a few lines of numpy.

The story index keys are LSH bands of these signatures (monitor.enrich.dedup.band_keys), so they
must stay bit for bit those of `datasketch.MinHash(num_perm, seed, scheme="affine32")`, which
tests/test_dedup.py checks. Importing datasketch pulls in scipy (half a second and 40 MB before
any work); this module needs numpy only.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from typing import Any

# numpy is imported on first use: opening the store (which knows the index's tables) must not
# cost its import
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
_MAX32 = 0xFFFFFFFF


@functools.cache
def permutations(num_perm: int, seed: int) -> tuple[Any, Any]:
    """The (a, b) of each permutation h -> a*h + b mod 2^32, drawn as datasketch draws them."""
    # lazy: numpy loads only when a story is indexed
    import numpy as np

    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix(hv: Any) -> Any:
    """The MurmurHash3 32-bit finalizer, a bijection that pre-mixes the input hashes."""
    # lazy: numpy loads only when a story is indexed
    import numpy as np

    s1, m1, s2, m2, s3 = (np.uint32(v) for v in _FMIX32)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def signature(values: Iterable[bytes], num_perm: int, seed: int = 1) -> Any:
    """The MinHash signature (uint32 array of num_perm) of a set of byte strings."""
    # lazy: numpy loads only when a story is indexed
    import numpy as np

    a, b = permutations(num_perm, seed)
    hashes = [int.from_bytes(hashlib.sha1(v).digest()[:4], "little") for v in values]
    if not hashes:
        return np.full(num_perm, _MAX32, dtype=np.uint32)
    hv = _fmix(np.array(hashes, dtype=np.uint32).reshape(-1, 1))
    with np.errstate(over="ignore"):
        phv = hv * a + b
    return np.minimum(np.full(num_perm, _MAX32, dtype=np.uint32), phv.min(axis=0))
