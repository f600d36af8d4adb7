"""Trace propagation: the claim's traceparent becomes a step span, passed to the handler and exported as OTLP/JSON."""
import logging
import os
import threading
import time
import unittest
from typing import Any, Dict, List
from unittest import mock

from otlp_receiver import OtlpReceiver, attributes
from support import RunningWorker, free_port, one_step, shared_server, wait_for

from baton_worker import BatonClient, PermanentError, Worker
from baton_worker.runner import Runner
from baton_worker.tracing import OtlpExporter, StepSpan, exporter_from_env, parse_traceparent

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{PARENT_ID}-01"


class RecordingProtocol:
    """Stands in for the HTTP worker protocol's client under a Runner: keeps the reports it is given."""

    def __init__(self) -> None:
        self.reports: List[Dict[str, Any]] = []
        self._lock = threading.Lock()

    def report_many(self, kind: str, encoded: List[str]) -> List[Dict[str, str]]:
        import json

        with self._lock:
            self.reports.extend(dict(json.loads(item), kind=kind) for item in encoded)
        return [{"status": "ok"} for _ in encoded]

    def progress(self, *_: Any) -> Dict[str, Any]:
        return {}

    checkpoint = progress


def execution(step: str = "charge", traceparent: Any = TRACEPARENT, **extra: Any) -> Dict[str, Any]:
    return dict({"execution_id": str(time.monotonic_ns()), "lease_id": "lease-1", "handler": "h", "step": step, "attempt": 2,
                 "max_attempts": 3, "traceparent": traceparent,
                 "task": {"id": "9d4a1a8e-1111-4c3b-9a77-3f2a7c6c2b10", "namespace": "shop", "name": "order", "version": "1"}}, **extra)


