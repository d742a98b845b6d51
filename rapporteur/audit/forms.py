from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.models import User
from rapporteur.audit.tags import AuditTag
from rapporteur.formfields import DateInput, check_order


def _tag_prefixes() -> list[tuple[str, object]]:
    domains = sorted({tag.value.split(":")[0] for tag in AuditTag})
    prefixes = sorted({":".join(tag.value.split(":")[:2]) for tag in AuditTag})
    return [("", _("All actions"))] + [(p, p) for p in domains + prefixes]


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Staff member"), queryset=User.objects.order_by("username"), required=False
    )
    tag = forms.ChoiceField(label=_("Action"), choices=_tag_prefixes, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        check_order(
            self, "since", "until", _("The start date is after the end date."), error_on=None
        )
        return cleaned
