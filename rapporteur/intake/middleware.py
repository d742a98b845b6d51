"""Public forms answer an oversized post with the form page and a clear message.

Django refuses a body whose text fields pass ``DATA_UPLOAD_MAX_MEMORY_SIZE`` with a
bare "400 Bad Request" (raised as soon as anything reads ``request.POST``, the CSRF
check first). On a public page (``@public``) this middleware, placed before the CSRF
check, reads the post itself; if it is too big, nothing in it is used: the request
goes on as a GET, so the view shows its empty form, with a message saying why,
answered 413. Files already streamed into RAM are removed at the end of the request
(``uploads``). The limit itself is set above what any public form accepts
(``checks.upload_limit_fits_public_forms``), so a source within the form's own
limits never meets this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

_REFUSED = "_rapporteur_oversized_post"


class OversizedPublicPostMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _REFUSED, False):
            response.status_code = 413
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        if request.method != "POST" or not getattr(view_func, "is_public", False):
            return None
        try:
            request.POST  # noqa: B018 - parse now, to catch the refusal here
        except RequestDataTooBig:
            request.method = "GET"
            request._post = QueryDict()  # type: ignore[attr-defined]
            request._files = MultiValueDict()  # type: ignore[attr-defined]
            setattr(request, _REFUSED, True)
            messages.error(
                request,
                _(
                    "What you sent was longer than this form accepts, so nothing was saved "
                    "and your answers could not be kept. Each answer has a length limit; "
                    "shorten the longest ones and send the form again."
                ),
            )
        return None
