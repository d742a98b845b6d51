"""The public communications report names States in the reader's language only:
the Tajik catalogue translates some names only in their official ISO form."""

from __future__ import annotations

from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from rapporteur.communications.models import State
from rapporteur.communications.references import addressee_name

pytestmark = pytest.mark.django_db

# English short names that the Tajik page showed before (and their Russian twins)
ENGLISH = ("Iran", "South Korea", "North Korea", "Laos", "Syria", "Türkiye", "Tajikistan")


def _publish(make_communication, desk_client, boss, code):
    comm = make_communication(consent=True, code=code)
    desk_client.post(reverse("communications_desk:move", args=[comm.pk]), {"to": "review"})
    boss.post(reverse("communications_desk:approve", args=[comm.pk]))
    sent_on = timezone.localdate() - timedelta(days=70)
    desk_client.post(reverse("communications_desk:send", args=[comm.pk]), {"sent_on": sent_on})
    boss.post(reverse("communications_desk:publish", args=[comm.pk]))
    comm.refresh_from_db()
    assert comm.state == State.PUBLISHED
    return comm


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_report_has_no_english_state_name(
    client, make_communication, officer, rapporteur_user, unlocked, language
):
    desk_client, boss = unlocked(officer), unlocked(rapporteur_user)  # one sign-in each
    comms = [_publish(make_communication, desk_client, boss, code) for code in ("IRN", "TJK")]
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    tree = lxml.html.fromstring(client.get(reverse("communications:report")).content.decode())
    cells = [" ".join(td.text_content().split()) for td in tree.xpath("//tbody/tr/td[2]")]
    assert sorted(cells) == sorted(
        addressee_name(code=c.addressee_code, language=language) for c in comms
    )
    shown = " ".join(tree.text_content().split()) + " ".join(tree.xpath("//option/text()"))
    for english in ENGLISH:
        assert english not in shown, english
    detail = client.get(reverse("communications:detail", args=[comms[0].pk])).content.decode()
    assert "Iran" not in detail


def test_every_state_has_a_russian_and_a_tajik_name():
    import pycountry

    for country in pycountry.countries:
        english = addressee_name(code=country.alpha_3)
        for language in ("ru", "tg"):
            assert addressee_name(code=country.alpha_3, language=language) != english, (
                country.alpha_3,
                language,
            )
