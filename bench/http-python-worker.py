"""A Python HTTP worker process for bench/http-workers.ts (the clients/python package).
Prints `ready` once registered; SIGTERM stops it gracefully. env: BATON_URL, CONCURRENCY
"""
import logging
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
from baton_worker import Worker  # noqa: E402

logging.basicConfig(level=logging.WARNING)
worker = Worker(os.environ["BATON_URL"], name=f"bench-py-{os.getpid()}", concurrency=int(os.environ.get("CONCURRENCY", "10")))
worker.handler("bench.noop")(lambda ctx: None)
worker.handler("bench.sleep10")(lambda ctx: time.sleep(0.01))


def announce() -> None:
    while worker.worker_id is None:
        time.sleep(0.01)
    print("ready", flush=True)


threading.Thread(target=announce, daemon=True).start()
worker.run()
