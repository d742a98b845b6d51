from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.models import User
from rapporteur.audit.tags import AuditTag


def _tag_prefixes() -> list[tuple[str, object]]:
    domains = sorted({tag.value.split(":")[0] for tag in AuditTag})
    prefixes = sorted({":".join(tag.value.split(":")[:2]) for tag in AuditTag})
    return [("", _("All actions"))] + [(p, p) for p in domains + prefixes]


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Staff member"), queryset=User.objects.order_by("username"), required=False
    )
    tag = forms.ChoiceField(label=_("Action"), choices=_tag_prefixes, required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned
