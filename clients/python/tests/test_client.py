"""The protocol client's calls against a live Baton: the wire as docs/worker-protocol.md describes it."""
import http.server
import json
import threading
import time
import unittest
import uuid

from support import one_step, shared_server

from baton_worker import BatonError, ProtocolClient


class ProtocolClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = shared_server()

    def setUp(self) -> None:
        # A template and handler of its own per test: nothing one test leaves behind reaches another.
        name = self.id().split(".")[-1]
        self.ns = f"pyc_{name}"[:60]
        self.handler = f"pyc.{name}"
        self.server.template(one_step(self.ns, self.handler))
        self.client = ProtocolClient(self.server.url)
        self.worker = self.client.register(name, [self.handler], {"zone": "a"}, 2)

    def tearDown(self) -> None:
        self.client.deregister(self.worker["id"])
        self.client.close()

    def claim_one(self) -> dict:
        task_id = self.server.submit(self.ns, "one", {"n": 1})
        executions = self.client.claim(self.worker["id"], 10, 5000)
        self.assertEqual(len(executions), 1)
        self.assertEqual(executions[0]["task"]["id"], task_id)
        return executions[0]

    def test_register_claim_heartbeat_complete_and_a_duplicate(self) -> None:
        self.assertIsInstance(self.worker["lease_ms"], int)
        execution = self.claim_one()
        for key in ("execution_id", "lease_id", "handler", "params", "results", "context", "attempt", "deadline", "step", "task", "correlation_id"):
            self.assertIn(key, execution)
        answer = self.client.heartbeat(self.worker["id"], [execution["execution_id"]], None)
        self.assertEqual((answer["abort"], answer["state"]), ([], "active"))
        item = json.dumps({"execution_id": execution["execution_id"], "lease_id": execution["lease_id"], "output": {"ok": True}})
        self.assertEqual(self.client.report_many("complete", [item]), [{"execution_id": execution["execution_id"], "status": "ok"}])
        self.assertEqual(self.client.report_many("complete", [item])[0]["status"], "duplicate")
        self.assertEqual(self.server.task(execution["task"]["id"])["status"], "complete")

    def test_errors_carry_the_servers_status_and_code(self) -> None:
        execution = self.claim_one()
        with self.assertRaises(BatonError) as stale:
            self.client.progress(execution["execution_id"], "11111111-1111-4111-8111-111111111111", {"pct": 1})
        self.assertEqual((stale.exception.status, stale.exception.code), (409, "stale_lease"))
        with self.assertRaises(BatonError) as unknown:
            self.client.heartbeat("00000000-0000-4000-8000-000000000000", [])
        self.assertEqual((unknown.exception.status, unknown.exception.code), (404, "not_found"))
        with self.assertRaises(BatonError) as bad:
            self.client.claim(self.worker["id"], 0, 0)
        self.assertEqual((bad.exception.status, bad.exception.code), (400, "invalid_request"))
        self.assertIn("max", bad.exception.message)
        fail = json.dumps({"execution_id": execution["execution_id"], "lease_id": execution["lease_id"], "error": {"message": "no"}, "retryable": False})
        self.assertEqual(self.client.report_many("fail", [fail])[0]["status"], "ok")
        self.assertEqual(self.server.task(execution["task"]["id"])["status"], "error")

    def test_a_claim_retried_with_its_claim_id_gets_the_executions_of_the_lost_answer(self) -> None:
        first = self.server.submit(self.ns, "one", {"n": 1})
        second = self.server.submit(self.ns, "one", {"n": 2})
        claim_id = str(uuid.uuid4())
        lost = self.client.claim(self.worker["id"], 1, 0, claim_id=claim_id)
        # That answer never arrived: the retry carries the same id, and gets the same executions back.
        retried = self.client.claim(self.worker["id"], 5, 0, claim_id=claim_id)
        self.assertEqual([(e["execution_id"], e["lease_id"], e["attempt"]) for e in retried], [(lost[0]["execution_id"], lost[0]["lease_id"], 1)])
        self.assertEqual(retried[0]["task"]["id"], first)
        self.assertEqual(self.server.task(second)["steps"][0]["state"], "ready")
        # Another call, another id: new work.
        self.assertEqual([e["task"]["id"] for e in self.client.claim(self.worker["id"], 5, 0, claim_id=str(uuid.uuid4()))], [second])

    def test_a_waiting_claim_returns_when_work_arrives(self) -> None:
        got = []
        waiter = threading.Thread(target=lambda: got.append((self.client.claim(self.worker["id"], 1, 10000), time.monotonic())))
        waiter.start()
        time.sleep(0.5)
        submitted = time.monotonic()
        self.server.submit(self.ns, "one")
        waiter.join(15)
        executions, returned = got[0]
        self.assertEqual(len(executions), 1)
        self.assertGreater(returned, submitted)
        self.assertLess(returned - submitted, 3)

    def test_interrupt_claims_ends_a_waiting_claim_and_the_server_keeps_nothing(self) -> None:
        errors = []

        def wait() -> None:
            try:
                self.client.claim(self.worker["id"], 1, 20000)
            except BatonError as exc:
                errors.append(exc)

        waiter = threading.Thread(target=wait)
        started = time.monotonic()
        waiter.start()
        time.sleep(0.5)
        self.client.interrupt_claims()
        waiter.join(5)
        self.assertFalse(waiter.is_alive())
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(errors[0].code, "unavailable")
        time.sleep(0.3)
        task_id = self.server.submit(self.ns, "one")
        time.sleep(1)
        self.assertEqual(self.server.task(task_id)["steps"][0]["state"], "ready")
        # Taken by the next claim instead.
        self.assertEqual(self.client.claim(self.worker["id"], 5, 1000)[0]["task"]["id"], task_id)

    def test_the_token_is_sent_as_a_bearer_header(self) -> None:
        seen = []

        class Recorder(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                seen.append(self.headers.get("Authorization"))
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                body = b'{"id": "w", "lease_ms": 1000}'
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        recorder = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
        threading.Thread(target=recorder.handle_request, daemon=True).start()
        try:
            client = ProtocolClient(f"http://127.0.0.1:{recorder.server_port}", token="s3cret.jwt")
            self.assertEqual(client.register("w", ["x"], {}, 1)["id"], "w")
            client.close()
        finally:
            recorder.server_close()
        self.assertEqual(seen, ["Bearer s3cret.jwt"])

    def test_drain_and_deregister(self) -> None:
        self.assertEqual(self.client.drain(self.worker["id"])["state"], "draining")
        self.assertEqual(self.client.claim(self.worker["id"], 1, 200), [])
        execution_free = self.client.deregister(self.worker["id"])
        self.assertEqual(execution_free["released"], 0)
        with self.assertRaises(BatonError) as gone:
            self.client.claim(self.worker["id"], 1, 0)
        self.assertEqual(gone.exception.status, 404)
        self.worker = self.client.register("again", [self.handler], {}, 1)


if __name__ == "__main__":
    unittest.main()
