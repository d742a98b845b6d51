"""Security keys and passkeys: adding one from the account page, signing in with it,
and every way a forged, replayed or foreign answer must be refused.

The key is a software authenticator (``testing/webauthn.py``) answering the real
options the desk hands out, through the same views the browser script uses.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fido2.utils import websafe_encode

from rapporteur.accounts.models import LoginThrottle, Passkey
from rapporteur.accounts.throttle import CODE as CODE_SCOPE
from rapporteur.accounts.throttle import name_digest
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.testing.personas import PASSWORD, current_code, sign_in
from rapporteur.testing.webauthn import SoftKey

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:second_factor")
DASHBOARD = reverse("core:dashboard")
ACCOUNT = reverse("accounts:account")
ADD_BEGIN = reverse("accounts:passkey_add_begin")
ADD = reverse("accounts:passkey_add")
REMOVE = reverse("accounts:passkey_remove")
SIGN_IN_BEGIN = reverse("accounts:passkey_sign_in_begin")
SIGN_IN = reverse("accounts:passkey_sign_in")

# Look-alike and foreign places a phishing page could ask from: (origin, RP id).
FOREIGN = [
    pytest.param("https://desk.example.org", "localhost", id="another-origin"),
    pytest.param("http://evil.localhost", "localhost", id="a-subdomain"),
    pytest.param("http://localhost.evil.org", "localhost", id="look-alike-host"),
    pytest.param("ftp://localhost", "localhost", id="another-scheme"),
    pytest.param("http://localhost:8000", "evil.example", id="another-rp-id"),
    pytest.param("https://evil.example", "evil.example", id="both-foreign"),
]


@pytest.fixture
def client():
    """Pages served at the relying party's host, where keys are offered."""
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def client_for():
    return lambda user: sign_in(Client(HTTP_HOST="localhost"), user)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def begin_adding(client, name="blue key", password=PASSWORD) -> dict:
    response = client.post(ADD_BEGIN, {"add-name": name, "add-password": password})
    assert response.status_code == 200
    return response.json()


def add_key(client, key: SoftKey, name: str = "blue key", **answer) -> Passkey | None:
    options = begin_adding(client, name)
    client.post(ADD, {"credential": key.create(options, **answer)})
    return Passkey.objects.filter(credential_id=key.credential_id).first()


@pytest.fixture
def officer_key(client_for, officer) -> SoftKey:
    key = SoftKey()
    assert add_key(client_for(officer), key) is not None
    return key


def password_step(client, username="officer"):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.url == CODE
    return response


def sign_in_options(client) -> dict:
    response = client.post(SIGN_IN_BEGIN)
    assert response.status_code == 200
    return response.json()


def signed_in(client) -> bool:
    return client.get(DASHBOARD).status_code == 200


def code_failures(username: str = "officer") -> int:
    row = LoginThrottle.objects.filter(name_digest=name_digest(username, CODE_SCOPE)).first()
    return row.failures if row else 0


# --- Adding a key ----------------------------------------------------------------------


def test_adding_a_key_stores_public_material_hours_and_a_random_handle(client_for, officer):
    client = client_for(officer)
    options = begin_adding(client)["publicKey"]
    assert options["rp"]["id"] == "localhost"
    assert options["attestation"] == "none"
    assert options["authenticatorSelection"]["userVerification"] == "preferred"
    key = SoftKey()
    response = client.post(ADD, {"credential": key.create({"publicKey": options})})
    assert response.status_code == 302 and response.url == ACCOUNT
    passkey = Passkey.objects.get(user=officer)
    assert passkey.name == "blue key"
    assert bytes(passkey.credential_id) == key.credential_id
    assert passkey.created_hour.minute == passkey.created_hour.second == 0
    assert passkey.last_used_hour is None
    handle = bytes(passkey.user_handle)
    assert websafe_encode(handle) == options["user"]["id"] and len(handle) == 32
    assert b"officer" not in handle  # random bytes, not the name or the account's id
    entry = AuditEntry.objects.get(tag=AuditTag.PASSKEY_ADDED)
    assert entry.extras == {"passkey": passkey.pk}


def test_each_member_gets_their_own_random_handle(client_for, officer, other_officer):
    handles = {
        begin_adding(client_for(user))["publicKey"]["user"]["id"]
        for user in (officer, other_officer, officer)
    }
    assert len(handles) == 3  # nothing stored yet: a new random handle each time


