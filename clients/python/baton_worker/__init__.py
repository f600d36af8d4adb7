"""Baton's Python clients: ``BatonClient`` (submit, wait for and cancel tasks) and
``Worker`` (run Python handlers for Baton workflow steps over the HTTP worker protocol).

Standard library only; Python 3.9+. See clients/python/README.md and docs/worker-protocol.md.
"""
from .baton_client import TERMINAL_STATUSES, BatonClient
from .client import ProtocolClient
from .context import Context, PermanentError
from .errors import BatonError, is_transient
from .retry import RetryPolicy
from .worker import Worker

__all__ = ["BatonClient", "BatonError", "Context", "PermanentError", "ProtocolClient", "RetryPolicy", "TERMINAL_STATUSES", "Worker", "is_transient"]
__version__ = "0.2.0"
