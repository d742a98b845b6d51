"""The source's forms and the desk's. Every label, help text and error is
translatable: a source reads them in English, Russian or Tajik."""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING, Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from rapporteur.intake import throttle
from rapporteur.intake.models import Submission

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SHORT = 300
LONG = 20000

ROLE_CHOICES = [
    ("", _("Choose…")),
    ("journalist", _("Journalist")),
    ("blogger", _("Blogger")),
    ("lawyer", _("Lawyer")),
    ("ngo", _("Member of a non-governmental organisation")),
    ("judge", _("Judge")),
    ("activist", _("Activist")),
    ("relative", _("Relative of a defender")),
    ("other", _("Other")),
]
GENDER_CHOICES = [
    ("", _("Prefer not to say")),
    ("woman", _("Woman")),
    ("man", _("Man")),
    ("other", _("Other")),
]
ACT_CHOICES = [
    ("", _("Choose…")),
    ("arrest", _("Arrest")),
    ("detention", _("Pre-trial detention")),
    ("summons", _("Summons and interrogation")),
    ("inspection", _("Inspection of an organisation")),
    ("device", _("Seizure or hacking of a phone or computer")),
    ("attack", _("Physical attack")),
    ("smear", _("Smear campaign")),
    ("online_harassment", _("Online harassment, including of women defenders")),
    ("travel_ban", _("Travel ban")),
    ("forced_return", _("Forced return to the country")),
    ("reprisal", _("Reprisal for cooperating with the United Nations")),
    ("other", _("Other")),
]
YES_NO_UNKNOWN = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("I do not know"))]
RELATION_CHOICES = [
    ("self", _("I am the person at risk")),
    ("family", _("A relative")),
    ("colleague", _("A colleague or friend")),
    ("lawyer", _("Their lawyer")),
    ("organisation", _("An organisation working with them")),
    ("other", _("Other")),
]
MEETING_PLACE_CHOICES = [
    ("remote", _("Remote (video or phone)")),
    ("in_person", _("In person")),
    ("either", _("Either")),
]


class ReadableText(forms.Form):
    """A form that refuses text the browser sent in a broken encoding instead of storing
    it garbled: Django decodes invalid UTF-8 to U+FFFD replacement characters."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and "\ufffd" in value:
                self.add_error(
                    name,
                    _(
                        "This text contains characters that could not be read. Type it again "
                        "or paste it as plain text."
                    ),
                )
        return cleaned


def _text(
    label: StrOrPromise,
    *,
    required: bool = False,
    help_text: StrOrPromise = "",
    long: bool = False,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG if long else SHORT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 8 if long else 3}) if long else None,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class OneTimeForm(ReadableText):
    """A form that creates a submission: its hidden one-time token is a submission
    ticket (``throttle``, purpose ``SUBMISSION``), which refuses a replayed form and
    prices new submissions when the desk is flooded.

    Showing the form writes no row about the visitor: it takes a place in the
    desk-wide hourly schedule of tickets. The digest of the ticket's challenge is
    stored with the submission it created, unique, so the same form cannot be sent
    twice. Under a flood the ticket asks for a puzzle (solved by ``work.js`` while
    the source writes; its answer travels in ``proof``) or, without JavaScript, a
    wait counted from when the form was shown. When a ticket is refused the form
    comes back with what was typed and the ticket to send it with (``ticket``).
    """

    CONTROL_FIELDS = ("form_token", "proof")
    # Labels, choices and help depend on the language alone: a fresh form's visible
    # fields are rendered once per language (core/rendering.py), under a flood too.
    visible_fields_static = True

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=1000)
    proof = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=throttle.MAX_PROOF_LENGTH
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ticket: throttle.Ticket | None = None
        self.refusal: throttle.TicketRefused | None = None
        if not self.is_bound:
            self.ticket = throttle.issue(throttle.Purpose.SUBMISSION)
            self.initial["form_token"] = self.ticket.token

    def clean_form_token(self) -> str:
        try:
            ticket = throttle.check(
                throttle.Purpose.SUBMISSION,
                token=self.cleaned_data["form_token"],
                proof=str(self.data.get("proof") or "")[: throttle.MAX_PROOF_LENGTH],
            )
        except throttle.TicketRefused as refusal:
            self.refusal = refusal
            self._carry(refusal.ticket or throttle.issue(throttle.Purpose.SUBMISSION))
            raise forms.ValidationError(ticket_message(refusal)) from None
        self.ticket = ticket
        digest = throttle.challenge_digest(ticket.challenge)
        if Submission.objects.filter(form_token_digest=digest).exists():
            # Sent already (a double click): no new ticket, so no second copy.
            raise forms.ValidationError(ALREADY_SENT)
        if ticket.token != self.data.get("form_token"):
            self._carry(ticket)  # priced again: the form holds the new ticket
        return digest

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.ticket is None:  # no token at all, or one far too long
            self._carry(throttle.issue(throttle.Purpose.SUBMISSION))
        return cleaned

    def _carry(self, ticket: throttle.Ticket) -> None:
        """Show the form again with this ticket, and no answer to an older puzzle."""
        self.ticket = ticket
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data["form_token"] = ticket.token
        data["proof"] = ""
        self.data = data

    def answers(self) -> dict[str, Any]:
        """The source's answers: everything but the token, its proof and the files."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.CONTROL_FIELDS and name != "attachments"
        }

    @property
    def wait_text(self) -> str:
        return wait_words(self.ticket.wait_seconds if self.ticket else 0)


ALREADY_SENT = _("This form was already sent, or it has expired. Nothing new was saved.")


