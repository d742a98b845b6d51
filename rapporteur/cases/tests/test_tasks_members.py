"""Tasks with due dates, colleagues on a case (who may add them, what each access
allows), and the consent selector the communications desk will read."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import selectors
from rapporteur.cases.models import Change, Membership, Task
from rapporteur.cases.services import records
from rapporteur.testing.cases import (
    case_writer,
    desk_keys_of,
    documented_case,
    sign_in_with_keys,
)
from rapporteur.vault import sealing as vault_sealing

pytestmark = pytest.mark.django_db


def test_task_added_through_the_form_is_sealed_and_listed(case_and_document, colleague):
    case, _ = case_and_document
    client = sign_in_with_keys(colleague)
    response = client.post(
        reverse("cases:task_add", args=[case.pk]),
        {"text": "Ask the lawyer for the indictment", "due_on": "2022-07-15"},
    )
    assert response.status_code == 302
    task = Task.objects.get(case=case)
    assert task.due_on == date(2022, 7, 15) and not task.done
    assert b"indictment" not in bytes(task.envelope)
    assert vault_sealing.open_record(task, desk_keys_of(colleague))["text"].endswith("indictment")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Ask the lawyer for the indictment" in page and "2022-07-15" in page


def test_task_done_and_reopened_with_history(case_and_document, officer):
    case, _ = case_and_document
    task = records.add_task(case=case, acting_user=officer, text="Call", due_on=None)
    client = sign_in_with_keys(officer)
    url = reverse("cases:task_done", args=[case.pk])
    client.post(url, {"task": task.pk})
    task.refresh_from_db()
    assert task.done
    client.post(url, {"task": task.pk})
    task.refresh_from_db()
    assert not task.done
    changes = Change.objects.filter(case=case, record_type="task", record_id=task.pk)
    assert sorted(changes.values_list("action", flat=True)) == ["add", "change", "change"]


def test_reader_cannot_add_or_close_tasks(case_and_document, officer, reader):
    case, _ = case_and_document
    task = records.add_task(case=case, acting_user=officer, text="Call", due_on=None)
    client = sign_in_with_keys(reader)
    add = client.post(reverse("cases:task_add", args=[case.pk]), {"text": "x"})
    done = client.post(reverse("cases:task_done", args=[case.pk]), {"task": task.pk})
    assert add.status_code == 403 and done.status_code == 403
    task.refresh_from_db()
    assert not task.done and Task.objects.count() == 1


def test_task_of_another_case_cannot_be_closed_through_this_one(case_and_document, officer):
    case, _ = case_and_document
    other, _ = documented_case(officer, name="Alisher Karimov")
    task = records.add_task(case=other, acting_user=officer, text="Call", due_on=None)
    response = sign_in_with_keys(officer).post(
        reverse("cases:task_done", args=[case.pk]), {"task": task.pk}
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert not task.done


def test_tasks_due_counts_only_visible_open_tasks(case_and_document, officer, other_officer):
    case, _ = case_and_document
    theirs, _ = documented_case(other_officer, name="Alisher Karimov")
    soon = records.add_task(case=case, acting_user=officer, text="a", due_on=date(2022, 7, 1))
    records.add_task(case=case, acting_user=officer, text="b", due_on=date(2022, 9, 1))
    done = records.add_task(case=case, acting_user=officer, text="c", due_on=date(2022, 6, 1))
    records.set_task_done(task=done, acting_user=officer, done=True)
    records.add_task(case=theirs, acting_user=other_officer, text="d", due_on=date(2022, 6, 1))
    assert list(selectors.tasks_due(officer, until=date(2022, 7, 31))) == [soon]
    assert selectors.tasks_due(other_officer, until=date(2022, 7, 31)).count() == 1


def test_owner_adds_a_reader_then_gives_write_then_removes(
    case_and_document, officer, other_officer
):
    case, _ = case_and_document
    owner = sign_in_with_keys(officer)
    url = reverse("cases:members", args=[case.pk])
    detail = reverse("cases:detail", args=[case.pk])
    outsider = sign_in_with_keys(other_officer)
    assert outsider.get(detail).status_code == 404

    owner.post(url, {"user": other_officer.pk, "access": "read"})
    assert outsider.get(detail).status_code == 200
    task_add = reverse("cases:task_add", args=[case.pk])
    assert outsider.post(task_add, {"text": "x"}).status_code == 403

    owner.post(url, {"user": other_officer.pk, "access": "write"})
    assert outsider.post(task_add, {"text": "x"}).status_code == 302

    owner.post(url, {"user": other_officer.pk, "access": "none"})
    assert not Membership.objects.filter(case=case, user=other_officer).exists()
    assert outsider.get(detail).status_code == 404
    accesses = [
        e.extras["access"]
        for e in AuditEntry.objects.filter(tag=AuditTag.CASE_MEMBER_CHANGED).order_by("seq")
    ]
    assert accesses[-3:] == ["read", "write", "none"]


def test_only_owner_and_rapporteur_change_members(
    case_and_document, colleague, rapporteur_user, other_officer
):
    case, _ = case_and_document
    url = reverse("cases:members", args=[case.pk])
    colleague_client = sign_in_with_keys(colleague)  # may write, but is not the owner
    assert (
        colleague_client.post(url, {"user": other_officer.pk, "access": "write"}).status_code == 403
    )
    assert not Membership.objects.filter(user=other_officer).exists()
    sign_in_with_keys(rapporteur_user).post(url, {"user": other_officer.pk, "access": "read"})
    assert Membership.objects.get(user=other_officer).can_write is False


def test_analyst_cannot_be_added_to_a_case(case_and_document, officer, analyst):
    case, _ = case_and_document
    response = sign_in_with_keys(officer).post(
        reverse("cases:members", args=[case.pk]), {"user": analyst.pk, "access": "read"}
    )
    assert response.status_code == 200  # the form refuses: not a content role
    assert not Membership.objects.filter(user=analyst).exists()


def test_persons_consent_reads_clear_codes_and_skips_merged(case_and_document, officer):
    from rapporteur.cases.services import merging

    case, _ = case_and_document
    writer = case_writer(case, officer)
    [victim] = case.persons.all()
    named = records.add_person(**writer, data={"name": "A"}, consent_to_name="yes")
    duplicate = records.add_person(**writer, data={"name": "B"})
    merging.merge_persons(case=case, kept=named, merged=duplicate, acting_user=officer)
    consents = selectors.persons_consent(case=case)
    assert [(c.person_id, c.consent_to_name) for c in consents] == [
        (victim.pk, "unknown"),
        (named.pk, "yes"),
    ]
    assert [c.may_be_named for c in consents] == [False, True]
