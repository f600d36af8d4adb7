"""BatonClient: submit, read, follow, wait for and cancel tasks over Baton's HTTP API.

The calls that are safe to repeat are retried when they fail transiently
(connection refused or reset, timeouts, 429, 502, 503, 504), with backoff,
jitter and the server's ``Retry-After``, within the policy's deadline:
reads, cancel, submits (each carries an idempotency key, generated for the
call when not given, so a retried submit never makes two tasks), and signals
and events that carry an idempotency key.
"""
import datetime
import logging
import time
import urllib.parse
import uuid
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Union

from .errors import BatonError
from .retry import RetryPolicy
from .signals import event_call, signal_call
from .sse import follow_events
from .transport import HttpTransport

__all__ = ["BatonClient", "TERMINAL_STATUSES"]

# Task states after which nothing changes.
TERMINAL_STATUSES = frozenset({"complete", "error", "cancelled", "timed_out"})


def _quote(part: str) -> str:
    return urllib.parse.quote(part, safe="")


def _time_text(value: Union[str, datetime.datetime]) -> str:
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def _task_request(item: Mapping[str, Any]) -> Dict[str, Any]:
    """One task of a batch, with an idempotency key (made here when missing) so the batch is safe to send again."""
    body = {k: v for k, v in item.items() if v is not None}
    body.setdefault("context", {})
    body.setdefault("idempotency_key", str(uuid.uuid4()))
    if "run_at" in body:
        body["run_at"] = _time_text(body["run_at"])
    return body


