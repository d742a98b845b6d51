"""The same issue across bodies and cycles: suggested by the wording when
recommendations come in (a document or a CSV file), shown side by side, confirmed or
removed by staff with an audit entry. Texts are written for these tests."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.testing.visits import make_recommendation, make_visit
from rapporteur.visits import linking
from rapporteur.visits.models import RelatedRecommendation, Review
from rapporteur.visits.services import ingestion
from rapporteur.visits.services.related import suggest_related

# One cycle's recommendations, then the next cycle's, worded by other bodies.
CYCLE_ONE = [
    "The Committee recommended that the State party decriminalize defamation and move it "
    "to the civil code.",
    "CRC urged the country to prohibit corporal punishment of children in all settings.",
    "UNHCR recommended that the Government accede to the 1961 Convention on the Reduction "
    "of Statelessness.",
]
CYCLE_TWO = [
    "Decriminalize defamation and place it within the civil code (Estonia);",
    "Explicitly prohibit corporal punishment of children in all settings, including the "
    "home (Sweden);",
    "Strengthen the independence of the national human rights institution (Chile);",
]


@pytest.mark.parametrize(
    ("written", "issue"),
    [
        ("CRC urged Ruritania to repeal article 5.", "repeal article 5."),
        ("It also recommended that the State party adopt a law.", "adopt a law."),
        ("The Committee recommends that the State party: (a) Free them", "(a) free them"),
        ("Ratify the Convention (Chile, Peru);", "ratify the convention"),
        ("Ruritania should release the defenders.", "release the defenders."),
        ("Release the defenders (Iran (Islamic Republic of));", "release the defenders"),
    ],
)
def test_who_recommends_is_taken_off_before_comparing(written, issue):
    assert linking.issue_text(written).strip() == issue


def test_the_same_issue_is_found_across_wordings_and_nothing_else():
    pairs = linking.similar_pairs(CYCLE_TWO, CYCLE_ONE)
    assert {(p.new, p.earlier) for p in pairs} == {(0, 0), (1, 1)}
    assert all(linking.THRESHOLD <= p.similarity <= 1 for p in pairs)


def test_nothing_to_compare_gives_no_pair():
    assert linking.similar_pairs([], CYCLE_ONE) == []
    assert linking.similar_pairs(["the and of"], ["to be or not"]) == []


@pytest.mark.django_db
def test_new_recommendations_are_tied_to_earlier_ones_of_the_same_state_only(desk):
    visit = make_visit()
    earlier = [make_recommendation(visit, text=t) for t in CYCLE_ONE]
    elsewhere = make_recommendation(make_visit(country_code="KG", country_name="Kyrgyzstan"))
    later = [make_recommendation(visit, text=t, review=Review.SUGGESTED) for t in CYCLE_TWO]
    elsewhere.text = CYCLE_TWO[0]
    elsewhere.save()
    assert suggest_related(later) == 2
    pairs = {(r.earlier_id, r.later_id) for r in RelatedRecommendation.objects.all()}
    assert pairs == {(earlier[0].pk, later[0].pk), (earlier[1].pk, later[1].pk)}
    assert suggest_related(later) == 0  # never twice


@pytest.mark.django_db
def test_a_csv_import_suggests_the_links_in_its_own_transaction(desk, officer, desk_keys):
    visit = make_visit()
    earlier = make_recommendation(visit, text=CYCLE_ONE[1])
    data = (f'country,mechanism,text\nTJ,upr,"{CYCLE_TWO[1]}"\nTJ,upr,"{CYCLE_TWO[2]}"\n').encode()
    recs = ingestion.import_csv(
        acting_user=officer, visit=visit, name="cycle-two.csv", data=data, desk_keys=desk_keys
    )
    link = RelatedRecommendation.objects.get()
    assert (link.earlier, link.later) == (earlier, recs[0]) and link.review == Review.SUGGESTED
    audit = AuditEntry.objects.get(tag="visits:recommendations:import")
    assert audit.extras["related"] == 1


@pytest.fixture
def linked(desk):
    visit = make_visit()
    earlier = make_recommendation(visit, text=CYCLE_ONE[0])
    later = make_recommendation(visit, text=CYCLE_TWO[0])
    suggest_related([later])
    return earlier, later, RelatedRecommendation.objects.get()


def _review(client, rec, link, decision):
    return client.post(reverse("visits:related_review", args=[rec.pk, link.pk, decision]))


@pytest.mark.django_db
def test_both_pages_show_the_other_and_staff_confirm_with_an_audit_entry(
    linked, client_for, officer
):
    earlier, later, link = linked
    client = client_for(officer)
    page = client.get(reverse("visits:recommendation", args=[earlier.pk])).content.decode()
    assert "The same issue elsewhere" in page and "Estonia" in page
    page = client.get(reverse("visits:recommendation", args=[later.pk])).content.decode()
    assert "move it to the civil code" in page
    assert _review(client, later, link, "accept").status_code == 302
    link.refresh_from_db()
    assert link.review == Review.ACCEPTED and link.reviewed_by == officer
    assert AuditEntry.objects.filter(tag="visits:related:accept").count() == 1
    assert _review(client, earlier, link, "reject").status_code == 302
    link.refresh_from_db()
    assert link.review == Review.REJECTED
    page = client.get(reverse("visits:recommendation", args=[earlier.pk])).content.decode()
    assert "Estonia" not in page  # a rejected link is no longer shown


@pytest.mark.django_db
def test_a_reader_cannot_decide_and_a_link_of_another_recommendation_is_404(
    linked, client_for, analyst, officer
):
    _earlier, later, link = linked
    other = make_recommendation(make_visit(), text="Something else entirely.")
    assert _review(client_for(analyst), later, link, "accept").status_code == 403
    assert _review(client_for(officer), other, link, "accept").status_code == 404
    url = reverse("visits:recommendation", args=[later.pk]) + f"related/{link.pk}/maybe/"
    assert client_for(officer).post(url).status_code == 404
    link.refresh_from_db()
    assert link.review == Review.SUGGESTED


@pytest.mark.django_db
def test_the_section_speaks_russian_and_tajik(linked, client_for, officer):
    _earlier, later, _link = linked
    client = client_for(officer)
    for language, heading in (
        ("ru", "Тот же вопрос в других документах"),
        ("tg", "Ҳамин масъала дар ҳуҷҷатҳои дигар"),
    ):
        client.cookies["django_language"] = language
        page = client.get(reverse("visits:recommendation", args=[later.pk])).content.decode()
        assert heading in page
