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
import ctypes
import threading
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from monitor.api import SourceContext
from monitor.errors import MonitorError
from monitor.fetch import human_duration

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


class PluginAbandoned(BaseException):
    """Raised inside a plugin thread left behind at its deadline, to end a runaway loop."""


class PluginCancelled(Exception):
    """The plugin stopped when cancelled at its deadline (a cooperative hang)."""


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


def thread_context(ctx: SourceContext, loop: asyncio.AbstractEventLoop) -> SourceContext:
    """A view of ``ctx`` for a plugin thread; warnings go to the same list, and pages kept as
    evidence to the same queue (a dict insert, safe from any thread)."""
    http = cast(Any, ThreadFetcher(ctx.http, loop))
    return SourceContext(source=ctx.source, options=ctx.options, http=http,
                         warnings=ctx.warnings, keep_snapshot=ctx.keep_snapshot)


class _Worker:
    """A daemon thread running an event loop of its own, for one source at a time."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="monitor-plugin", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:
            self.loop.close()

    def abandon(self, interrupt: bool = False) -> None:
        """Wind the loop down once the blocked plugin lets go of the thread (maybe never).

        ``interrupt``: raise PluginAbandoned in the thread, which ends a runaway Python loop at
        once (a call blocked in C, such as time.sleep, gets it when it returns) so that it does
        not keep half the interpreter's time until the process exits.
        """
        try:
            self.loop.call_soon_threadsafe(self._wind_down)
        except RuntimeError:
            pass
        if interrupt and self.thread.ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.thread.ident), ctypes.py_object(PluginAbandoned))

    def _wind_down(self) -> None:
        pending = list(asyncio.all_tasks(self.loop))
        for task in pending:
            task.cancel()

        async def finish() -> None:
            await asyncio.gather(*pending, return_exceptions=True)
            await self.loop.shutdown_asyncgens()
            self.loop.stop()

        self.loop.create_task(finish())


_idle: list[_Worker] = []
_idle_lock = threading.Lock()
def _take_worker() -> _Worker:
    with _idle_lock:
        if _idle:
            return _idle.pop()
    return _Worker()


def _give_back(worker: _Worker) -> None:
    with _idle_lock:
        if len(_idle) < MAX_PLUGIN_THREADS:
            _idle.append(worker)
            return
    worker.abandon()


def _slot(loop: asyncio.AbstractEventLoop) -> asyncio.Semaphore:
    if loop not in _slots:
        _slots[loop] = asyncio.Semaphore(MAX_PLUGIN_THREADS)
    return _slots[loop]


async def run_in_own_thread(make: Callable[[], Awaitable[T]], timeout: float | None,
                            name: str = "plugin") -> T:
    """Await ``make()`` on another thread's event loop, at most ``timeout`` seconds.

    Threads and their loops are kept and reused, one source at a time each. Past the deadline
    the coroutine is cancelled; if it stopped, PluginCancelled is raised, and if it did not stop
    within CANCEL_GRACE, PluginBlocked (the thread is left to it). The plugin's own exceptions
    pass through.
    """
    main = asyncio.get_running_loop()
    async with _slot(main):
        worker = _take_worker()
        done: asyncio.Future[tuple[str, Any]] = main.create_future()
        task: list[asyncio.Task[Any]] = []

        def settle(outcome: tuple[str, Any]) -> None:
            if not done.done():
                done.set_result(outcome)

        def finished(t: asyncio.Task[Any]) -> None:  # on the plugin's loop
            if t.cancelled():
                outcome: tuple[str, Any] = ("cancelled", None)
            elif t.exception() is not None:
                outcome = ("error", t.exception())
            else:
                outcome = ("ok", t.result())
            try:
                main.call_soon_threadsafe(settle, outcome)
            except RuntimeError:  # the poll is over: nobody waits any more
                pass

        def start() -> None:  # on the plugin's loop
            task.append(worker.loop.create_task(_awaited(make)))
            task[0].add_done_callback(finished)

        def cancel() -> None:
            if task:
                task[0].cancel()

        worker.loop.call_soon_threadsafe(start)
        try:
            kind, value = await asyncio.wait_for(asyncio.shield(done), timeout)
        except TimeoutError:
            worker.loop.call_soon_threadsafe(cancel)
            try:
                kind, value = await asyncio.wait_for(asyncio.shield(done), CANCEL_GRACE)
            except TimeoutError:
                worker.abandon(interrupt=True)

                raise PluginBlocked(
                    f"plugin did not return within {human_duration(timeout or 0)} "
                    "(it blocks its thread, e.g. with time.sleep or a CPU loop; left behind)"
                ) from None
            _give_back(worker)
            if kind == "error":
                raise value from None
            raise PluginCancelled() from None
        except BaseException:  # we were cancelled ourselves: stop the plugin too
            worker.loop.call_soon_threadsafe(cancel)
            worker.abandon()
            raise
        _give_back(worker)
        if kind == "error":
            raise value
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
        raise MonitorError(f"{what} did not finish within {human_duration(timeout)}; skipped")
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value
