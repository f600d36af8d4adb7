"""One background thread's loop over a queue, taking what is waiting in batches.

The reporter (step outcomes) and the OTLP exporter (spans) both send what has
queued up in one request per batch, and both must keep ``queue.join()`` and
their ``flush()`` honest: every item taken is marked done after its batch is
handled, whatever happens, and ``None`` on the queue stops the loop once the
items before it are handled.
"""

import queue
from typing import Any, Callable, List


def run_batches(source: "queue.Queue[Any]", limit: int, handle: Callable[[List[Any]], None]) -> None:
    """Calls ``handle`` with up to ``limit`` queued items at a time until ``None`` is taken.

    ``handle`` must not raise: a raise would stop the thread and hang every flush.
    """
    while True:
        first = source.get()
        if first is None:
            source.task_done()
            return
        batch = [first]
        stop = False
        while len(batch) < limit:
            try:
                item = source.get_nowait()
            except queue.Empty:
                break
            if item is None:
                source.task_done()
                stop = True
                break
            batch.append(item)
        try:
            handle(batch)
        finally:
            for _ in batch:
                source.task_done()
        if stop:
            return