def test_a_second_key_shares_the_handle_and_excludes_the_first(client_for, officer, officer_key):
    client = client_for(officer)
    options = begin_adding(client, "laptop")["publicKey"]
    first = Passkey.objects.get(user=officer)
    assert options["user"]["id"] == websafe_encode(bytes(first.user_handle))
    assert [d["id"] for d in options["excludeCredentials"]] == [
        websafe_encode(officer_key.credential_id)
    ]
    # A browser would refuse; a forged answer re-using the key is refused here.
    response = client.post(ADD, {"credential": officer_key.create({"publicKey": options})})
    assert "This key is already registered." in messages_of(response)
    assert Passkey.objects.filter(user=officer).count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"add-name": "blue key", "add-password": "wrong"}, "This is not your current password."),
        ({"add-name": "", "add-password": PASSWORD}, "This field is required."),
        ({"add-name": "x" * 65, "add-password": PASSWORD}, "at most 64 characters"),
    ],
)
def test_adding_needs_the_password_and_a_name(client_for, officer, fields, error):
    client = client_for(officer)
    answer = client.post(ADD_BEGIN, fields).json()
    assert error in answer["error"] and "publicKey" not in answer
    assert "passkey_registration" not in client.session


def test_two_keys_cannot_share_a_name(client_for, officer, officer_key):
    answer = client_for(officer).post(ADD_BEGIN, {"add-name": "blue key", "add-password": PASSWORD})
    assert answer.json()["error"] == "You already have a key with this name."


@pytest.mark.parametrize("challenge", [b"\0" * 32, "not-the-challenge-at-all"])
def test_adding_with_another_challenge_is_refused(client_for, officer, challenge):
    assert add_key(client_for(officer), SoftKey(), challenge=challenge) is None
    assert not Passkey.objects.exists()


@pytest.mark.parametrize(("origin", "rp_id"), FOREIGN)
def test_adding_from_a_foreign_origin_or_for_another_rp_is_refused(
    client_for, officer, origin, rp_id
):
    assert add_key(client_for(officer), SoftKey(), origin=origin, rp_id=rp_id) is None


def test_a_registration_answer_works_once(client_for, officer):
    client = client_for(officer)
    key = SoftKey()
    answer = key.create(begin_adding(client))
    assert client.post(ADD, {"credential": answer}).status_code == 302
    Passkey.objects.all().delete()  # even with the key gone, the answer is spent
    response = client.post(ADD, {"credential": answer})
    assert "Adding the key took too long or was already done. Start again." in messages_of(response)
    assert not Passkey.objects.exists()


def test_a_registration_challenge_expires(client_for, officer):
    client = client_for(officer)
    options = begin_adding(client)
    session = client.session
    session["passkey_registration"]["at"] -= 301
    session.save()
    client.post(ADD, {"credential": SoftKey().create(options)})
    assert not Passkey.objects.exists()


@pytest.mark.parametrize("answer", ["", "not json", "[]", "{}", '{"rawId": "AAAA"}'])
def test_a_malformed_registration_answer_is_refused(client_for, officer, answer):
    client = client_for(officer)
    begin_adding(client)
    response = client.post(ADD, {"credential": answer})
    assert "The key's answer could not be checked. Try again." in messages_of(response)
    assert not Passkey.objects.exists()


# --- Signing in with a key ------------------------------------------------------------


def test_password_then_key_signs_in(client, officer, officer_key):
    password_step(client)
    assert "Use your security key" in client.get(CODE).content.decode()
    options = sign_in_options(client)["publicKey"]
    assert options["rpId"] == "localhost" and options["userVerification"] == "preferred"
    assert [d["id"] for d in options["allowCredentials"]] == [
        websafe_encode(officer_key.credential_id)
    ]
    response = client.post(SIGN_IN, {"credential": officer_key.get({"publicKey": options})})
    assert response.status_code == 302 and response.url == DASHBOARD
    assert signed_in(client)
    login = AuditEntry.objects.filter(tag=AuditTag.LOGIN).latest("seq")
    assert login.extras == {"factor": "passkey"}
    passkey = Passkey.objects.get(user=officer)
    assert passkey.sign_count == officer_key.counter == 1
    assert passkey.last_used_hour is not None and passkey.last_used_hour.minute == 0
    used = AuditEntry.objects.get(tag=AuditTag.PASSKEY_USED)
    assert used.extras == {"passkey": passkey.pk}


def test_a_key_is_not_offered_without_one_and_the_code_always_is(client, officer):
    password_step(client)
    page = client.get(CODE).content.decode()
    assert "Use your security key" not in page and 'name="token"' in page
    assert sign_in_options(client)["error"].startswith("There is no security key")


def test_the_page_says_a_key_needs_javascript(client, client_for, officer, officer_key):
    """The forms are hidden until the script shows them; the note says why."""
    password_step(client)
    page = client.get(CODE).content.decode()
    assert 'id="passkey-sign-in" class="card narrow" hidden' in page
    assert "Your security key needs JavaScript" in page and 'name="token"' in page
    account = client_for(officer).get(ACCOUNT).content.decode()
    assert "Adding a key needs JavaScript" in account
    assert 'id="passkey-add" class="narrow" novalidate hidden' in account
    assert '<script src="/static/accounts/passkeys.js" defer></script>' in account


