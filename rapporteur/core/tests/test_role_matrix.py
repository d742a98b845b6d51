"""Every staff URL for every role: allowed, 403, or the login page for the anonymous.

The expected answer is computed from ROLE_PERMISSIONS and the permission each view
declares, so a new URL is covered the day it is added, and one that declares nothing
fails ``test_every_view_is_public_or_declares_a_permission``.
"""

from __future__ import annotations

import pytest
from django.test import Client

from rapporteur.accounts.permissions import ROLE_PERMISSIONS, Role
from rapporteur.testing.urls import all_routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = list(all_routes())


@pytest.fixture
def samples(personas):
    """Argument values for URLs that take some, pointing at real objects."""
    from rapporteur.communications.tests.samples import communication_samples
    from rapporteur.testing.intake import url_samples

    intake = url_samples(personas)  # first: it makes the real desk key
    return {
        "user_id": personas["officer"].pk,
        "action": "unlock",
        **intake,
    } | communication_samples(personas)


def test_every_view_is_public_or_declares_a_permission():
    undeclared = [r.name for r in ROUTES if not r.is_public and r.permission is None]
    assert undeclared == [], f"views without @public or @requires: {undeclared}"


def test_no_view_is_both_public_and_protected():
    assert [r.name for r in ROUTES if r.is_public and r.permission is not None] == []


def _request(client: Client, url: str):
    """GET, or POST when the view takes only POST (a 405 on GET)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_public], ids=lambda r: r.name)
def test_anonymous_is_sent_to_sign_in(client, samples, route):
    response = _request(client, url_for(route, samples))
    assert response.status_code == 302
    assert response.url.startswith("/desk/login/")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_public], ids=lambda r: r.name)
def test_role_gets_exactly_what_its_permissions_allow(client_for, personas, samples, role, route):
    user = personas[role.value]
    response = _request(client_for(user), url_for(route, samples))
    if route.permission in ROLE_PERMISSIONS[role]:
        assert response.status_code in {200, 302}, f"{role} should reach {route.name}"
        if response.status_code == 302:  # a redirect, but never back to sign-in
            assert "?next=" not in response.url
    else:
        assert response.status_code == 403, f"{role} must not reach {route.name}"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.is_public], ids=lambda r: r.name)
def test_public_pages_answer_without_sign_in(client, samples, route):
    response = _request(client, url_for(route, samples))
    assert response.status_code in {200, 302, 400, 403}
    assert not (response.status_code == 302 and response.url.startswith("/desk/login/?next="))
