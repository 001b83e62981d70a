"""Running plugin code so that a blocking or runaway plugin cannot stop the poll.

A plugin's ``async def fetch`` runs on the poll's event loop in a cooperative world: one call to
``time.sleep`` or a CPU loop there would stall every other source, the writer and the timeouts,
and the poll would never end (its lock held for good). So each source's plugin runs on its own
event loop in its own daemon thread. Its ``ctx.http`` is a proxy that sends every request back to
the poll's loop, where the one shared Fetcher (client, limits, robots cache) lives, so nothing of
the Fetcher is touched from two threads. The poll waits for the thread with the source's
deadline: a plugin that ignores cancellation is left behind (a daemon thread dies with the
process) and its source fails with "plugin did not return within N s".

Importing plugins gets a deadline the same way (``import_with_deadline``).
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from monitor.errors import MonitorError
from monitor.sources import SourceContext

T = TypeVar("T")
MAX_PLUGIN_THREADS = 256
"""Sources whose plugin runs at once; the fetcher's own limits (64 requests) bind long before."""
CANCEL_GRACE = 2.0
"""Seconds a plugin has, once past its deadline and cancelled, to stop by itself."""

_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


class PluginBlocked(MonitorError):
    """The plugin did not return at its deadline, even when cancelled: its thread is left."""


class PluginCancelled(Exception):
    """The plugin stopped when cancelled at its deadline (a cooperative hang)."""


async def _on_loop(fn: Callable[..., T], *args: Any) -> T:
    return fn(*args)


class ThreadFetcher:
    """``ctx.http`` inside a plugin thread: every request is made on the poll's loop."""

    def __init__(self, fetcher: Any, loop: asyncio.AbstractEventLoop):
        self._fetcher = fetcher
        self._loop = loop

    async def get(self, url: str, headers: dict[str, str] | None = None,
                  **kwargs: Any) -> Any:
        """As Fetcher.get; the plugin's loop waits while the poll's loop fetches."""
        future = asyncio.run_coroutine_threadsafe(
            self._fetcher.get(url, headers, **kwargs), self._loop
        )
        return await asyncio.wrap_future(future)

    def __getattr__(self, name: str) -> Any:  # settings, state, new_state, unchanged...
        return getattr(self._fetcher, name)


class _ThreadContext(SourceContext):
    """The SourceContext a plugin thread sees: snapshots are written on the poll's loop."""

    loop: asyncio.AbstractEventLoop | None = None

    def snapshot(self, response: Any) -> int | None:
        if self.db is None or self.loop is None:
            return None
        future = asyncio.run_coroutine_threadsafe(
            _on_loop(SourceContext.snapshot, self, response), self.loop
        )
        result: int | None = future.result()
        return result


def thread_context(ctx: SourceContext, loop: asyncio.AbstractEventLoop) -> SourceContext:
    """A view of ``ctx`` for a plugin thread; warnings go to the same list."""
    view = _ThreadContext(source=ctx.source, options=ctx.options,
                          http=ThreadFetcher(ctx.http, loop), warnings=ctx.warnings, db=ctx.db)
    view.loop = loop
    return view


def _slot(loop: asyncio.AbstractEventLoop) -> asyncio.Semaphore:
    if loop not in _slots:
        _slots[loop] = asyncio.Semaphore(MAX_PLUGIN_THREADS)
    return _slots[loop]


async def run_in_own_thread(make: Callable[[], Awaitable[T]], timeout: float | None,
                            name: str = "plugin") -> T:
    """Await ``make()`` on a new event loop in a daemon thread, at most ``timeout`` seconds.

    Past the deadline the coroutine is cancelled; if it stopped, PluginCancelled is raised, and
    if it did not stop within CANCEL_GRACE, PluginBlocked. The plugin's own exceptions pass.
    """
    main = asyncio.get_running_loop()
    async with _slot(main):
        done: asyncio.Future[Any] = main.create_future()
        inner: dict[str, Any] = {}

        def report(kind: str, value: Any) -> None:
            if done.done():
                return
            if kind == "error":
                done.set_exception(value)
            else:
                done.set_result((kind, value))

        def target() -> None:
            loop = asyncio.new_event_loop()
            inner["loop"] = loop
            outcome: tuple[str, Any]
            try:
                task = loop.create_task(_awaited(make))
                inner["task"] = task
                outcome = ("ok", loop.run_until_complete(task))
            except asyncio.CancelledError:
                outcome = ("cancelled", None)
            except BaseException as exc:  # the plugin's failure is the source's failure
                outcome = ("error", exc)
            finally:
                try:
                    loop.run_until_complete(loop.shutdown_asyncgens())
                    loop.run_until_complete(loop.shutdown_default_executor())
                finally:
                    loop.close()
            try:
                main.call_soon_threadsafe(report, *outcome)
            except RuntimeError:  # the poll is over (loop closed): nobody waits any more
                pass

        thread = threading.Thread(target=target, name=f"monitor-{name}", daemon=True)
        thread.start()
        try:
            kind, value = await asyncio.wait_for(asyncio.shield(done), timeout)
        except TimeoutError:
            loop, task = inner.get("loop"), inner.get("task")
            if loop is not None and task is not None:
                try:
                    loop.call_soon_threadsafe(task.cancel)
                except RuntimeError:
                    pass
            try:
                kind, value = await asyncio.wait_for(asyncio.shield(done), CANCEL_GRACE)
            except TimeoutError:
                from monitor.fetch import human_duration

                raise PluginBlocked(
                    f"plugin did not return within {human_duration(timeout or 0)} "
                    "(it blocks its thread, e.g. with time.sleep or a CPU loop; left behind)"
                ) from None
            if kind == "cancelled":
                raise PluginCancelled() from None
        if kind == "cancelled":
            raise PluginCancelled()
        result: T = value
        return result


async def _awaited(make: Callable[[], Awaitable[T]]) -> T:
    return await make()


def call_with_deadline(fn: Callable[[], T], timeout: float, what: str) -> T:
    """Run ``fn`` in a daemon thread; MonitorError if it is not done within ``timeout``.

    For importing plugins: a module that sleeps or loops at import must not hang every command.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="monitor-import", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        from monitor.fetch import human_duration

        raise MonitorError(f"{what} did not finish within {human_duration(timeout)}; skipped")
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value
