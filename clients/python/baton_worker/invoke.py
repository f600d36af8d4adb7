"""How a handler is called: the middleware chain around it, and the event loop that runs ``async def`` code.

A middleware is ``fn(ctx, call_next)`` (or ``async def``): code before
``call_next()`` runs before the handler, code after it sees the output, a raise
fails the attempt, and not calling ``call_next`` skips the handler (the
middleware's return value is then the output). Middlewares run in the order
they were added, the first outermost, as the TypeScript worker's ``use()``.

Sync and async code mix freely. A sync handler runs on a handler thread; an
``async def`` handler runs on the worker's one event loop thread. A sync
middleware's ``call_next()`` returns the output; an async one awaits it.
Crossing over costs a thread hand-off: an async middleware around a sync
handler runs the handler with ``asyncio.to_thread``, a sync middleware around
an async handler blocks a thread while the loop runs it.
"""
import asyncio
import concurrent.futures
import functools
import inspect
import logging
import threading
from typing import Any, Awaitable, Callable, Coroutine, List, Optional

from .context import Context

__all__ = ["EventLoopThread", "Middleware", "call_chain", "call_chain_async", "is_async"]

Middleware = Callable[[Context, Callable[[], Any]], Any]


def is_async(fn: Any) -> bool:
    """Whether calling ``fn`` gives a coroutine (``async def``, also behind functools.partial or ``__call__``)."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__call__", None))


class EventLoopThread:
    """One asyncio event loop on a daemon thread, for every ``async def`` handler and middleware of a worker."""

    def __init__(self, log: logging.Logger) -> None:
        self._log = log
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="baton-asyncio", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:
            # Handlers still running at stop were aborted: cancel them and let them unwind.
            pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def submit(self, coro: Coroutine[Any, Any, Any]) -> "concurrent.futures.Future[Any]":
        """Schedules ``coro`` on the loop; the future's ``cancel()`` cancels its task."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call(self, awaitable: Awaitable[Any]) -> Any:
        """Runs ``awaitable`` on the loop and blocks this (non-loop) thread for its result."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("a sync middleware or handler called on the event loop thread cannot wait for async code")

        async def wrapper() -> Any:
            return await awaitable

        return self.submit(wrapper()).result()

    def stop(self, timeout: float = 5.0) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout)


def call_chain(middleware: List[Middleware], handler: Callable[[Context], Any], ctx: Context,
               loop: Callable[[], EventLoopThread], i: int = 0) -> Any:
    """Runs middleware ``i..`` and the handler on this (handler) thread; async parts go to the loop."""
    if i == len(middleware):
        result = handler(ctx)
    else:
        mw = middleware[i]
        result = mw(ctx, lambda: call_chain(middleware, handler, ctx, loop, i + 1)) if not is_async(mw) else \
            mw(ctx, lambda: call_chain_async(middleware, handler, ctx, loop, i + 1))
    # An async handler or middleware (or a sync one returning an awaitable): wait for it on the loop.
    return loop().call(result) if inspect.isawaitable(result) else result


async def call_chain_async(middleware: List[Middleware], handler: Callable[[Context], Any], ctx: Context,
                           loop: Callable[[], EventLoopThread], i: int = 0) -> Any:
    """Runs middleware ``i..`` and the handler on the event loop; sync parts go to a thread."""
    if i == len(middleware):
        fn: Optional[Callable[..., Any]] = handler
        args: tuple = (ctx,)
    else:
        mw = middleware[i]
        if is_async(mw):
            return await mw(ctx, lambda: call_chain_async(middleware, handler, ctx, loop, i + 1))
        fn, args = mw, (ctx, lambda: call_chain(middleware, handler, ctx, loop, i + 1))
    if is_async(fn):
        return await fn(*args)
    result = await asyncio.to_thread(fn, *args)
    return await result if inspect.isawaitable(result) else result
