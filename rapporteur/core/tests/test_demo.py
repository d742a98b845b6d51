"""The demo data: fictional, idempotent, and usable with the printed credentials."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from rapporteur.accounts.models import User
from rapporteur.cases import demo as cases_demo
from rapporteur.cases.models import Act, Case, Person, Task
from rapporteur.cases.selectors import search_cases, visible_cases
from rapporteur.core import demo
from rapporteur.testing.vault import use_fast_argon2
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.services import unlock_desk_keys

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_keys(settings):
    use_fast_argon2(settings)


def test_demo_staff_are_marked_fictional_and_load_once():
    demo.load()
    demo.load()
    users = User.objects.filter(username__in=[p.username for p in demo.DEMO_STAFF])
    assert users.count() == len(demo.DEMO_STAFF)
    assert all("fictional" in u.first_name for u in users)


def test_demo_credentials_sign_in(client):
    demo.load()
    client.post(reverse("accounts:login"), {"username": "officer", "password": demo.DEMO_PASSWORD})
    response = client.post(
        reverse("accounts:second_factor"), {"token": demo.current_code("officer")}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_demo_command_refuses_outside_demo_mode(settings):
    settings.MODE = "production"
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo", "--no-serve")
    with pytest.raises(CommandError, match="demo mode"):
        call_command("democode", "officer")


def test_demo_command_prepares_and_prints_logins(settings, capsys):
    settings.MODE = "demo"
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "fictional" in out and demo.DEMO_PASSWORD in out
    assert "officer" in out


def test_demo_command_serves_with_the_background_worker(settings, monkeypatch):
    from rapporteur.core.management.commands import demo as demo_command

    served = []

    def record_serve(name, *args, **options):
        if name == "serve":
            served.append(options)
        else:
            call_command(name, *args, **options)

    settings.MODE = "demo"
    monkeypatch.setattr(demo_command, "call_command", record_serve)
    call_command("demo", "--bind", "127.0.0.1:8765")
    assert served == [{"bind": "127.0.0.1:8765", "workers": 2, "with_worker": True}]


def test_democode_names_unknown_accounts(settings):
    settings.MODE = "demo"
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("democode", "nobody")


def test_demo_communications_cover_the_workflow_once(client, settings):
    from django.utils import timezone

    from rapporteur.accounts.models import User
    from rapporteur.communications.demo import APPROVER
    from rapporteur.communications.models import Communication, PressRelease, State
    from rapporteur.communications.selectors import deadline_counts
    from rapporteur.testing.vault import use_fast_argon2

    use_fast_argon2(settings)
    demo.load()
    demo.load()
    states = set(Communication.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert Communication.objects.filter(follow_up_of__isnull=False).count() == 1
    approver = User.objects.get(username=APPROVER)  # sees every letter
    assert deadline_counts(user=approver, today=timezone.localdate()).overdue == 1
    published = Communication.objects.get(state=State.PUBLISHED)
    page = client.get(reverse("communications:detail", args=[published.pk])).content.decode()
    assert "released on bail" in page and "Malika" not in page
    assert "Malika" not in client.get(reverse("communications:report")).content.decode()
    assert PressRelease.objects.filter(state="published").count() == 1


def _officer_keys(username: str) -> dict[int, bytes]:
    return unlock_desk_keys(user=User.objects.get(username=username), passphrase=demo.DEMO_PASSWORD)


def test_demo_cases_load_once_and_are_fictional():
    demo.load()
    counts = (Case.objects.count(), Person.objects.count(), Act.objects.count())
    demo.load()
    assert (Case.objects.count(), Person.objects.count(), Act.objects.count()) == counts
    assert counts[0] == len(cases_demo.CASES) >= 12
    keys = _officer_keys("officer") | _officer_keys("officer2")
    for case in Case.objects.select_related("desk_key"):
        title = vault_sealing.open_record(case, keys)["title"]
        assert any(marker in title for marker in cases_demo.FICTIONAL_MARKERS), title
        assert case.owner.username in cases_demo.OWNERS
    for person in Person.objects.select_related("desk_key"):
        name = vault_sealing.open_record(person, keys)["name"]
        assert any(marker in name for marker in cases_demo.FICTIONAL_MARKERS), name
    precisions = set(Act.objects.values_list("start_precision", flat=True))
    assert {"exact", "month", "season", "year", "approximate"} <= precisions
    assert Act.objects.filter(legal_provisions__key="tj_cc_307").exists()
    assert Task.objects.filter(done=False).exists()


@pytest.mark.parametrize(
    ("query", "stored_as"),
    [
        ("Khudoyorov", "Худоёров"),
        ("Shohimmat", "Шоҳиммат"),
        ("Раҳимова", "Rahimova"),
        ("Сатторов", "Sattorov"),
    ],
)
def test_demo_cases_are_found_across_scripts_as_the_demo_officer(query, stored_as):
    demo.load()
    officer = User.objects.get(username="officer")
    keys = _officer_keys("officer")
    found = list(search_cases(officer, query=query, desk_keys=keys))
    assert len(found) == 1
    names = [
        vault_sealing.open_record(p, keys)["name"]
        for p in found[0].persons.select_related("desk_key")
    ]
    assert any(stored_as in name for name in names)
    assert set(found) <= set(visible_cases(officer))
