"""Every staff URL for every role: allowed, 403, 404, or the login page for the anonymous.

A view marked ``need_to_know`` (case URLs) answers 404, not 403, to a role that holds
the permission but may not know the object exists: here a case owned by "officer",
so "other_officer" must get 404 and the owner and the rapporteur the page.

The expected answer is computed from ROLE_PERMISSIONS and the permission each view
declares, so a new URL is covered the day it is added, and one that declares nothing
fails ``test_every_view_is_public_or_declares_a_permission``.
"""

from __future__ import annotations

import pytest
from django.test import Client

from rapporteur.accounts.permissions import CONTENT_ROLES, ROLE_PERMISSIONS, Role
from rapporteur.testing.cases import sign_in_with_keys, url_samples
from rapporteur.testing.urls import all_routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = list(all_routes())


@pytest.fixture
def samples(personas, settings, tmp_path):
    """Argument values for URLs that take some, pointing at real objects."""
    from rapporteur.communications.tests.samples import communication_samples
    from rapporteur.visits.tests.factories import visit_samples

    samples = {**url_samples(personas, settings, tmp_path), **visit_samples()}
    return samples | communication_samples(personas)


def _need_to_know(route) -> tuple[str, ...]:
    return tuple(getattr(route.view, "need_to_know", ()))


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
    if response.streaming:  # read it whole, so the view's open file is closed
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_public], ids=lambda r: r.name)
def test_anonymous_is_sent_to_sign_in(client, samples, route):
    response = _request(client, url_for(route, samples))
    assert response.status_code == 302
    assert response.url.startswith("/desk/login/")


def test_need_to_know_views_name_only_their_url_arguments():
    for route in ROUTES:
        assert set(_need_to_know(route)) <= set(route.converters), route.name


def test_case_urls_are_need_to_know():
    case_routes = [r for r in ROUTES if "case_id" in r.converters]
    assert case_routes
    assert [r.name for r in case_routes if "case_id" not in _need_to_know(r)] == []


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_public], ids=lambda r: r.name)
def test_role_gets_exactly_what_its_permissions_allow(client_for, personas, samples, role, route):
    user = personas[role.value]
    hidden = bool(_need_to_know(route))
    # Case views decrypt: content roles come with their unlocked desk keys.
    client = sign_in_with_keys(user) if role in CONTENT_ROLES else client_for(user)
    response = _request(client, url_for(route, samples))
    if route.permission not in ROLE_PERMISSIONS[role]:
        assert response.status_code == 403, f"{role} must not reach {route.name}"
    elif hidden and role != Role.RAPPORTEUR and role.value != samples["case_owner"]:
        assert response.status_code == 404, f"{role} must not learn {route.name} exists"
    else:
        assert response.status_code in {200, 302}, f"{role} should reach {route.name}"
        if response.status_code == 302:  # a redirect, but never back to sign-in
            assert "?next=" not in response.url


@pytest.mark.parametrize("route", [r for r in ROUTES if r.is_public], ids=lambda r: r.name)
def test_public_pages_answer_without_sign_in(client, samples, route):
    response = _request(client, url_for(route, samples))
    assert response.status_code in {200, 302, 400, 403}
    assert not (response.status_code == 302 and response.url.startswith("/desk/login/?next="))


@pytest.mark.parametrize("route", [r for r in ROUTES if _need_to_know(r)], ids=lambda r: r.name)
def test_officer_not_on_the_case_gets_404(personas, samples, route):
    """Holds the permission, holds the desk key, but may not know the case exists."""
    response = _request(sign_in_with_keys(personas["other_officer"]), url_for(route, samples))
    assert response.status_code == 404
