"""Baton's Python SDK: ``BatonClient`` (submit, follow, wait for and cancel tasks),
``workflow`` (define templates with a fluent builder) and ``Worker`` (run Python
handlers, sync or ``async def``, for Baton workflow steps over the HTTP worker protocol).

Standard library only; Python 3.9+. See clients/python/README.md and docs/worker-protocol.md.
"""
from .baton_client import TERMINAL_STATUSES, BatonClient
from .client import ProtocolClient
from .context import Context, PermanentError
from .errors import BatonError, is_transient
from .retry import RetryPolicy
from .tracing import OtlpExporter
from .worker import Worker
from .workflow import Workflow, ref, workflow

__all__ = ["BatonClient", "BatonError", "Context", "OtlpExporter", "PermanentError", "ProtocolClient", "RetryPolicy",
           "TERMINAL_STATUSES", "Worker", "Workflow", "is_transient", "ref", "workflow"]
__version__ = "0.3.0"
