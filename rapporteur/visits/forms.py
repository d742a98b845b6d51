"""Forms of the visits desk. They validate input only; services do the changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rapporteur.formfields import DateInput, check_order
from rapporteur.intake.forms import LONG, SHORT, OneTimeForm, SubmissionForm
from rapporteur.visits.models import (
    Addressee,
    Document,
    EvidenceSource,
    LiveCount,
    MeetingKind,
    Recommendation,
    RecommendationTheme,
    Status,
    Strength,
    Theme,
    Visit,
)

# Places and institutions are shown on the public tracker in the reader's language.
IN_THREE_LANGUAGES = _(
    "One a line. For the public tracker in Russian and Tajik, write a line as "
    "English | Russian | Tajik, e.g. Khujand | Худжанд | Хуҷанд."
)


class LinesField(forms.CharField):
    """Optional text, one entry a line; cleaned to the list of its non-blank lines,
    and shown again from such a list."""

    def __init__(self, *, rows: int, **kwargs: Any) -> None:
        super().__init__(widget=forms.Textarea(attrs={"rows": rows}), required=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class ServiceForm(forms.Form):
    """A staff form whose cleaned data are the keyword arguments of the service it
    feeds, but for ``date``, which services call ``day``."""

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "date" in data:
            data["day"] = data.pop("date")
        return data


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    """Themes by their label in the reader's language (the UPR Info issues are in
    the visits catalogue)."""

    def label_from_instance(self, obj: Theme) -> str:
        return gettext(obj.label)


class VisitForm(ServiceForm):
    country_code = forms.RegexField(
        regex=r"^[A-Za-z]{2}$",
        label=_("Country code (ISO 3166)"),
        help_text=_("Two letters, e.g. TJ for Tajikistan."),
    )
    country_name = forms.CharField(label=_("Country"), max_length=100)
    start_date = forms.DateField(label=_("First day"), widget=DateInput)
    end_date = forms.DateField(label=_("Last day"), widget=DateInput)
    invitation = forms.CharField(label=_("Invitation"), max_length=300, required=False)
    places_visited = LinesField(label=_("Places visited"), rows=3, help_text=IN_THREE_LANGUAGES)
    refused_requests = LinesField(
        label=_("Requests refused"),
        rows=3,
        help_text=_(
            "One a line, e.g. access to GBAO; as for places, English | Russian | Tajik "
            "shows it in each language on the public tracker."
        ),
    )
    # A required yes/no with nothing chosen beforehand: publication is a decision,
    # never a default a hurried click lets through.
    published = forms.ChoiceField(
        label=_("Show on the public tracker?"),
        choices=[
            ("yes", _("Yes: the visit and its accepted recommendations are public")),
            ("no", _("No: staff only for now")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the visit is shown on the public tracker.")},
    )

    @classmethod
    def initial_for(cls, visit: Visit) -> dict[str, Any]:
        return {
            "country_code": visit.country_code,
            "country_name": visit.country_name,
            "start_date": visit.start_date,
            "end_date": visit.end_date,
            "invitation": visit.invitation,
            "places_visited": visit.places_visited,
            "refused_requests": visit.refused_requests,
            "published": "yes" if visit.published else "no",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_order(self, "start_date", "end_date", _("The visit cannot end before it starts."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["country_code"] = data["country_code"].upper()
        data["published"] = data["published"] == "yes"
        return data


class MeetingForm(ServiceForm):
    institution = forms.CharField(label=_("Institution or group"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput, required=False)
    confidential = forms.BooleanField(
        label=_("Confidential meeting"),
        required=False,
        help_text=_(
            "The institution or group met is then encrypted too, and no public summary is kept."
        ),
    )
    participants = forms.CharField(
        label=_("Who was met"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Encrypted: readable only by staff with unlocked keys."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Encrypted: readable only by staff with unlocked keys."),
    )
    public_summary = forms.CharField(
        label=_("Non-sensitive summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only what could appear in a public report. Not for confidential meetings."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("confidential") and (data.get("public_summary") or "").strip():
            self.add_error("public_summary", _("A confidential meeting has no public summary."))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Statement or report"), help_text=_("Plain text, PDF, DOCX or HTML.")
    )
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[c for c in Document.Kind.choices if c[0] not in ("import", "evidence")],
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with the columns country, mechanism, text; optionally paragraph, "
            "recommending_states, addressee, themes, status (lists separated by ;)."
        ),
    )
    visit = forms.ModelChoiceField(
        label=_("Track with visit"), queryset=Visit.objects.all(), required=False
    )


class RecommendationForm(ServiceForm):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    addressee = forms.ChoiceField(label=_("Addressee"), choices=Addressee.choices)
    themes = ThemeChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    institutions = LinesField(
        label=_("Responsible institutions"), rows=2, help_text=IN_THREE_LANGUAGES
    )
    situation_at_visit = forms.CharField(
        label=_("Situation at the time of the visit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    body = forms.CharField(
        label=_("Who recommends"),
        max_length=200,
        required=False,
        help_text=_("The treaty body, special procedure or agency; empty for a UPR State."),
    )
    subitem = forms.CharField(label=_("Sub-item"), max_length=10, required=False)
    strength = forms.ChoiceField(
        label=_("Verb"), choices=[("", "—"), *Strength.choices], required=False
    )
    priority = forms.BooleanField(label=_("Priority follow-up"), required=False)

    SOURCE = ("body", "subitem", "strength", "priority")

    @classmethod
    def initial_for(cls, rec: Recommendation, links: list[RecommendationTheme]) -> dict[str, Any]:
        return {
            "text": rec.text,
            "addressee": rec.addressee,
            "themes": [link.theme for link in links],
            "institutions": [i.name for i in rec.institutions.all()],
            "situation_at_visit": rec.situation_at_visit,
            **{name: getattr(rec, name) for name in cls.SOURCE},
        }

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        source = {name: data.pop(name) for name in self.SOURCE}
        return {**data, "themes": list(data["themes"]), "source": source}


class StatusForm(ServiceForm):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    date = forms.DateField(label=_("As of"), widget=DateInput)
    public_note = forms.CharField(
        label=_("Public note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Shown on the public tracker beside the status."),
    )


class EvidenceForm(ServiceForm):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    source_kind = forms.ChoiceField(label=_("Source"), choices=EvidenceSource.choices)
    text = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(
        label=_("Publish on the tracker"),
        required=False,
        help_text=_("Never publish what could identify a civil-society source."),
    )


class LiveCountForm(ServiceForm):
    live_count = forms.ChoiceField(
        label=_("Live count from the cases"), choices=LiveCount.choices, required=False
    )
    public = forms.BooleanField(
        label=_("Show the live count publicly"),
        required=False,
        help_text=_("Counts under 5 are always shown as “< 5”, here and on the tracker."),
    )


class ThemeForm(ServiceForm):
    label = forms.CharField(label=_("New theme"), max_length=120)


class AssessmentForm(OneTimeForm):
    """The public form of a civil-society assessment: the same one-time token,
    encoding check, file fields and sealing as intake's own forms."""

    status_seen = forms.ChoiceField(
        label=_("How far has it been implemented, in your view?"),
        choices=[("", _("I cannot say")), *Status.choices],
        required=False,
    )
    assessment = forms.CharField(
        label=_("Your assessment"),
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What has changed since the visit, and what has not. Facts and dates help."),
    )
    organisation = forms.CharField(
        label=_("Your organisation, if you wish"), max_length=SHORT, required=False
    )
    safe_contact = forms.CharField(
        label=_("A safe way to reach you (optional)"),
        max_length=SHORT,
        required=False,
        help_text=_("Only if it is safe. You can also come back with your receipt."),
    )
    # Intake's own file fields: the same limits, cleaning and sealing apply.
    attachments = SubmissionForm.base_fields["attachments"]
    keep_original = SubmissionForm.base_fields["keep_original"]


class AttachAssessmentForm(ServiceForm):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    text = forms.CharField(
        label=_("Evidence, in your words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never copy the sender's name, organisation or contact."),
    )
    public = forms.BooleanField(label=_("Publish on the tracker"), required=False)
