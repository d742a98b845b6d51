"""No response of the desk may be stored by a browser or proxy cache, and no cookie
outlives the browser session: a seized laptop keeps no copy of what was shown."""

from __future__ import annotations

import pytest
from django.test import Client

from rapporteur.accounts.permissions import ROLE_PERMISSIONS, Role
from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.intake import receipt_in, return_with, submit
from rapporteur.testing.urls import all_routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = list(all_routes())


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _cached(client: Client, routes, samples) -> list[str]:
    """URLs whose response may be stored by a cache."""
    return [
        url
        for url in (url_for(route, samples) for route in routes)
        if "no-store" not in _get(client, url).get("Cache-Control", "")
    ]


@pytest.mark.parametrize("role", list(Role))
def test_every_staff_response_is_no_store(personas, samples, role):
    client = sign_in_with_keys(personas[role.value])
    routes = [r for r in ROUTES if not r.is_public and r.permission in ROLE_PERMISSIONS[role]]
    assert routes
    assert _cached(client, routes, samples) == []


def test_every_public_response_is_no_store(samples):
    visitor = Client()
    assert _cached(visitor, [r for r in ROUTES if r.is_public], samples) == []
    source = Client()
    return_with(source, receipt_in(submit(source)))
    assert _cached(source, [r for r in ROUTES if r.is_public], samples) == []


def test_cookies_of_the_public_form_end_with_the_browser_session():
    response = Client().get("/submit/")
    assert response.cookies, "the form sets its CSRF cookie"
    for name, morsel in response.cookies.items():
        assert not morsel["expires"] and not morsel["max-age"], name
