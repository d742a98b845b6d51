"""Need-to-know for every case URL and search: owner, colleague on the case,
read-only colleague, officer not on it, rapporteur, analyst, administrator,
anonymous. Outsiders get 404 (the case's existence does not leak); a read-only
colleague gets 403 on writes; analysts and administrators reach no case URL."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.testing.cases import record_samples, sign_in_with_keys
from rapporteur.testing.urls import all_routes, url_for

pytestmark = pytest.mark.django_db
CASE_ROUTES = [r for r in all_routes() if r.name.startswith("cases:") and "case_id" in r.converters]
WRITES = {r.name for r in CASE_ROUTES if r.permission.value == "cases:write"}


def _get(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


@pytest.fixture
def urls(case_and_document):
    case, document = case_and_document
    samples = {
        "case_id": case.pk,
        "document_id": document.pk,
        **record_samples(case, case.owner),
    }
    return {r.name: url_for(r, samples) for r in CASE_ROUTES}


@pytest.mark.parametrize("who", ["officer", "colleague", "rapporteur_user"])
def test_owner_colleague_and_rapporteur_reach_every_case_url(request, urls, who):
    client = sign_in_with_keys(request.getfixturevalue(who))
    for name, url in urls.items():
        if name == "cases:members" and who == "colleague":
            assert _get(client, url) == 403  # only the owner and the rapporteur
            continue
        assert _get(client, url) in {200, 302}, name


def test_read_only_colleague_reads_but_cannot_write(reader, urls):
    client = sign_in_with_keys(reader)
    for name, url in urls.items():
        assert _get(client, url) == (403 if name in WRITES else 200), name


def test_officer_not_on_the_case_gets_404_everywhere(other_officer, urls):
    client = sign_in_with_keys(other_officer)
    for name, url in urls.items():
        assert _get(client, url) == 404, name


def test_unknown_case_answers_like_a_hidden_one(other_officer, officer, urls):
    client = sign_in_with_keys(officer)
    assert client.get(reverse("cases:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["analyst", "administrator"])
def test_analyst_and_administrator_reach_no_case_url(request, client_for, urls, who):
    client = client_for(request.getfixturevalue(who))
    for name, url in urls.items():
        assert _get(client, url) == 403, name
    assert client.get(reverse("cases:search"), {"q": "Yorov"}).status_code == 403
    assert client.get(reverse("cases:list")).status_code == 403


def test_analyst_sees_patterns_without_small_counts(client_for, analyst, case_and_document):
    page = client_for(analyst).get(reverse("insights:dashboard")).content.decode()
    assert "Acts in the period" in page and "fewer than 5" in page
    assert "Yorov" not in page and "/desk/cases/" + "1/" not in page


def test_anonymous_is_sent_to_sign_in(urls):
    for url in [*urls.values(), reverse("cases:search"), reverse("cases:list")]:
        response = Client().get(url)
        assert response.status_code == 302 and response.url.startswith("/desk/login/")


def test_every_case_read_is_audited(officer, case_and_document):
    case, _ = case_and_document
    client = sign_in_with_keys(officer)
    before = AuditEntry.objects.filter(tag=AuditTag.CASE_READ).count()
    client.get(reverse("cases:detail", args=[case.pk]))
    client.get(reverse("cases:history", args=[case.pk]))
    assert AuditEntry.objects.filter(tag=AuditTag.CASE_READ).count() == before + 2


def test_confidential_information_only_for_the_owner(officer, colleague, case_and_document):
    from rapporteur.cases.services import records
    from rapporteur.testing.cases import case_writer

    case, _ = case_and_document
    records.add_information(
        **case_writer(case, officer), summary="Told by Qzsource Identity", confidential=True
    )
    url = reverse("cases:detail", args=[case.pk])
    assert "Qzsource" in sign_in_with_keys(officer).get(url).content.decode()
    assert "Qzsource" not in sign_in_with_keys(colleague).get(url).content.decode()


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_patterns_show_act_types_in_the_reader_language(
    client_for, analyst, case_and_document, language
):
    """No English label and no raw HURIDOCS code on a Russian or Tajik patterns page."""
    client = client_for(analyst)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("insights:dashboard") + "?months=60").content.decode()
    assert "Arrest" not in page and "(0" not in page and "Acts by" not in page
