"""A real Chromium with JavaScript off: an officer corrects a case in Russian.
Names a perpetrator inline, edits the act, deletes a task through its
confirmation page (no script), and reads the change history in words."""

from __future__ import annotations

import re

import pytest

from rapporteur.cases.models import Involvement, Task
from rapporteur.cases.services import records
from rapporteur.testing.browser import shot, signed_in_page
from rapporteur.testing.cases import documented_case, ensure_vocabularies
from rapporteur.testing.vault import initialise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_corrects_a_case_without_javascript_in_russian(chromium, live_server, officer):
    ensure_vocabularies()
    initialise(officer)
    case, _ = documented_case(officer, document=None)
    task = records.add_task(case=case, acting_user=officer, text="Позвонить адвокату", due_on=None)
    page = signed_in_page(chromium, live_server, officer, language="ru", locale="ru-RU")
    page.goto(f"/desk/cases/{case.pk}/")

    page.click("#timeline >> text=Добавить исполнителя")
    page.fill("#id_new_name", "майор Рустам Каримов")
    page.fill("#id_new_description", "ГКНБ, Худжанд")
    page.click("main form button[type=submit]")
    assert Involvement.objects.get().perpetrator is not None
    page.fill("#id_place", "Худжанд, СИЗО")
    page.click("main form button[type=submit]")
    timeline = page.inner_text("#timeline")
    assert "майор Рустам Каримов (ГКНБ, Худжанд)" in timeline and "Худжанд, СИЗО" in timeline
    people = page.inner_text("#people")
    perpetrator_line = next(line for line in people.splitlines() if "Каримов" in line)
    assert "исполнитель" in perpetrator_line and "Записать согласие" not in perpetrator_line

    page.click("#tasks >> text=Удалить")
    shot(page, "cases-delete-ru")
    assert Task.objects.filter(pk=task.pk).exists()
    page.click("button.danger")
    assert not Task.objects.filter(pk=task.pk).exists()

    page.goto(f"/desk/cases/{case.pk}/history/")
    shot(page, "cases-history-ru")
    history = page.inner_text("#history")
    assert "Удалено" in history and "Позвонить адвокату" in history
    assert re.search(r"\b\d{12}\b|True|False", history) is None
    page.context.close()
