"""What acts can be counted by: each dimension names the column SQL groups on and how
a group's key becomes a label in the reader's language.

Acts are the unit (HURIDOCS counts violations, not cases); a dimension that an act can
hold several values of (perpetrator types, legal provisions) counts the act once
under each, so its groups add up to more than the acts: the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from rapporteur.cases.models import AgeGroup, CaseStatus, Term
from rapporteur.cases.regions import region_names
from rapporteur.visits.countries import country_name

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Dimension(StrEnum):
    ACT_TYPE = "act_type"
    PROFESSION = "profession"
    SEX = "sex"
    AGE_GROUP = "age_group"
    REGION = "region"
    PERPETRATOR_TYPE = "perpetrator_type"
    LEGAL_PROVISION = "legal_provision"
    CASE_STATUS = "case_status"
    COUNTRY = "country"


Labeller = Callable[[Iterable[object]], dict[object, str]]


@dataclass(frozen=True)
class DimensionSpec:
    label: StrOrPromise
    title: StrOrPromise  # a chart's title: "Acts by region" (its own sentence per language)
    column: str  # the path SQL groups on, from Act
    labels: Labeller  # group keys (None aside) to labels, in the active language
    several_per_act: bool = False
    keys_are_ids: bool = False  # group keys are term ids (stored as text in tallies)


def _term_labels(keys: Iterable[object]) -> dict[object, str]:
    return {t.pk: t.label() for t in Term.objects.filter(pk__in=[k for k in keys if k])}


def _sex_labels(keys: Iterable[object]) -> dict[object, str]:
    return {t.code: t.label() for t in Term.objects.filter(list_name="sex", code__in=list(keys))}


def _choice_labels(choices: dict[str, StrOrPromise]) -> Labeller:
    return lambda keys: {k: str(choices.get(str(k), k)) for k in keys}


def _region_labels(keys: Iterable[object]) -> dict[object, str]:
    return {code: name for code, name in region_names(str(k) for k in keys if k).items()}


def _country_labels(keys: Iterable[object]) -> dict[object, str]:
    return {k: country_name(str(k)) for k in keys if k}


def _terms(label: StrOrPromise, title: StrOrPromise, column: str, **more: bool) -> DimensionSpec:
    """A dimension whose groups are vocabulary terms, keyed by their ids."""
    return DimensionSpec(label, title, column, _term_labels, keys_are_ids=True, **more)


DIMENSIONS: dict[Dimension, DimensionSpec] = {
    # Grouped by the act type itself; ``selectors.breakdown`` rolls it up to the
    # top of the HURIDOCS hierarchy ("Arrest" and "Detention" under "Deprivation of
    # liberty"), so a page never has two hundred rows.
    Dimension.ACT_TYPE: _terms(_("Act type"), _("Acts by act type"), "act_type_id"),
    Dimension.PROFESSION: _terms(
        _("Profession or role"), _("Acts by victims' profession or role"), "victim__profession_id"
    ),
    Dimension.SEX: DimensionSpec(_("Sex"), _("Acts by victims' sex"), "victim__sex", _sex_labels),
    Dimension.AGE_GROUP: DimensionSpec(
        _("Age group"),
        _("Acts by victims' age group"),
        "victim__age_group",
        _choice_labels(dict(AgeGroup.choices)),
    ),
    Dimension.REGION: DimensionSpec(
        _("Region"), _("Acts by region"), "region_code", _region_labels
    ),
    Dimension.PERPETRATOR_TYPE: _terms(
        _("Perpetrator type"),
        _("Acts by perpetrator type"),
        "involvements__perpetrator_type_id",
        several_per_act=True,
    ),
    Dimension.LEGAL_PROVISION: _terms(
        _("Legal provision invoked"),
        _("Acts by legal provision invoked"),
        "legal_provisions",
        several_per_act=True,
    ),
    Dimension.CASE_STATUS: DimensionSpec(
        _("Case status"),
        _("Acts by case status"),
        "case__status",
        _choice_labels(dict(CaseStatus.choices)),
    ),
    Dimension.COUNTRY: DimensionSpec(
        _("Country"), _("Acts by country"), "country", _country_labels
    ),
}
