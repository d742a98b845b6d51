"""A receipt in the words of the page the source used, taken back in any declared
spelling by the one return form (no language to choose)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapporteur.intake.models import Submission
from rapporteur.testing.intake import client_in, receipt_in, return_with, submit
from rapporteur.vault import codenames

pytestmark = pytest.mark.django_db

# How a source without the letters on their keyboard types them.
_AS_TYPED = str.maketrans("ёӣӯҳқғҷЁӢӮҲҚҒҶ", "еиухкгчЕИУХКГЧ")


@pytest.mark.parametrize(("language", "count"), [("en", 8), ("ru", 8), ("tg", 9)])
@pytest.mark.parametrize("url_name", ["intake:submit", "intake:meeting"])
def test_receipt_is_in_the_page_language_and_returns_as_typed(desk, language, count, url_name):
    response = submit(client_in(language), url_name=url_name)
    receipt = receipt_in(response)
    words = receipt.split()
    assert len(words) == count
    assert set(words) <= set(codenames.word_list(language).words)
    # Another language's return page, the receipt typed without its special letters.
    typed = receipt.translate(_AS_TYPED).upper().replace(" ", ", ")
    other = {"en": "ru", "ru": "tg", "tg": "en"}[language]
    source = client_in(other)
    assert return_with(source, typed).status_code == 302
    assert source.get(reverse("intake:conversation")).status_code == 200


def test_a_wrong_word_is_still_refused(desk):
    receipt = receipt_in(submit(client_in("ru")))
    words = receipt.split()
    words[3] = next(w for w in codenames.word_list("ru").words if w != words[3])
    response = return_with(Client(), " ".join(words))
    assert response.status_code == 200
    assert "This receipt is not known" in response.content.decode()
    assert Submission.objects.count() == 1
