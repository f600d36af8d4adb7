"""The Baton worker protocol's calls over HTTP (docs/worker-protocol.md).

Standard library only. Each thread keeps its own keep-alive connection
(http.client connections are not thread-safe); the long-poll claim uses a
connection of its own so that a stopping worker can cut it short.

Register, claim, heartbeat, reports, checkpoints and drain are retried under the
client's RetryPolicy when they fail transiently (all are safe to repeat: a claim
carries its ``claim_id``, a report is fenced by its lease). ``progress`` (an
event each time) and ``deregister`` (a stopping worker should not linger) are not.
"""
import http.client
import json
import logging
import socket
import threading
import uuid
from typing import Any, Callable, Dict, List, Optional

from .errors import BatonError
from .retry import RetryPolicy, call_with_retries
from .signals import event_call, signal_call
from .transport import HttpTransport, unreachable

__all__ = ["BatonError", "ProtocolClient"]


class ProtocolClient:
    """Typed wrappers of the worker protocol's endpoints.

    Args:
        server_url: the Baton API, e.g. "http://127.0.0.1:8080".
        token: sent as ``Authorization: Bearer <token>``.
        timeout: seconds one request may take (a claim: its ``wait_ms`` more).
        retry: how transient failures of safe calls are retried; default
            ``RetryPolicy()`` (30 s deadline, 0.2 s doubling to 5 s, jittered,
            ``Retry-After`` honoured). ``RetryPolicy(deadline=0)`` never retries.
        logger: where retries are logged (debug); default ``logging.getLogger("baton_worker")``.
    """

    def __init__(self, server_url: str, token: Optional[str] = None, timeout: float = 30.0, *,
                 retry: Optional[RetryPolicy] = None, logger: Optional[logging.Logger] = None) -> None:
        self._transport = HttpTransport(server_url, token, timeout, retry, logger)
        self._timeout = timeout
        self._claim_lock = threading.Lock()
        # Notified by interrupt_claims, so a claim waiting to retry stops at once.
        self._claim_changed = threading.Condition(self._claim_lock)
        self._claim_conns: List[http.client.HTTPConnection] = []
        self._claim_generation = 0

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy of this client's safe calls."""
        return self._transport.retry

    def request(self, method: str, path: str, body: Any = None, raw_body: Optional[bytes] = None, *, retry: bool = False) -> Any:
        """Sends one call on this thread's connection; raises BatonError for an error answer or an unreachable server.

        ``retry=True`` (only for a call that is safe to repeat) retries transient failures under the client's policy.
        """
        return self._transport.call(method, path, body, raw_body=raw_body, retry=retry)[1]

    def close(self) -> None:
        """Closes the kept-alive connections of every thread (the client stays usable: they reopen on demand)."""
        self._transport.close()

    # -- worker calls -------------------------------------------------------

    def register(self, name: str, handlers: List[str], labels: Dict[str, str], capacity: int, *,
                 policy: Optional[RetryPolicy] = None, wait: Optional[Callable[[float], bool]] = None,
                 on_retry: Optional[Callable[[BatonError, int, float], None]] = None) -> Dict[str, Any]:
        """Registers a worker; ``policy``, ``wait`` and ``on_retry`` (see call_with_retries) override the client's retries."""
        body = {"name": name, "handlers": handlers, "labels": labels, "capacity": capacity}
        return self._transport.call("POST", "/v1/workers", body, retry=True, policy=policy, wait=wait, on_retry=on_retry)[1]

    @property
    def claim_generation(self) -> int:
        """Changes with every interrupt_claims(); pass the value read before deciding to claim to ``claim``."""
        return self._claim_generation

    def claim(self, worker_id: str, max_executions: int, wait_ms: int, generation: Optional[int] = None,
              claim_id: Optional[str] = None, *, policy: Optional[RetryPolicy] = None) -> List[Dict[str, Any]]:
        """Long-poll: returns as soon as work is ready, or [] after ``wait_ms``.

        ``interrupt_claims`` cuts it short (BatonError ``unavailable``), also when
        it comes between reading ``claim_generation`` (passed as ``generation``)
        and this call, or while a failed try waits to be retried.
        ``claim_id`` (a UUID; one is generated when omitted) names this claim
        call: its retries carry it, and so should a later retry of a claim that
        failed for good, so if the server took steps for a try whose answer was
        lost, the retry returns those executions.
        """
        if generation is None:
            generation = self._claim_generation
        fields: Dict[str, Any] = {"max": max_executions, "wait_ms": wait_ms, "claim_id": claim_id or str(uuid.uuid4())}
        body = json.dumps(fields).encode()
        path = f"/v1/workers/{worker_id}/claim"

        def interrupted_wait(seconds: float) -> bool:
            with self._claim_changed:
                return self._claim_changed.wait_for(lambda: generation != self._claim_generation, seconds)

        return call_with_retries(lambda: self._claim_once(path, body, wait_ms, generation), policy or self.retry,
                                 what=f"POST {path}", log=self._transport.log, wait=interrupted_wait)

    def _claim_once(self, path: str, body: bytes, wait_ms: int, generation: int) -> List[Dict[str, Any]]:
        conn = self._transport.connect(wait_ms / 1000.0 + self._timeout)
        try:
            conn.connect()
            with self._claim_lock:
                # Checked under the lock interrupt_claims takes: a claim that starts while it runs is cut too.
                if generation != self._claim_generation:
                    raise BatonError(0, "unavailable", "claim interrupted")
                self._claim_conns.append(conn)
            return self._transport.send(conn, "POST", path, body)[1]["executions"]
        except (OSError, http.client.HTTPException) as exc:
            raise unreachable(self._transport.server_url, f"POST {path}", exc) from exc
        finally:
            conn.close()
            with self._claim_lock:
                if conn in self._claim_conns:
                    self._claim_conns.remove(conn)

    def interrupt_claims(self) -> None:
        """Ends the claims waiting now, and those starting meanwhile; the server hands back anything it claimed for them."""
        with self._claim_changed:
            self._claim_generation += 1
            self._claim_changed.notify_all()
            for conn in self._claim_conns:
                if conn.sock is not None:
                    try:
                        conn.sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

    def heartbeat(self, worker_id: str, executions: List[str], last_error: Optional[str] = None, *,
                  policy: Optional[RetryPolicy] = None) -> Dict[str, Any]:
        body: Dict[str, Any] = {"executions": executions}
        if last_error is not None:
            body["last_error"] = last_error
        return self._transport.call("POST", f"/v1/workers/{worker_id}/heartbeat", body, retry=True, policy=policy)[1]

    def report_many(self, kind: str, encoded_items: List[str]) -> List[Dict[str, Any]]:
        """``kind`` is "complete" or "fail"; items are already JSON-encoded (outputs are encoded once, in the handler's thread).

        Retried on transient failures: a report repeated after a lost answer comes back ``duplicate``.
        """
        raw = ('{"items":[' + ",".join(encoded_items) + "]}").encode()
        return self._transport.call("POST", f"/v1/executions/{kind}", raw_body=raw, retry=True)[1]["results"]

    def progress(self, execution_id: str, lease_id: str, data: Any) -> Dict[str, Any]:
        """Not retried: each call is an event on the task's stream."""
        return self.request("POST", f"/v1/executions/{execution_id}/progress", {"lease_id": lease_id, "data": data})

    def checkpoint(self, execution_id: str, lease_id: str, data: Any) -> Dict[str, Any]:
        return self.request("POST", f"/v1/executions/{execution_id}/checkpoint", {"lease_id": lease_id, "data": data}, retry=True)

    def drain(self, worker_id: str) -> Dict[str, Any]:
        return self.request("POST", f"/v1/workers/{worker_id}/drain", retry=True)

    def deregister(self, worker_id: str) -> Dict[str, Any]:
        """Not retried: a stopping worker does not wait for its server; unreleased leases expire on their own."""
        return self.request("DELETE", f"/v1/workers/{worker_id}")

    # -- signals and events (needs the tasks:write scope) ----------------------

    def signal(self, task_id: str, name: str, payload: Any = None, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """Sends signal ``name`` to the task's ``kind: wait`` step waiting for it; its payload becomes the step's output.

        Returns ``{"task_id", "signal", "step", "status"}``, status ``delivered``,
        ``kept`` (the step is not waiting yet) or ``duplicate`` (repeated with its
        idempotency key). Raises BatonError ``not_found`` (no such task or no step
        waits for ``name``), ``invalid_signal`` (the payload fails the step's
        schema; it keeps waiting) or ``conflict`` (the task finished, or ``name``
        was already signalled). Retried on transient failures only with an
        ``idempotency_key`` (without one, a repeat would be a second signal).
        """
        return signal_call(self._transport, task_id, name, payload, idempotency_key)

    def send_event(self, name: str, key: Any, payload: Any = None, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """Sends an external event to every step waiting for ``name`` whose ``match`` equals ``key`` (a string, number or boolean).

        Returns ``{"name", "key", "delivered", "kept", "duplicate"}``: an event
        that reaches no waiting step is kept for one that starts waiting later.
        Retried on transient failures only with an ``idempotency_key``.
        """
        return event_call(self._transport, name, key, payload, idempotency_key)
