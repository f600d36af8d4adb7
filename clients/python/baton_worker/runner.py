"""Runs claimed executions on a thread pool and tracks them until the server has their outcome."""
import asyncio
import json
import logging
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Optional, Tuple

from .client import BatonError, ProtocolClient
from .context import Context, PermanentError
from .invoke import EventLoopThread, Middleware, call_chain, call_chain_async, is_async
from .reporter import Reporter
from .tracing import OtlpExporter, StepSpan

__all__ = ["Runner"]

Handler = Callable[[Context], Any]


# Handlers faster than this on average get executions claimed ahead of free
# slots: one claim round trip then serves two steps. Slow handlers do not, so
# they never sit on work another worker could start now.
PREFETCH_BELOW_MS = 50.0


# (kind, output JSON, error, retryable): what a handler call came to.
Outcome = Tuple[str, str, Optional[Dict[str, Any]], bool]


class _Flight:
    __slots__ = ("ctx", "fn", "aborted", "reason", "state", "span", "task", "loop")

    def __init__(self, ctx: Context, fn: Optional[Handler]) -> None:
        self.ctx = ctx
        self.fn = fn
        self.aborted = False
        self.reason: Optional[str] = None
        self.span: Optional[StepSpan] = None
        # An async handler's asyncio task once it started (cancelled when the attempt is aborted), and its loop.
        self.task: Optional["asyncio.Task[Any]"] = None
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        # queued (claimed ahead, not started) -> running -> reporting (outcome queued:
        # the slot is free, the lease still ours until the server answers).
        self.state = "queued"


def error_of(exc: BaseException) -> Dict[str, Any]:
    """A handler's exception as the protocol's ``error`` object."""
    error: Dict[str, Any] = {"message": (str(exc) or type(exc).__name__)[:10000]}
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code:
        error["code"] = code
    details = getattr(exc, "details", None)
    if isinstance(exc, PermanentError) and details is not None:
        error["details"] = details
    else:
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        error["details"] = {"exception": type(exc).__name__, "traceback": trace[-4000:]}
    return error


def outcome_of_result(result: Any) -> Outcome:
    try:
        return ("complete", json.dumps(result), None, True)
    except (TypeError, ValueError) as exc:
        return ("fail", "", {"message": f"the handler's return value is not JSON: {exc}", "code": "invalid_output"}, False)


def outcome_of_error(exc: BaseException) -> Outcome:
    if isinstance(exc, PermanentError):
        return ("fail", "", error_of(exc), False)
    return ("fail", "", error_of(exc), True)