class BatonClient:
    """A client of Baton's HTTP API for scripts and services.

    Example::

        client = BatonClient("http://127.0.0.1:8080", token=os.environ.get("BATON_TOKEN"))
        task = client.submit("shop", "order_fulfillment", {"order_id": "o1", "items": []})
        print(client.wait(task["id"], timeout=60)["status"])

    Args:
        server_url: the Baton API, e.g. "http://127.0.0.1:8080".
        token: sent as ``Authorization: Bearer <token>``.
        timeout: seconds one request may take. Default 30.
        retry: how transient failures of safe calls are retried; default
            ``RetryPolicy()``: for up to 30 s, waits from 0.2 s doubling to 5 s,
            jittered, or the ``Retry-After`` the server gave.
            ``RetryPolicy(deadline=0)`` never retries.
        logger: where retries are logged (debug); default ``logging.getLogger("baton_worker")``.
    """

    def __init__(self, server_url: str, token: Optional[str] = None, timeout: float = 30.0, *,
                 retry: Optional[RetryPolicy] = None, logger: Optional[logging.Logger] = None) -> None:
        self._transport = HttpTransport(server_url, token, timeout, retry, logger)

    @property
    def server_url(self) -> str:
        return self._transport.server_url

    @property
    def retry(self) -> RetryPolicy:
        return self._transport.retry

    def close(self) -> None:
        """Closes kept-alive connections (the client stays usable)."""
        self._transport.close()

    def __enter__(self) -> "BatonClient":
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    # -- tasks ----------------------------------------------------------------

    def submit(self, namespace: Any, name: Any = None, context: Optional[Dict[str, Any]] = None, *,
               version: Optional[str] = None, idempotency_key: Optional[str] = None, priority: Optional[int] = None,
               tags: Optional[List[str]] = None, run_at: Union[str, datetime.datetime, None] = None,
               correlation_id: Optional[str] = None, traceparent: Optional[str] = None) -> Dict[str, Any]:
        """Submits a task; returns ``{"id", "status", "created"}``.

        ``submit("shop", "order", {...})`` names the template; ``submit(wf, {...})``
        takes a builder workflow (``baton_worker.workflow(...)``) and pins its version.
        ``created`` is False when an existing task was returned for the
        idempotency key. Without ``idempotency_key`` the client makes one for
        this call (a UUID) and sends it on every retry, so a submit whose
        answer was lost makes one task, not two. ``correlation_id`` is sent as
        the ``x-request-id`` header; handlers see it as ``ctx.correlation_id``.
        ``traceparent`` (W3C, e.g. ``ctx.traceparent`` in a handler) is sent as the
        ``traceparent`` header: the task's spans join that trace.
        """
        if not isinstance(namespace, str) and hasattr(namespace, "namespace") and hasattr(namespace, "version"):
            workflow_ref = namespace
            if context is None and isinstance(name, dict):
                context, name = name, None
            namespace, name = workflow_ref.namespace, workflow_ref.name
            version = version if version is not None else workflow_ref.version
        if not isinstance(name, str):
            raise TypeError("submit(namespace, name, context) or submit(workflow, context)")
        body = _task_request({"namespace": namespace, "name": name, "context": context, "version": version,
                              "idempotency_key": idempotency_key, "priority": priority, "tags": tags, "run_at": run_at})
        headers: Dict[str, str] = {}
        if correlation_id:
            headers["x-request-id"] = correlation_id
        if traceparent:
            headers["traceparent"] = traceparent
        status, answer = self._transport.call("POST", "/v1/tasks", body, headers=headers or None, retry=True)
        return {"id": answer["id"], "status": answer["status"], "created": answer.get("created", status == 202)}

    def submit_many(self, tasks: Iterable[Mapping[str, Any]], *, correlation_id: Optional[str] = None,
                    traceparent: Optional[str] = None) -> List[Dict[str, Any]]:
        """Submits up to 1,000 tasks in one request and one transaction: ``[{"id", "status"}, ...]`` in order.

        Each item is what ``submit`` takes, as a dict: ``{"namespace", "name",
        "context", "version", "idempotency_key", "priority", "tags", "run_at"}``.
        An item without an ``idempotency_key`` gets one (a UUID) for this call,
        so the batch is retried after a lost answer without making a task twice;
        an item whose key matches an existing task returns that task.
        """
        body = {"tasks": [_task_request(item) for item in tasks]}
        headers: Dict[str, str] = {}
        if correlation_id:
            headers["x-request-id"] = correlation_id
        if traceparent:
            headers["traceparent"] = traceparent
        answer = self._transport.call("POST", "/v1/tasks/batch", body, headers=headers or None, retry=True)[1]
        return [{"id": t["id"], "status": t["status"]} for t in answer["tasks"]]

    def get(self, task_id: str) -> Dict[str, Any]:
        """The task with its steps (``GET /v1/tasks/{id}``)."""
        task = self._transport.call("GET", f"/v1/tasks/{_quote(task_id)}", retry=True)[1]["task"]
        task.setdefault("steps", [])
        return task

    def list(self, *, status: Optional[str] = None, namespace: Optional[str] = None, name: Optional[str] = None,
             tag: Optional[str] = None, parent: Optional[str] = None, limit: Optional[int] = None,
             cursor: Optional[str] = None) -> Dict[str, Any]:
        """One page of tasks, newest first: ``{"tasks": [...], "next_cursor": str | None}``.

        Filters: ``status`` (pending, running, complete, error, cancelled, timed_out),
        the template (``namespace``, ``name``), a ``tag``, the ``parent`` task (the
        children of a ``kind: workflow`` step). ``limit`` 1-500 (default 50);
        pass ``next_cursor`` back as ``cursor`` for the next page (None: the last page).
        """
        query = {k: v for k, v in (("status", status), ("namespace", namespace), ("name", name), ("tag", tag),
                                   ("parent", parent), ("limit", limit), ("cursor", cursor)) if v is not None}
        path = "/v1/tasks" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        page = dict(self._transport.call("GET", path, retry=True)[1])
        page.setdefault("next_cursor", None)
        return page

    def iterate(self, **filters: Any) -> Iterator[Dict[str, Any]]:
        """Every task matching ``list``'s filters, newest first, page after page (``limit`` sets the page size)."""
        cursor = filters.pop("cursor", None)
        while True:
            page = self.list(cursor=cursor, **filters)
            yield from page["tasks"]
            cursor = page["next_cursor"]
            if not cursor:
                return

    def cancel(self, task_id: str) -> Dict[str, Any]:
        """Cancels the task: ``{"id", "status", "changed"}`` (``changed`` False when it was already cancelled or timed out).

        Raises BatonError ``conflict`` when the task finished (complete or error), ``not_found`` when there is no such task.
        """
        return self._transport.call("POST", f"/v1/tasks/{_quote(task_id)}/cancel", {}, retry=True)[1]

    def retry_step(self, task_id: str, step: str) -> Dict[str, Any]:
        """Operator: runs a step in error again (and the steps it blocked); the task reopens. Returns the task.

        Not retried (a repeat would find the step no longer in error). Raises
        BatonError ``conflict`` when the step is not in error, ``not_found`` for an unknown task or step.
        """
        path = f"/v1/tasks/{_quote(task_id)}/steps/{_quote(step)}/retry"
        return self._transport.call("POST", path, {})[1]["task"]

    def resolve_step(self, task_id: str, step: str, output: Any = None) -> Dict[str, Any]:
        """Operator: marks a step in error resolved with ``output``, as if it had returned it; its dependents go on. Returns the task.

        Not retried. Raises BatonError ``conflict`` when the step is not in error.
        """
        path = f"/v1/tasks/{_quote(task_id)}/steps/{_quote(step)}/resolve"
        return self._transport.call("POST", path, {"output": output})[1]["task"]

    def watch(self, task_id: str, *, last_event_id: Optional[int] = None, max_reconnects: int = 10,
              idle_timeout: float = 60.0) -> Iterator[Dict[str, Any]]:
        """The task's live events (``GET /v1/tasks/{id}/events``), in log order, until it ends.

        Yields ``{"id": int, "event": "transition" | "progress" | "end", "data": {...}}``:
        first the events already logged (after ``last_event_id``, when given),
        then each new one as it happens; the last is ``end`` (``data``: ``task_id``,
        ``status``), sent once the task is terminal, and the iteration stops.
        A dropped connection is resumed with ``Last-Event-ID``: no event is
        lost or repeated. Raises BatonError ``not_found`` for an unknown task,
        ``unavailable`` after ``max_reconnects`` failed reconnections in a row.

        Example::

            for event in baton.watch(task["id"]):
                if event["event"] == "transition" and event["data"].get("step"):
                    print(event["data"]["step"], event["data"]["to"])
        """
        return follow_events(self._transport, f"/v1/tasks/{_quote(task_id)}/events", last_event_id=last_event_id,
                             max_reconnects=max_reconnects, idle_timeout=idle_timeout)

    def wait(self, task_id: str, timeout: Optional[float] = None, poll_interval: float = 0.25,
             on_update: Optional[Callable[[Dict[str, Any]], None]] = None) -> Dict[str, Any]:
        """Polls the task until it is terminal (complete, error, cancelled, timed_out) and returns it.

        Raises BatonError ``wait_timeout`` (status 408, ``details`` with the task's
        last status) when ``timeout`` seconds pass first. ``on_update`` hears the
        first snapshot and each one whose status or steps changed.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        last = None
        while True:
            task = self.get(task_id)
            seen = (task["status"], [(s.get("name"), s.get("state"), s.get("attempts")) for s in task["steps"]])
            if seen != last:
                last = seen
                if on_update is not None:
                    on_update(task)
            if task["status"] in TERMINAL_STATUSES:
                return task
            if deadline is not None and time.monotonic() + poll_interval > deadline:
                raise BatonError(408, "wait_timeout", f"task {task_id} is still {task['status']} after {timeout} s; wait longer, or check its steps",
                                 {"task_id": task_id, "status": task["status"]})
            time.sleep(poll_interval)

    # -- templates --------------------------------------------------------------

    def register_template(self, definition: Any) -> Dict[str, Any]:
        """Registers a template (a builder workflow, a dict, or YAML/JSON text): ``{"template", "created"}``.

        Retried on transient failures: registering the same definition again is a no-op.
        """
        if hasattr(definition, "to_dict"):
            definition = definition.to_dict()
        if isinstance(definition, str):
            status, answer = self._transport.call("POST", "/v1/templates", raw_body=definition.encode(),
                                                  headers={"Content-Type": "application/yaml"}, retry=True)
        else:
            status, answer = self._transport.call("POST", "/v1/templates", definition, retry=True)
        return {"template": answer["template"], "created": answer.get("created", status == 201)}

    def get_template(self, namespace: str, name: str, version: Optional[str] = None) -> Dict[str, Any]:
        """A template with its stored ``definition`` (the latest version when ``version`` is None)."""
        path = f"/v1/templates/{_quote(namespace)}/{_quote(name)}" + (f"/{_quote(version)}" if version else "")
        return self._transport.call("GET", path, retry=True)[1]["template"]

    def list_templates(self) -> List[Dict[str, Any]]:
        """Every registered template version (without definitions)."""
        return self._transport.call("GET", "/v1/templates", retry=True)[1]["templates"]

    # -- rate limits ------------------------------------------------------------

    def set_rate_limit(self, name: str, limit: int, per: str) -> Dict[str, Any]:
        """Declares or changes the named rate limit steps draw on (``rate_limit: {name}``): ``limit`` units per ``per`` (``"1s"``, ``"1m"``, ``"1h"``).

        Retried on transient failures: a repeat sets the same.
        """
        return self._transport.call("POST", "/v1/rate-limits", {"name": name, "limit": limit, "per": per}, retry=True)[1]

    def list_rate_limits(self) -> List[Dict[str, Any]]:
        return self._transport.call("GET", "/v1/rate-limits", retry=True)[1]["rate_limits"]

    # -- signals and events (needs the tasks:write scope) ----------------------

    def signal(self, task_id: str, name: str, payload: Any = None, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """Sends signal ``name`` to the task; see ProtocolClient.signal. Retried only with an ``idempotency_key``."""
        return signal_call(self._transport, task_id, name, payload, idempotency_key)

    def send_event(self, name: str, key: Any, payload: Any = None, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """Sends an external event; see ProtocolClient.send_event. Retried only with an ``idempotency_key``."""
        return event_call(self._transport, name, key, payload, idempotency_key)