class TraceparentTest(unittest.TestCase):
    def test_parses_valid_traceparents_and_refuses_the_rest(self) -> None:
        self.assertEqual(parse_traceparent(TRACEPARENT), (TRACE_ID, PARENT_ID, "01"))
        self.assertEqual(parse_traceparent(f"01-{TRACE_ID}-{PARENT_ID}-00-future"), (TRACE_ID, PARENT_ID, "00"))
        for bad in (None, "", "garbage", f"00-{TRACE_ID}-{PARENT_ID}-01-extra", f"ff-{TRACE_ID}-{PARENT_ID}-01",
                    f"00-{'0' * 32}-{PARENT_ID}-01", f"00-{TRACE_ID}-{'0' * 16}-01", f"00-{TRACE_ID.upper()}-{PARENT_ID}-01", 42):
            self.assertIsNone(parse_traceparent(bad), bad)

    def test_a_step_span_keeps_the_trace_and_gets_a_new_span_id(self) -> None:
        span = StepSpan.start(TRACEPARENT, "step a", {})
        assert span is not None
        self.assertEqual((span.trace_id, span.parent_span_id), (TRACE_ID, PARENT_ID))
        self.assertRegex(span.span_id, r"^[0-9a-f]{16}$")
        self.assertNotEqual(span.span_id, PARENT_ID)
        self.assertEqual(span.traceparent, f"00-{TRACE_ID}-{span.span_id}-01")
        self.assertIsNone(StepSpan.start(None, "step a", {}))

    def test_the_exporter_is_configured_by_argument_or_the_standard_variables(self) -> None:
        log = logging.getLogger("test")
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertIsNone(exporter_from_env(None, None, log))
        env = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/", "OTEL_SERVICE_NAME": "billing",
               "OTEL_EXPORTER_OTLP_HEADERS": "api-key=s%3Dcret,x-team=pay"}
        with mock.patch.dict(os.environ, env, clear=True):
            exporter = exporter_from_env(None, None, log)
            assert exporter is not None
            self.assertEqual((exporter.endpoint, exporter.service_name), ("http://collector:4318/v1/traces", "billing"))
            self.assertEqual(exporter.headers["api-key"], "s=cret")
            exporter.close()
        with mock.patch.dict(os.environ, {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/traces"}, clear=True):
            exporter = exporter_from_env("http://mine:4318/v1/traces", "svc", log)
            assert exporter is not None
            self.assertEqual((exporter.endpoint, exporter.service_name), ("http://mine:4318/v1/traces", "svc"))
            exporter.close()


class RunnerSpanTest(unittest.TestCase):
    """The Runner (what the Worker runs claimed executions with), fed claim answers directly."""

    def setUp(self) -> None:
        self.receiver = OtlpReceiver()
        self.exporter = OtlpExporter(self.receiver.url, "py-test")
        self.protocol = RecordingProtocol()
        self.runner = Runner(self.protocol, 4, logging.getLogger("test"), lambda _m: None, exporter=self.exporter)  # type: ignore[arg-type]

    def tearDown(self) -> None:
        self.runner.close()
        self.exporter.close()
        self.receiver.close()

    def run_one(self, fn: Any, **extra: Any) -> Dict[str, Any]:
        self.runner.start(execution(**extra), fn)
        wait_for(lambda: self.runner.count() == 0, what="the execution to be reported")
        return self.protocol.reports[-1]

    def test_the_handler_gets_its_step_spans_traceparent_and_the_span_is_exported(self) -> None:
        seen = []
        report = self.run_one(lambda ctx: seen.append(ctx.traceparent) or {"ok": True})
        self.assertEqual(report["kind"], "complete")
        (span,) = self.receiver.wait_for_spans(1)
        self.assertEqual(seen, [f"00-{TRACE_ID}-{span['spanId']}-01"])
        self.assertEqual((span["traceId"], span["parentSpanId"], span["name"]), (TRACE_ID, PARENT_ID, "step charge"))
        self.assertRegex(span["spanId"], r"^[0-9a-f]{16}$")
        self.assertTrue(span["startTimeUnixNano"].isdigit() and span["endTimeUnixNano"].isdigit())
        self.assertLessEqual(int(span["startTimeUnixNano"]), int(span["endTimeUnixNano"]))
        self.assertEqual(span["status"], {"code": 0})
        self.assertIn(span["kind"], (1, 2, 3, 4, 5))
        attrs = attributes(span)
        self.assertEqual(attrs["baton.task_id"], "9d4a1a8e-1111-4c3b-9a77-3f2a7c6c2b10")
        self.assertEqual((attrs["baton.step"], attrs["baton.attempt"], attrs["baton.outcome"]), ("charge", 2, "complete"))
        self.assertEqual((attrs["baton.template"], attrs["baton.max_attempts"]), ("shop/order", 3))
        self.assertEqual(span["resource"]["attributes"], [{"key": "service.name", "value": {"stringValue": "py-test"}}])
        request = self.receiver.requests[0]
        self.assertEqual((request["path"], request["content_type"]), ("/v1/traces", "application/json"))

    def test_a_failed_attempt_ends_its_span_with_an_error_status(self) -> None:
        def fail(ctx: Any) -> None:
            raise PermanentError("card declined", code="declined")

        report = self.run_one(fail)
        self.assertEqual((report["kind"], report["retryable"]), ("fail", False))
        (span,) = self.receiver.wait_for_spans(1)
        self.assertEqual(span["status"], {"code": 2, "message": "card declined"})
        self.assertEqual(attributes(span)["baton.outcome"], "error")  # permanent: the step's end

    def test_a_failed_attempt_that_will_be_retried_is_failed_not_error(self) -> None:
        def flaky(ctx: Any) -> None:
            raise RuntimeError("gateway timeout")

        self.assertEqual(self.run_one(flaky)["retryable"], True)
        (span,) = self.receiver.wait_for_spans(1)
        self.assertEqual((attributes(span)["baton.outcome"], span["status"]["code"]), ("failed", 2))

    def test_async_handlers_get_a_span_too(self) -> None:
        seen = []

        async def handler(ctx: Any) -> Dict[str, Any]:
            seen.append(ctx.traceparent)
            return {}

        self.run_one(handler)
        (span,) = self.receiver.wait_for_spans(1)
        self.assertEqual(seen, [f"00-{TRACE_ID}-{span['spanId']}-01"])

    def test_without_a_traceparent_there_is_no_span(self) -> None:
        seen = []
        self.run_one(lambda ctx: seen.append(ctx.traceparent), traceparent=None)
        self.exporter.flush()
        self.assertEqual((seen, self.receiver.requests), ([None], []))

    def test_an_unsampled_trace_is_propagated_but_not_exported(self) -> None:
        seen = []
        self.run_one(lambda ctx: seen.append(ctx.traceparent), traceparent=f"00-{TRACE_ID}-{PARENT_ID}-00")
        self.exporter.flush()
        self.assertRegex(seen[0], rf"^00-{TRACE_ID}-[0-9a-f]{{16}}-00$")
        self.assertEqual(self.receiver.requests, [])

    def test_an_unreachable_collector_never_fails_a_step(self) -> None:
        quiet = logging.getLogger("test.quiet")
        quiet.propagate = False
        quiet.addHandler(logging.NullHandler())
        exporter = OtlpExporter(f"http://127.0.0.1:{free_port()}/v1/traces", timeout=2, logger=quiet)
        runner = Runner(self.protocol, 2, logging.getLogger("test"), lambda _m: None, exporter=exporter)  # type: ignore[arg-type]
        try:
            runner.start(execution(), lambda ctx: {"done": True})
            wait_for(lambda: runner.count() == 0, what="the execution to be reported")
            exporter.flush()
            self.assertEqual(self.protocol.reports[-1]["kind"], "complete")
            self.assertEqual((exporter.exported, exporter.dropped), (0, 1))
        finally:
            runner.close()
            exporter.close()


class LiveTraceTest(unittest.TestCase):
    """Against a live Baton: the submit's traceparent reaches the Python worker's span."""

    def test_the_submits_trace_reaches_the_python_workers_step_span(self) -> None:
        server = shared_server()
        server.template(one_step("pytrace", "pytrace.step"))
        receiver = OtlpReceiver()
        worker = Worker(server.url, name="py-trace", otlp_endpoint=receiver.url, service_name="py-worker")
        claimed = []

        @worker.handler("pytrace.step")
        def step(ctx: Any) -> Dict[str, Any]:
            claimed.append((ctx.claim_traceparent, ctx.traceparent))
            return {"traced": ctx.traceparent is not None}

        running = RunningWorker(worker)
        try:
            with BatonClient(server.url) as baton:
                task = baton.submit("pytrace", "one", {}, traceparent=TRACEPARENT)
                self.assertEqual(baton.wait(task["id"], timeout=30)["status"], "complete")
        finally:
            running.stop()
        try:
            if claimed[0][0] is None:
                self.skipTest("this server's claim answers carry no traceparent (telemetry off or not built yet)")
            (span,) = receiver.wait_for_spans(1)
            self.assertEqual(span["traceId"], TRACE_ID)
            self.assertEqual(span["parentSpanId"], parse_traceparent(claimed[0][0])[1])  # type: ignore[index]
            self.assertEqual(claimed[0][1], f"00-{TRACE_ID}-{span['spanId']}-01")
            self.assertEqual(attributes(span)["baton.task_id"], task["id"])
        finally:
            receiver.close()


if __name__ == "__main__":
    unittest.main()
