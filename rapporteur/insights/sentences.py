"""The period comparison in the Rapporteur's own words, in the reader's language:

    In the past 6 months (June to November 2022), at least 18 and at most 21 persons
    were subjected to “Arrest” (victims' profession: Journalist, Blogger), against 7
    in the period before (December 2021 to May 2022).

Every clause that holds a number is one gettext plural message keyed on the number the
noun agrees with (the upper bound in "at least 18 and at most 21 persons": Russian
says "не более 21 человека"), so Russian's three forms and Tajik's two come from the
catalogues, never from code. Labels (act types, professions) stand in quotes or
after a colon, where no grammar has to agree with them.

A figure that may not be shown exactly (``exact=False``: below ``SMALL_COUNT`` for a
role without full access) is never printed: the clause says "fewer than 5", or keeps
only the upper bound ("at most 12") when the lower one is small.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import get_language, gettext, ngettext

from rapporteur.cases.selectors import SMALL_COUNT
from rapporteur.insights.periods import Period
from rapporteur.insights.selectors import Bounds


def period_phrase(period: Period, *, past_months: int | None = None) -> str:
    dates = period.in_words(_language())
    if past_months:
        return ngettext(
            "In the past %(months)s month (%(dates)s)",
            "In the past %(months)s months (%(dates)s)",
            past_months,
        ) % {"months": past_months, "dates": dates}
    return gettext("In %(dates)s") % {"dates": dates}


def count_clause(bounds: Bounds, act: str, *, exact: bool = True) -> str:
    """ "at least 18 and at most 21 persons were subjected to “Arrest”"."""
    lower, upper = bounds.lower, bounds.upper
    if not exact and upper < SMALL_COUNT:
        return ngettext(
            "fewer than %(count)s person was subjected to %(act)s",
            "fewer than %(count)s persons were subjected to %(act)s",
            SMALL_COUNT,
        ) % {"count": SMALL_COUNT, "act": act}
    if not exact and lower < SMALL_COUNT and lower != upper:
        return ngettext(
            "at most %(upper)s person was subjected to %(act)s",
            "at most %(upper)s persons were subjected to %(act)s",
            upper,
        ) % {"upper": upper, "act": act}
    if lower == upper:
        return ngettext(
            "%(count)s person was subjected to %(act)s",
            "%(count)s persons were subjected to %(act)s",
            upper,
        ) % {"count": upper, "act": act}
    return ngettext(
        "at least %(lower)s and at most %(upper)s person was subjected to %(act)s",
        "at least %(lower)s and at most %(upper)s persons were subjected to %(act)s",
        upper,
    ) % {"lower": lower, "upper": upper, "act": act}


def figure(bounds: Bounds, *, exact: bool = True) -> str:
    """A count or a band on its own ("7", "7 to 9", "fewer than 5", "at most 9")."""
    if not exact and bounds.upper < SMALL_COUNT:
        return gettext("fewer than %(count)s") % {"count": SMALL_COUNT}
    if bounds.lower == bounds.upper:
        return str(bounds.upper)
    if not exact and bounds.lower < SMALL_COUNT:
        return gettext("at most %(upper)s") % {"upper": bounds.upper}
    return gettext("%(lower)s to %(upper)s") % {"lower": bounds.lower, "upper": bounds.upper}


def comparison_sentence(
    *,
    period: Period,
    current: Bounds,
    previous: Bounds,
    act_labels: Sequence[str],
    profession_labels: Sequence[str] = (),
    past_months: int | None = None,
    exact: bool = True,
) -> str:
    """The whole sentence, in the active language."""
    acts = (
        ", ".join(gettext("“%(label)s”") % {"label": label} for label in act_labels)
        if act_labels
        else gettext("any recorded act")
    )
    sentence = "%s, %s" % (  # noqa: UP031 - pieces, each already in its language
        period_phrase(period, past_months=past_months),
        count_clause(current, acts, exact=exact),
    )
    if profession_labels:
        sentence += gettext(" (victims' profession: %(professions)s)") % {
            "professions": ", ".join(profession_labels)
        }
    before = period.previous()
    sentence += gettext(", against %(figure)s in the period before (%(dates)s).") % {
        "figure": figure(previous, exact=exact),
        "dates": before.in_words(_language()),
    }
    return sentence


def _language() -> str:
    return (get_language() or "en")[:2]
