"""Rebuild the whole demo corpus, then run the self-checks: python3 build_all.py"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BUILDERS = ["build_sc", "build_miners", "build_fprk", "build_unodc", "build_telegram"]

if __name__ == "__main__":
    for name in BUILDERS:
        if (Path(__file__).parent / f"{name}.py").exists():
            importlib.import_module(name).main()
    import check

    raise SystemExit(check.main())
