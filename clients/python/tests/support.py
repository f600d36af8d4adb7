"""A live Baton for the client's tests: `node bin/baton.js server` on an embedded
database in a temporary directory, on a free port, and small API helpers."""
import atexit
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import unittest
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.abspath(os.path.join(HERE, "..")))

from baton_worker import Worker  # noqa: E402

TERMINAL = {"complete", "error", "cancelled", "timed_out"}


class BatonServer:
    """Starts `baton server` and parses the `listening on http://...` line it prints.

    ``port=0`` picks a free port; a fixed ``port`` and ``data_dir`` let ``start()``
    bring the same server back after ``stop(keep_data=True)``. ``database_url``
    runs it on PostgreSQL instead of an embedded database; ``env`` adds ``BATON_*`` settings.
    """

    def __init__(self, lease_ms: int = 3000, *, port: int = 0, database_url: Optional[str] = None,
                 env: Optional[Dict[str, str]] = None, start: bool = True) -> None:
        cli = os.path.join(REPO, "dist", "src", "cli", "main.js")
        if not os.path.exists(cli):
            raise RuntimeError(f"{cli} is missing: run `npm run build` in {REPO} first")
        self.dir = tempfile.mkdtemp(prefix="baton-py-")
        self.port = port
        self.env = dict(os.environ, BATON_LEASE_MS=str(lease_ms), BATON_SWEEP_INTERVAL_MS="200", BATON_POLL_INTERVAL_MS="200", BATON_LOG_LEVEL="warn")
        self.env.pop("BATON_DATABASE_URL", None)
        self.env.update(env or {})
        self.database_url = database_url
        self.output: list = []
        self.proc: Optional[subprocess.Popen] = None
        self._drain: Optional[threading.Thread] = None
        self.url = f"http://127.0.0.1:{port}" if port else ""
        if start:
            self.start()

    def start(self) -> None:
        args = ["node", os.path.join(REPO, "bin", "baton.js"), "server", "--port", str(self.port)]
        args += ["--database-url", self.database_url] if self.database_url else ["--data-dir", os.path.join(self.dir, "data")]
        self.proc = subprocess.Popen(args, cwd=self.dir, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = self._wait_for_address(timeout=90)
        self.port = int(self.url.rsplit(":", 1)[1].split("/")[0])
        proc = self.proc
        # Keep draining the output so the server never blocks on a full pipe.
        self._drain = threading.Thread(target=lambda: [self.output.append(line) for line in proc.stdout], daemon=True)
        self._drain.start()

    def _wait_for_address(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        assert self.proc is not None and self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("baton server exited during start-up:\n" + "".join(self.output))
            self.output.append(line)
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                return match.group(1)
        raise RuntimeError("baton server did not start in time:\n" + "".join(self.output))

    def stop(self, keep_data: bool = False) -> None:
        """Stops the process (SIGTERM, then SIGKILL after 20 s); ``keep_data`` keeps its database for ``start()``."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stdout is not None and not self.proc.stdout.closed:
            if self._drain is not None:
                self._drain.join(5)
            self.proc.stdout.close()
        if not keep_data:
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- API --------------------------------------------------------------

    def call(self, method: str, path: str, body: Any = None, headers: Optional[Dict[str, str]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as res:
                raw = res.read()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path} -> {exc.code}: {exc.read().decode()}") from exc
        return json.loads(raw) if raw else None

    def template(self, definition: Dict[str, Any]) -> None:
        self.call("POST", "/v1/templates", definition)

    def submit(self, namespace: str, name: str, context: Optional[Dict[str, Any]] = None, request_id: Optional[str] = None) -> str:
        headers = {"x-request-id": request_id} if request_id else None
        return self.call("POST", "/v1/tasks", {"namespace": namespace, "name": name, "context": context or {}}, headers)["id"]

    def task(self, task_id: str) -> Dict[str, Any]:
        return self.call("GET", f"/v1/tasks/{task_id}")["task"]

    def wait_task(self, task_id: str, until: Optional[Callable[[Dict[str, Any]], bool]] = None, timeout: float = 30) -> Dict[str, Any]:
        until = until or (lambda t: t["status"] in TERMINAL)
        deadline = time.monotonic() + timeout
        while True:
            task = self.task(task_id)
            if until(task):
                return task
            if time.monotonic() > deadline:
                raise AssertionError(f"task {task_id} did not reach the expected state; it is {task['status']}: {task['steps']}")
            time.sleep(0.05)

    def workers(self) -> list:
        return self.call("GET", "/v1/workers")["workers"]


class RunningWorker:
    """Runs a Worker's run() in a thread; stop() stops it and waits."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.thread = threading.Thread(target=worker.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while worker.worker_id is None and time.monotonic() < deadline:
            time.sleep(0.01)

    def stop(self, timeout: float = 30) -> None:
        self.worker.stop()
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise AssertionError("the worker did not stop in time")


def run_in_background(test: "unittest.TestCase", worker: Worker) -> Worker:
    """Runs ``worker`` in a thread until ``test`` ends (stopped in its cleanup, so a failed test stops it too)."""
    running = RunningWorker(worker)
    test.addCleanup(running.stop)
    return worker


_shared: Optional[BatonServer] = None


def shared_server() -> BatonServer:
    """One server for the whole test run (start-up of the embedded database takes seconds); stopped at exit."""
    global _shared
    if _shared is None:
        _shared = BatonServer()
        atexit.register(_shared.stop)
    return _shared


def free_port() -> int:
    """A port nothing listens on now (the OS's pick), for a server that must come back on the same one."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(cond: Callable[[], bool], timeout: float = 10, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def one_step(namespace: str, handler: str, **step: Any) -> Dict[str, Any]:
    return {"namespace": namespace, "name": "one", "version": "1", "steps": [dict({"name": "only", "handler": handler}, **step)]}


class LossyProxy:
    """A TCP proxy in front of the server that loses one claim answer after the server sent it.

    Armed with ``lose_next_claim_answer()``, it swallows the first answer to a
    ``/claim`` request that carries executions, then closes that connection:
    the server has taken the steps, the worker never hears of them.
    """

    def __init__(self, server_url: str) -> None:
        parts = urllib.parse.urlsplit(server_url)
        self._target = (parts.hostname, parts.port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Lock()
        self._armed = False
        self.lost: "queue.Queue[bytes]" = queue.Queue()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def lose_next_claim_answer(self) -> None:
        with self._lock:
            self._armed = True

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self._target)
            marked = threading.Event()
            threading.Thread(target=self._requests, args=(client, upstream, marked), daemon=True).start()
            threading.Thread(target=self._answers, args=(upstream, client, marked), daemon=True).start()

    def _requests(self, client: socket.socket, upstream: socket.socket, marked: threading.Event) -> None:
        try:
            while True:
                chunk = client.recv(65536)
                if not chunk:
                    break
                with self._lock:
                    if self._armed and b"/claim" in chunk:
                        self._armed = False
                        marked.set()
                upstream.sendall(chunk)
        except OSError:
            pass
        finally:
            _close_both(client, upstream)

    def _answers(self, upstream: socket.socket, client: socket.socket, marked: threading.Event) -> None:
        pending = b""
        try:
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                if not marked.is_set():
                    client.sendall(chunk)
                    continue
                pending += chunk
                while True:
                    head = pending.find(b"\r\n\r\n")
                    length = re.search(rb"\r\ncontent-length:\s*(\d+)", pending[:head], re.I) if head >= 0 else None
                    if not length or len(pending) < head + 4 + int(length.group(1)):
                        break
                    end = head + 4 + int(length.group(1))
                    answer, pending = pending[:end], pending[end:]
                    if b'"execution_id"' in answer:
                        self.lost.put(answer)
                        return
                    client.sendall(answer)
        except OSError:
            pass
        finally:
            _close_both(client, upstream)


def _close_both(a: socket.socket, b: socket.socket) -> None:
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()
