"""Perpetrators named in acts (HURIDOCS involvement): a person or organisation of
the case, or one created on the spot, with type and degree; shown on the case and
act pages; never asked for consent, never counted as a victim."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rapporteur.cases import selectors
from rapporteur.cases.models import Act, Change, Involvement, Person, Term
from rapporteur.cases.services import corrections, records
from rapporteur.testing.cases import (
    case_writer,
    desk_keys_of,
    documented_case,
    sign_in_with_keys,
    term,
)
from rapporteur.vault import sealing as vault_sealing

pytestmark = pytest.mark.django_db

DIRECT = "010100000000"  # degrees of involvement: directly carried out the act


@pytest.fixture
def case(case_and_document):
    return case_and_document[0]


@pytest.fixture
def act(case):
    return case.acts.get()


def _degree(code: str = DIRECT) -> Term:
    return Term.objects.get(list_name="degrees_of_involvement", code=code)


def _add_url(case, act) -> str:
    return reverse("cases:involvement_add", args=[case.pk, act.pk])


def _page(client, case) -> str:
    return client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def _person_item(page: str, name: str) -> str:
    """The list item of one person in the case page's "People and roles"."""
    people = page.split('id="people"')[1].split("</section>")[0]
    return next(item for item in people.split("<li>") if name in item)


@pytest.mark.parametrize(
    ("kind", "name", "description"),
    [
        ("individual", "Major Rustam Karimov", "State Security Committee, Khujand"),
        ("organisation", "Khujand city police department", "Ministry of Internal Affairs"),
    ],
)
def test_new_perpetrator_named_inline_is_linked_sealed_and_shown(
    kind, name, description, case, act, colleague
):
    client = sign_in_with_keys(colleague)
    gknb = term("types_of_perpetrators", "state_security_committee")
    response = client.post(
        _add_url(case, act),
        {
            "perpetrator": "",
            "new_name": name,
            "new_kind": kind,
            "new_description": description,
            "perpetrator_type": gknb.pk,
            "degree": _degree().pk,
        },
    )
    assert response.status_code == 302
    involvement = Involvement.objects.get(act=act)
    person = involvement.perpetrator
    assert person.kind == kind and case.persons.filter(pk=person.pk).exists()
    assert name.encode() not in bytes(person.envelope)
    content = vault_sealing.open_record(person, desk_keys_of(colleague))
    assert (content["name"], content["description"]) == (name, description)
    assert involvement.perpetrator_type == gknb and involvement.degree == _degree()
    shown = f"<strong>{name}</strong> ({description}), State Security Committee, "
    shown += "Directly carried out the act"
    assert shown in _page(client, case)
    act_page = client.get(reverse("cases:act_edit", args=[case.pk, act.pk])).content.decode()
    assert shown in act_page
    assert Change.objects.filter(record_type="involvement", action="add").count() == 1
    assert Change.objects.filter(record_type="person", record_id=person.pk).count() == 1


def test_an_existing_person_of_the_case_can_be_the_perpetrator(case, act, officer):
    unit = records.add_person(
        **case_writer(case, officer),
        kind="organisation",
        data={"name": "Sughd regional prosecutor's office"},
    )
    client = sign_in_with_keys(officer)
    response = client.post(_add_url(case, act), {"perpetrator": unit.pk, "degree": _degree().pk})
    assert response.status_code == 302
    assert Involvement.objects.get(act=act).perpetrator == unit
    assert Person.objects.count() == 2  # nobody new


@pytest.mark.parametrize(
    "data",
    [
        {},  # nothing named, no type
        {"degree": "DEGREE"},  # a degree alone says nobody
        {"perpetrator": "PERSON", "new_name": "Someone else"},  # both
        {"perpetrator": "OTHER"},  # a person of another case
        {"perpetrator": "999999"},
        {"new_name": "x" * 301},
    ],
)
def test_bad_perpetrator_forms_are_refused_and_change_nothing(data, case, act, officer):
    other, _ = documented_case(officer, name="Alisher Karimov", document=None)
    replace = {
        "DEGREE": str(_degree().pk),
        "PERSON": str(case.persons.get().pk),
        "OTHER": str(other.persons.get().pk),
    }
    data = {k: replace.get(v, v) for k, v in data.items()}
    before = (Person.objects.count(), Involvement.objects.count(), Change.objects.count())
    response = sign_in_with_keys(officer).post(_add_url(case, act), data)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert (Person.objects.count(), Involvement.objects.count(), Change.objects.count()) == before


