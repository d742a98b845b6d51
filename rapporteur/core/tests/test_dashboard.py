"""The dashboard's case panel: counts of what the user may see, nothing decrypted;
analysts get a link to the patterns page and no case figure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rapporteur.cases.models import CaseStatus
from rapporteur.cases.services import records
from rapporteur.core.dashboard import panels_for
from rapporteur.testing.cases import documented_case, ensure_vocabularies
from rapporteur.testing.vault import initialise, use_fast_argon2

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(settings, tmp_path, rapporteur_user, officer, other_officer):
    """The officer's open case with tasks due in 3 days (open), 3 days (done), 30 days
    and one overdue; the other officer's case with one task due tomorrow; a closed case."""
    use_fast_argon2(settings)
    settings.CASES_FILE_STORE = tmp_path / "cases"
    ensure_vocabularies()
    initialise(rapporteur_user, officer, other_officer)
    today = timezone.localdate()
    mine, _ = documented_case(officer, name="Panel Secret Name", document=None)
    for days, done in ((3, False), (3, True), (30, False), (-2, False)):
        task = records.add_task(
            case=mine, acting_user=officer, text="secret task", due_on=today + timedelta(days)
        )
        if done:
            records.set_task_done(task=task, acting_user=officer, done=True)
    theirs, _ = documented_case(other_officer, document=None)
    records.add_task(
        case=theirs, acting_user=other_officer, text="x", due_on=today + timedelta(days=1)
    )
    closed, _ = documented_case(officer, document=None)
    closed.status = CaseStatus.CLOSED
    closed.save(update_fields=["status"])
    return mine, theirs


def _panel(user, title):
    return next((p for p in panels_for(user) if p.title == title), None)


def test_officer_sees_counts_of_own_cases_and_tasks_only(cases, officer, other_officer):
    panel = _panel(officer, "Cases")
    assert panel is not None and panel.url == reverse("cases:list")
    assert panel.summary == "1 open cases; 2 tasks due within 7 days or overdue."
    other = _panel(other_officer, "Cases")
    assert other.summary == "1 open cases; 1 tasks due within 7 days or overdue."


def test_a_colleague_added_to_a_case_counts_it(cases, officer, other_officer):
    mine, _ = cases
    records.set_member(case=mine, acting_user=officer, user=other_officer, can_write=False)
    assert _panel(other_officer, "Cases").summary.startswith("2 open cases; 3 tasks")


def test_rapporteur_counts_every_case(cases, rapporteur_user):
    assert _panel(rapporteur_user, "Cases").summary.startswith("2 open cases; 3 tasks")


def test_analyst_gets_the_patterns_link_and_no_case_figures(cases, analyst, client_for):
    assert _panel(analyst, "Cases") is None
    assert _panel(analyst, "Patterns").url == reverse("insights:dashboard")
    page = client_for(analyst).get(reverse("core:dashboard")).content.decode()
    assert reverse("insights:dashboard") in page and "open cases" not in page


def test_administrator_gets_no_case_panel(cases, administrator):
    titles = {p.title for p in panels_for(administrator)}
    assert not titles & {"Cases", "Patterns"}


def test_dashboard_page_shows_counts_never_content(cases, officer, client_for):
    page = client_for(officer).get(reverse("core:dashboard")).content.decode()
    assert "1 open cases; 2 tasks due within 7 days or overdue." in page
    assert reverse("cases:list") in page
    assert "secret task" not in page and "Panel Secret Name" not in page
