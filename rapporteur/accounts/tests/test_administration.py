"""Staff administration: each action does what it says, writes its one audit entry
with no secret in it, refuses what an administrator may not do to their own
account, and every administration URL refuses everyone but administrators."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from rapporteur.accounts import services, urls
from rapporteur.accounts.models import LoginThrottle, User
from rapporteur.accounts.permissions import Perm, Role, role_has
from rapporteur.accounts.throttle import note_failure
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.errors import Refused
from rapporteur.testing.personas import PASSWORD, make_staff

pytestmark = pytest.mark.django_db

STAFF_LIST = reverse("accounts:staff_list")
CREATE = reverse("accounts:staff_create")
# Every action the staff list offers on a member.
ACTIONS = ["role", "unlock", "deactivate", "reactivate", "reset-second-factor", "reset-password"]


def action_url(member: User, action: str) -> str:
    return reverse("accounts:staff_action", args=[member.pk, action])


def last_seq() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def entries_after(seq: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(seq__gt=seq).order_by("seq"))


def assert_no_secret(entries: list[AuditEntry], *secrets: str) -> None:
    """No entry holds a password or code, in any spelling, nor a key that invites one."""
    for entry in entries:
        written = json.dumps(
            [entry.tag, entry.target_type, entry.target_id, entry.extras], ensure_ascii=False
        )
        for secret in (PASSWORD, *secrets):
            assert secret not in written
            assert secret.replace("-", "") not in written.replace("-", "")
        assert not {"password", "token", "code", "secret"} & set(entry.extras)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def admin(client_for, administrator) -> Client:
    return client_for(administrator)


# --- Each action, its one entry ---------------------------------------------------


def test_creating_a_member_shows_a_one_time_code_that_is_never_logged(admin, administrator):
    before = last_seq()
    response = admin.post(CREATE, {"username": "newcomer", "full_name": "A B", "role": "officer"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    code = re.search(r'<code id="enrolment-code">([^<]+)</code>', response.content.decode())[1]
    member = User.objects.get(username="newcomer")
    assert member.role == Role.OFFICER and member.must_change_password
    assert member.check_password(code)
    entries = entries_after(before)
    assert [e.tag for e in entries] == [AuditTag.USER_CREATED]
    assert entries[0].actor_id == administrator.pk
    assert entries[0].target_id == str(member.pk)
    assert_no_secret(entries, code)
    # The code signs in only as far as choosing one's own password.
    response = Client().post(reverse("accounts:login"), {"username": "newcomer", "password": code})
    assert response.url == reverse("accounts:choose_password")


def test_a_name_already_taken_is_refused_whatever_its_case(admin, officer):
    before = last_seq()
    response = admin.post(CREATE, {"username": "OFFICER", "role": "officer"})
    assert "already has this name" in response.content.decode()
    assert User.objects.filter(username__iexact="officer").count() == 1
    assert entries_after(before) == []


@pytest.mark.parametrize(
    ("chosen", "message", "role", "logged"),
    [
        pytest.param(
            "analyst",
            "Saved.",
            Role.ANALYST,
            [(AuditTag.ROLE_CHANGED, {"from": "officer", "to": "analyst"})],
            id="changed",
        ),
        pytest.param(
            "superuser", "Choose one of the listed roles.", Role.OFFICER, [], id="not-in-the-list"
        ),
    ],
)
def test_a_role_is_changed_or_refused(admin, officer, chosen, message, role, logged):
    before = last_seq()
    response = admin.post(action_url(officer, "role"), {"role": chosen}, follow=True)
    assert message in messages_of(response)
    assert User.objects.get(pk=officer.pk).role == role
    entries = entries_after(before)
    assert [(e.tag, e.extras) for e in entries] == logged
    assert_no_secret(entries)


def test_the_same_role_again_writes_nothing(admin, officer):
    before = last_seq()
    admin.post(action_url(officer, "role"), {"role": "officer"})
    assert entries_after(before) == []


def test_deactivating_ends_the_sessions_and_reactivating_lets_back_in(admin, client_for, officer):
    session = client_for(officer)
    before = last_seq()
    admin.post(action_url(officer, "deactivate"))
    assert User.objects.get(pk=officer.pk).is_active is False
    assert session.get(reverse("core:dashboard")).status_code == 302
    assert [e.tag for e in entries_after(before)] == [AuditTag.USER_DEACTIVATED]
    # Deactivated, the right password is refused like a wrong one.
    response = Client().post(
        reverse("accounts:login"), {"username": "officer", "password": PASSWORD}
    )
    assert "Wrong name or password." in response.content.decode()

    before = last_seq()
    admin.post(action_url(officer, "reactivate"))
    assert User.objects.get(pk=officer.pk).is_active is True
    entries = entries_after(before)
    assert [e.tag for e in entries] == [AuditTag.USER_REACTIVATED]
    assert_no_secret(entries)


def test_unlocking_a_locked_member(admin, officer, settings):
    settings.LOGIN_LOCKOUT_AFTER = 2
    for _ in range(2):
        note_failure("officer")
    page = admin.get(STAFF_LIST).content.decode()
    assert "Locked" in page and action_url(officer, "unlock") in page
    before = last_seq()
    admin.post(action_url(officer, "unlock"))
    assert not LoginThrottle.objects.exists()
    entries = entries_after(before)
    assert [e.tag for e in entries] == [AuditTag.USER_UNLOCKED]
    assert_no_secret(entries)
    assert action_url(officer, "unlock") not in admin.get(STAFF_LIST).content.decode()


def test_resetting_a_password_shows_a_new_code_once(admin, client_for, officer):
    session = client_for(officer)
    before = last_seq()
    response = admin.post(action_url(officer, "reset-password"))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    code = re.search(r'<code id="enrolment-code">([^<]+)</code>', response.content.decode())[1]
    member = User.objects.get(pk=officer.pk)
    assert member.must_change_password and member.check_password(code)
    assert not member.check_password(PASSWORD)
    assert session.get(reverse("core:dashboard")).status_code == 302
    entries = entries_after(before)
    # The reset, and the desk key grants it drops (none here) in an entry of their own.
    assert sorted(e.tag for e in entries) == sorted(
        [AuditTag.VAULT_GRANTS_DROPPED, AuditTag.PASSWORD_RESET]
    )
    assert [e.tag for e in entries].count(AuditTag.PASSWORD_RESET) == 1
    assert_no_secret(entries, code)


def test_resetting_the_second_factor(admin, client_for, officer):
    session = client_for(officer)
    before = last_seq()
    response = admin.post(action_url(officer, "reset-second-factor"), follow=True)
    assert "The desk key grants of officer are revoked." in " ".join(messages_of(response))
    assert session.get(reverse("core:dashboard")).status_code == 302
    entries = entries_after(before)
    assert sorted(e.tag for e in entries) == sorted(
        [AuditTag.VAULT_GRANTS_DROPPED, AuditTag.SECOND_FACTOR_RESET]
    )
    assert [e.tag for e in entries].count(AuditTag.SECOND_FACTOR_RESET) == 1
    assert_no_secret(entries)


def test_an_unknown_action_or_member_changes_nothing(admin, officer):
    before = last_seq()
    response = admin.post(action_url(officer, "promote"), follow=True)
    assert "Unknown action." in messages_of(response)
    assert admin.post(reverse("accounts:staff_action", args=[99999, "deactivate"])).status_code == (
        404
    )
    assert entries_after(before) == []


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_need_a_post(admin, officer, action):
    assert admin.get(action_url(officer, action)).status_code == 405


# --- One's own account --------------------------------------------------------------


@pytest.mark.parametrize(
    "action, data, message",
    [
        ("role", {"role": "officer"}, "You cannot change your own role or deactivate yourself."),
        ("deactivate", {}, "You cannot change your own role or deactivate yourself."),
        ("reset-password", {}, "Change your own password from your account page."),
    ],
)
def test_an_administrator_cannot_demote_deactivate_or_reset_themselves(
    admin, administrator, action, data, message
):
    before = last_seq()
    response = admin.post(action_url(administrator, action), data, follow=True)
    assert message in messages_of(response)
    member = User.objects.get(pk=administrator.pk)
    assert member.role == Role.ADMINISTRATOR and member.is_active
    assert member.check_password(PASSWORD)
    assert entries_after(before) == []


@pytest.mark.parametrize("action", ["change_role", "set_active", "reset_password"])
def test_the_services_refuse_it_too(administrator, action):
    calls = {
        "change_role": lambda: services.change_role(
            acting_user=administrator, user=administrator, role=Role.OFFICER
        ),
        "set_active": lambda: services.set_active(
            acting_user=administrator, user=administrator, active=False
        ),
        "reset_password": lambda: services.reset_password(
            acting_user=administrator, user=administrator
        ),
    }
    with pytest.raises(Refused):
        calls[action]()


# --- Only administrators ------------------------------------------------------------


def administration_routes() -> list[URLPattern]:
    """Every accounts URL that declares the administration permission."""
    return [
        pattern
        for pattern in urls.urlpatterns
        if isinstance(pattern, URLPattern)
        and getattr(pattern.callback, "required_permission", None) == Perm.ACCOUNTS_MANAGE
    ]


def test_the_administration_routes_are_all_found():
    names = {pattern.name for pattern in administration_routes()}
    assert {"staff_list", "staff_create", "staff_action"} <= names


def administration_urls(member: User) -> list[str]:
    found = []
    for pattern in administration_routes():
        parameters = set(pattern.pattern.converters)
        if "action" in parameters:
            found += [
                reverse(f"accounts:{pattern.name}", kwargs={"user_id": member.pk, "action": a})
                for a in ACTIONS
            ]
        elif parameters == {"user_id"}:
            found.append(reverse(f"accounts:{pattern.name}", kwargs={"user_id": member.pk}))
        else:
            assert not parameters, f"a test value is needed for {sorted(parameters)}"
            found.append(reverse(f"accounts:{pattern.name}"))
    return found


@pytest.mark.parametrize(
    "role", [role for role in Role if not role_has(role.value, Perm.ACCOUNTS_MANAGE)]
)
def test_everyone_else_is_refused_on_every_administration_url(client_for, officer, role):
    someone = client_for(make_staff(role))
    for url in administration_urls(officer):
        before = last_seq()
        for method in (someone.get, someone.post):
            assert method(url, {"role": "analyst", "username": "x"}).status_code == (403), url
        tags = [e.tag for e in entries_after(before)]
        assert tags == [AuditTag.PERMISSION_DENIED] * 2, url
    member = User.objects.get(pk=officer.pk)
    assert member.role == Role.OFFICER and member.is_active and member.check_password(PASSWORD)
    assert not User.objects.filter(username="x").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, officer):
    for url in administration_urls(officer):
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
