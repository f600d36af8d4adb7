"""BatonClient against a live Baton: batch submits, list filters and pages, watch (SSE with resume), operator actions."""
import socket
import threading
import unittest
import uuid
from typing import Any, Dict, List

from support import one_step, run_in_background, shared_server, wait_for

from baton_worker import BatonClient, BatonError, PermanentError, Worker, workflow


class CuttingProxy:
    """A TCP proxy that, on its first connection only, passes the first SSE frame with an id and half of the next, then cuts.

    ``requests`` keeps the request head of every connection (to see the ``Last-Event-ID`` a reconnection sends).
    """

    def __init__(self, server_url: str) -> None:
        host, port = server_url.split("//")[1].split(":")
        self._target = (host, int(port))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.requests: List[bytes] = []
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(self._target)
            cut = self.connections == 1
            threading.Thread(target=self._pipe_requests, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pipe_answers, args=(upstream, client, cut), daemon=True).start()

    def _pipe_requests(self, client: socket.socket, upstream: socket.socket) -> None:
        try:
            head = b""
            while True:
                chunk = client.recv(65536)
                if not chunk:
                    return
                if b"\r\n\r\n" not in head:
                    head += chunk
                    if b"\r\n\r\n" in head:
                        self.requests.append(head)
                upstream.sendall(chunk)
        except OSError:
            pass

    def _pipe_answers(self, upstream: socket.socket, client: socket.socket, cut: bool) -> None:
        seen = b""
        try:
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                if not cut:
                    client.sendall(chunk)
                    continue
                seen += chunk
                first = seen.find(b"\n\n", seen.find(b"\nid: "))
                if seen.find(b"\nid: ") < 0 or first < 0:
                    continue
                second = seen.find(b"\n\n", first + 2)
                if second < 0:
                    continue
                # The first event frame whole, then the next one cut in the middle.
                client.sendall(seen[: first + 2 + (second - first) // 2])
                break
        except OSError:
            pass
        for s in (client, upstream):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


class BatonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = shared_server()
        cls.baton = BatonClient(cls.server.url)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.baton.close()

    def setUp(self) -> None:
        name = self.id().split(".")[-1]
        self.ns = f"pybc_{name}"[:60]
        self.handler = f"pybc.{name}"[:200]

    def start_worker(self, fn: Any, handler: str = "") -> Worker:
        w = Worker(self.server.url, name=self.id().split(".")[-1], heartbeat_interval=0.2)
        w.handler(handler or self.handler)(fn)
        return run_in_background(self, w)

    def test_a_batch_submit_is_one_call_and_idempotency_keys_return_the_same_tasks(self) -> None:
        self.server.template(one_step(self.ns, self.handler))
        keys = [f"order-{uuid.uuid4()}" for _ in range(3)]
        batch = [{"namespace": self.ns, "name": "one", "context": {"i": i}, "idempotency_key": k, "tags": ["batch"]} for i, k in enumerate(keys)]
        first = self.baton.submit_many(batch)
        self.assertEqual([t["status"] for t in first], ["pending"] * 3)
        self.assertEqual(len({t["id"] for t in first}), 3)
        again = self.baton.submit_many(batch + [{"namespace": self.ns, "name": "one"}])
        self.assertEqual([t["id"] for t in again[:3]], [t["id"] for t in first])
        self.assertNotIn(again[3]["id"], {t["id"] for t in first})
        self.assertEqual(self.baton.get(first[1]["id"])["context"], {"i": 1})
        with self.assertRaises(BatonError) as refused:
            self.baton.submit_many([{"namespace": self.ns, "name": "no_such_template"}])
        self.assertEqual(refused.exception.code, "not_found")

    def test_list_filters_by_status_template_tag_and_parent_and_pages_with_a_cursor(self) -> None:
        self.server.template(one_step(self.ns, self.handler))
        tag = f"t-{uuid.uuid4().hex[:12]}"
        ids = [self.baton.submit(self.ns, "one", {"i": i}, tags=[tag])["id"] for i in range(5)]
        other = self.baton.submit(self.ns, "one", {}, tags=["other"])["id"]
        self.baton.cancel(ids[0])
        page = self.baton.list(tag=tag, limit=2)
        self.assertEqual(len(page["tasks"]), 2)
        self.assertIsNotNone(page["next_cursor"])
        self.assertEqual([t["id"] for t in self.baton.iterate(tag=tag, limit=2)], list(reversed(ids)))  # newest first
        self.assertEqual([t["id"] for t in self.baton.list(tag=tag, status="cancelled")["tasks"]], [ids[0]])
        by_template = {t["id"] for t in self.baton.iterate(namespace=self.ns, name="one", limit=500)}
        self.assertEqual(by_template, set(ids) | {other})
        # A child task of a `kind: workflow` step lists under its parent.
        parent_wf = workflow(self.ns, "parent", "1").workflow("child", {"namespace": self.ns, "name": "one"}, context={"from": "parent"})
        self.baton.register_template(parent_wf)
        parent = self.baton.submit(parent_wf, {})
        wait_for(lambda: len(self.baton.list(parent=parent["id"])["tasks"]) == 1, what="the child task")
        child = self.baton.list(parent=parent["id"])["tasks"][0]
        self.assertEqual(self.baton.get(child["id"])["context"], {"from": "parent"})
        for task_id in ids[1:] + [other, parent["id"]]:
            self.baton.cancel(task_id)

    def test_watch_follows_a_task_live_until_it_ends(self) -> None:
        self.server.template(one_step(self.ns, self.handler))
        task = self.baton.submit(self.ns, "one", {"n": 2})
        events: List[Dict[str, Any]] = []
        watcher = threading.Thread(target=lambda: events.extend(self.baton.watch(task["id"])), daemon=True)
        watcher.start()
        wait_for(lambda: len(events) > 0, what="the first event")  # the stream is open before the work starts

        def step(ctx: Any) -> Dict[str, Any]:
            ctx.progress({"pct": 50})
            return {"double": ctx.context["n"] * 2}

        self.start_worker(step)
        watcher.join(30)
        self.assertFalse(watcher.is_alive())
        self.assertEqual(events[-1], {"id": events[-2]["id"], "event": "end", "data": {"task_id": task["id"], "status": "complete"}})
        ids = [e["id"] for e in events[:-1]]
        self.assertEqual(ids, sorted(set(ids)))
        steps = [(e["data"].get("from"), e["data"]["to"]) for e in events if e["event"] == "transition" and e["data"].get("step") == "only"]
        self.assertIn(("running", "complete"), steps)
        self.assertIn({"pct": 50}, [e["data"].get("data") for e in events if e["event"] == "progress"])

    def test_watch_resumes_a_dropped_stream_with_last_event_id_losing_and_repeating_nothing(self) -> None:
        self.server.template(one_step(self.ns, self.handler))
        self.start_worker(lambda ctx: {"ok": True})
        task = self.baton.submit(self.ns, "one", {})
        self.baton.wait(task["id"], timeout=30)
        direct = list(self.baton.watch(task["id"]))
        self.assertGreaterEqual(len(direct), 4)
        proxy = CuttingProxy(self.server.url)
        try:
            with BatonClient(proxy.url) as through_proxy:
                resumed = list(through_proxy.watch(task["id"]))
        finally:
            proxy.close()
        self.assertEqual(resumed, direct)
        self.assertEqual(proxy.connections, 2)
        self.assertNotIn(b"last-event-id", proxy.requests[0].lower())
        self.assertIn(f"last-event-id: {direct[0]['id']}".encode(), proxy.requests[1].lower())
        # Given by the caller: only what came after.
        self.assertEqual(list(self.baton.watch(task["id"], last_event_id=direct[1]["id"])), direct[2:])
        with self.assertRaises(BatonError) as missing:
            next(self.baton.watch(str(uuid.uuid4())))
        self.assertEqual(missing.exception.code, "not_found")

    def test_retry_step_reruns_a_failed_step_and_resolve_step_completes_one_with_an_output(self) -> None:
        self.server.template(one_step(self.ns, self.handler))
        fixed = threading.Event()

        def step(ctx: Any) -> Dict[str, Any]:
            if not fixed.is_set():
                raise PermanentError("the upstream API rejected the order", code="rejected")
            return {"fixed": True}

        self.start_worker(step)
        to_retry = self.baton.submit(self.ns, "one", {})
        to_resolve = self.baton.submit(self.ns, "one", {})
        for task in (to_retry, to_resolve):
            self.assertEqual(self.baton.wait(task["id"], timeout=30)["status"], "error")
        with self.assertRaises(BatonError) as not_in_error:
            self.baton.resolve_step(to_retry["id"], "nope", {})
        self.assertIn(not_in_error.exception.code, ("not_found", "invalid_request"))

        fixed.set()
        reopened = self.baton.retry_step(to_retry["id"], "only")
        self.assertNotIn(reopened["status"], ("error",))
        done = self.baton.wait(to_retry["id"], timeout=30)
        self.assertEqual((done["status"], done["steps"][0]["output"]), ("complete", {"fixed": True}))

        resolved = self.baton.resolve_step(to_resolve["id"], "only", {"by": "operator"})
        self.assertEqual(resolved["id"], to_resolve["id"])
        done = self.baton.wait(to_resolve["id"], timeout=30)
        self.assertEqual((done["status"], done["steps"][0]["output"]), ("complete", {"by": "operator"}))
        with self.assertRaises(BatonError) as finished:
            self.baton.retry_step(to_retry["id"], "only")
        self.assertEqual(finished.exception.code, "conflict")

    def test_wait_raises_wait_timeout_with_the_last_status(self) -> None:
        self.server.template(one_step(self.ns, self.handler))
        task = self.baton.submit(self.ns, "one", {})
        with self.assertRaises(BatonError) as timed_out:
            self.baton.wait(task["id"], timeout=0.3, poll_interval=0.1)
        self.assertEqual((timed_out.exception.code, timed_out.exception.details["status"]), ("wait_timeout", "pending"))
        self.baton.cancel(task["id"])


if __name__ == "__main__":
    unittest.main()
