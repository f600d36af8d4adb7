"""The Worker against a live Baton: handlers, retries, cancellation, timeouts, shutdown, placement."""
import json
import logging
import threading
import time
import unittest

from support import LossyProxy, RunningWorker, one_step, run_in_background, shared_server, wait_for

from baton_worker import PermanentError, Worker

DIAMOND = {
    "namespace": "pyw", "name": "diamond", "version": "1",
    "steps": [
        {"name": "a", "handler": "pyw.step", "params": {"order": "${context.order_id}"}},
        {"name": "b", "handler": "pyw.step", "depends_on": ["a"]},
        {"name": "c", "handler": "pyw.step", "depends_on": ["a"]},
        {"name": "d", "handler": "pyw.step", "depends_on": ["b", "c"]},
    ],
}


class WorkerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = shared_server()

    def start(self, worker: Worker) -> Worker:
        return run_in_background(self, worker)

    def worker(self, **kwargs) -> Worker:
        kwargs.setdefault("concurrency", 4)
        return Worker(self.server.url, name=kwargs.pop("name", self.id().split(".")[-1]), **kwargs)

    def test_runs_diamond_tasks_with_params_results_and_context(self) -> None:
        self.server.template(DIAMOND)
        w = self.worker(concurrency=8)
        seen = []

        @w.handler("pyw.step")
        def step(ctx):
            seen.append((ctx.task_id, ctx.step, ctx.attempt))
            return {"step": ctx.step, "upstream": sorted(ctx.results), "order": ctx.params.get("order"), "ctx": ctx.context["order_id"]}

        self.start(w)
        ids = [self.server.submit("pyw", "diamond", {"order_id": f"o-{i}"}) for i in range(30)]
        tasks = [self.server.wait_task(i) for i in ids]
        self.assertEqual({t["status"] for t in tasks}, {"complete"})
        self.assertEqual(len(seen), 120)
        self.assertEqual(len(set(seen)), 120)
        steps = {s["name"]: s for s in tasks[0]["steps"]}
        self.assertEqual(steps["a"]["output"], {"step": "a", "upstream": [], "order": "o-0", "ctx": "o-0"})
        self.assertEqual(steps["d"]["output"]["upstream"], ["a", "b", "c"])

    def test_handlers_see_the_submissions_request_id_as_correlation_id_also_in_log_records(self) -> None:
        self.server.template(one_step("pycorr", "pyw.corr"))
        records = []

        class Capture(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                records.append(record)

        log = logging.getLogger("baton_worker.test_correlation")
        log.addHandler(Capture())
        log.setLevel(logging.INFO)
        w = self.worker(logger=log)
        seen = []

        @w.handler("pyw.corr")
        def corr(ctx):
            seen.append((ctx.correlation_id, ctx.task_id))
            ctx.log.info("charging")
            return "ok"

        self.start(w)
        task_id = self.server.submit("pycorr", "one", request_id="req-py-corr-1")
        self.assertEqual(self.server.wait_task(task_id)["status"], "complete")
        self.assertEqual(seen, [("req-py-corr-1", task_id)])
        self.assertEqual(self.server.task(task_id)["correlation_id"], "req-py-corr-1")
        charging = [r for r in records if r.getMessage() == "charging"]
        self.assertEqual([(r.correlation_id, r.task_id) for r in charging], [("req-py-corr-1", task_id)])

    def test_permanent_error_fails_at_once_and_other_errors_are_retried(self) -> None:
        retry = {"max_attempts": 3, "backoff": "none"}
        self.server.template(one_step("pyperm", "pyw.perm", retry=retry))
        self.server.template(one_step("pyflaky", "pyw.flaky", retry=retry))
        w = self.worker()
        calls = {"perm": 0, "flaky": 0}

        @w.handler("pyw.perm")
        def perm(ctx):
            calls["perm"] += 1
            raise PermanentError("card declined", code="declined", details={"amount": 5})

        @w.handler("pyw.flaky")
        def flaky(ctx):
            calls["flaky"] += 1
            if ctx.attempt < 3:
                raise RuntimeError(f"flaky attempt {ctx.attempt}")
            return "ok"

        self.start(w)
        perm_task = self.server.wait_task(self.server.submit("pyperm", "one"))
        flaky_task = self.server.wait_task(self.server.submit("pyflaky", "one"))
        self.assertEqual(perm_task["status"], "error")
        self.assertEqual(perm_task["steps"][0]["attempts"], 1)
        self.assertEqual(perm_task["steps"][0]["error"]["code"], "declined")
        self.assertEqual(perm_task["steps"][0]["error"]["details"], {"amount": 5})
        self.assertEqual(flaky_task["status"], "complete")
        self.assertEqual(flaky_task["steps"][0]["attempts"], 3)
        self.assertEqual(calls, {"perm": 1, "flaky": 3})
        # The last failure is the worker's last_error, reported by heartbeat.
        wait_for(lambda: "flaky attempt 2" in (self._listed(w).get("last_error") or ""), what="last_error")

    def _listed(self, w: Worker) -> dict:
        return next((x for x in self.server.workers() if x["id"] == w.worker_id), {})

    def test_cancelling_the_task_sets_ctx_cancelled(self) -> None:
        self.server.template(one_step("pycancel", "pyw.wait"))
        w = self.worker()
        started, saw = threading.Event(), threading.Event()

        @w.handler("pyw.wait")
        def wait(ctx):
            started.set()
            if ctx.cancelled.wait(30):
                saw.set()
            return "finished anyway"

        self.start(w)
        task_id = self.server.submit("pycancel", "one")
        self.assertTrue(started.wait(10))
        self.server.call("POST", f"/v1/tasks/{task_id}/cancel")
        self.assertTrue(saw.wait(10), "the handler never saw ctx.cancelled")
        task = self.server.wait_task(task_id)
        self.assertEqual(task["status"], "cancelled")
        self.assertIsNone(task["steps"][0]["output"])

    def test_a_step_past_its_deadline_is_cancelled_and_failed_as_timed_out(self) -> None:
        self.server.template(one_step("pytimeout", "pyw.slow", timeout_seconds=1, retry={"max_attempts": 1}))
        w = self.worker()
        saw = threading.Event()

        @w.handler("pyw.slow")
        def slow(ctx):
            self.assertIsNotNone(ctx.deadline)
            if ctx.cancelled.wait(20):
                saw.set()
            return "too late"

        self.start(w)
        task = self.server.wait_task(self.server.submit("pytimeout", "one"))
        self.assertTrue(saw.wait(5))
        self.assertEqual(task["status"], "error")
        self.assertEqual(task["steps"][0]["error"]["code"], "timeout")

    def test_stop_finishes_steps_within_the_grace_period_and_hands_back_the_rest(self) -> None:
        self.server.template(one_step("pystop", "pyw.sleep"))
        w = self.worker(shutdown_grace=0.5)
        started = threading.Semaphore(0)

        @w.handler("pyw.sleep")
        def sleep(ctx):
            started.release()
            ctx.cancelled.wait(ctx.context["seconds"])
            return {"slept": ctx.context["seconds"]}

        running = RunningWorker(w)
        quick = self.server.submit("pystop", "one", {"seconds": 0.2})
        slow = self.server.submit("pystop", "one", {"seconds": 60})
        self.assertTrue(started.acquire(timeout=10) and started.acquire(timeout=10))
        stopped_at = time.monotonic()
        running.stop()
        self.assertLess(time.monotonic() - stopped_at, 5)
        self.assertEqual(self.server.task(quick)["steps"][0]["state"], "complete")
        handed_back = self.server.task(slow)["steps"][0]
        self.assertEqual((handed_back["state"], handed_back["attempts"]), ("ready", 0))
        self.assertNotIn(w.worker_id, [x["id"] for x in self.server.workers()])
        # Another worker takes it at once.
        rescuer = self.worker(name="rescuer")
        rescuer.handler("pyw.sleep")(lambda ctx: "rescued")
        self.start(rescuer)
        self.assertEqual(self.server.wait_task(slow)["steps"][0]["output"], "rescued")

    def test_labels_route_steps_and_the_worker_is_listed(self) -> None:
        self.server.template(one_step("pygpu", "pyw.train", labels={"gpu": "true"}))
        cpu = self.worker(name="cpu", labels={"zone": "a"})
        cpu.handler("pyw.train")(lambda ctx: "cpu")
        self.start(cpu)
        task_id = self.server.submit("pygpu", "one")
        time.sleep(1)
        waiting = self.server.task(task_id)["steps"][0]
        self.assertEqual(waiting["state"], "ready")
        self.assertIn("labels", waiting["waiting_reason"])
        gpu = self.worker(name="gpu", labels={"gpu": "true"}, concurrency=2)
        gpu.handler("pyw.train")(lambda ctx: "gpu")
        self.start(gpu)
        self.assertEqual(self.server.wait_task(task_id)["steps"][0]["output"], "gpu")
        listed = self._listed(gpu)
        self.assertEqual((listed["labels"], listed["capacity"], listed["transport"], listed["handlers"]), ({"gpu": "true"}, 2, "http", ["pyw.train"]))

    def test_a_drained_worker_gets_no_new_work(self) -> None:
        self.server.template(one_step("pydrain", "pyw.drain"))
        w = self.worker()
        w.handler("pyw.drain")(lambda ctx: "done")
        self.start(w)
        self.server.call("POST", f"/v1/workers/{w.worker_id}/drain")
        wait_for(lambda: w.state == "draining", what="the heartbeat to report draining")
        task_id = self.server.submit("pydrain", "one")
        time.sleep(1)
        self.assertEqual(self.server.task(task_id)["steps"][0]["state"], "ready")
        self.server.call("POST", f"/v1/tasks/{task_id}/cancel")

    def test_a_claim_answer_lost_on_the_wire_is_claimed_again_under_its_id_not_after_the_lease(self) -> None:
        self.server.template(one_step("pylost", "pyw.lost"))
        proxy = LossyProxy(self.server.url)
        self.addCleanup(proxy.close)
        task_id = self.server.submit("pylost", "one")
        w = Worker(proxy.url, name="lossy", concurrency=2)
        seen = []
        w.handler("pyw.lost")(lambda ctx: seen.append((ctx.execution_id, ctx.attempt)) or "done")
        proxy.lose_next_claim_answer()
        self.start(w)
        answer = proxy.lost.get(timeout=10)
        lost_at = time.monotonic()
        execution = json.loads(answer[answer.index(b"\r\n\r\n") + 4:])["executions"][0]
        task = self.server.wait_task(task_id, timeout=10)
        # Retried after the claim loop's 1 s pause, under the lost answer's lease: no lease
        # expiry (the shared server's is 3 s), no second attempt.
        self.assertLess(time.monotonic() - lost_at, 2.5)
        self.assertEqual(task["status"], "complete")
        self.assertEqual(task["steps"][0]["attempts"], 1)
        self.assertEqual(seen, [(execution["execution_id"], 1)])

    def test_a_worker_removed_by_an_operator_registers_again(self) -> None:
        self.server.template(one_step("pyremoved", "pyw.again"))
        w = self.worker()
        w.handler("pyw.again")(lambda ctx: "again")
        self.start(w)
        first_id = w.worker_id
        self.server.call("DELETE", f"/v1/workers/{first_id}")
        wait_for(lambda: w.worker_id != first_id, what="registration under a new id")
        self.assertEqual(self.server.wait_task(self.server.submit("pyremoved", "one"))["status"], "complete")

    def test_progress_and_a_checkpoint_that_the_retry_resumes_from(self) -> None:
        self.server.template(one_step("pyckpt", "pyw.ckpt", retry={"max_attempts": 2, "backoff": "none"}))
        w = self.worker()
        seen = []

        @w.handler("pyw.ckpt")
        def ckpt(ctx):
            seen.append((ctx.attempt, ctx.last_checkpoint, ctx.progress({"attempt": ctx.attempt})))
            if ctx.attempt == 1:
                self.assertTrue(ctx.checkpoint({"rows_done": 500}))
                raise RuntimeError("crashed half way")
            return {"resumed_from": ctx.last_checkpoint}

        self.start(w)
        task = self.server.wait_task(self.server.submit("pyckpt", "one"))
        self.assertEqual(task["steps"][0]["output"], {"resumed_from": {"rows_done": 500}})
        self.assertEqual(seen, [(1, None, True), (2, {"rows_done": 500}, True)])

    def test_output_that_is_not_json_fails_the_step_for_good(self) -> None:
        self.server.template(one_step("pybadout", "pyw.badout", retry={"max_attempts": 3}))
        w = self.worker()
        w.handler("pyw.badout")(lambda ctx: {"when": object()})
        self.start(w)
        task = self.server.wait_task(self.server.submit("pybadout", "one"))
        self.assertEqual((task["status"], task["steps"][0]["attempts"], task["steps"][0]["error"]["code"]), ("error", 1, "invalid_output"))


if __name__ == "__main__":
    unittest.main()
