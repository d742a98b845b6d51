"""Staff accounts made through the accounts services (an audit entry each), with a
confirmed authenticator of a known secret: the demo's staff, and any test that wants
the account's creation on the record. ``personas.make_staff`` stays the quick one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client
from django.urls import reverse

from rapporteur.accounts import factors, services
from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Role
from rapporteur.testing.personas import PASSWORD
from rapporteur.vault import crypto

if TYPE_CHECKING:
    # The test client's response, as django-stubs names it (it exists only there).
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def staff_member(
    *,
    username: str,
    role: Role | str,
    password: str = PASSWORD,
    full_name: str = "",
    totp_secret: bytes | None = None,
    authenticator: str = factors.AUTHENTICATOR_NAME,
) -> User:
    """A member of staff with ``password`` and a confirmed authenticator sealed under
    it (``totp_secret``, or a random one). The factor key is wrapped at the cost the
    settings name, so a caller that wants it cheap lowers the cost first."""
    user = services.create_staff(
        acting_user=None,
        username=username,
        role=Role(role),
        password=password,
        full_name=full_name,
    )
    factors.provision_authenticator(
        user=user,
        password=password,
        secret=totp_secret if totp_secret is not None else crypto.new_totp_secret(),
        name=authenticator,
    )
    return user


def change_password(client: Client, *, new: str, old: str = PASSWORD) -> TestResponse:
    """Post the password-change form as the member ``client`` is signed in as, with
    the new password typed twice."""
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password": new, "new_password_again": new},
    )
