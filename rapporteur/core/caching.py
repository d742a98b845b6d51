"""No page of the desk is kept in a browser's or a proxy's cache.

Staff pages show decrypted content; a source's pages show their receipt, replies
and answers. A cached copy would outlive the session on a laptop that may be
seized, so every response the application renders is marked ``no-store`` unless
a view has already said otherwise. Static files (the stylesheet, the icons) are
served by WhiteNoise before this middleware runs and keep their long cache life.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
