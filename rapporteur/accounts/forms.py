from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.models import Passkey, User
from rapporteur.accounts.permissions import ROLE_LABELS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _password_field(
    label: StrOrPromise,
    *,
    autocomplete: str,
    autofocus: bool = False,
    help_text: StrOrPromise = "",
) -> forms.CharField:
    """A password box: kept as typed (never stripped), bounded so hashing stays cheap."""
    attrs: dict[str, Any] = {"autocomplete": autocomplete}
    if autofocus:
        attrs["autofocus"] = True
    return forms.CharField(
        label=label,
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs=attrs),
        help_text=help_text,
    )


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = _password_field(_("Password"), autocomplete="current-password")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        min_length=6,
        max_length=32,
        help_text=_(
            "The six digits shown by your authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class EnrolForm(forms.Form):
    token = forms.RegexField(
        label=_("Code"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the six digits shown by your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


_ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]


_NEW_PASSWORD_HELP = _("At least 12 characters. It also protects your key to the desk's files.")


class _UserForm(forms.Form):
    """A form about the signed-in user, who is given first."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def _current_password(self, field: str) -> str:
        """The value of ``field``, if it is the user's current password."""
        password = self.cleaned_data[field]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password


class StaffCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Name to sign in with"), max_length=150, regex=r"^[\w.@+-]+\Z"
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=_ROLE_CHOICES)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("A member of staff already has this name."))
        return username


class _NewPasswordForm(_UserForm):
    """A new password typed twice, checked against the user's password validators.
    ``refuse_current`` also refuses the password the user signs in with now (an
    enrolment code must be replaced, not kept)."""

    refuse_current = False
    new_password = _password_field(
        _("New password"), autocomplete="new-password", help_text=_NEW_PASSWORD_HELP
    )
    new_password_again = _password_field(_("New password, again"), autocomplete="new-password")

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("The two new passwords differ."))
        elif new and self.refuse_current and self.user.check_password(new):
            self.add_error("new_password", _("Choose a password of your own, not the code."))
        elif new:
            try:
                validate_password(new, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password", error)
        return cleaned


class ChoosePasswordForm(_NewPasswordForm):
    """The first step after signing in with an enrolment code."""

    refuse_current = True
    new_password = _password_field(
        _("Your own password"),
        autocomplete="new-password",
        autofocus=True,
        help_text=_NEW_PASSWORD_HELP,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_ROLE_CHOICES)


class PasswordChangeForm(_NewPasswordForm):
    old_password = _password_field(_("Current password"), autocomplete="current-password")
    field_order = ["old_password", "new_password", "new_password_again"]

    def clean_old_password(self) -> str:
        return self._current_password("old_password")


class _PasswordAgainForm(_UserForm):
    """Asks for the current password again before a change to one's second factors,
    so a session left open is not enough to add or remove a security key."""

    password = _password_field(_("Your password"), autocomplete="current-password")

    def clean_password(self) -> str:
        return self._current_password("password")


class PasskeyAddForm(_PasswordAgainForm):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=64,
        help_text=_("So you can tell your keys apart, for example “blue key” or “laptop”."),
    )
    field_order = ["name", "password"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if Passkey.objects.filter(user=self.user, name=name).exists():
            raise forms.ValidationError(_("You already have a key with this name."))
        return name


class PasskeyRemoveForm(_PasswordAgainForm):
    passkey = forms.ModelChoiceField(
        label=_("Key to remove"),
        queryset=Passkey.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your keys.")},
    )
    field_order = ["passkey", "password"]

    def __init__(self, user: User, *args: object, **kwargs: object) -> None:
        super().__init__(user, *args, **kwargs)
        # Only the user's own keys: another's key is "not one of the choices".
        cast(forms.ModelChoiceField, self.fields["passkey"]).queryset = Passkey.objects.filter(
            user=user
        )
