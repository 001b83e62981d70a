"""Rebuild the bundled font subsets from Debian's Noto fonts (fonts-noto-core).

    apt-get install fonts-noto-core && pip install 'fonttools[woff]'
    python monitor/datasette/static/fonts/subset.py

Each font keeps only its script's letters (and the joiners and marks they need) with every
layout feature, as WOFF2: Burmese, Armenian, Georgian, Perso-Arabic (Persian, Urdu, Arabic,
Kurdish...) and Devanagari text then renders on machines without Noto. Licence: OFL.txt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

NOTO = Path("/usr/share/fonts/truetype/noto")
HERE = Path(__file__).resolve().parent
COMMON = "U+0020,U+00A0,U+200B-200F,U+2010-2011,U+25CC,U+060C,U+061B,U+061F"
FONTS = {
    "NotoSansMyanmar-Regular": "U+1000-109F,U+A9E0-A9FF,U+AA60-AA7F",
    "NotoSansArmenian-Regular": "U+0530-058F,U+FB13-FB17",
    "NotoSansGeorgian-Regular": "U+10A0-10FF,U+1C90-1CBF,U+2D00-2D2F",
    "NotoNaskhArabic-Regular": "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF",
    "NotoSansDevanagari-Regular": "U+0900-097F,U+A8E0-A8FF,U+1CD0-1CFF,U+0964-0965",
}


def main() -> int:
    for name, ranges in FONTS.items():
        source = NOTO / f"{name}.ttf"
        if not source.is_file():
            print(f"missing {source}: apt-get install fonts-noto-core", file=sys.stderr)
            return 1
        target = HERE / f"{name}.subset.woff2"
        subset.main([str(source), f"--unicodes={ranges},{COMMON}", "--layout-features=*",
                     "--flavor=woff2", "--no-hinting", "--desubroutinize",
                     f"--output-file={target}"])
        print(f"{target.name}: {target.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
