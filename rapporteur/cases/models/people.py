"""Persons and organisations, stored once and linked to cases in their roles.

HURIDOCS' "Person" covers individuals and groups; so does this table (``kind``),
with ``Organisation`` a proxy for the groups. Names, contacts, narrative and
protection needs are sealed to the desk key; profession, gender, age group,
organisation, the consent to name the person to the State and the consent to
publish their case's summary in a report are coded in clear.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rapporteur.cases.models.vocabulary import optional_term
from rapporteur.vault.models import Sealed


class PersonKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")


class AgeGroup(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    CHILD = "child", _("Under 18")
    ADULT = "adult", _("18 to 59")
    OLDER = "older", _("60 or over")


class Consent(models.TextChoices):
    """May the desk name this person to the State (in a communication)?
    The communications app reads this before a name goes into a letter."""

    UNKNOWN = "unknown", _("Not asked yet")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Person(Sealed):
    kind = models.CharField(
        max_length=12, choices=PersonKind.choices, default=PersonKind.INDIVIDUAL
    )
    profession = optional_term()
    sex = models.CharField(max_length=12, blank=True)  # HURIDOCS "sex" term code, or empty
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices, blank=True)
    organisation = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    consent_to_name = models.CharField(
        max_length=8, choices=Consent.choices, default=Consent.UNKNOWN
    )
    # May the desk publish a summary of this person's case in a country report?
    # Only when every person of the case said yes; otherwise they are counted only.
    consents_to_publication = models.BooleanField(default=False)
    country = models.CharField(max_length=2, blank=True)
    # A merged duplicate points at the record it was merged into; undoing clears it.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"person {self.pk}"


class OrganisationManager(models.Manager["Organisation"]):
    def get_queryset(self) -> models.QuerySet[Organisation]:
        return super().get_queryset().filter(kind=PersonKind.ORGANISATION)


class Organisation(Person):
    objects = OrganisationManager()  # type: ignore[misc]

    class Meta:
        proxy = True
