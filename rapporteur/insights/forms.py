"""The dashboard's filters, read from the query string: a bad value gets a message
beside its field and the page falls back to the default for it, never an error page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pycountry
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rapporteur.cases.models import CASE_TAGS, Term
from rapporteur.formfields import DateInput, check_order
from rapporteur.insights.dimensions import DIMENSIONS, Dimension
from rapporteur.insights.figures import DEFAULT_DIMENSION, FIXED_DIMENSIONS
from rapporteur.insights.follow_up import recommendation_countries
from rapporteur.insights.models import ReportLanguage
from rapporteur.insights.periods import INTERVAL_LABELS, Interval, Period, PeriodError
from rapporteur.insights.selectors import Scope
from rapporteur.visits.countries import country_name

PAST_MONTHS = (3, 6, 12, 24, 60)

# The days a period may start or end on. Beyond them a date is a slip of the keyboard
# (or a hand-made query string), and the period before "0001-01-01" cannot be counted.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def countable_date(label: Any, **options: Any) -> forms.DateField:
    """A date a period may start or end on: out of range, a message beside the field."""
    return forms.DateField(
        label=label,
        widget=DateInput,
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
        **options,
    )


class TermChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return "— " * obj.level + obj.label()  # indented under its broader term


def _broad_or_named(list_name: str) -> QuerySet[Term]:
    """The terms a filter offers: the top of a list (a filter takes the narrower
    terms with it) and the desk's own named terms ("Arrest", "Journalist"), not the
    thousand leaves of the whole thesaurus."""
    return Term.objects.filter(list_name=list_name, active=True).filter(Q(level=0) | ~Q(key=""))


class DashboardForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        required=False,
        initial=12,
        choices=[],
        help_text=_("Whole months that have ended, or dates below."),
    )
    start = countable_date(_("From"), required=False)
    end = countable_date(_("To"), required=False)
    interval = forms.TypedChoiceField(
        label=_("Time series"),
        coerce=Interval,
        choices=[(i.value, label) for i, label in INTERVAL_LABELS.items()],
        required=False,
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[])
    act_types = TermChoiceField(label=_("Act types"), queryset=Term.objects.none(), required=False)
    professions = TermChoiceField(
        label=_("Victims' profession or role"), queryset=Term.objects.none(), required=False
    )
    tags = TermChoiceField(label=_("Case tags"), queryset=Term.objects.none(), required=False)
    dimension = forms.TypedChoiceField(
        label=_("Table by"),
        coerce=Dimension,
        # The dimensions the dashboard does not always show: the sixth chart's.
        choices=[
            (d.value, spec.label) for d, spec in DIMENSIONS.items() if d not in FIXED_DIMENSIONS
        ],
        initial=DEFAULT_DIMENSION.value,
        required=False,
    )

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months_field: Any = self.fields["months"]
        months_field.choices = [
            (
                n,
                ngettext("The past %(months)s month", "The past %(months)s months", n)
                % {"months": n},
            )
            for n in PAST_MONTHS
        ] + [("", _("The dates below"))]
        country_field: Any = self.fields["country"]
        country_field.choices = [("", _("All countries")), *countries]
        for name, list_name in (("act_types", "types_of_acts"), ("professions", "occupation")):
            field: Any = self.fields[name]
            field.queryset = _broad_or_named(list_name)
        tags = Term.objects.filter(list_name=CASE_TAGS, active=True)
        if tags.exists():
            tags_field: Any = self.fields["tags"]
            tags_field.queryset = tags
        else:
            del self.fields["tags"]  # a desk with no tags is not offered an empty filter

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            self.add_error("end" if start else "start", _("Give both dates, or neither."))
        check_order(self, "start", "end", _("The period ends before it starts."))
        return data

    def period(self, *, today: date) -> tuple[Period, int | None]:
        """The period asked for, and its number of past months when it is "the past
        N months" (the sentence says so). The past 12 months by default."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        start, end = data.get("start"), data.get("end")
        if start and end and "start" not in self.errors and "end" not in self.errors:
            try:
                return Period(start, end), None
            except PeriodError:
                pass
        months = data.get("months") or 12
        return Period.past_months(months, today=today), months

    def value(self, name: str, default: Any) -> Any:
        data = getattr(self, "cleaned_data", {})
        return data.get(name) if name not in self.errors and data.get(name) else default

    def scope(self) -> Scope:
        return Scope(
            country=self.value("country", ""),
            act_types=tuple(self.value("act_types", ())),
            professions=tuple(self.value("professions", ())),
            tags=tuple(self.value("tags", ())),
        )


class YearsForm(forms.Form):
    """A run of years for the communications figures: this year by default; a bad
    or reversed pair gets a message and the default."""

    first = forms.IntegerField(
        label=_("From the year"), required=False, min_value=1990, max_value=2100
    )
    last = forms.IntegerField(
        label=_("To the year"), required=False, min_value=1990, max_value=2100
    )

    def __init__(self, *args: Any, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.this_year = this_year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_order(self, "first", "last", _("The period ends before it starts."))
        return data

    def years(self) -> tuple[int, int]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        last = data.get("last") or self.this_year
        first = data.get("first") or last
        return min(first, last), last


class FollowUpForm(forms.Form):
    """Which recommendations (a country, or all) and the earlier day to compare with."""

    country = forms.ChoiceField(label=_("Country"), required=False, choices=[])
    since = countable_date(
        _("Compared with"),
        required=False,
        help_text=_("The day of the last report: statuses then and now."),
    )

    def __init__(self, *args: Any, default_since: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_since = default_since
        field: Any = self.fields["country"]
        field.choices = [("", _("All countries")), *recommendation_countries()]

    def choice(self) -> tuple[str, date]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("country") or "", data.get("since") or self.default_since


class ReportForm(forms.Form):
    """A country report: which country, which period (a year, or two dates) and in
    which language. Countries with cases come first; any other country may be asked
    for too (its report then says no act is recorded)."""

    country = forms.ChoiceField(label=_("Country"), choices=[])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    start = countable_date(_("From"), required=False)
    end = countable_date(_("To"), required=False)
    language = forms.ChoiceField(label=_("Language of the report"), choices=ReportLanguage.choices)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed = {code for code, _name in countries}
        others = sorted(
            ((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries),
            key=lambda pair: pair[1],
        )
        field: Any = self.fields["country"]
        field.choices = [
            ("", "—"),
            (_("Countries with cases"), countries),
            (_("Other countries"), [pair for pair in others if pair[0] not in listed]),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "year" in self.errors or "start" in self.errors or "end" in self.errors:
            return data
        year, start, end = data.get("year"), data.get("start"), data.get("end")
        if year and (start or end):
            self.add_error("year", _("Give a year, or two dates, not both."))
        elif not year and not (start and end):
            self.add_error("year", _("Give a year, or both dates."))
        else:
            check_order(self, "start", "end", _("The period ends before it starts."))
        return data

    def period(self) -> Period:
        """The period asked for; call only once the form is valid."""
        data = self.cleaned_data
        if data.get("year"):
            return Period(date(data["year"], 1, 1), date(data["year"], 12, 31))
        return Period(data["start"], data["end"])