def test_a_key_is_not_offered_at_another_address(client, officer, officer_key):
    client.post(LOGIN, {"username": "officer", "password": PASSWORD}, HTTP_HOST="127.0.0.1")
    page = client.get(CODE, HTTP_HOST="127.0.0.1").content.decode()
    assert "Use your security key" not in page and 'name="token"' in page


def refused(client, response_json: str) -> bool:
    response = client.post(SIGN_IN, {"credential": response_json})
    assert response.status_code == 302 and response.url == CODE
    return not signed_in(client)


def last_failure_reason() -> str:
    return AuditEntry.objects.filter(tag=AuditTag.PASSKEY_FAILED).latest("seq").extras["reason"]


@pytest.mark.parametrize("challenge", [b"\0" * 32, b"another challenge, 32 bytes long"])
def test_signing_in_with_another_challenge_is_refused(client, officer, officer_key, challenge):
    password_step(client)
    options = sign_in_options(client)
    assert refused(client, officer_key.get(options, challenge=challenge))
    assert code_failures() == 1 and last_failure_reason() == "not-verified"


@pytest.mark.parametrize(("origin", "rp_id"), FOREIGN)
def test_signing_in_from_a_foreign_origin_or_for_another_rp_is_refused(
    client, officer, officer_key, origin, rp_id
):
    password_step(client)
    options = sign_in_options(client)
    assert refused(client, officer_key.get(options, origin=origin, rp_id=rp_id))
    assert code_failures() == 1


def test_a_signature_by_another_key_is_refused(client, officer, officer_key):
    password_step(client)
    options = sign_in_options(client)
    assert refused(client, officer_key.get(options, signer=SoftKey().private_key))
    assert last_failure_reason() == "not-verified"


def test_an_answer_works_once_and_only_for_its_challenge(client, officer, officer_key):
    password_step(client)
    answer = officer_key.get(sign_in_options(client))
    # Posted twice at once (the second from a copy): the challenge is already spent.
    assert client.post(SIGN_IN, {"credential": answer}).url == DASHBOARD
    client.post(reverse("accounts:logout"))
    password_step(client)
    assert refused(client, answer)
    assert last_failure_reason() == "no-challenge"
    sign_in_options(client)  # a fresh challenge does not revive the old answer
    assert refused(client, answer)
    assert last_failure_reason() == "not-verified"


def test_any_answer_spends_the_challenge(client, officer, officer_key):
    """A failed try takes the challenge with it: a guesser gets one try per challenge."""
    password_step(client)
    answer = officer_key.get(sign_in_options(client))
    assert refused(client, "{}")
    assert refused(client, answer)
    assert last_failure_reason() == "no-challenge"


def test_a_sign_in_challenge_expires(client, officer, officer_key):
    password_step(client)
    options = sign_in_options(client)
    session = client.session
    session["passkey_authentication"]["at"] -= 301
    session.save()
    assert refused(client, officer_key.get(options))
    assert last_failure_reason() == "no-challenge"


@pytest.mark.parametrize("back_to", ["same", "lower", "zero"])
def test_a_counter_that_does_not_move_on_is_refused(client, officer, officer_key, back_to):
    """A copy of a key gives itself away: its counter lags behind the original's."""
    Passkey.objects.update(sign_count=5)
    officer_key.counter = {"same": 4, "lower": 1, "zero": -1}[back_to]  # get() adds one
    password_step(client)
    assert refused(client, officer_key.get(sign_in_options(client)))
    assert last_failure_reason() == "sign-count"
    assert Passkey.objects.get().sign_count == 5


def test_a_key_that_never_counts_is_accepted_each_time(client, client_for, officer):
    key = SoftKey(counts=False)
    add_key(client_for(officer), key)
    for _ in range(2):
        password_step(client)
        client.post(SIGN_IN, {"credential": key.get(sign_in_options(client))})
        assert signed_in(client)
        client.post(reverse("accounts:logout"))


def test_another_users_key_is_refused(client, client_for, officer, other_officer, officer_key):
    theirs = SoftKey()
    add_key(client_for(other_officer), theirs)
    password_step(client)
    assert refused(client, theirs.get(sign_in_options(client)))
    assert code_failures("officer") == 1 and code_failures("officer2") == 0


@pytest.mark.parametrize("answer", ["", "not json", "{}", '{"rawId": "AAAA", "response": {}}'])
def test_a_malformed_sign_in_answer_is_refused(client, officer, officer_key, answer):
    password_step(client)
    sign_in_options(client)
    assert refused(client, answer)


