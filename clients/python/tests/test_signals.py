"""Signals and external events sent by the protocol client to a live Baton's wait steps."""
import unittest

from support import shared_server

from baton_worker import BatonError, ProtocolClient

APPROVAL = {
    "namespace": "pys",
    "name": "approval",
    "version": "1",
    "steps": [
        {
            "name": "approve",
            "kind": "wait",
            "wait": {"signal": "approval", "schema": {"type": "object", "required": ["approved"], "properties": {"approved": {"type": "boolean"}}}},
        },
        {"name": "paid", "kind": "wait", "wait": {"event": "pys.paid", "match": "${context.order_id}"}},
    ],
}


class SignalsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = shared_server()
        cls.server.template(APPROVAL)

    def setUp(self) -> None:
        self.client = ProtocolClient(self.server.url)

    def tearDown(self) -> None:
        self.client.close()

    def waiting_task(self, order_id: str) -> str:
        task_id = self.server.submit("pys", "approval", {"order_id": order_id})
        self.server.wait_task(task_id, until=lambda t: all(s["state"] == "waiting" for s in t["steps"]))
        return task_id

    def step(self, task_id: str, name: str) -> dict:
        return next(s for s in self.server.task(task_id)["steps"] if s["name"] == name)

    def test_a_signal_completes_its_step_once_and_refusals_raise_typed_errors(self) -> None:
        task_id = self.waiting_task("o-1")
        with self.assertRaises(BatonError) as invalid:
            self.client.signal(task_id, "approval", {"approved": "yes"})
        self.assertEqual((invalid.exception.status, invalid.exception.code), (400, "invalid_signal"))
        self.assertTrue(invalid.exception.details["errors"])
        self.assertEqual(self.step(task_id, "approve")["state"], "waiting")

        answer = self.client.signal(task_id, "approval", {"approved": True}, idempotency_key="k1")
        self.assertEqual(answer, {"task_id": task_id, "signal": "approval", "step": "approve", "status": "delivered"})
        self.assertEqual((self.step(task_id, "approve")["state"], self.step(task_id, "approve")["output"]), ("complete", {"approved": True}))
        self.assertEqual(self.client.signal(task_id, "approval", {"approved": True}, idempotency_key="k1")["status"], "duplicate")
        with self.assertRaises(BatonError) as conflict:
            self.client.signal(task_id, "approval", {"approved": False})
        self.assertEqual((conflict.exception.status, conflict.exception.code), (409, "conflict"))
        with self.assertRaises(BatonError) as unknown:
            self.client.signal(task_id, "nope")
        self.assertEqual((unknown.exception.status, unknown.exception.code), (404, "not_found"))

    def test_an_event_reaches_the_step_whose_match_equals_its_key_or_is_kept(self) -> None:
        task_id = self.waiting_task("o-2")
        self.assertEqual(self.client.send_event("pys.paid", "o-2", {"amount": 40}, idempotency_key="e1"),
                         {"name": "pys.paid", "key": "o-2", "delivered": 1, "kept": False, "duplicate": False})
        self.assertEqual(self.step(task_id, "paid")["output"], {"amount": 40})
        self.assertTrue(self.client.send_event("pys.paid", "o-2", {"amount": 40}, idempotency_key="e1")["duplicate"])
        # A number is a key as written; no step waits for it yet, so it is kept.
        self.assertEqual(self.client.send_event("pys.paid", 77), {"name": "pys.paid", "key": "77", "delivered": 0, "kept": True, "duplicate": False})
        later = self.server.submit("pys", "approval", {"order_id": "77"})
        self.server.wait_task(later, until=lambda t: next(s for s in t["steps"] if s["name"] == "paid")["state"] == "complete")
        with self.assertRaises(BatonError) as bad:
            self.client.send_event("not a name!", "k")
        self.assertEqual((bad.exception.status, bad.exception.code), (400, "invalid_request"))


if __name__ == "__main__":
    unittest.main()
