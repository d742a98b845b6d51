"""Case tags: terms of the desk's own list, set on the case's edit page, kept in its
history and audit log, and read in the reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from rapporteur.audit.models import AuditEntry
from rapporteur.cases.models import CASE_TAGS, Change
from rapporteur.cases.selectors import vocabulary_lists
from rapporteur.cases.services import vocabulary
from rapporteur.testing.cases import sign_in_with_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags(desk, officer):
    def add(en: str, ru: str, tg: str):
        return vocabulary.add_local_term(
            acting_user=officer, list_name=CASE_TAGS, parent_code="", label_en=en, label_ru=ru,
            label_tg=tg,
        )  # fmt: skip

    return add("Protests of May 2022", "Протесты мая 2022", "Эътирозҳои майи 2022"), add(
        "Lawyers", "Адвокаты", "Адвокатҳо"
    )


def _edit(client, case, **changes):
    data = {"title": "Case", "summary": "", "country": "TJ", "risk": "medium", "status": "open"}
    data.update(changes)
    return client.post(reverse("cases:edit", args=[case.pk]), data)


def test_the_list_of_tags_is_offered_before_it_has_a_term(desk):
    assert CASE_TAGS in vocabulary_lists()


def test_tags_set_on_the_edit_page_are_shown_kept_in_history_and_audited(
    case_and_document, officer, tags
):
    case, _document = case_and_document
    client = sign_in_with_keys(officer)
    audited = AuditEntry.objects.count()
    response = _edit(client, case, tags=[t.pk for t in tags])
    assert response.status_code == 302
    assert set(case.tags.all()) == set(tags)
    assert AuditEntry.objects.count() > audited
    assert Change.objects.filter(case=case, action="change").exists()
    with translation.override("ru"):
        page = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="ru")
    assert "Протесты мая 2022" in page.content.decode()
    history = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    assert "Lawyers" in history and tags[1].code not in history  # labels, never codes


def test_an_unknown_tag_changes_nothing_and_unticking_every_tag_clears_them(
    case_and_document, officer, tags
):
    case, _document = case_and_document
    client = sign_in_with_keys(officer)
    _edit(client, case, tags=[tags[0].pk])
    before = Change.objects.count()
    response = _edit(client, case, tags=["999999"])
    assert response.status_code == 200 and b'class="error' in response.content
    assert list(case.tags.all()) == [tags[0]] and Change.objects.count() == before
    _edit(client, case, tags=[])
    assert not case.tags.exists()
