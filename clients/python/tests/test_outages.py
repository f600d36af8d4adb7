"""Outages the clients ride out with no retry loop in user code: the server
restarted under a submit, PostgreSQL stopped under a submit, and workers
started before their server or outliving it past the lost-worker threshold."""
import logging
import threading
import time
import unittest
from typing import Any, Dict, List

from support import BatonServer, free_port, one_step, wait_for

from baton_worker import BatonClient, RetryPolicy, Worker
from pg_cluster import PgCluster, find_postgres_bin

PATIENT = RetryPolicy(deadline=120)


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def submit_in_background(client: BatonClient, namespace: str) -> Dict[str, Any]:
    """Starts a submit on a thread; the dict gets its ``result`` or ``error`` and ``done_at``."""
    box: Dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = client.submit(namespace, "one", {"n": 1})
        except Exception as exc:  # reported by the test
            box["error"] = exc
        box["done_at"] = time.monotonic()

    box["thread"] = threading.Thread(target=run, daemon=True)
    box["thread"].start()
    return box


LEASE_MS = 1000  # a worker silent for 2 x LEASE_MS is lost


class ServerOutageTest(unittest.TestCase):
    """One server on a fixed port, stopped and started again by each test (a restart is faster than a new server)."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.server = BatonServer(lease_ms=LEASE_MS, port=free_port())

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()

    def setUp(self) -> None:
        # A test that failed while the server was down leaves it down.
        if self.server.proc is None or self.server.proc.poll() is not None:
            self.server.start()

    def start_worker(self, url: str, handler: str, capture: Capture) -> Worker:
        logger = logging.getLogger(f"baton_worker.test.{handler}")
        logger.addHandler(capture)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        worker = Worker(url, name=handler, concurrency=2, logger=logger)

        @worker.handler(handler)
        def run(ctx: Any) -> Dict[str, Any]:
            return {"ran": ctx.params.get("n", 0)}

        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()

        def stop() -> None:
            worker.stop()
            thread.join(30)
        self.addCleanup(stop)
        return worker

    def run_one_task(self, client: BatonClient, namespace: str) -> None:
        task = client.submit(namespace, "one")
        self.assertEqual(client.wait(task["id"], timeout=30)["status"], "complete")

    def test_a_submit_while_the_server_restarts_finishes_with_exactly_one_task(self) -> None:
        with BatonClient(self.server.url, retry=PATIENT) as client:
            client.register_template(one_step("pyr", "pyr.none"))
            client.list(namespace="pyr")  # a kept-alive connection, gone stale when the server stops
            self.server.stop(keep_data=True)
            box = submit_in_background(client, "pyr")
            time.sleep(2)
            self.assertNotIn("done_at", box)
            self.server.start()
            box["thread"].join(120)
            self.assertNotIn("error", box)
            self.assertTrue(box["result"]["created"])
            tasks = client.list(namespace="pyr")["tasks"]
            self.assertEqual([t["id"] for t in tasks], [box["result"]["id"]])

    def test_a_worker_started_3_s_before_its_server_registers_when_it_comes_up_and_runs_a_task(self) -> None:
        self.server.stop(keep_data=True)
        capture = Capture()
        worker = self.start_worker(self.server.url, "pyw.early", capture)
        time.sleep(3)
        self.assertIsNone(worker.worker_id)
        self.assertTrue(any("waiting for the Baton server" in m for m in capture.messages), capture.messages)
        self.server.start()
        wait_for(lambda: worker.worker_id is not None, timeout=30, what="the worker's registration")
        with BatonClient(self.server.url) as client:
            client.register_template(one_step("pyw_early", "pyw.early"))
            self.run_one_task(client, "pyw_early")

    def test_a_worker_outliving_its_server_past_the_lost_worker_threshold_works_again_when_it_returns(self) -> None:
        capture = Capture()
        worker = self.start_worker(self.server.url, "pyw.late", capture)
        wait_for(lambda: worker.worker_id is not None, timeout=30, what="the worker's registration")
        with BatonClient(self.server.url, retry=PATIENT) as client:
            client.register_template(one_step("pyw_late", "pyw.late"))
            self.run_one_task(client, "pyw_late")
            self.server.stop(keep_data=True)
            time.sleep(3 * LEASE_MS / 1000 + 1)
            self.assertTrue(any("heartbeat failed" in m for m in capture.messages), capture.messages)
            self.server.start()
            # Marked lost on start-up (silent past the threshold), then active again at its next heartbeat or registration.
            wait_for(lambda: any(w["state"] == "active" and w["name"] == "pyw.late" for w in self.server.workers()), timeout=30, what="the worker active again")
            self.run_one_task(client, "pyw_late")


@unittest.skipUnless(find_postgres_bin(), "no PostgreSQL server binaries under /usr/lib/postgresql")
class DatabaseOutageTest(unittest.TestCase):
    def test_a_submit_while_postgresql_is_stopped_for_5_s_finishes_with_exactly_one_task(self) -> None:
        cluster = PgCluster()
        self.addCleanup(cluster.destroy)
        server = BatonServer(database_url=cluster.url)
        self.addCleanup(server.stop)
        with BatonClient(server.url, retry=PATIENT) as client:
            client.register_template(one_step("pyd", "pyd.none"))
            cluster.stop()
            stopped_at = time.monotonic()
            box = submit_in_background(client, "pyd")
            time.sleep(5)
            self.assertNotIn("done_at", box)
            cluster.start()
            box["thread"].join(120)
            self.assertNotIn("error", box)
            self.assertGreaterEqual(box["done_at"] - stopped_at, 5)
            tasks = client.list(namespace="pyd")["tasks"]
            self.assertEqual([t["id"] for t in tasks], [box["result"]["id"]])


if __name__ == "__main__":
    unittest.main()
