"""Every rendered page, public and staff, refers to no host but its own; languages switch."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.html import foreign_references
from rapporteur.testing.urls import all_routes, url_for

pytestmark = pytest.mark.django_db

GET_ROUTES = [r for r in all_routes()]


def _pages(client, samples):
    for route in GET_ROUTES:
        response = client.get(url_for(route, samples))
        if response.streaming:  # read it whole, so the view's open file is closed
            b"".join(response.streaming_content)
        if response.status_code == 200 and "html" in response.headers.get("Content-Type", ""):
            yield route.name, response.content.decode()


def test_public_pages_reference_only_their_own_host(client, samples):
    pages = dict(_pages(client, samples))
    assert "core:home" in pages and "accounts:login" in pages
    for name, html in pages.items():
        assert foreign_references(html) == [], name


@pytest.mark.parametrize("role", ["rapporteur", "officer", "analyst", "administrator"])
def test_staff_pages_reference_only_their_own_host(client_for, personas, samples, role):
    user = personas[role]
    client = sign_in_with_keys(user) if role in {"rapporteur", "officer"} else client_for(user)
    pages = dict(_pages(client, samples))
    assert "core:dashboard" in pages
    for name, html in pages.items():
        assert foreign_references(html) == [], name


def test_the_checker_sees_foreign_hosts():
    html = '<img src="https://cdn.example.com/x.png"><link href="//fonts.example.net/a.css">'
    assert len(foreign_references(html)) == 2


def test_switch_to_tajik(client, db):
    response = client.post(reverse("set_language"), {"language": "tg", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="tg"' in page
    assert "Ворид шудани кормандон" in page  # "Staff sign-in", translated


def test_switch_to_russian(client, db):
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Вход для сотрудников" in page


def test_unknown_language_is_explained(client, db):
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"}, follow=True)
    assert "This language is not available" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


def test_language_switch_refuses_foreign_redirect(client, db):
    response = client.post(
        reverse("set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_unknown_page_is_a_plain_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_csrf_failure_is_explained(db):

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_no_page_labels_a_hidden_field(client, samples):
    """Hidden fields (form tokens) are rendered without a visible label."""
    import re

    for name, html in _pages(client, samples):
        hidden = set(re.findall(r'<input type="hidden" name="[^"]+"[^>]*id="([^"]+)"', html))
        labelled = set(re.findall(r'<label for="([^"]+)"', html))
        assert hidden & labelled == set(), name