def test_act_form_names_a_perpetrator_of_the_case(case, officer):
    major = records.add_person(**case_writer(case, officer), data={"name": "Major Karimov"})
    response = sign_in_with_keys(officer).post(
        reverse("cases:act_add", args=[case.pk]),
        {
            "event": "new",
            "act_type": term("types_of_acts", "arrest").pk,
            "victim": str(case.persons.order_by("id").first().pk),
            "perpetrator": str(major.pk),
            "degree": _degree().pk,
        },
    )
    assert response.status_code == 302
    newest = Act.objects.order_by("-id").first()
    assert [i.perpetrator for i in newest.involvements.all()] == [major]


def _name_as_perpetrator(case, act, owner, name: str) -> Person:
    return corrections.add_involvement(
        **case_writer(case, owner),
        act=act,
        degree=_degree(),
        new_perpetrator={"name": name, "kind": "individual", "description": "GKNB"},
    ).perpetrator


def test_perpetrator_only_person_is_not_asked_for_consent_nor_a_victim(case, act, officer):
    major = _name_as_perpetrator(case, act, officer, "Major Rustam Karimov")
    victim = act.victim
    assert selectors.perpetrator_only_person_ids(case) == {major.pk}
    page = _page(sign_in_with_keys(officer), case)
    item = _person_item(page, "Major Rustam Karimov")
    assert "perpetrator" in item and "victim" not in item
    assert "Record consent" not in item and "named to the State" not in item
    assert "Record consent" in _person_item(page, "Buzurgmehr Yorov")
    letter = selectors.victims_for_letter(case=case, desk_keys=desk_keys_of(officer), language="en")
    assert [v.person for v in letter] == [victim]


@pytest.mark.parametrize("other_role", ["victim", "source", "intervention"])
def test_a_perpetrator_with_another_role_keeps_the_consent_control(other_role, case, act, officer):
    person = _name_as_perpetrator(case, act, officer, "Davron Saidov")
    if other_role == "victim":
        Act.objects.filter(pk=act.pk).update(victim=person)
    elif other_role == "source":
        records.add_information(**case_writer(case, officer), summary="told", source=person)
    else:
        records.add_intervention(case=case, acting_user=officer, description="asked", victim=person)
    assert person.pk not in selectors.perpetrator_only_person_ids(case)
    item = _person_item(_page(sign_in_with_keys(officer), case), "Davron Saidov")
    assert "Record consent" in item


def test_perpetrators_of_another_case_are_not_counted(case, act, officer):
    other, _ = documented_case(officer, name="Alisher Karimov", document=None)
    _name_as_perpetrator(other, other.acts.get(), officer, "Major Other")
    assert selectors.perpetrator_only_person_ids(case) == set()


def test_perpetrator_edit_changes_type_and_person(case, act, officer):
    writer = case_writer(case, officer)
    involvement = corrections.add_involvement(
        **writer, act=act, perpetrator_type=term("types_of_perpetrators", "police")
    )
    unit = records.add_person(**writer, kind="organisation", data={"name": "Court of Khujand"})
    client = sign_in_with_keys(officer)
    url = reverse("cases:involvement_edit", args=[case.pk, involvement.pk])
    assert re.search(r'name="new_name"', client.get(url).content.decode()) is None
    response = client.post(
        url, {"perpetrator": unit.pk, "perpetrator_type": term("types_of_perpetrators", "court").pk}
    )
    assert response.url == reverse("cases:act_edit", args=[case.pk, act.pk])
    involvement.refresh_from_db()
    assert involvement.perpetrator == unit
    assert involvement.perpetrator_type == term("types_of_perpetrators", "court")
