"""Forms of the case desk. Labels and errors are translatable; vocabulary fields
show each term in the reader's language (Tajik falls back to Russian)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.models import User
from rapporteur.cases.dates import (
    UncertainDate,
    UncertainDateError,
    parse_uncertain_date,
    read_uncertain_date,
)
from rapporteur.cases.importing.csv_files import ColumnMapping
from rapporteur.cases.importing.messages import date_error_text
from rapporteur.cases.models import (
    CASE_TAGS,
    AgeGroup,
    CaseStatus,
    Consent,
    PersonKind,
    RiskLevel,
    Term,
)
from rapporteur.formfields import choice_field, model_choice_field

LONG = 20000
SHORT = 300

# The (value, label) pairs a view hands a form for a choice field set per request.
Choices = list[tuple[str, str]]


class TermField(forms.ModelChoiceField):
    """One of the active terms of a vocabulary list, shown indented by its level."""

    def __init__(self, list_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(Term.objects.filter(list_name=list_name, active=True), **kwargs)

    def label_from_instance(self, obj: Term) -> str:
        return ("· " * obj.level) + obj.label()


class TermsField(TermField, forms.ModelMultipleChoiceField):
    """Several terms of one list (``TermField``'s choices, ``ModelMultipleChoiceField``'s
    reading)."""


class UncertainDateField(forms.CharField):
    """Free text read by ``cases.dates``: 14.03.2022, March 2022, early March 2022,
    10-15.03.2022, Q1 2022, spring 2022, about 2022-03-14, before 2022, unknown.

    Never refuses: a text it cannot read is kept as written (precision unknown,
    ``not_understood``), and ``notice`` says why, so that the form can tell the user
    after saving instead of losing what the source said.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault(
            "help_text",
            _(
                "For example 14.03.2022, March 2022, early March 2022, 10-15.03.2022, "
                "Q1 2022, spring 2022, about 2022-03-14, before 2022; empty if unknown."
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> UncertainDate:
        text = super().clean(value)
        try:
            return parse_uncertain_date(text)
        except UncertainDateError as error:
            kept = read_uncertain_date(text)
            self.notice = _(
                "%(field)s “%(text)s” was not understood (%(reason)s); it is kept as "
                "written and left out of date filters until someone writes it as a date."
            ) % {"field": self.label, "text": kept.written, "reason": date_error_text(error)}
            return kept


def date_notices(form: forms.Form) -> list[str]:
    """What the form's date fields kept as written without understanding, to tell the
    user once the record is saved."""
    return [
        notice
        for field in form.fields.values()
        if isinstance(field, UncertainDateField) and (notice := getattr(field, "notice", ""))
    ]


def _text(label: Any, *, required: bool = False, long: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput()
    return forms.CharField(
        label=label, required=required, max_length=LONG if long else SHORT, widget=widget
    )


class CaseForm(forms.Form):
    title = _text(_("Title"), required=True)
    summary = _text(_("Summary"), long=True)
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2, initial="TJ")
    risk = forms.ChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, initial=RiskLevel.MEDIUM
    )


class CaseEditForm(CaseForm):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)
    tags = TermsField(
        CASE_TAGS,
        label=_("Tags"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Themes the statistics can filter by. Staff add tags on the vocabulary page."),
    )


class MemberForm(forms.Form):
    # The queryset (staff who may be added) is set per request in __init__.
    user: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Colleague"), queryset=User.objects.none()
    )
    access = forms.ChoiceField(
        label=_("Access"),
        choices=[
            ("write", _("May read and document")),
            ("read", _("May read only")),
            ("none", _("Remove from the case")),
        ],
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "user").queryset = users


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *list(CaseStatus.choices)]
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    act_type = forms.CharField(label=_("Act type code"), required=False, max_length=40)
    since = forms.DateField(label=_("Acts from"), required=False)
    until = forms.DateField(label=_("Acts until"), required=False)
    certain_only = forms.BooleanField(label=_("Only acts certainly in that period"), required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, place or word"), max_length=200)


class EventForm(forms.Form):
    title = _text(_("What happened"), required=True)
    description = _text(_("Description"), long=True)
    follows = forms.ChoiceField(label=_("Follows the event"), required=False)

    def __init__(self, *args: Any, events: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "follows").choices = [("", "-"), *events]


class ActForm(forms.Form):
    event = forms.ChoiceField(label=_("Event"))
    act_type = TermField("types_of_acts", label=_("Act"), required=True)
    victim = forms.ChoiceField(label=_("Victim"), required=False)
    start = UncertainDateField(label=_("Start date"))
    end = UncertainDateField(label=_("End date"))
    place = _text(_("Place"))
    region = TermField("regions", label=_("Region"))
    stated_reason = _text(_("Reason stated by the authorities"), long=True)
    status_at_end = TermField("status_as_victim", label=_("Status of the victim at the end"))
    legal_provisions = TermsField("legal_provisions", label=_("Legal provisions invoked"))
    instruments = TermsField(
        "international_instruments", label=_("International instruments concerned")
    )
    perpetrator = forms.ChoiceField(label=_("Perpetrator"), required=False)
    perpetrator_type = TermField("types_of_perpetrators", label=_("Perpetrator type"))
    degree = TermField("degrees_of_involvement", label=_("Degree of involvement"))

    def __init__(self, *args: Any, events: Choices, persons: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "event").choices = [("new", _("A new event")), *events]
        choice_field(self, "victim").choices = [("", "-"), *persons]
        choice_field(self, "perpetrator").choices = [("", "-"), *persons]


class ActEditForm(ActForm):
    """The act form without its first perpetrator: an act's perpetrators are
    added, changed and removed one by one (``InvolvementForm``)."""

    def __init__(self, *args: Any, events: Choices, **kwargs: Any) -> None:
        super().__init__(*args, events=events, **kwargs)
        for name in ("perpetrator", "perpetrator_type", "degree"):
            del self.fields[name]
        choice_field(self, "event").choices = events


class InvolvementForm(forms.Form):
    """A perpetrator of an act (HURIDOCS involvement): a person or organisation
    of the case, or a new one named here, with type and degree of involvement."""

    perpetrator = forms.ChoiceField(label=_("Perpetrator"), required=False)
    new_name = _text(_("Or a new perpetrator: name"))
    new_kind = forms.ChoiceField(
        label=_("Individual or organisation"),
        choices=PersonKind.choices,
        required=False,
        initial=PersonKind.INDIVIDUAL,
    )
    new_description = _text(_("Rank and unit, or what the organisation is"))
    perpetrator_type = TermField("types_of_perpetrators", label=_("Perpetrator type"))
    degree = TermField("degrees_of_involvement", label=_("Degree of involvement"))

    def __init__(self, *args: Any, persons: Choices, new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "perpetrator").choices = [("", "-"), *persons]
        if not new:
            for name in ("new_name", "new_kind", "new_description"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = bool(data.get("perpetrator")) or bool(data.get("new_name"))
        if data.get("perpetrator") and data.get("new_name"):
            raise forms.ValidationError(
                _("Choose a perpetrator of the case or name a new one, not both.")
            )
        if not named and not data.get("perpetrator_type"):
            raise forms.ValidationError(_("Name the perpetrator or choose a perpetrator type."))
        return data


class PersonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PersonKind.choices)
    name = _text(_("Name"), required=True)
    description = _text(_("Rank, unit or description"))
    other_names = _text(_("Other names and spellings"))
    contacts = _text(_("Contacts"), long=True)
    narrative = _text(_("Narrative"), long=True)
    protection_needs = _text(_("Protection needs"), long=True)
    profession = TermField("occupation", label=_("Profession or role"))
    sex = TermField("sex", label=_("Gender"))
    age_group = forms.ChoiceField(label=_("Age group"), choices=AgeGroup.choices, required=False)
    consent_to_name = forms.ChoiceField(
        label=_("Consents to be named to the State"), choices=Consent.choices
    )
    not_a_duplicate = forms.BooleanField(
        label=_("None of the suggested persons is this one"), required=False
    )


class PersonEditForm(PersonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["not_a_duplicate"]


class InformationForm(forms.Form):
    summary = _text(_("What the source told"), required=True, long=True)
    source = forms.ChoiceField(label=_("Source"), required=False)
    reliability = TermField("reliability", label=_("Reliability"))
    material = TermField("types_of_source_material", label=_("Source material"))
    received_on = forms.DateField(label=_("Received on"), required=False)
    confidential = forms.BooleanField(
        label=_("Confidential: only the case owner sees it"), required=False
    )

    def __init__(self, *args: Any, persons: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "source").choices = [("", "-"), *persons]


class InterventionForm(forms.Form):
    description = _text(_("Action taken"), required=True, long=True)
    intervention_type = TermField("types_of_intervention", label=_("Type"))
    on_date = forms.DateField(label=_("Date"), required=False)


class TaskForm(forms.Form):
    text = _text(_("Task"), required=True)
    due_on = forms.DateField(label=_("Due date"), required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = _text(_("Description"))
    confidential = forms.BooleanField(
        label=_("Confidential: only the case owner sees it"), required=False
    )


class TermForm(forms.Form):
    list_name = forms.ChoiceField(label=_("Vocabulary"))
    parent_code = forms.CharField(label=_("Parent code"), required=False, max_length=40)
    label_en = forms.CharField(label=_("English label"), max_length=SHORT)
    label_ru = forms.CharField(label=_("Russian label"), max_length=SHORT, required=False)
    label_tg = forms.CharField(label=_("Tajik label"), max_length=SHORT, required=False)

    def __init__(self, *args: Any, lists: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "list_name").choices = [(n, n) for n in lists]


class TriageForm(forms.Form):
    submissions = forms.MultipleChoiceField(
        label=_("Submissions"), widget=forms.CheckboxSelectMultiple
    )
    case = forms.ChoiceField(label=_("Into the case"), required=False)
    country = forms.CharField(label=_("Country of a new case"), max_length=2, initial="TJ")

    def __init__(self, *args: Any, submissions: Choices, cases: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "submissions").choices = submissions
        choice_field(self, "case").choices = [("", _("A new case")), *cases]


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    title = _text(_("Title of the new case"), required=True)
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2)
    preset = forms.ChoiceField(
        label=_("Column mapping"),
        required=False,
        choices=[
            ("", _("I will map the columns")),
            ("colombia", _("Colombian list of social leaders killed")),
        ],
    )


MAPPED_FIELDS = (
    "name",
    "gender",
    "date",
    "place",
    "region",
    "profession",
    "narrative",
    "perpetrator",
    "latitude",
    "longitude",
    "source_link",
)


class ImportMappingForm(forms.Form):
    act_type = TermField(
        "types_of_acts", label=_("Act type of every row"), required=True, to_field_name="code"
    )

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "-")] + [(h, h) for h in header]
        for name in MAPPED_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=name, choices=choices, required=name == "name"
            )

    def mapping(self, *, country: str) -> ColumnMapping:
        """The columns chosen, and what every row shares: the country of the new
        case and the act type."""
        data = self.cleaned_data
        return ColumnMapping(
            **{name: data[name] or None for name in MAPPED_FIELDS},
            constants={"country": country, "act_type": data["act_type"].code},
        )
