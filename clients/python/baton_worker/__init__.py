"""Baton worker client: run Python handlers for Baton workflow steps over the HTTP worker protocol.

Standard library only; Python 3.9+. See clients/python/README.md and docs/worker-protocol.md.
"""
from .client import BatonError, ProtocolClient
from .context import Context, PermanentError
from .worker import Worker

__all__ = ["BatonError", "Context", "PermanentError", "ProtocolClient", "Worker"]
__version__ = "0.1.0"
