from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.models import Passkey, User
from rapporteur.accounts.permissions import ROLE_LABELS


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


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


class _NewPasswordForm(forms.Form):
    """A new password typed twice, checked against the user's password validators.
    ``refuse_current`` also refuses the password the user signs in with now (an
    enrolment code must be replaced, not kept)."""

    refuse_current = False
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. It also protects your key to the desk's files."),
    )
    new_password_again = forms.CharField(
        label=_("New password, again"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

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
    new_password = forms.CharField(
        label=_("Your own password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
        help_text=_("At least 12 characters. It also protects your key to the desk's files."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_ROLE_CHOICES)


class PasswordChangeForm(_NewPasswordForm):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password", "new_password_again"]

    def clean_old_password(self) -> str:
        password = self.cleaned_data["old_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password


class _PasswordAgainForm(forms.Form):
    """Asks for the current password again before a change to one's second factors,
    so a session left open is not enough to add or remove a security key."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password


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
