"""The Baton worker protocol's calls over HTTP (docs/worker-protocol.md).

Standard library only. Each thread keeps its own keep-alive connection
(http.client connections are not thread-safe); the long-poll claim uses a
connection of its own so that a stopping worker can cut it short.
"""
import http.client
import json
import socket
import threading
import urllib.parse
from typing import Any, Dict, List, Optional, Set

__all__ = ["BatonError", "ProtocolClient"]

# A kept-alive connection the server has closed fails with one of these on reuse; one retry on a fresh one is safe.
_STALE_CONNECTION = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, http.client.CannotSendRequest)


class BatonError(Exception):
    """An error answer from the server (``{"error": {"code", "message", "details"}}``), or status 0 when unreachable."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details


class ProtocolClient:
    """Typed wrappers of the worker protocol's endpoints."""

    def __init__(self, server_url: str, token: Optional[str] = None, timeout: float = 30.0) -> None:
        parts = urllib.parse.urlsplit(server_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"server_url must be an http:// or https:// URL, got {server_url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._timeout = timeout
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._local = threading.local()
        self._conns_lock = threading.Lock()
        # Every thread's connection, so close() can close them all (a thread's local slot dies with it, unclosed).
        self._conns: Set[http.client.HTTPConnection] = set()
        self._claim_lock = threading.Lock()
        self._claim_conns: List[http.client.HTTPConnection] = []
        self._claim_generation = 0

    def _connect(self, timeout: float) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        return cls(self._host, self._port, timeout=timeout)

    def _send(self, conn: http.client.HTTPConnection, method: str, path: str, body: Optional[bytes]) -> Any:
        conn.request(method, self._prefix + path, body=body, headers=self._headers)
        res = conn.getresponse()
        raw = res.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        if res.status >= 400:
            err = (parsed or {}).get("error", {}) if isinstance(parsed, dict) else {}
            raise BatonError(res.status, err.get("code", f"http_{res.status}"), err.get("message", f"HTTP {res.status} from {path}"), err.get("details"))
        return parsed

    def request(self, method: str, path: str, body: Any = None, raw_body: Optional[bytes] = None) -> Any:
        """Sends one call on this thread's connection; raises BatonError for an error answer or an unreachable server."""
        data = raw_body if raw_body is not None else (None if body is None else json.dumps(body).encode())
        for attempt in (1, 2):
            conn = getattr(self._local, "conn", None)
            reused = conn is not None
            if conn is None:
                conn = self._local.conn = self._connect(self._timeout)
                with self._conns_lock:
                    self._conns.add(conn)
            try:
                return self._send(conn, method, path, data)
            except BatonError:
                raise
            except _STALE_CONNECTION as exc:
                self._drop(conn)
                if reused and attempt == 1:
                    continue
                raise BatonError(0, "unavailable", f"cannot reach the Baton server ({method} {path}): {exc!r}") from exc
            except (OSError, http.client.HTTPException) as exc:
                self._drop(conn)
                raise BatonError(0, "unavailable", f"cannot reach the Baton server ({method} {path}): {exc!r}") from exc
        raise AssertionError("unreachable")

    def _drop(self, conn: http.client.HTTPConnection) -> None:
        conn.close()
        self._local.conn = None
        with self._conns_lock:
            self._conns.discard(conn)

    def close(self) -> None:
        """Closes the kept-alive connections of every thread (the client stays usable: they reopen on demand)."""
        with self._conns_lock:
            conns = list(self._conns)
            self._conns.clear()
        for conn in conns:
            conn.close()

    # -- worker calls -------------------------------------------------------

    def register(self, name: str, handlers: List[str], labels: Dict[str, str], capacity: int) -> Dict[str, Any]:
        return self.request("POST", "/v1/workers", {"name": name, "handlers": handlers, "labels": labels, "capacity": capacity})

    @property
    def claim_generation(self) -> int:
        """Changes with every interrupt_claims(); pass the value read before deciding to claim to ``claim``."""
        return self._claim_generation

    def claim(self, worker_id: str, max_executions: int, wait_ms: int, generation: Optional[int] = None,
              claim_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """Long-poll: returns as soon as work is ready, or [] after ``wait_ms``.

        ``interrupt_claims`` cuts it short, also when it comes between reading
        ``claim_generation`` (passed as ``generation``) and this call.
        ``claim_id`` (a UUID) names this claim call: pass the same one when
        retrying a claim that failed, and if the failed try's answer was lost
        after the server took the steps, the retry returns those executions.
        """
        if generation is None:
            generation = self._claim_generation
        conn = self._connect(wait_ms / 1000.0 + self._timeout)
        try:
            conn.connect()
            with self._claim_lock:
                # Checked under the lock interrupt_claims takes: a claim that starts while it runs is cut too.
                if generation != self._claim_generation:
                    raise BatonError(0, "unavailable", "claim interrupted")
                self._claim_conns.append(conn)
            fields: Dict[str, Any] = {"max": max_executions, "wait_ms": wait_ms}
            if claim_id is not None:
                fields["claim_id"] = claim_id
            body = json.dumps(fields).encode()
            return self._send(conn, "POST", f"/v1/workers/{worker_id}/claim", body)["executions"]
        except (OSError, http.client.HTTPException) as exc:
            raise BatonError(0, "unavailable", f"claim failed: {exc!r}") from exc
        finally:
            conn.close()
            with self._claim_lock:
                if conn in self._claim_conns:
                    self._claim_conns.remove(conn)

    def interrupt_claims(self) -> None:
        """Ends the claims waiting now, and those starting meanwhile; the server hands back anything it claimed for them."""
        with self._claim_lock:
            self._claim_generation += 1
            for conn in self._claim_conns:
                if conn.sock is not None:
                    try:
                        conn.sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

    def heartbeat(self, worker_id: str, executions: List[str], last_error: Optional[str] = None) -> Dict[str, Any]:
        body: Dict[str, Any] = {"executions": executions}
        if last_error is not None:
            body["last_error"] = last_error
        return self.request("POST", f"/v1/workers/{worker_id}/heartbeat", body)

    def report_many(self, kind: str, encoded_items: List[str]) -> List[Dict[str, Any]]:
        """``kind`` is "complete" or "fail"; items are already JSON-encoded (outputs are encoded once, in the handler's thread)."""
        raw = ('{"items":[' + ",".join(encoded_items) + "]}").encode()
        return self.request("POST", f"/v1/executions/{kind}", raw_body=raw)["results"]

    def progress(self, execution_id: str, lease_id: str, data: Any) -> Dict[str, Any]:
        return self.request("POST", f"/v1/executions/{execution_id}/progress", {"lease_id": lease_id, "data": data})

    def checkpoint(self, execution_id: str, lease_id: str, data: Any) -> Dict[str, Any]:
        return self.request("POST", f"/v1/executions/{execution_id}/checkpoint", {"lease_id": lease_id, "data": data})

    def drain(self, worker_id: str) -> Dict[str, Any]:
        return self.request("POST", f"/v1/workers/{worker_id}/drain")

    def deregister(self, worker_id: str) -> Dict[str, Any]:
        return self.request("DELETE", f"/v1/workers/{worker_id}")

    # -- signals and events (needs the tasks:write scope) ----------------------

    def signal(self, task_id: str, name: str, payload: Any = None, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """Sends signal ``name`` to the task's ``kind: wait`` step waiting for it; its payload becomes the step's output.

        Returns ``{"task_id", "signal", "step", "status"}``, status ``delivered``,
        ``kept`` (the step is not waiting yet) or ``duplicate`` (repeated with its
        idempotency key). Raises BatonError ``not_found`` (no such task or no step
        waits for ``name``), ``invalid_signal`` (the payload fails the step's
        schema; it keeps waiting) or ``conflict`` (the task finished, or ``name``
        was already signalled).
        """
        body: Dict[str, Any] = {"payload": payload}
        if idempotency_key is not None:
            body["idempotency_key"] = idempotency_key
        path = f"/v1/tasks/{urllib.parse.quote(task_id, safe='')}/signals/{urllib.parse.quote(name, safe='')}"
        return self.request("POST", path, body)

    def send_event(self, name: str, key: Any, payload: Any = None, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """Sends an external event to every step waiting for ``name`` whose ``match`` equals ``key`` (a string, number or boolean).

        Returns ``{"name", "key", "delivered", "kept", "duplicate"}``: an event
        that reaches no waiting step is kept for one that starts waiting later.
        """
        body: Dict[str, Any] = {"name": name, "key": key, "payload": payload}
        if idempotency_key is not None:
            body["idempotency_key"] = idempotency_key
        return self.request("POST", "/v1/events", body)
