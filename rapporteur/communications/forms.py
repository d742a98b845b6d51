"""Staff forms. Facts are separated by a blank line, questions one per line;
``[[person:N]]`` stands for the N-th person concerned."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from rapporteur.communications.models import (
    SENT_STATES,
    Assessment,
    Kind,
    LetterLanguage,
    SpecialProcedureMandate,
    StandardParagraph,
)
from rapporteur.communications.references import OTHER_ADDRESSEE, addressee_choices
from rapporteur.formfields import DateInput, choice_field, model_choice_field
from rapporteur.visits.models import Visit

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # replies are sealed whole; this bounds memory


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.replace("\r", "").split("\n\n") if p.strip()]


class LetterForm(forms.Form):
    """What every new letter says first: its kind, language and addressee (a State
    by ISO code, or "other" with the addressee's name)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    language = forms.ChoiceField(label=_("Language of the letter"), choices=LetterLanguage.choices)
    addressee_code = forms.ChoiceField(label=_("Addressee"))
    addressee_other = forms.CharField(
        label=_("Name of the non-State addressee"), required=False, max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "addressee_code").choices = addressee_choices(language="en")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("addressee_code") == OTHER_ADDRESSEE and not data.get("addressee_other"):
            self.add_error("addressee_other", _("Name the non-State addressee."))
        if data.get("addressee_code") != OTHER_ADDRESSEE:
            data["addressee_other"] = ""
        return data


class CommunicationForm(LetterForm):
    copies_to = forms.CharField(label=_("Copies to"), required=False, max_length=500)
    mandates = forms.ModelMultipleChoiceField(
        label=_("Joint with"),
        queryset=SpecialProcedureMandate.objects.filter(is_own=False, active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_paragraphs = forms.MultipleChoiceField(
        label=_("Applicable international law"), required=False, widget=forms.CheckboxSelectMultiple
    )
    subject = forms.CharField(label=_("Subject"), max_length=500)
    facts = forms.CharField(
        label=_("Facts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One paragraph per fact, separated by a blank line. Write [[person:1]] "
                    "for the first person concerned."),
    )  # fmt: skip
    questions = forms.CharField(
        label=_("Questions to the addressee"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One question per line; the letter numbers them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "legal_paragraphs").choices = [
            (p.key, p.title_en) for p in StandardParagraph.objects.filter(active=True)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["facts_list"] = _paragraphs(data.get("facts", ""))
        data["questions_list"] = [
            q.strip() for q in data.get("questions", "").splitlines() if q.strip()
        ]
        return data


class FromCaseForm(LetterForm):
    """What a draft from a case cannot guess: kind, language, addressee (by default
    the State of the case's country)."""

    def __init__(self, *args: Any, country: str = "", **kwargs: Any) -> None:
        import pycountry

        super().__init__(*args, **kwargs)
        found = pycountry.countries.get(alpha_2=country.upper()) if country else None
        if found is not None:
            self.fields["addressee_code"].initial = found.alpha_3


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description used instead of the name"),
        max_length=300,
        help_text=_("For example: a woman human rights defender, a lawyer from Dushanbe."),
    )
    consent = forms.BooleanField(
        label=_("The person consents to their name being shared with the State"), required=False
    )


class BodyForm(forms.Form):
    body = forms.CharField(
        label=_("Text of the letter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 30, "cols": 80, "class": "letter-source"}),
        help_text=_("Paragraphs are separated by a blank line. A line starting with “# ” is "
                    "a heading; lines starting with “1.”, “2.”… are a numbered list (the letter "
                    "numbers them); a line “---” starts the annex on a new page. Leave empty to "
                    "go back to the template's text."),
    )  # fmt: skip


class SendForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput)


class ReplyForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    assessment = forms.ChoiceField(label=_("Assessment"), choices=Assessment.choices)
    text = forms.CharField(
        label=_("Text or summary of the reply"), widget=forms.Textarea(attrs={"rows": 6})
    )
    notes = forms.CharField(
        label=_("Internal notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = forms.FileField(label=_("Document"), required=False)

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document is not None and document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The document is larger than 10 MB."))
        return document


class PublishForm(forms.Form):
    early = forms.BooleanField(label=_("Publish before the reply window closes"), required=False)


class PressReleaseForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=300)
    body_en = forms.CharField(label=_("Text (English)"), required=False, widget=forms.Textarea)
    title_ru = forms.CharField(label=_("Title (Russian)"), required=False, max_length=300)
    body_ru = forms.CharField(label=_("Text (Russian)"), required=False, widget=forms.Textarea)
    title_tg = forms.CharField(label=_("Title (Tajik)"), required=False, max_length=300)
    body_tg = forms.CharField(label=_("Text (Tajik)"), required=False, widget=forms.Textarea)
    communications: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Communications"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    visit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Country visit"), queryset=None, required=False
    )

    def __init__(self, *args: Any, communications: QuerySet[Any], **kwargs: Any) -> None:
        """``communications``: the letters this user may see (need-to-know); only
        sent ones are offered."""
        super().__init__(*args, **kwargs)
        model_choice_field(self, "communications").queryset = communications.filter(
            state__in=SENT_STATES
        )
        model_choice_field(self, "visit").queryset = Visit.objects.order_by("-start_date")

    def versions(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {lang: (data[f"title_{lang}"], data[f"body_{lang}"]) for lang in ("en", "ru", "tg")}


class MandateForm(forms.ModelForm):
    class Meta:
        model = SpecialProcedureMandate
        fields = ["short_name", "name_en", "name_ru", "active"]


class ParagraphForm(forms.ModelForm):
    class Meta:
        model = StandardParagraph
        fields = ["key", "title_en", "title_ru", "text_en", "text_ru", "active"]
