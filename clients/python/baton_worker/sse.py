"""Following Baton's Server-Sent Events streams: a parser of the event-stream
format (the WHATWG rules, as the dashboard's and the TypeScript client's) and
a follower that reconnects with ``Last-Event-ID``, so a dropped connection
loses nothing and repeats nothing.
"""
import http.client
import json
import logging
import time
from typing import Any, Callable, Dict, Iterator, List, Optional

from .errors import BatonError
from .transport import HttpTransport

__all__ = ["SseParser", "follow_events"]


class SseParser:
    """Feeds on lines of an event stream; ``feed()`` returns the messages each line completes.

    A message is ``{"event", "data", "id", "retry"}``: ``event`` defaults to
    ``message``; ``id`` is set only on a message that carried an ``id:`` line
    itself; ``retry`` (ms) when the server sent one.
    """

    def __init__(self) -> None:
        self._data: List[str] = []
        self._event = ""
        self._id: Optional[str] = None
        self.retry: Optional[int] = None

    def feed(self, line: str) -> List[Dict[str, Any]]:
        line = line.rstrip("\r\n")
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return []  # a comment: the server's keep-alive ping
        field, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id" and "\0" not in value:
            self._id = value
        elif field == "retry" and value.isdigit():
            self.retry = int(value)
        return []

    def _dispatch(self) -> List[Dict[str, Any]]:
        data, event, message_id = self._data, self._event, self._id
        self._data, self._event, self._id = [], "", None
        if not data:
            return []
        return [{"event": event or "message", "data": "\n".join(data), "id": message_id}]


def follow_events(transport: HttpTransport, path: str, *, last_event_id: Optional[int] = None, max_reconnects: int = 10,
                  idle_timeout: float = 60.0, log: Optional[logging.Logger] = None,
                  sleep: Callable[[float], None] = time.sleep) -> Iterator[Dict[str, Any]]:
    """Yields the stream's events as ``{"id", "event", "data"}`` until an ``end`` event (yielded last).

    A connection that drops, stays silent for ``idle_timeout`` seconds (the
    server pings every 15 s) or is refused with 503 is opened again after the
    server's ``retry:`` delay, with ``Last-Event-ID`` set to the last id seen;
    after ``max_reconnects`` failures in a row it raises BatonError
    ``unavailable``. Any other refusal (404 ``not_found``, 401, ...) is raised at once.
    """
    last_id = last_event_id
    failures = 0
    retry_s = 1.0
    log = log or transport.log
    while True:
        headers = dict(transport.headers)
        headers.pop("Content-Type", None)
        headers["Accept"] = "text/event-stream"
        if last_id is not None:
            headers["Last-Event-ID"] = str(last_id)
        conn = transport.connect(idle_timeout)
        lost: BaseException
        try:
            conn.request("GET", transport.prefix + path, headers=headers)
            res = conn.getresponse()
            if res.status != 200:
                try:
                    transport.raise_for_answer(res, "GET", path)
                except BatonError as exc:
                    if exc.status != 503:
                        raise
                    lost = exc
            else:
                parser = SseParser()
                while True:
                    raw = res.readline()
                    if not raw:
                        break
                    for message in parser.feed(raw.decode("utf-8", "replace")):
                        if parser.retry is not None:
                            retry_s = parser.retry / 1000.0
                        event = {"id": None if message["id"] is None else int(message["id"]), "event": message["event"],
                                 "data": json.loads(message["data"])}
                        if event["id"] is not None:
                            last_id = event["id"]
                        failures = 0
                        yield event
                        if event["event"] == "end":
                            return
                lost = ConnectionError("the server closed the stream")
        except (OSError, http.client.HTTPException) as exc:
            lost = exc
        finally:
            conn.close()
        failures += 1
        if failures > max_reconnects:
            raise BatonError(0, "unavailable", f"lost the event stream {transport.server_url}{path} {failures} times in a row: {lost!r}")
        log.debug("event stream %s lost (%r); resuming after event %s in %.1f s", path, lost, last_id, retry_s)
        sleep(retry_s)
