"""The processes a process started (and theirs), read from /proc: for tests that must leave none."""

from __future__ import annotations

from pathlib import Path


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # gone meanwhile
            continue
        fields = text.rsplit(")", 1)[-1].split()
        if fields and fields[0] != "Z":  # a zombie is dead already, waiting for its parent
            parents[int(stat.parent.name)] = int(fields[1])
    return parents


def descendants(pid: int) -> dict[int, str]:
    """{pid: command line} of every living descendant of `pid`."""
    parents = _parents()
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                try:
                    cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
                except OSError:
                    continue
                found[child] = cmd.decode("utf-8", "replace").strip()
                frontier.append(child)
    return found


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie counts as stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