def test_a_sign_in_answer_needs_the_pending_password_step(client, officer, officer_key):
    answer = officer_key.get({"publicKey": {"challenge": websafe_encode(b"\1" * 32)}})
    response = client.post(SIGN_IN, {"credential": answer})
    assert response.status_code == 302 and response.url == LOGIN
    assert client.post(SIGN_IN_BEGIN).json()["error"].startswith("Your sign-in took too long")


def test_failed_keys_and_wrong_codes_share_one_count(client, officer, officer_key, settings):
    settings.LOGIN_SLOWDOWN_AFTER = 3
    password_step(client)
    client.post(CODE, {"token": "000000"})
    for _ in range(2):
        refused(client, officer_key.get(sign_in_options(client), challenge=b"\0" * 32))
    assert code_failures() == 3
    assert "Too many wrong codes" in sign_in_options(client)["error"]
    # A right answer to a challenge made before the wait is refused during the wait.
    LoginThrottle.objects.update(last_failure_at=timezone.now() - timedelta(hours=1))
    options = sign_in_options(client)
    LoginThrottle.objects.update(last_failure_at=timezone.now())
    response = client.post(SIGN_IN, {"credential": officer_key.get(options)})
    assert any("Too many wrong codes" in m for m in messages_of(response))
    assert not signed_in(client)
    # After the wait the key signs in, and the count starts again.
    LoginThrottle.objects.update(last_failure_at=timezone.now() - timedelta(hours=1))
    client.post(SIGN_IN, {"credential": officer_key.get(sign_in_options(client))})
    assert signed_in(client) and code_failures() == 0


def test_a_locked_account_cannot_sign_in_with_its_key(client, officer, officer_key, settings):
    settings.LOGIN_LOCKOUT_AFTER = 2
    password_step(client)
    for _ in range(2):
        client.post(CODE, {"token": "000000"})
    assert "locked" in sign_in_options(client)["error"]


def test_the_code_still_works_for_a_member_with_a_key(client, officer, officer_key):
    password_step(client)
    assert client.post(CODE, {"token": current_code(officer)}).url == DASHBOARD


# --- Removing a key ---------------------------------------------------------------------


def test_removing_a_key_needs_the_password(client_for, officer, officer_key):
    client = client_for(officer)
    passkey = Passkey.objects.get()
    response = client.post(REMOVE, {"remove-passkey": passkey.pk, "remove-password": "wrong"})
    assert "This is not your current password." in messages_of(response)
    assert Passkey.objects.exists()
    response = client.post(REMOVE, {"remove-passkey": passkey.pk, "remove-password": PASSWORD})
    assert "The key “blue key” is removed." in messages_of(response)
    assert not Passkey.objects.exists()
    entry = AuditEntry.objects.get(tag=AuditTag.PASSKEY_REMOVED)
    assert entry.extras == {"passkey": passkey.pk}


def test_nobody_removes_anothers_key(client_for, officer, other_officer, officer_key):
    passkey = Passkey.objects.get()
    client = client_for(other_officer)
    response = client.post(REMOVE, {"remove-passkey": passkey.pk, "remove-password": PASSWORD})
    assert "Choose one of your keys." in messages_of(response)
    assert Passkey.objects.filter(pk=passkey.pk).exists()


def test_the_account_page_lists_the_keys(client_for, officer, officer_key):
    page = client_for(officer).get(ACCOUNT).content.decode()
    assert "Security keys and passkeys" in page and "blue key" in page
    assert f'<option value="{Passkey.objects.get().pk}">blue key</option>' in page


@pytest.mark.parametrize("action", ["reset-second-factor", "reset-password"])
def test_resets_by_an_administrator_remove_the_keys(client_for, administrator, officer_key, action):
    officer = Passkey.objects.get().user
    client_for(administrator).post(reverse("accounts:staff_action", args=[officer.pk, action]))
    assert not Passkey.objects.exists()


def test_no_credential_material_in_the_audit_log(client, client_for, officer, officer_key):
    password_step(client)
    client.post(SIGN_IN, {"credential": officer_key.get(sign_in_options(client))})
    client.post(reverse("accounts:logout"))
    password_step(client)
    refused(client, officer_key.get(sign_in_options(client), challenge=b"\0" * 32))
    passkey = Passkey.objects.get()
    secrets = [
        websafe_encode(bytes(passkey.credential_id)),
        bytes(passkey.credential_id).hex(),
        websafe_encode(bytes(passkey.user_handle)),
        "blue key",
    ]
    entries = AuditEntry.objects.filter(tag__startswith="auth:passkey:")
    assert {e.tag for e in entries} == {
        AuditTag.PASSKEY_ADDED,
        AuditTag.PASSKEY_USED,
        AuditTag.PASSKEY_FAILED,
    }
    for entry in entries:
        assert set(entry.extras) <= {"passkey", "failures", "reason"}
        assert not any(s in json.dumps(entry.extras) for s in secrets)