class Runner:
    """The in-flight table: at most ``concurrency`` handlers running, each on a pool thread.

    A handler's slot is free as soon as its outcome is queued (the next step
    starts while the batch is committed), but the execution stays listed in
    heartbeats, its lease extended, until the server has acknowledged the
    outcome. Queued outcomes are bounded, so a slow server slows claiming. An aborted one
    (cancelled, lease lost, timed out, shut down) reports nothing: its fate is
    decided by the server.
    """

    def __init__(self, client: ProtocolClient, concurrency: int, log: logging.Logger, note_error: Callable[[str], None], *,
                 middleware: Optional[List[Middleware]] = None, exporter: Optional[OtlpExporter] = None) -> None:
        self.concurrency = concurrency
        self._client = client
        self._log = log
        self._note_error = note_error
        # The worker's list itself: a middleware added later wraps the calls that start after it.
        self._middleware = middleware if middleware is not None else []
        self._exporter = exporter
        self._inflight: Dict[str, _Flight] = {}
        self._cond = threading.Condition()
        self._handler_ms = 1000.0
        self.reporter = Reporter(client, log)
        # Threads are made on demand: a worker of async handlers only keeps none busy.
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="baton-handler")
        self._loop: Optional[EventLoopThread] = None
        self._loop_lock = threading.Lock()

    def event_loop(self) -> EventLoopThread:
        """The event loop thread of async handlers and middleware, started on first use."""
        with self._loop_lock:
            if self._loop is None:
                self._loop = EventLoopThread(self._log)
            return self._loop

    def count(self) -> int:
        with self._cond:
            return len(self._inflight)

    def _count(self, state: str) -> int:
        return sum(1 for f in self._inflight.values() if f.state == state)

    def wait_for_slots(self, stopping: threading.Event) -> int:
        """Blocks until claiming is worth it (or ``stopping`` is set); returns how many executions to claim."""
        with self._cond:
            while not stopping.is_set():
                prefetch = self.concurrency if self._handler_ms < PREFETCH_BELOW_MS else 0
                queued = self._count("queued")
                wanted = self.concurrency + prefetch - self._count("running") - queued
                # Bounded outcomes awaiting the server: a slow server slows claiming too.
                backlog = len(self._inflight) >= 3 * self.concurrency
                if not backlog and wanted > 0 and (queued == 0 or wanted * 2 >= self.concurrency):
                    return wanted
                self._cond.wait(0.5)
            return 0

    def running_ids(self) -> List[str]:
        """Executions still owned by this worker: what a heartbeat lists."""
        with self._cond:
            return [eid for eid, f in self._inflight.items() if not f.aborted]

    def start(self, execution: Dict[str, Any], fn: Optional[Handler]) -> None:
        """Runs the execution when a slot is free (at once, unless it was claimed ahead)."""
        ctx = Context(execution, self._progress, self._log)
        with self._cond:
            self._inflight[ctx.execution_id] = _Flight(ctx, fn)
            self._pump()

    def _pump(self) -> None:
        """Starts queued executions while slots are free. Called with the lock held."""
        free = self.concurrency - self._count("running")
        for flight in [f for f in self._inflight.values() if f.state == "queued"][:max(0, free)]:
            flight.state = "running"
            try:
                if flight.fn is not None and is_async(flight.fn):
                    self.event_loop().submit(self._execute_async(flight))
                else:
                    self._pool.submit(self._execute, flight)
            except RuntimeError:
                # The pool is shut down (the interpreter is exiting): not run; the lease expires or is handed back.
                self._inflight.pop(flight.ctx.execution_id, None)

    def drop_queued(self) -> None:
        """Forgets executions claimed ahead and not started (at shutdown: deregistering hands them back)."""
        with self._cond:
            for eid in [eid for eid, f in self._inflight.items() if f.state == "queued"]:
                del self._inflight[eid]
            self._cond.notify_all()

    def abort(self, execution_ids: List[str], reason: str) -> None:
        """Sets ``ctx.cancelled`` of these executions and drops their outcomes."""
        with self._cond:
            flights = [self._inflight[e] for e in execution_ids if e in self._inflight]
            for flight in flights:
                if flight.state == "queued":  # never started: nothing to stop
                    del self._inflight[flight.ctx.execution_id]
            self._cond.notify_all()
        for flight in flights:
            if flight.aborted:
                continue
            flight.aborted = True
            flight.reason = reason
            flight.ctx.cancelled.set()
            task, loop = flight.task, flight.loop
            if task is not None and loop is not None:
                # An async handler: CancelledError at its next await. One not started yet sees `aborted` when it starts.
                loop.call_soon_threadsafe(task.cancel)
            flight.ctx.log.info("step aborted: %s", reason)

    def abort_all(self, reason: str) -> None:
        with self._cond:
            ids = list(self._inflight)
        self.abort(ids, reason)

    def time_out_overdue(self) -> None:
        """Attempts past their deadline: cancelled, and failed as timed out (the step is retried if attempts remain)."""
        now = datetime.now(timezone.utc)
        with self._cond:
            overdue = [f for f in self._inflight.values() if not f.aborted and f.ctx.deadline is not None and f.ctx.deadline < now]
        for flight in overdue:
            self.abort([flight.ctx.execution_id], "timeout")
            error = {"message": f"step timed out (deadline {flight.ctx.deadline.isoformat()})", "code": "timeout"}
            self.reporter.fail(flight.ctx.execution_id, flight.ctx.lease_id, error, True, lambda _status: None)

    def wait_until_idle(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        with self._cond:
            while self._inflight and time.monotonic() < deadline:
                self._cond.wait(min(0.1, max(0.0, deadline - time.monotonic())))

    def close(self) -> None:
        """Delivers queued outcomes and lets go of the pool (threads of aborted handlers finish on their own)."""
        self.reporter.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._loop is not None:
            self._loop.stop()

    def _begin(self, flight: _Flight) -> None:
        """Starts the attempt's span when the claim carried a trace (``ctx.traceparent`` is then its own)."""
        ctx = flight.ctx
        task = ctx.task
        # The attribute keys and values of the TypeScript worker's step spans (src/worker/step-trace.ts).
        attributes: Dict[str, Any] = {"baton.task_id": ctx.task_id or ""}
        if task.get("namespace") and task.get("name"):
            attributes["baton.template"] = f"{task['namespace']}/{task['name']}"
        attributes.update({"baton.step": ctx.step or "", "baton.attempt": ctx.attempt})
        if ctx.max_attempts is not None:
            attributes["baton.max_attempts"] = ctx.max_attempts
        flight.span = StepSpan.start(ctx.claim_traceparent, f"step {ctx.step}", attributes)
        if flight.span is not None:
            ctx.traceparent = flight.span.traceparent

    def _call(self, flight: _Flight) -> Any:
        if flight.fn is None:
            raise PermanentError(f"this worker has no handler {flight.ctx.handler!r}", code="unknown_handler")
        return call_chain(list(self._middleware), flight.fn, flight.ctx, self.event_loop)

    def _execute(self, flight: _Flight) -> None:
        """Runs a sync handler (and the middleware) on this pool thread."""
        started = time.monotonic()
        self._begin(flight)
        try:
            outcome = outcome_of_result(self._call(flight))
        except BaseException as exc:  # also SystemExit: the slot must be freed and the attempt reported
            outcome = outcome_of_error(exc)
        self._settle(flight, outcome, started)

    async def _execute_async(self, flight: _Flight) -> None:
        """Runs an async handler (and the middleware) on the event loop."""
        started = time.monotonic()
        flight.loop = asyncio.get_running_loop()
        flight.task = asyncio.current_task()
        if flight.aborted:  # aborted while queued on the loop: the handler never runs
            self._settle(flight, ("fail", "", None, False), started)
            return
        self._begin(flight)
        try:
            result = await call_chain_async(list(self._middleware), flight.fn, flight.ctx, self.event_loop)  # type: ignore[arg-type]
            outcome = outcome_of_result(result)
        except asyncio.CancelledError:
            # Cancelled by abort() (the outcome is dropped), or by the handler's own doing: an attempt that failed.
            outcome = ("fail", "", {"message": "the handler was cancelled", "code": "cancelled"}, True)
        except BaseException as exc:
            outcome = outcome_of_error(exc)
        self._settle(flight, outcome, started)

    def _settle(self, flight: _Flight, outcome: Outcome, started: float) -> None:
        """Ends the span and queues the report; frees the slot either way."""
        ctx = flight.ctx
        queued = False
        try:
            kind, output_json, error, retryable = outcome
            if flight.aborted:
                reason = flight.reason or "cancelled"
                self._end_span(flight, reason, reason)
                return
            if error is None:
                self._end_span(flight, "complete", None)
            else:
                self._note_error(f"{ctx.handler} (task {ctx.task_id}, step {ctx.step}): {error['message']}")
                ctx.log.info("step attempt failed: %s", error["message"])
                # As the TypeScript worker says it: `failed` is retried, `error` is the step's end.
                last = not retryable or (ctx.max_attempts is not None and ctx.attempt >= ctx.max_attempts)
                self._end_span(flight, "error" if last else "failed", str(error.get("message")))
            self._queue_report(flight, kind, output_json, error, retryable)
            queued = True
        finally:
            with self._cond:
                self._handler_ms = self._handler_ms * 0.8 + (time.monotonic() - started) * 1000 * 0.2
                if queued:
                    flight.state = "reporting"
                else:
                    self._inflight.pop(ctx.execution_id, None)
                self._pump()
                self._cond.notify_all()

    def _end_span(self, flight: _Flight, outcome: str, error: Optional[str]) -> None:
        span = flight.span
        if span is None:
            return
        span.end(outcome, error)
        if self._exporter is not None:
            self._exporter.export(span)

    def _queue_report(self, flight: _Flight, kind: str, output_json: str, error: Optional[Dict[str, Any]], retryable: bool) -> None:
        ctx = flight.ctx

        def delivered(status: str) -> None:
            if status == "stale_lease":
                ctx.log.warning("outcome refused: the lease was no longer held (step cancelled, timed out or re-claimed)")
            with self._cond:
                self._inflight.pop(ctx.execution_id, None)
                self._cond.notify_all()

        if kind == "complete":
            self.reporter.complete(ctx.execution_id, ctx.lease_id, output_json, delivered)
        else:
            self.reporter.fail(ctx.execution_id, ctx.lease_id, error or {}, retryable, delivered)

    def _progress(self, ctx: Context, what: str, data: Any) -> bool:
        try:
            send = self._client.progress if what == "progress" else self._client.checkpoint
            send(ctx.execution_id, ctx.lease_id, data)
            return True
        except BatonError as exc:
            if exc.status in (404, 409):
                ctx.cancelled.set()  # the lease is gone; the heartbeat will confirm
            else:
                self._log.warning("%s not delivered: %s", what, exc)
            return False
