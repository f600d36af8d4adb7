"""@worker.middleware around every handler call, and async def handlers on the worker's event loop, against a live Baton."""
import asyncio
import logging
import threading
import unittest
from typing import Any, Callable, Dict, List

from support import RunningWorker, one_step, run_in_background, shared_server, wait_for
from test_tracing import RecordingProtocol, execution

from baton_worker import BatonClient, PermanentError, Worker
from baton_worker.runner import Runner


class MiddlewareAndAsyncTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = shared_server()
        cls.baton = BatonClient(cls.server.url)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.baton.close()

    def setUp(self) -> None:
        name = self.id().split(".")[-1]
        self.ns = f"pyam_{name}"[:60]
        self.handler = f"pyam.{name}"[:200]

    def start(self, worker: Worker) -> Worker:
        return run_in_background(self, worker)

    def worker(self, **kwargs: Any) -> Worker:
        return Worker(self.server.url, name=self.id().split(".")[-1], **kwargs)

    def run_task(self, context: Dict[str, Any] = None) -> Dict[str, Any]:
        task = self.baton.submit(self.ns, "one", context or {})
        return self.baton.wait(task["id"], timeout=30)

    def test_middleware_wraps_sync_and_async_handlers_outermost_first_and_sees_the_output(self) -> None:
        for kind in ("sync", "async"):
            with self.subTest(handler=kind):
                handler = f"{self.handler}.{kind}"
                self.server.template(one_step(f"{self.ns}_{kind}", handler))
                events: List[str] = []
                w = self.worker()

                @w.middleware
                def outer(ctx: Any, call_next: Callable[[], Any]) -> Any:
                    events.append(f"outer before {ctx.step}")
                    output = call_next()
                    events.append("outer after")
                    return dict(output, outer=True)

                @w.middleware
                async def inner(ctx: Any, call_next: Callable[[], Any]) -> Any:
                    events.append("inner before")
                    output = await call_next()
                    events.append(f"inner after {output}")
                    return dict(output, inner=True)

                if kind == "sync":
                    @w.handler(handler)
                    def step(ctx: Any) -> Dict[str, Any]:
                        events.append("handler")
                        return {"n": ctx.context["n"]}
                else:
                    @w.handler(handler)
                    async def step(ctx: Any) -> Dict[str, Any]:
                        await asyncio.sleep(0)
                        events.append("handler")
                        return {"n": ctx.context["n"]}

                running = RunningWorker(w)
                try:
                    task = self.baton.wait(self.baton.submit(f"{self.ns}_{kind}", "one", {"n": 7})["id"], timeout=30)
                finally:
                    running.stop()
                self.assertEqual(task["status"], "complete")
                self.assertEqual(task["steps"][0]["output"], {"n": 7, "inner": True, "outer": True})
                self.assertEqual(events, ["outer before only", "inner before", "handler", "inner after {'n': 7}", "outer after"])

    def test_a_middleware_may_skip_the_handler_or_fail_the_attempt(self) -> None:
        self.server.template(one_step(self.ns, self.handler, retry={"max_attempts": 3, "backoff": "none"}))
        calls: List[str] = []
        w = self.worker()

        @w.middleware
        def gate(ctx: Any, call_next: Callable[[], Any]) -> Any:
            if ctx.context.get("cached"):
                return {"from": "cache"}  # the handler is not called
            if ctx.context.get("forbidden"):
                raise PermanentError("not allowed here", code="forbidden_step")
            return call_next()

        @w.handler(self.handler)
        def step(ctx: Any) -> Dict[str, Any]:
            calls.append(ctx.task_id)
            return {"from": "handler"}

        self.start(w)
        self.assertEqual(self.run_task({"cached": True})["steps"][0]["output"], {"from": "cache"})
        failed = self.run_task({"forbidden": True})
        self.assertEqual(failed["status"], "error")
        self.assertEqual(failed["steps"][0]["attempts"], 1)  # a PermanentError from a middleware is not retried
        self.assertEqual(failed["steps"][0]["error"]["code"], "forbidden_step")
        self.assertEqual(self.run_task()["steps"][0]["output"], {"from": "handler"})
        self.assertEqual(len(calls), 1)

    def test_async_handlers_run_together_on_one_event_loop_beside_sync_ones_on_threads(self) -> None:
        sync_handler = f"{self.handler}.sync"
        self.server.template(one_step(self.ns, self.handler))
        self.server.template(one_step(f"{self.ns}_sync", sync_handler))
        n_async, n_sync = 6, 2
        w = self.worker(concurrency=n_async + n_sync)
        loop_threads: List[str] = []
        sync_threads: List[str] = []
        state: Dict[str, Any] = {"running": 0}
        all_in = threading.Event()
        sync_barrier = threading.Barrier(n_sync, timeout=20)

        @w.handler(self.handler)
        async def wait_for_all(ctx: Any) -> Dict[str, Any]:
            loop_threads.append(threading.current_thread().name)
            state["running"] += 1
            # Completes only if every async handler is running at once: one would block the others otherwise.
            for _ in range(2000):
                if state["running"] >= n_async:
                    break
                await asyncio.sleep(0.01)
            if state["running"] < n_async:
                raise RuntimeError(f"only {state['running']} async handlers ran at once")
            all_in.set()
            return {"together": state["running"]}

        @w.handler(sync_handler)
        def blocking(ctx: Any) -> Dict[str, Any]:
            sync_threads.append(threading.current_thread().name)
            sync_barrier.wait()  # both sync handlers hold a thread at the same time
            return {"ok": True}

        self.start(w)
        ids = [self.baton.submit(self.ns, "one", {})["id"] for _ in range(n_async)]
        ids += [self.baton.submit(f"{self.ns}_sync", "one", {})["id"] for _ in range(n_sync)]
        tasks = [self.baton.wait(i, timeout=30) for i in ids]
        self.assertEqual([t["status"] for t in tasks], ["complete"] * (n_async + n_sync))
        self.assertEqual({t["steps"][0]["output"]["together"] for t in tasks[:n_async]}, {n_async})
        self.assertEqual(set(loop_threads), {"baton-asyncio"})
        self.assertEqual(len(set(sync_threads)), n_sync)
        self.assertTrue(all(name.startswith("baton-handler") for name in sync_threads))

    def test_cancelling_a_task_cancels_its_async_handler(self) -> None:
        self.server.template(one_step(self.ns, self.handler))
        started = threading.Event()
        seen: List[str] = []
        w = self.worker(heartbeat_interval=0.2)

        @w.handler(self.handler)
        async def long_running(ctx: Any) -> None:
            started.set()
            try:
                await asyncio.sleep(120)
            except asyncio.CancelledError:
                seen.append("cancelled")
                raise

        self.start(w)
        task = self.baton.submit(self.ns, "one", {})
        self.assertTrue(started.wait(20))
        self.baton.cancel(task["id"])
        wait_for(lambda: seen == ["cancelled"], timeout=20, what="the async handler to be cancelled")
        self.assertEqual(self.baton.wait(task["id"], timeout=20)["status"], "cancelled")
        wait_for(lambda: w.in_flight == 0, what="the slot to be freed")


class AsyncRunnerTest(unittest.TestCase):
    def test_an_async_attempt_aborted_before_the_loop_started_it_never_runs_and_frees_its_slot(self) -> None:
        protocol = RecordingProtocol()
        runner = Runner(protocol, 1, logging.getLogger("test"), lambda _m: None)  # type: ignore[arg-type]
        ran: List[str] = []
        release = threading.Event()
        try:
            # Hold the loop thread, so the handler's coroutine is queued, not started, when the abort comes.
            runner.event_loop().loop.call_soon_threadsafe(release.wait, 10)

            async def handler(ctx: Any) -> None:
                ran.append(ctx.step)

            flight = execution()
            runner.start(flight, handler)
            runner.abort([flight["execution_id"]], "cancelled")
            release.set()
            wait_for(lambda: runner.count() == 0, what="the aborted attempt to leave the in-flight table")
            self.assertEqual((ran, protocol.reports), ([], []))
        finally:
            release.set()
            runner.close()


if __name__ == "__main__":
    unittest.main()
