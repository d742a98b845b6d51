"""Logging filters that keep sources out of the logs."""

from __future__ import annotations

import logging


class DropRequestDetails(logging.Filter):
    """Replace a request log record's message, which names the path, by a fixed one.

    Django's ``django.request`` records say "Internal Server Error: /path" and carry
    the request object. A path can hold a token a source typed; the request holds
    their address. Keep only the status and the traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        record.msg = "Request failed with status %s"
        record.args = (status,)
        if hasattr(record, "request"):
            record.request = None
        return True
