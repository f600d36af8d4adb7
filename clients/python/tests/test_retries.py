"""The retry policy and the clients' retries against a scripted stub server: which calls are retried, how long they wait."""
import email.utils
import http.server
import json
import threading
import time
import unittest
from typing import Any, Callable, Dict, List, Optional, Tuple

import support  # noqa: F401 (puts baton_worker on the path)

from baton_worker import BatonClient, BatonError, ProtocolClient, RetryPolicy
from baton_worker.errors import is_transient, parse_retry_after

Answer = Tuple[int, Dict[str, str], Any]


class StubServer:
    """Answers each request with the next scripted answer (the last one repeats) and records what it was sent."""

    def __init__(self, answers: List[Answer]) -> None:
        self.answers = list(answers)
        self.requests: List[Dict[str, Any]] = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                stub.requests.append({"method": self.command, "path": self.path, "at": time.monotonic(),
                                      "body": json.loads(raw) if raw else None, "headers": dict(self.headers)})
                status, headers, body = stub.answers.pop(0) if len(stub.answers) > 1 else stub.answers[0]
                data = json.dumps(body(stub.requests[-1]) if callable(body) else body).encode()
                self.send_response(status)
                for key, value in {"Content-Type": "application/json", "x-request-id": f"req-{len(stub.requests)}", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _answer  # noqa: N815 (the stdlib's names)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def refusal(status: int, code: str, retry_after: Optional[str] = None) -> Answer:
    return (status, {"Retry-After": retry_after} if retry_after is not None else {}, {"error": {"code": code, "message": f"{code} now"}})


def submitted(request: Dict[str, Any]) -> Dict[str, Any]:
    return {"id": "t-1", "status": "pending"}


class RetryPolicyTest(unittest.TestCase):
    def test_backoff_doubles_up_to_the_cap_and_jitter_only_shortens_it(self) -> None:
        policy = RetryPolicy(initial_delay=0.2, max_delay=1.0, jitter=0.5)
        self.assertEqual([policy.backoff(n, rand=lambda: 0.0) for n in (1, 2, 3, 4, 5)], [0.2, 0.4, 0.8, 1.0, 1.0])
        self.assertEqual(policy.backoff(2, rand=lambda: 0.999999), 0.4 * (1 - 0.5 * 0.999999))

    def test_retry_after_replaces_the_backoff_and_is_never_shortened(self) -> None:
        policy = RetryPolicy(initial_delay=0.2, max_delay=1.0)
        self.assertEqual(policy.delay(1, 7.0, rand=lambda: 0.0), 7.0)
        self.assertLessEqual(policy.delay(1, 7.0, rand=lambda: 0.99), 8.0)

    def test_retry_after_is_read_as_seconds_or_an_http_date(self) -> None:
        self.assertEqual(parse_retry_after("5"), 5.0)
        self.assertEqual(parse_retry_after(" 1.5 "), 1.5)
        self.assertIsNone(parse_retry_after(None))
        self.assertIsNone(parse_retry_after("soon"))
        date = email.utils.formatdate(1_000_010, usegmt=True)
        self.assertEqual(parse_retry_after(date, now=1_000_000), 10.0)
        self.assertEqual(parse_retry_after(date, now=1_000_100), 0.0)

    def test_only_unreachable_and_429_502_503_504_are_transient(self) -> None:
        transient = [BatonError(0, "unavailable", "x")] + [BatonError(s, "c", "x") for s in (429, 502, 503, 504)]
        final = [BatonError(s, "c", "x") for s in (400, 401, 403, 404, 409, 413, 415, 500)] + [BatonError(408, "wait_timeout", "x")]
        self.assertEqual([is_transient(e) for e in transient], [True] * len(transient))
        self.assertEqual([e.transient for e in final], [False] * len(final))


class ClientRetriesTest(unittest.TestCase):
    def setUp(self) -> None:
        self.stubs: List[StubServer] = []

        self.clients: List[Any] = []

    def tearDown(self) -> None:
        for client in self.clients:
            client.close()
        for stub in self.stubs:
            stub.close()

    def baton(self, url: str, **options: Any) -> BatonClient:
        self.clients.append(BatonClient(url, **options))
        return self.clients[-1]

    def protocol(self, url: str, **options: Any) -> ProtocolClient:
        self.clients.append(ProtocolClient(url, **options))
        return self.clients[-1]

    def stub(self, answers: List[Answer]) -> StubServer:
        stub = StubServer(answers)
        self.stubs.append(stub)
        return stub

    def timed(self, fn: Callable[[], Any]) -> Tuple[Any, float]:
        started = time.monotonic()
        result = fn()
        return result, time.monotonic() - started

    def test_a_submit_answered_429_twice_waits_the_retry_after_each_time_and_keeps_its_idempotency_key(self) -> None:
        stub = self.stub([refusal(429, "overloaded", "1"), refusal(429, "overloaded", "1"), (202, {}, submitted)])
        client = self.baton(stub.url)
        result, took = self.timed(lambda: client.submit("ns", "one", {"n": 1}))
        self.assertEqual(result, {"id": "t-1", "status": "pending", "created": True})
        self.assertEqual(len(stub.requests), 3)
        gaps = [b["at"] - a["at"] for a, b in zip(stub.requests, stub.requests[1:])]
        self.assertTrue(all(gap >= 1.0 for gap in gaps), gaps)
        self.assertGreaterEqual(took, 2.0)
        keys = {r["body"]["idempotency_key"] for r in stub.requests}
        self.assertEqual(len(keys), 1)
        # Another call, another key.
        client.submit("ns", "one", {"n": 1})
        self.assertNotIn(stub.requests[-1]["body"]["idempotency_key"], keys)

    def test_a_submit_keeps_the_callers_idempotency_key_and_correlation_id(self) -> None:
        stub = self.stub([refusal(503, "unavailable", "0"), (200, {}, submitted)])
        result = self.baton(stub.url).submit("ns", "one", idempotency_key="order-7", correlation_id="corr-1")
        self.assertFalse(result["created"])
        self.assertEqual([r["body"]["idempotency_key"] for r in stub.requests], ["order-7", "order-7"])
        self.assertEqual([r["headers"].get("x-request-id") for r in stub.requests], ["corr-1", "corr-1"])

    def test_a_retry_after_given_as_an_http_date_is_honoured(self) -> None:
        when = email.utils.formatdate(time.time() + 2, usegmt=True)
        stub = self.stub([refusal(503, "unavailable", when), (202, {}, submitted)])
        _, took = self.timed(lambda: self.baton(stub.url).submit("ns", "one"))
        # The date has a resolution of one second.
        self.assertGreaterEqual(took, 1.0)
        self.assertEqual(len(stub.requests), 2)

    def test_502_and_504_without_a_baton_body_are_retried_with_backoff(self) -> None:
        stub = self.stub([(502, {}, "bad gateway"), (504, {}, "gateway timeout"), (200, {}, {"task": {"id": "t-1", "status": "running"}})])
        task = self.baton(stub.url, retry=RetryPolicy(initial_delay=0.05)).get("t-1")
        self.assertEqual((task["status"], task["steps"]), ("running", []))
        self.assertEqual(len(stub.requests), 3)

    def test_a_server_unavailable_past_the_deadline_raises_the_last_refusal(self) -> None:
        stub = self.stub([refusal(503, "unavailable", "0.2")])
        client = self.baton(stub.url, retry=RetryPolicy(deadline=1.0))
        with self.assertRaises(BatonError) as caught:
            self.timed(lambda: client.get("t-1"))
        self.assertEqual((caught.exception.status, caught.exception.code, caught.exception.retry_after), (503, "unavailable", 0.2))
        self.assertTrue(caught.exception.request_id.startswith("req-"))
        self.assertTrue(3 <= len(stub.requests) <= 6, len(stub.requests))

    def test_a_retry_after_past_the_deadline_is_not_waited_for(self) -> None:
        stub = self.stub([refusal(429, "overloaded", "60")])
        with self.assertRaises(BatonError) as caught:
            _, took = self.timed(lambda: self.baton(stub.url, retry=RetryPolicy(deadline=5)).cancel("t-1"))
        self.assertEqual((caught.exception.code, caught.exception.retry_after, len(stub.requests)), ("overloaded", 60.0, 1))

    def test_refusals_that_retrying_cannot_fix_are_raised_at_once(self) -> None:
        for status, code in ((400, "invalid_request"), (401, "unauthorized"), (403, "forbidden"), (404, "not_found"), (409, "conflict"), (413, "payload_too_large"), (500, "internal")):
            stub = self.stub([refusal(status, code)])
            with self.assertRaises(BatonError) as caught:
                self.baton(stub.url).submit("ns", "one")
            self.assertEqual((caught.exception.status, caught.exception.code, len(stub.requests)), (status, code, 1))

    def test_signals_and_events_are_retried_only_with_an_idempotency_key(self) -> None:
        delivered = {"task_id": "t", "signal": "go", "step": "s", "status": "delivered"}
        stub = self.stub([refusal(503, "unavailable", "0")])
        client = self.protocol(stub.url)
        with self.assertRaises(BatonError):
            client.signal("t", "go", {})
        with self.assertRaises(BatonError):
            self.baton(stub.url).send_event("paid", "o-1")
        self.assertEqual(len(stub.requests), 2)
        stub.answers = [refusal(503, "unavailable", "0"), (200, {}, delivered)]
        self.assertEqual(client.signal("t", "go", {}, idempotency_key="k-1")["status"], "delivered")
        self.assertEqual(len(stub.requests), 4)

    def test_a_server_that_is_not_listening_is_retried_until_the_deadline(self) -> None:
        client = self.baton(f"http://127.0.0.1:{support.free_port()}", retry=RetryPolicy(deadline=1.0, initial_delay=0.1))
        with self.assertRaises(BatonError) as caught:
            _, took = self.timed(lambda: client.get("t-1"))
        self.assertEqual((caught.exception.status, caught.exception.code, caught.exception.request_id), (0, "unavailable", None))
        self.assertIn("ConnectionRefused", caught.exception.message)

    def test_no_retries_with_a_zero_deadline(self) -> None:
        stub = self.stub([refusal(503, "unavailable", "0")])
        with self.assertRaises(BatonError):
            self.baton(stub.url, retry=RetryPolicy(deadline=0)).get("t-1")
        self.assertEqual(len(stub.requests), 1)

    def test_worker_calls_retry_and_a_claim_keeps_its_claim_id(self) -> None:
        stub = self.stub([refusal(503, "unavailable", "0"), (200, {}, {"executions": []}),
                          refusal(429, "overloaded", "0"), (200, {}, {"abort": [], "state": "active", "lease_ms": 1000}),
                          (502, {}, ""), (200, {}, {"results": [{"execution_id": "e", "status": "ok"}]})])
        client = self.protocol(stub.url, retry=RetryPolicy(initial_delay=0.05))
        self.assertEqual(client.claim("w", 1, 0), [])
        self.assertEqual(client.heartbeat("w", [])["state"], "active")
        self.assertEqual(client.report_many("complete", ['{"execution_id":"e","lease_id":"l","output":1}'])[0]["status"], "ok")
        self.assertEqual(len(stub.requests), 6)
        claim_ids = [r["body"]["claim_id"] for r in stub.requests[:2]]
        self.assertEqual(claim_ids[0], claim_ids[1])

    def test_interrupt_claims_stops_a_claim_waiting_to_retry(self) -> None:
        stub = self.stub([refusal(503, "unavailable", "30")])
        client = self.protocol(stub.url, retry=RetryPolicy(deadline=60))
        errors: List[BatonError] = []

        def claim() -> None:
            try:
                client.claim("w", 1, 0)
            except BatonError as exc:
                errors.append(exc)

        waiter = threading.Thread(target=claim)
        waiter.start()
        support.wait_for(lambda: len(stub.requests) == 1, what="the first claim")
        time.sleep(0.2)
        client.interrupt_claims()
        waiter.join(5)
        self.assertFalse(waiter.is_alive())
        self.assertEqual((errors[0].status, len(stub.requests)), (503, 1))

    def test_wait_gives_up_with_wait_timeout(self) -> None:
        stub = self.stub([(200, {}, {"task": {"id": "t-1", "status": "running", "steps": []}})])
        with self.assertRaises(BatonError) as caught:
            self.baton(stub.url).wait("t-1", timeout=0.5, poll_interval=0.1)
        self.assertEqual((caught.exception.code, caught.exception.status, caught.exception.details["status"]), ("wait_timeout", 408, "running"))
        self.assertFalse(caught.exception.transient)


if __name__ == "__main__":
    unittest.main()
