"""Signals and external events, shared by BatonClient and ProtocolClient: retried only with an idempotency key."""
import urllib.parse
from typing import Any, Dict, Optional

from .transport import HttpTransport

__all__ = ["event_call", "signal_call"]


def signal_call(transport: HttpTransport, task_id: str, name: str, payload: Any, idempotency_key: Optional[str]) -> Dict[str, Any]:
    body: Dict[str, Any] = {"payload": payload}
    if idempotency_key is not None:
        body["idempotency_key"] = idempotency_key
    path = f"/v1/tasks/{urllib.parse.quote(task_id, safe='')}/signals/{urllib.parse.quote(name, safe='')}"
    # Without a key a repeat after a lost answer is a second signal (409 conflict): never retried.
    return transport.call("POST", path, body, retry=idempotency_key is not None)[1]


def event_call(transport: HttpTransport, name: str, key: Any, payload: Any, idempotency_key: Optional[str]) -> Dict[str, Any]:
    body: Dict[str, Any] = {"name": name, "key": key, "payload": payload}
    if idempotency_key is not None:
        body["idempotency_key"] = idempotency_key
    return transport.call("POST", "/v1/events", body, retry=idempotency_key is not None)[1]
