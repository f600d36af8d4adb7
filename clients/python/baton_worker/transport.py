"""HTTP under both Python clients: per-thread keep-alive connections, error
answers as BatonError, and the retry policy for the calls that are safe to repeat.

Standard library only. Each thread keeps its own keep-alive connection
(http.client connections are not thread-safe).
"""
import http.client
import json
import logging
import threading
import urllib.parse
from typing import Any, Callable, Dict, Optional, Set, Tuple

from .errors import BatonError, error_from_answer
from .retry import RetryPolicy, call_with_retries

__all__ = ["HttpTransport", "unreachable"]

# A kept-alive connection the server has closed fails with one of these on reuse; one retry on a fresh one is safe.
_STALE_CONNECTION = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, http.client.CannotSendRequest)
# The server may answer (413, 401, 429) and close while the body is still being written:
# the write then fails, but the answer is already in the socket's receive buffer.
_WRITE_CUT = (BrokenPipeError, ConnectionResetError)


def unreachable(server: str, what: str, exc: BaseException) -> BatonError:
    """A call that got no answer: code ``unavailable``, status 0 (transient: retried for safe calls)."""
    return BatonError(0, "unavailable", f"cannot reach the Baton server at {server} ({what}): {exc!r}; is it running?")


class HttpTransport:
    """Sends JSON requests to one Baton server; ``call`` retries them under a RetryPolicy when asked to."""

    def __init__(self, server_url: str, token: Optional[str], timeout: float, retry: Optional[RetryPolicy],
                 log: Optional[logging.Logger] = None) -> None:
        parts = urllib.parse.urlsplit(server_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"server_url must be an http:// or https:// URL, got {server_url!r}")
        self.server_url = server_url.rstrip("/")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self.retry = retry if retry is not None else RetryPolicy()
        self.log = log or logging.getLogger("baton_worker")
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self._local = threading.local()
        self._conns_lock = threading.Lock()
        # Every thread's connection, so close() can close them all (a thread's local slot dies with it, unclosed).
        self._conns: Set[http.client.HTTPConnection] = set()

    def connect(self, timeout: float) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        return cls(self._host, self._port, timeout=timeout)

    def send(self, conn: http.client.HTTPConnection, method: str, path: str, body: Optional[bytes],
             headers: Optional[Dict[str, str]] = None) -> Tuple[int, Any]:
        """One request on ``conn``; returns (status, parsed JSON body) or raises BatonError for an error answer."""
        all_headers = self.headers if not headers else {**self.headers, **headers}
        try:
            conn.request(method, self.prefix + path, body=body, headers=all_headers)
        except _WRITE_CUT:
            # Cut while writing: read the answer the server sent before closing, if it did.
            try:
                res = conn.getresponse()
            except (OSError, http.client.HTTPException):
                res = None
            if res is None:
                raise
            return self._read(res, method, path)
        return self._read(conn.getresponse(), method, path)

    def _read(self, res: http.client.HTTPResponse, method: str, path: str) -> Tuple[int, Any]:
        raw = res.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        if res.status >= 400:
            snippet = raw[:200].decode("utf-8", "replace").strip()
            fallback = f"{method} {path} failed with HTTP {res.status}" + (f": {snippet}" if snippet else "")
            raise error_from_answer(res.status, parsed, res.headers, fallback)
        return res.status, parsed

    def raise_for_answer(self, res: http.client.HTTPResponse, method: str, path: str) -> None:
        """Raises the BatonError of an answer that is not the 200 a stream starts with (its body is read)."""
        status, _ = self._read(res, method, path)
        raise BatonError(status, "internal", f"{method} {path} answered HTTP {status}, not an event stream")

    def request_once(self, method: str, path: str, body: Optional[bytes],
                     headers: Optional[Dict[str, str]] = None) -> Tuple[int, Any]:
        """Sends one call on this thread's connection (again on a fresh one if a kept-alive one had gone stale)."""
        for attempt in (1, 2):
            conn = getattr(self._local, "conn", None)
            reused = conn is not None
            if conn is None:
                conn = self._local.conn = self.connect(self.timeout)
                with self._conns_lock:
                    self._conns.add(conn)
            try:
                result = self.send(conn, method, path, body, headers)
            except BatonError as exc:
                if exc.status in (413, 429) or exc.status >= 500:
                    # The server may have closed after a refusal; do not reuse what may be half-read.
                    self._drop(conn)
                raise
            except _STALE_CONNECTION as exc:
                self._drop(conn)
                if reused and attempt == 1:
                    continue
                raise unreachable(self.server_url, f"{method} {path}", exc) from exc
            except (OSError, http.client.HTTPException) as exc:
                self._drop(conn)
                raise unreachable(self.server_url, f"{method} {path}", exc) from exc
            return result
        raise AssertionError("unreachable")

    def call(self, method: str, path: str, body: Any = None, *, raw_body: Optional[bytes] = None,
             headers: Optional[Dict[str, str]] = None, retry: bool = False, policy: Optional[RetryPolicy] = None,
             wait: Optional[Callable[[float], bool]] = None,
             on_retry: Optional[Callable[[BatonError, int, float], None]] = None) -> Tuple[int, Any]:
        """Sends a call; with ``retry`` (only for calls safe to repeat) transient failures are retried under the policy."""
        data = raw_body if raw_body is not None else (None if body is None else json.dumps(body).encode())
        if not retry:
            return self.request_once(method, path, data, headers)
        return call_with_retries(lambda: self.request_once(method, path, data, headers), policy or self.retry,
                                 what=f"{method} {path}", log=self.log, wait=wait, on_retry=on_retry)

    def _drop(self, conn: http.client.HTTPConnection) -> None:
        conn.close()
        if getattr(self._local, "conn", None) is conn:
            self._local.conn = None
        with self._conns_lock:
            self._conns.discard(conn)

    def close(self) -> None:
        """Closes the kept-alive connections of every thread (the transport stays usable: they reopen on demand)."""
        with self._conns_lock:
            conns = list(self._conns)
            self._conns.clear()
        for conn in conns:
            conn.close()
