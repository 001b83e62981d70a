#!/usr/bin/env python3
"""Set everything up and run: `python3 run.py demo` or `python3 run.py test`.

Needs only Python 3.11+. Makes .venv/, installs the project and its dependencies into it,
then runs the demo (poll the bundled sites, serve Datasette) or the test suite.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".installed"


def sh(*args: str, **kwargs: object) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def setup(extras: str) -> None:
    """Create the venv and install the project (again only when pyproject.toml changed)."""
    if sys.version_info < (3, 11):  # noqa: UP036 (run.py may be started by an older python3)
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    sh(str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    ensure_icu()
    target = f".[{extras}]" if extras else "."
    sh(str(PY), "-m", "pip", "install", "--quiet", "-e", target)
    STAMP.write_text(wanted)


def ensure_icu() -> None:
    """PyICU (Zawgyi Burmese -> Unicode) builds against ICU's headers: install them when missing
    and we can (Debian: libicu-dev, pkg-config, g++)."""
    if shutil.which("pkg-config") and subprocess.run(
            ["pkg-config", "--exists", "icu-uc"], check=False).returncode == 0:
        return
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        print("note: ICU headers not found; installing PyICU needs libicu-dev", flush=True)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    sh("apt-get", "update", "-qq", env=env, stdout=subprocess.DEVNULL)
    sh("apt-get", "install", "-y", "-qq", "libicu-dev", "pkg-config", "g++", env=env,
       stdout=subprocess.DEVNULL)


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; install it when missing and we can."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        print("note: chromium not found; browser tests will be skipped", flush=True)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        sh("apt-get", "update", "-qq", env=env, stdout=subprocess.DEVNULL)
        sh("apt-get", "install", "-y", "-qq", "chromium", env=env, stdout=subprocess.DEVNULL)
    except subprocess.CalledProcessError:
        print("note: could not install chromium; browser tests will be skipped", flush=True)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    rest = sys.argv[2:]
    if command == "demo":
        setup("")
        os.execv(str(BIN / "monitor"), [str(BIN / "monitor"), "demo", *rest])
    elif command == "test":
        setup("test")
        ensure_chromium()
        os.chdir(ROOT)
        os.execv(str(PY), [str(PY), "-m", "pytest", *rest])
    else:
        print(__doc__)
        sys.exit(0 if command in ("help", "-h", "--help") else 2)


if __name__ == "__main__":
    main()
