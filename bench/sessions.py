"""What a login session costs a request: the session check against the accounts file, side by side
with the same request anonymous and with a signed actor that needs no check (Datasette's own
cookie handling only).

Usage:
  .venv/bin/python bench/sessions.py                 # 300 requests of each kind, alternating
  .venv/bin/python bench/sessions.py --repeat 1000 --accounts 200

The newsroom is tests/newsroom_data.py's ten items; the page is /monitor/items.json?_size=5 through
Datasette configured as `monitor serve` runs it (in-process ASGI, so no network time). The three
kinds are requested in turn, round after round, so that the machine's noise falls on all alike.
Also printed: one login (PBKDF2 at 480,000 iterations), and one refused login of an unknown name.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/datasette.py is named like the package: keep bench/ off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from newsroom_data import build  # noqa: E402

from monitor.publish.datasette import datasette_instance  # noqa: E402
from monitor.publish.datasette.login import session_cookie  # noqa: E402
from monitor.store import accounts as store  # noqa: E402

PAGE = "/monitor/items.json?_size=5"


async def run(db: Path, repeat: int) -> None:
    ds = datasette_instance(db)
    account = store.get_account(store.accounts_path(db), "ana")
    assert account is not None
    ours = session_cookie(ds, account.name, account.role, account.session_key, 12)
    # a signed actor without a session key: with accounts present the check refuses it, so the
    # baseline is the same cookie on a Datasette whose database has no accounts beside it
    (db.parent / "bare").mkdir()
    bare_db = build(db.parent / "bare" / "monitor.db")
    bare = datasette_instance(bare_db)
    signed = bare.sign({"a": {"id": "ana", "role": "reviewer"}}, "actor")
    kinds = {"anonymous": (ds, {}), "signed actor, no check": (bare, {"ds_actor": signed}),
             "our session, checked": (ds, {"ds_actor": ours})}
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for app, cookies in kinds.values():  # warm up, and check each kind is what it says
        response = await app.client.get(PAGE, cookies=cookies)
        assert response.status_code == 200, (response.status_code, response.text[:300])
    assert (await ds.client.get("/-/actor.json", cookies={"ds_actor": ours})).json()["actor"]
    for _ in range(repeat):
        for kind, (app, cookies) in kinds.items():
            start = time.perf_counter()
            await app.client.get(PAGE, cookies=cookies)
            times[kind].append(time.perf_counter() - start)
    base = statistics.median(times["signed actor, no check"])
    print(f"{PAGE}, {repeat} requests of each kind, alternating")
    print(f"{'kind':24} {'median ms':>10} {'p95 ms':>8} {'ratio':>6}")
    for kind, values in times.items():
        median = statistics.median(values)
        p95 = sorted(values)[int(len(values) * 0.95) - 1]
        print(f"{kind:24} {median * 1000:10.2f} {p95 * 1000:8.2f} {median / base:6.2f}")
    path = store.accounts_path(db)
    store.authenticate(path, "nobody", "warm up")  # the stand-in hash is made once per process
    for label, name, password in (("login (right password)", "ana", "ana's password"),
                                  ("login (unknown name)", "nobody", "whatever1")):
        start = time.perf_counter()
        store.authenticate(path, name, password)
        print(f"{label:24} {(time.perf_counter() - start) * 1000:10.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--accounts", type=int, default=20, help="accounts in the file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sessions-") as tmp:
        db = build(Path(tmp) / "monitor.db")
        path = store.accounts_path(db)
        store.add_account(path, "ana", "reviewer", "ana's password")
        for n in range(args.accounts - 1):
            store.add_account(path, f"user{n}", "reader", "a password")
        asyncio.run(run(db, args.repeat))


if __name__ == "__main__":
    main()
