"""A Baton worker in Python: register handlers with a decorator and call run().

Threads: the caller's (run(): waits for a stop), a claim thread (long-polls
for work), a heartbeat thread (extends leases, learns of cancellations, times
out overdue attempts), a reporter thread (batched outcomes), a pool of up to
``concurrency`` handler threads for sync handlers, one event loop thread for
``async def`` handlers (started when one runs) and, when spans are exported,
an exporter thread.
"""
import logging
import signal
import threading
import time
import uuid
from typing import Any, Callable, Dict, List, Optional

from .client import BatonError, ProtocolClient
from .context import Context
from .invoke import Middleware
from .retry import RetryPolicy
from .runner import Runner
from .tracing import OtlpExporter, exporter_from_env

__all__ = ["Worker"]

Handler = Callable[[Context], Any]


class Worker:
    """Runs handlers for a Baton server's steps over the HTTP worker protocol.

    Example::

        worker = Worker("http://127.0.0.1:8080", name="py-1", labels={"gpu": "true"}, concurrency=4)

        @worker.handler("shop.charge")
        def charge(ctx):
            return {"charged": ctx.params["amount"]}

        @worker.handler("shop.notify")
        async def notify(ctx):            # async def: runs on the worker's event loop
            await send_mail(ctx.params["to"])

        @worker.middleware
        def timed(ctx, call_next):       # around every handler call
            started = time.monotonic()
            try:
                return call_next()
            finally:
                ctx.log.info("took %.3f s", time.monotonic() - started)

        worker.run()  # blocks; SIGTERM/SIGINT stop it gracefully

    Args:
        server_url: the Baton API, e.g. "http://127.0.0.1:8080".
        name: shown in ``GET /v1/workers``.
        labels: placement labels; a step with labels only goes to workers having all of them.
        concurrency: steps run at once, sync (each on a handler thread) and async (on the event loop) together.
        token: sent as ``Authorization: Bearer <token>``.
        shutdown_grace: seconds running steps get to finish on stop before they are handed back.
        heartbeat_interval: seconds between heartbeats; default lease_ms / 3, at most 2 s
            (heartbeats are how cancellation is learnt, so they stay frequent).
        claim_wait_ms: how long one claim waits on the server for work.
        retry: how transient failures (no answer, 429, 502, 503, 504) of claims,
            heartbeats and reports are retried; default ``RetryPolicy()``.
            Registration always retries until the server answers (a worker
            started before its server waits for it, logging the wait), and
            raises at once on a refusal retrying cannot fix (400, 401, 403).
        middleware: functions ``fn(ctx, call_next)`` around every handler call, as added
            by ``@worker.middleware`` (these come first, outermost).
        otlp_endpoint: where step spans are sent as OTLP/JSON (e.g.
            ``http://127.0.0.1:4318/v1/traces``); default the ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``
            (or ``OTEL_EXPORTER_OTLP_ENDPOINT`` + ``/v1/traces``) variable; none: spans are
            propagated (``ctx.traceparent``) but not exported.
        service_name: the spans' ``service.name``; default ``OTEL_SERVICE_NAME``, else ``baton-worker``.
    """

    def __init__(self, server_url: str, name: str, labels: Optional[Dict[str, str]] = None, concurrency: int = 4,
                 token: Optional[str] = None, *, shutdown_grace: float = 10.0, heartbeat_interval: Optional[float] = None,
                 claim_wait_ms: int = 20000, logger: Optional[logging.Logger] = None,
                 retry: Optional[RetryPolicy] = None, middleware: Optional[List[Middleware]] = None,
                 otlp_endpoint: Optional[str] = None, service_name: Optional[str] = None) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.name = name
        self.labels = dict(labels or {})
        self.concurrency = concurrency
        self.shutdown_grace = shutdown_grace
        self.claim_wait_ms = claim_wait_ms
        self._heartbeat_interval = heartbeat_interval
        self._log = logger or logging.getLogger("baton_worker")
        self._server_url = server_url
        self._client = ProtocolClient(server_url, token, retry=retry, logger=self._log)
        self._handlers: Dict[str, Handler] = {}
        self._middleware: List[Middleware] = list(middleware or [])
        self._exporter: Optional[OtlpExporter] = exporter_from_env(otlp_endpoint, service_name, self._log)
        self._register_lock = threading.Lock()
        self._stop_requested = threading.Event()
        self._stopping = threading.Event()
        self._heartbeat_stop = threading.Event()
        self._worker_id: Optional[str] = None
        self._lease_ms = 30000
        self._state: Optional[str] = None
        self._last_error: Optional[str] = None
        self._runner: Optional[Runner] = None
        # A refusal that retrying cannot fix, met after start (a re-registration refused): run() raises it.
        self._fatal: Optional[BatonError] = None
        self._heartbeats_failing = False

    def handler(self, name: str) -> Callable[[Handler], Handler]:
        """Decorator: ``@worker.handler("shop.charge")`` registers the function for steps whose handler is that name.

        A plain function runs on a handler thread; an ``async def`` one on the
        worker's event loop. The builder takes the function itself as a step's
        handler: ``.step("charge", charge)``.
        """
        def register(fn: Handler) -> Handler:
            if name in self._handlers:
                raise ValueError(f"handler {name!r} is registered twice")
            self._handlers[name] = fn
            try:
                fn.__baton_handler__ = name  # type: ignore[attr-defined]
            except (AttributeError, TypeError):
                pass  # a builtin or a bound method: steps name the handler by its string
            return fn
        return register

    def middleware(self, fn: Middleware) -> Middleware:
        """Decorator: ``@worker.middleware`` wraps every handler call from now on, inside those added before it.

        ``fn(ctx, call_next)``: code before ``call_next()`` runs before the handler,
        ``call_next()`` returns its output (``await call_next()`` in an ``async def``
        middleware), a raise fails the attempt, and returning without calling it
        skips the handler (what it returns is then the output).
        """
        if not callable(fn):
            raise TypeError("worker.middleware: a middleware must be a function fn(ctx, call_next)")
        self._middleware.append(fn)
        return fn

    def use(self, fn: Middleware) -> "Worker":
        """Adds a middleware (as ``@worker.middleware``); returns the worker, as the TypeScript ``worker.use``."""
        self.middleware(fn)
        return self

    @property
    def exporter(self) -> Optional[OtlpExporter]:
        """The span exporter, when an OTLP endpoint is configured."""
        return self._exporter

    @property
    def worker_id(self) -> Optional[str]:
        """The id the server gave this worker (None before run())."""
        return self._worker_id

    @property
    def state(self) -> Optional[str]:
        """The server's view of this worker at the last heartbeat: active, draining, ..."""
        return self._state

    @property
    def in_flight(self) -> int:
        return self._runner.count() if self._runner else 0

    def run(self) -> None:
        """Registers, then claims and runs steps until stop() or SIGTERM/SIGINT; returns after a graceful shutdown.

        Waits for a server that is not up yet (or answers 429/502/503/504),
        retrying registration with backoff until it answers, and logs the wait.
        Raises BatonError on a refusal retrying cannot fix: 401/403 (the token),
        400 (the registration itself), or another non-transient answer.
        """
        if not self._handlers:
            raise ValueError("no handlers: register some with @worker.handler(name) before run()")
        previous = self._install_signals()
        try:
            try:
                self._register()
            except BatonError:
                self._client.close()
                if self._stopping.is_set():
                    return  # stopped while waiting for the server
                raise
            self._runner = Runner(self._client, self.concurrency, self._log, self._note_error,
                                  middleware=self._middleware, exporter=self._exporter)
            heartbeat = threading.Thread(target=self._heartbeat_loop, name="baton-heartbeat", daemon=True)
            claim = threading.Thread(target=self._claim_loop, name="baton-claim", daemon=True)
            heartbeat.start()
            claim.start()
            self._log.info("worker %s registered (handlers: %s)", self._worker_id, ", ".join(self._handlers))
            try:
                # Short waits keep the main thread responsive to signals.
                while not self._stop_requested.wait(0.2):
                    pass
            finally:
                self._shutdown(claim, heartbeat)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if self._fatal is not None:
            raise self._fatal

    def stop(self) -> None:
        """Asks run() to stop: no more claims, running steps get ``shutdown_grace`` seconds, the rest are handed back.

        Safe to call from any thread and from a signal handler.
        """
        self._stop_requested.set()
        self._stopping.set()
        self._client.interrupt_claims()

    def _register(self) -> None:
        """Registers, waiting for the server as long as it takes (until stop()); raises on a refusal retrying cannot fix."""
        started = time.monotonic()
        logged_at = [0.0]

        def on_retry(exc: BatonError, failures: int, delay: float) -> None:
            now = time.monotonic()
            # The first failure and then one line every 30 s: a long wait does not flood the log.
            if failures == 1 or now - logged_at[0] >= 30:
                logged_at[0] = now
                self._log.warning("waiting for the Baton server at %s (%s: %s); registration retried in %.1f s",
                                  self._server_url, exc.code, exc.message, delay)

        policy = self._client.retry.with_deadline(None)
        answer = self._client.register(self.name, sorted(self._handlers), self.labels, self.concurrency,
                                       policy=policy, wait=self._stopping.wait, on_retry=on_retry)
        self._worker_id = answer["id"]
        self._lease_ms = int(answer["lease_ms"])
        if logged_at[0]:
            self._log.info("the Baton server at %s answered after %.1f s", self._server_url, time.monotonic() - started)

    def _reregister(self, seen_id: Optional[str]) -> None:
        """The server no longer knows this worker (removed, or forgotten after being lost): its leases are gone."""
        with self._register_lock:
            if self._worker_id != seen_id or self._stopping.is_set():
                return
            assert self._runner is not None
            self._runner.abort_all("lease_lost")
            try:
                self._register()
            except BatonError as exc:
                if not self._stopping.is_set():
                    self._log.error("could not register again (%s); stopping", exc)
                    self._fatal = exc
                    self.stop()
                return
            self._log.warning("the server did not know worker %s; registered again as %s", seen_id, self._worker_id)

    def _install_signals(self) -> Dict[int, Any]:
        if threading.current_thread() is not threading.main_thread():
            return {}
        previous = {}
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda *_: self.stop())
        return previous

    def _note_error(self, message: str) -> None:
        # Sent with the next heartbeat: GET /v1/workers shows it as last_error.
        self._last_error = message[:1000]

    def _claim_loop(self) -> None:
        runner = self._runner
        assert runner is not None
        # The id of a claim that failed: its retry carries it, so if the server took
        # steps for it and only the answer was lost, they come back at once rather
        # than after their lease expires.
        unanswered: Optional[str] = None
        while not self._stopping.is_set():
            wanted = runner.wait_for_slots(self._stopping)
            # Read before the stop check: stop() sets the flag, then interrupts (changing the generation).
            generation = self._client.claim_generation
            if self._stopping.is_set():
                return
            worker_id = self._worker_id
            claim_id = unanswered or str(uuid.uuid4())
            unanswered = None
            try:
                executions = self._client.claim(worker_id or "", min(wanted, 100), self.claim_wait_ms, generation, claim_id)
            except BatonError as exc:
                if self._stopping.is_set():
                    return
                if exc.status == 404:
                    # A new registration: the old worker's leases are gone, nothing to get back.
                    self._reregister(worker_id)
                    continue
                unanswered = claim_id
                self._note_error(f"claim failed: {exc}")
                self._log.warning("claim failed (%s); retrying", exc)
                self._stopping.wait(1.0)
                continue
            for execution in executions:
                if self._stopping.is_set():
                    break  # not started: the deregistration at shutdown hands it back
                runner.start(execution, self._handlers.get(execution["handler"]))

    def _heartbeat_loop(self) -> None:
        interval = self._heartbeat_interval or max(0.1, min(2.0, self._lease_ms / 3000.0))
        # Retried until the next beat is due, no longer: each beat lists the executions running at its time.
        deadline = self._client.retry.deadline
        policy = self._client.retry.with_deadline(interval if deadline is None else min(interval, deadline))
        while not self._heartbeat_stop.wait(interval):
            try:
                self._heartbeat_once(policy)
            except Exception:  # never let the thread die: leases would expire under running steps
                self._log.exception("heartbeat failed")

    def _heartbeat_once(self, policy: Optional[RetryPolicy] = None) -> None:
        runner = self._runner
        assert runner is not None
        runner.time_out_overdue()
        worker_id = self._worker_id
        last_error = self._last_error
        try:
            answer = self._client.heartbeat(worker_id or "", runner.running_ids(), last_error, policy=policy)
        except BatonError as exc:
            if exc.status == 404:
                self._reregister(worker_id)
            elif not self._heartbeats_failing:
                self._heartbeats_failing = True
                self._log.warning("heartbeat failed (%s); retrying, leases may expire if this persists", exc)
            else:
                self._log.debug("heartbeat failed again (%s)", exc)
            return
        if self._heartbeats_failing:
            self._heartbeats_failing = False
            self._log.info("heartbeats reach the server again")
        if self._last_error == last_error:
            self._last_error = None
        self._state = answer.get("state")
        self._lease_ms = int(answer.get("lease_ms", self._lease_ms))
        abort = [str(e) for e in answer.get("abort", [])]
        if abort:
            self._log.info("heartbeat: aborting executions %s", ",".join(abort))
            runner.abort(abort, "cancelled")

    def _shutdown(self, claim: threading.Thread, heartbeat: threading.Thread) -> None:
        runner = self._runner
        assert runner is not None
        self.stop()
        claim.join(timeout=5)
        runner.drop_queued()
        # Heartbeats go on meanwhile, keeping the leases of the steps finishing.
        runner.wait_until_idle(self.shutdown_grace)
        runner.abort_all("shutdown")
        runner.close()
        try:
            # Releases every lease still held (the steps that outlived the grace period) at once.
            released = self._client.deregister(self._worker_id or "").get("released", 0)
            if released:
                self._log.info("handed %d unfinished steps back to the server", released)
        except BatonError as exc:
            self._log.warning("could not deregister (%s); held leases will expire and their steps be retried", exc)
        self._heartbeat_stop.set()
        heartbeat.join(timeout=5)
        self._client.close()
        if self._exporter is not None:
            self._exporter.flush()  # the spans of the last steps; the thread stays for a run() again
