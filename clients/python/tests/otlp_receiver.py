"""A tiny OTLP/HTTP traces receiver for the tests: keeps every JSON body POSTed to /v1/traces."""
import http.server
import json
import threading
import time
from typing import Any, Dict, List


class OtlpReceiver:
    def __init__(self, status: int = 200) -> None:
        self.requests: List[Dict[str, Any]] = []
        self.status = status
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "content_type": self.headers.get("Content-Type"),
                                          "headers": dict(self.headers), "body": json.loads(body)})
                self.send_response(receiver.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *_: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1/traces"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def spans(self) -> List[Dict[str, Any]]:
        """Every span received, each with its resource's attributes under ``resource``."""
        out = []
        for request in self.requests:
            for rs in request["body"]["resourceSpans"]:
                for ss in rs["scopeSpans"]:
                    for span in ss["spans"]:
                        out.append(dict(span, resource=rs["resource"], scope=ss["scope"]))
        return out

    def wait_for_spans(self, count: int, timeout: float = 10) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.spans()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} spans, received {len(self.spans())}")
            time.sleep(0.02)
        return self.spans()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def attributes(span: Dict[str, Any]) -> Dict[str, Any]:
    """A span's attributes as a plain dict (int values as ints)."""
    out: Dict[str, Any] = {}
    for attr in span.get("attributes", []):
        (kind, value), = attr["value"].items()
        out[attr["key"]] = int(value) if kind == "intValue" else value
    return out
