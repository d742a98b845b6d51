"""Signing in with two factors, throttling, lock-out, session expiry, logging out everywhere."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Role
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.testing.personas import PASSWORD, code_for_key, current_code, make_staff

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:second_factor")
DASHBOARD = reverse("core:dashboard")


def tags() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("tag", flat=True))


def password_step(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_password_and_code_sign_in(client, officer):
    response = password_step(client, "officer")
    assert response.status_code == 302 and response.url == CODE
    # After the password alone, the desk is still closed.
    assert client.get(DASHBOARD).status_code == 302
    response = client.post(CODE, {"token": current_code(officer)})
    assert response.status_code == 302 and response.url == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    assert tags()[-1] == AuditTag.LOGIN


def test_password_alone_never_signs_in(client, officer):
    password_step(client, "officer")
    session_user = client.session.get("_auth_user_id")
    assert session_user is None
    assert client.get(reverse("accounts:account")).status_code == 302


def test_wrong_password_is_refused_and_audited(client, officer):
    response = password_step(client, "officer", "wrong password")
    assert response.status_code == 200
    assert "Wrong name or password." in response.content.decode()
    entry = AuditEntry.objects.get(tag=AuditTag.LOGIN_FAILED)
    assert entry.target_id == str(officer.pk)
    assert "password" not in entry.extras


def test_unknown_name_gets_the_same_message(client, db):
    response = password_step(client, "nobody")
    assert "Wrong name or password." in response.content.decode()


def test_wrong_code_is_refused_and_audited(client, officer):
    password_step(client, "officer")
    wrong = f"{(int(current_code(officer)) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"token": wrong})
    assert response.status_code == 200
    assert "wrong, expired or already used" in response.content.decode()
    assert AuditTag.OTP_FAILED in tags()
    assert client.get(DASHBOARD).status_code == 302


def test_replayed_code_is_refused(client, officer):
    code = current_code(officer)
    password_step(client, "officer")
    assert client.post(CODE, {"token": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    password_step(client, "officer")
    response = client.post(CODE, {"token": code})
    assert response.status_code == 200
    assert client.get(DASHBOARD).status_code == 302


def test_recovery_code_works_once(client, officer):
    from rapporteur.accounts.factors import renew_recovery_codes

    codes = renew_recovery_codes(user=officer)
    password_step(client, "officer")
    assert client.post(CODE, {"token": codes[0]}).status_code == 302
    assert AuditTag.RECOVERY_CODE_USED in tags()
    client.post(reverse("accounts:logout"))
    password_step(client, "officer")
    assert client.post(CODE, {"token": codes[0]}).status_code == 200


def test_first_sign_in_enrols_an_authenticator(client, db):
    make_staff(Role.OFFICER, "newcomer", enrolled=False)
    response = password_step(client, "newcomer")
    assert response.url == reverse("accounts:enrol")
    page = client.get(response.url).content.decode()
    assert "<svg" in page and "otpauth" not in page  # the QR is drawn here, the URI not leaked
    code = code_for_key(re.search(r'<code class="key">([^<]+)</code>', page).group(1))
    response = client.post(reverse("accounts:enrol"), {"token": code})
    assert response.status_code == 200
    assert "recovery codes" in response.content.decode().lower()
    assert client.get(DASHBOARD).status_code == 200
    assert AuditTag.OTP_ENROLLED in tags()


def test_second_step_expires(client, officer, monkeypatch):
    password_step(client, "officer")
    session = client.session
    session["pending_login"]["at"] -= 3600
    session.save()
    response = client.post(CODE, {"token": current_code(officer)})
    assert response.status_code == 302 and response.url == LOGIN


def test_repeated_failures_slow_down_then_lock_out(client, officer, settings):
    settings.LOGIN_SLOWDOWN_AFTER = 3
    settings.LOGIN_LOCKOUT_AFTER = 5
    for _ in range(3):
        password_step(client, "officer", "wrong")
    response = password_step(client, "officer")  # right password, but must wait
    assert "Wait" in response.content.decode()
    assert AuditTag.LOGIN_THROTTLED in tags()
    # Push the clock past every delay and keep failing until the lock-out.
    from rapporteur.accounts.models import LoginThrottle

    for _ in range(2):
        LoginThrottle.objects.update(last_failure_at=timezone.now() - timedelta(hours=1))
        password_step(client, "officer", "wrong")
    LoginThrottle.objects.update(last_failure_at=timezone.now() - timedelta(hours=1))
    response = password_step(client, "officer")
    assert "locked" in response.content.decode()
    assert AuditTag.LOGIN_LOCKED in tags()


def test_administrator_unlocks(client, client_for, officer, administrator, settings):
    settings.LOGIN_LOCKOUT_AFTER = 2
    for _ in range(2):
        password_step(client, "officer", "wrong")
    admin = client_for(administrator)
    admin.post(reverse("accounts:staff_action", args=[officer.pk, "unlock"]))
    assert AuditTag.USER_UNLOCKED in tags()
    assert password_step(client, "officer").url == CODE


def test_throttle_stores_no_name_in_clear(client, db):
    from rapporteur.accounts.models import LoginThrottle

    password_step(client, "someone-guessed", "x")
    row = LoginThrottle.objects.get()
    assert "someone" not in row.name_digest


def test_idle_session_expires(client_for, officer):
    client = client_for(officer)
    assert client.get(DASHBOARD).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_session_lifetime_follows_idle_setting(client_for, officer, settings):
    client = client_for(officer)
    client.get(DASHBOARD)
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert remaining <= timedelta(minutes=settings.SESSION_IDLE_MINUTES)


def test_logout_everywhere_ends_other_sessions(client_for, officer):
    laptop, phone = client_for(officer), client_for(officer)
    assert phone.get(DASHBOARD).status_code == 200
    laptop.post(reverse("accounts:logout_everywhere"))
    assert phone.get(DASHBOARD).status_code == 302
    assert laptop.get(DASHBOARD).status_code == 302
    assert AuditTag.LOGOUT_EVERYWHERE in tags()


def test_logout_requires_post(client_for, officer):
    client = client_for(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(DASHBOARD).status_code == 302


def test_deactivated_user_is_signed_out(client_for, officer, administrator):
    session = client_for(officer)
    admin = client_for(administrator)
    admin.post(reverse("accounts:staff_action", args=[officer.pk, "deactivate"]))
    assert session.get(DASHBOARD).status_code == 302
    assert User.objects.get(pk=officer.pk).is_active is False


@pytest.mark.parametrize("wrong", ["000000", "99999999", "not a code", "abcd-efgh"])
def test_correct_code_after_one_wrong_code_signs_in(client, officer, wrong):
    """A typo in the code (of any shape) must not refuse the right code straight after."""
    password_step(client, "officer")
    response = client.post(CODE, {"token": wrong})
    assert "This code is wrong" in response.content.decode()
    response = client.post(CODE, {"token": current_code(officer)})
    assert response.status_code == 302 and response.url == DASHBOARD


def test_many_wrong_codes_make_the_next_attempt_wait_without_sleeping(client, officer, settings):
    import time

    settings.LOGIN_SLOWDOWN_AFTER = 3
    password_step(client, "officer")
    for _ in range(3):
        client.post(CODE, {"token": "000000"})
    started = time.monotonic()
    response = client.post(CODE, {"token": current_code(officer)})
    assert time.monotonic() - started < 1
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()


def test_unknown_name_is_counted_and_audited_without_a_target(client, db):
    from rapporteur.accounts.models import LoginThrottle

    password_step(client, "nobody")
    entry = AuditEntry.objects.get(tag=AuditTag.LOGIN_FAILED)
    assert entry.target_id == "" and entry.extras == {"failures": 1, "locked": False}
    assert LoginThrottle.objects.get().failures == 1


def test_deactivated_member_is_refused_like_a_wrong_password(client, officer):
    User.objects.filter(pk=officer.pk).update(is_active=False)
    response = password_step(client, "officer")
    assert "Wrong name or password." in response.content.decode()
    assert client.session.get("pending_login") is None
    assert AuditEntry.objects.get(tag=AuditTag.LOGIN_FAILED).target_id == str(officer.pk)


def test_an_expired_enrolment_code_is_refused(client, db):
    member = make_staff(Role.OFFICER, "late", enrolled=False)
    User.objects.filter(pk=member.pk).update(
        must_change_password=True, enrolment_expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = password_step(client, "late")
    assert "This enrolment code has expired" in response.content.decode()
    assert client.session.get("pending_login") is None


@pytest.mark.parametrize("factor", ["totp", "recovery-code"])
def test_the_sign_in_entry_names_the_factor_and_no_code(client, officer, factor):
    from rapporteur.accounts.factors import renew_recovery_codes

    token = current_code(officer) if factor == "totp" else renew_recovery_codes(user=officer)[0]
    password_step(client, "officer")
    assert client.post(CODE, {"token": token}).url == DASHBOARD
    entry = AuditEntry.objects.filter(tag=AuditTag.LOGIN).get()
    assert entry.actor_id == officer.pk and entry.extras == {"factor": factor}
    assert token not in str(entry.extras)


def test_a_wrong_code_at_enrolment_is_refused_and_audited(client, db):
    make_staff(Role.OFFICER, "newcomer", enrolled=False)
    password_step(client, "newcomer")
    client.get(reverse("accounts:enrol"))
    response = client.post(reverse("accounts:enrol"), {"token": "000000"})
    assert "Check the time on your phone" in response.content.decode()
    assert AuditEntry.objects.get(tag=AuditTag.OTP_FAILED).extras == {"during": "enrolment"}
    assert client.get(DASHBOARD).status_code == 302


@pytest.mark.parametrize("page", ["accounts:second_factor", "accounts:enrol"])
def test_the_second_step_needs_the_first(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302 and response.url == LOGIN


@pytest.mark.parametrize(
    "next_url, lands_on",
    [("/desk/account/", "/desk/account/"), ("https://elsewhere.example/", DASHBOARD)],
)
def test_after_sign_in_only_a_page_of_the_desk_is_followed(client, officer, next_url, lands_on):
    client.post(f"{LOGIN}?next={next_url}", {"username": "officer", "password": PASSWORD})
    assert client.post(CODE, {"token": current_code(officer)}).url == lands_on


def test_a_signed_in_member_is_sent_from_the_sign_in_page_to_the_desk(client_for, officer):
    response = client_for(officer).get(LOGIN)
    assert response.status_code == 302 and response.url == DASHBOARD


def test_the_idle_timeout_slides_with_each_request(client_for, officer):
    client = client_for(officer)
    client.get(DASHBOARD)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get(DASHBOARD)
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=2)


def test_the_session_cookie_ends_with_the_browser(client, officer):
    password_step(client, "officer")
    response = client.post(CODE, {"token": current_code(officer)})
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