def ticket_message(refusal: throttle.TicketRefused) -> str:
    """Why a submission's ticket was refused, and what to do, for the source."""
    if refusal.problem is throttle.TicketProblem.IMMATURE:
        return gettext(
            "Nothing has been sent yet: while this form is in heavy use, it asks for a "
            "wait before it is sent. Send it again in %(wait)s. What you wrote is kept "
            "below; if you added files, choose them again."
        ) % {"wait": wait_words(refusal.wait_seconds)}
    return gettext(
        "Nothing has been sent yet: this form had expired. Send it again. What you wrote "
        "is kept below; if you added files, choose them again."
    )


def wait_words(seconds: int) -> str:
    """A wait in words: seconds under two minutes, then minutes, then hours (rounded up)."""
    if seconds < 120:
        return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}


def token_digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("utf-8")).hexdigest()


class SubmissionForm(OneTimeForm):
    person_name = _text(
        _("Name or pseudonym of the person at risk"),
        required=True,
        help_text=_("A pseudonym is enough if you prefer."),
    )
    person_role = forms.ChoiceField(label=_("Their role"), choices=ROLE_CHOICES)
    person_organisation = _text(_("Their organisation, if any"))
    person_gender = forms.ChoiceField(label=_("Gender"), choices=GENDER_CHOICES, required=False)
    person_place = _text(_("Where they live or work"))
    act_kind = forms.ChoiceField(label=_("What happened"), choices=ACT_CHOICES)
    event_dates = _text(
        _("When"), required=True, help_text=_("An exact date, or approximate: “early March 2022”.")
    )
    event_places = _text(_("Where it happened"))
    perpetrators = _text(
        _("Who did it"), help_text=_("For example: State Security Committee, police, tax office.")
    )
    law_invoked = _text(_("Law or article invoked against them, if known"))
    remedies_tried = forms.ChoiceField(
        label=_("Were complaints made to courts or authorities in the country?"),
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
    )
    remedies_detail = _text(_("If so, what happened to them"))
    consent_to_name = forms.ChoiceField(
        label=_("May we give the person's name to the government concerned?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        help_text=_("Without consent we do not name them in any letter to the government."),
    )
    submitter_relation = forms.ChoiceField(
        label=_("Who are you to them?"), choices=RELATION_CHOICES
    )
    safe_contact = _text(
        _("A safe way to reach you (optional)"),
        help_text=_("Only if it is safe. You can also just come back here with your receipt."),
    )
    narrative = _text(_("What happened, in your own words"), required=True, long=True)
    attachments = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        help_text=_("Photos, documents, recordings. Hidden data such as location is removed."),
    )
    keep_original = forms.BooleanField(
        label=_("Keep my files exactly as they are, with their hidden data"),
        required=False,
        help_text=_(
            "Only for evidence that must stay untouched. Hidden data can show where and when "
            "a photo was taken and on which device: it may identify you or the person at risk."
        ),
    )


class MeetingRequestForm(OneTimeForm):
    requester_name = _text(_("Your name or a pseudonym"), required=True)
    organisation = _text(_("Organisation, if any"))
    topic = _text(_("What you would like to discuss"), required=True, long=True)
    preferred_dates = _text(_("Dates that suit you"), required=True)
    place_mode = forms.ChoiceField(
        label=_("In person or remote"), choices=MEETING_PLACE_CHOICES, widget=forms.RadioSelect
    )
    place = _text(_("Place, if in person"))
    safe_contact = _text(
        _("A safe way to reach you (optional)"),
        help_text=_("Only if it is safe. You can also just come back here with your receipt."),
    )


class ReceiptForm(forms.Form):
    visible_fields_static = True  # see OneTimeForm

    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("The words you were given when you sent your information."),
    )


class FollowUpForm(ReadableText):
    text = _text(_("Your message"), long=True)
    attachments = MultipleFileField(label=_("Files (optional)"), required=False)
    keep_original = SubmissionForm.base_fields["keep_original"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("text") and not self.files.getlist("attachments"):
            raise forms.ValidationError(_("Write a message or add a file."))
        return cleaned


# --- the desk --------------------------------------------------------------------------


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply to the source"), max_length=LONG, widget=forms.Textarea)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note for colleagues"), max_length=LONG, widget=forms.Textarea)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("read", _("Read")),
            ("in_case", _("Taken into a case")),
            ("rejected", _("Rejected")),
        ],
    )


class MeetingAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            ("accepted", _("Accept")),
            ("proposed", _("Propose another time")),
            ("declined", _("Decline")),
        ],
    )
    start = forms.DateTimeField(
        label=_("Date and time (UTC)"),
        required=False,
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=60
    )
    place = forms.CharField(label=_("Place or link"), max_length=SHORT, required=False)
    text = forms.CharField(
        label=_("Message to the requester"), max_length=LONG, required=False, widget=forms.Textarea
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("decision") in {"accepted", "proposed"} and not cleaned.get("start"):
            self.add_error("start", _("Give a date and time."))
        return cleaned


# --- forms of other apps' kinds ---------------------------------------------------------

_KIND_FORMS: dict[str, type[forms.Form]] = {}


def register_kind_form(kind: str, form_class: type[forms.Form]) -> None:
    """Name the public form another app sends submissions of ``kind`` with (e.g.
    visits' assessments), so the desk shows their answers under its labels. Call
    from the app's ``AppConfig.ready``."""
    _KIND_FORMS[kind] = form_class


def form_for_kind(kind: str) -> type[forms.Form]:
    if kind == "meeting":
        return MeetingRequestForm
    return _KIND_FORMS.get(kind, SubmissionForm)
