"""The clients' one retry loop: transient failures are tried again with backoff
and jitter, honouring ``Retry-After``, until a deadline.

Only calls that are safe to repeat go through it (reads, cancel, signals and
events with an idempotency key, submits with their idempotency key, the
worker protocol's claim, heartbeat and reports); the callers decide which.
"""
import dataclasses
import logging
import random
import time
from typing import Callable, Optional, TypeVar

from .errors import BatonError, is_transient

__all__ = ["RetryPolicy", "call_with_retries"]

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How a client retries a safe call that failed transiently.

    Transient: no answer (connection refused or reset, the server closed the
    connection, a timeout) or an answer of 429, 502, 503 or 504. Anything else
    (400, 401, 403, 404, 409, 413, ...) is raised at once.

    Example::

        BatonClient(url, retry=RetryPolicy(deadline=120))   # ride out a longer outage
        BatonClient(url, retry=RetryPolicy(deadline=0))     # never retry

    Attributes:
        deadline: seconds from the first try after which no new try starts
            (a wait that would end past it is not begun: the last error is
            raised instead). ``None``: retry until success. Default 30.
        initial_delay: seconds before the first retry. Default 0.2.
        max_delay: longest wait between tries (unless ``Retry-After`` asks for more). Default 5.
        multiplier: the wait grows by this factor after each failure. Default 2.
        jitter: fraction of each wait drawn at random (0.5: between 50% and 100%
            of it), so that many clients do not retry in step. Default 0.5.
    """

    deadline: Optional[float] = 30.0
    initial_delay: float = 0.2
    max_delay: float = 5.0
    multiplier: float = 2.0
    jitter: float = 0.5

    def backoff(self, failures: int, rand: Callable[[], float] = random.random) -> float:
        """The wait after ``failures`` transient failures in a row (1-based), before ``Retry-After``."""
        raw = min(self.max_delay, self.initial_delay * self.multiplier ** max(0, failures - 1))
        return raw * (1.0 - self.jitter * rand())

    def delay(self, failures: int, retry_after: Optional[float], rand: Callable[[], float] = random.random) -> float:
        """The wait before the next try: the server's ``Retry-After`` when it gave one, else the backoff."""
        if retry_after is not None:
            # The server named its time: no earlier, and a little spread so a crowd does not return together.
            return retry_after + min(1.0, retry_after * 0.1) * rand()
        return self.backoff(failures, rand)

    def with_deadline(self, deadline: Optional[float]) -> "RetryPolicy":
        return dataclasses.replace(self, deadline=deadline)


def call_with_retries(attempt: Callable[[], T], policy: RetryPolicy, *, what: str,
                      log: Optional[logging.Logger] = None,
                      wait: Optional[Callable[[float], bool]] = None,
                      on_retry: Optional[Callable[[BatonError, int, float], None]] = None) -> T:
    """Runs ``attempt()`` until it returns; retries a transient BatonError within ``policy.deadline``.

    Args:
        what: names the call in log lines, e.g. ``"POST /v1/tasks"``.
        wait: sleeps for the given seconds and returns True to stop retrying
            (a stopping worker); default ``time.sleep``.
        on_retry: hears each failure that will be retried, with the failure
            count and the wait; replaces the default debug log line.
    """
    started = time.monotonic()
    failures = 0
    while True:
        try:
            return attempt()
        except BatonError as exc:
            if not is_transient(exc):
                raise
            failures += 1
            delay = policy.delay(failures, exc.retry_after)
            if policy.deadline is not None and time.monotonic() - started + delay > policy.deadline:
                raise
            if on_retry is not None:
                on_retry(exc, failures, delay)
            elif log is not None:
                log.debug("%s failed (%s); retry %d in %.2f s", what, exc, failures, delay)
            if wait is None:
                time.sleep(delay)
            elif wait(delay):
                raise
