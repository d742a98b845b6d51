"""The country report's figures: "Situation of human rights defenders in <country>,
<period>", computed by the background worker and kept on the job row.

Everything here reads coded columns only (the acts' dates, types, regions and
victims' professions; letters' kinds, dates and states; recommendation statuses):
the worker holds no desk key and never opens an envelope. Figures are those the
requester may see on the dashboard (suppressed for every role but the rapporteur,
``selectors.sees_exact_counts``) and letters are those the requester may count
(``communications.selectors.counted_communications``), so a report never tells its
reader more than their own pages would. Labels are written in the report's language.

The case summaries are not here: they are opened in the download request, with the
reader's keys (``documents``), and typeset there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

import pycountry
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from rapporteur.communications.models import SENT_STATES, Kind, State
from rapporteur.communications.selectors import counted_communications
from rapporteur.insights import figures, follow_up, selectors
from rapporteur.insights.dimensions import Dimension
from rapporteur.insights.periods import Interval, Period
from rapporteur.insights.sentences import comparison_sentence
from rapporteur.insights.tallies import Counts
from rapporteur.visits.countries import country_name
from rapporteur.visits.models import Status

if TYPE_CHECKING:
    from rapporteur.accounts.models import User

# The breakdowns a report prints, after the time series.
REPORT_DIMENSIONS = (
    Dimension.ACT_TYPE,
    Dimension.PROFESSION,
    Dimension.REGION,
    Dimension.PERPETRATOR_TYPE,
)

Progress = Callable[[int], None]


def report_title(*, country: str, period: Period, language: str) -> str:
    """ "Situation of human rights defenders in Tajikistan, 2022", in ``language``."""
    with translation.override(language):
        return _("Situation of human rights defenders in %(country)s, %(period)s") % {
            "country": country_name(country),
            "period": period.in_words(language),
        }


def series_interval(period: Period) -> Interval:
    """Months for a year or less, quarters up to three years, years beyond."""
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    if months <= 12:
        return Interval.MONTH
    return Interval.QUARTER if months <= 36 else Interval.YEAR


def gather(
    *,
    requester: User,
    country: str,
    period: Period,
    language: str,
    today: date,
    progress: Progress = lambda percent: None,
) -> dict[str, Any]:
    """Every figure of the report, as JSON-ready data in ``language``. About a dozen
    queries, whatever the number of acts (each panel is one or three)."""
    exact = selectors.sees_exact_counts(requester)
    with translation.override(language):
        counts = Counts.of(selectors.Scope(country=country), latest=True)
        summary = counts.summary(period)
        found: dict[str, Any] = {
            "title": report_title(country=country, period=period, language=language),
            "exact": exact,
            "empty": summary.acts.upper == 0,
            "totals": [
                [_("Acts in the period"), figures.total_text(summary.acts, exact=exact)],
                [_("Persons in the period"), figures.total_text(summary.victims, exact=exact)],
                [
                    _("Persons in the period before"),
                    figures.total_text(summary.victims_before, exact=exact),
                ],
                [
                    _("Acts with no known date"),
                    figures.total_text(
                        selectors.Bounds(summary.undated, summary.undated), exact=exact
                    ),
                ],
            ],
            "sentence": comparison_sentence(
                period=period,
                current=summary.victims,
                previous=summary.victims_before,
                act_labels=[],
                exact=exact,
            ),
        }
        progress(20)
        panels = [figures.series_panel(counts, period, series_interval(period), exact=exact)]
        progress(40)
        for dimension in REPORT_DIMENSIONS:
            panels.append(figures.breakdown_panel(counts, period, dimension, exact=exact))
        found["panels"] = [
            {
                "title": panel.title,
                "note": panel.note,
                "lines": [[line.label, line.lower, line.upper] for line in panel.lines],
                "chart": asdict(panel.chart),
            }
            for panel in panels
        ]
        progress(65)
        found["letters"] = _letters(requester=requester, country=country, period=period)
        progress(80)
        found["recommendations"] = _recommendations(country=country, period=period, today=today)
        progress(95)
    return found


def _letters(*, requester: User, country: str, period: Period) -> dict[str, Any]:
    """Letters sent to the State in the period, by kind, with replies; and the
    published ones (the mandate's public record) one by one."""
    state = pycountry.countries.get(alpha_2=country.upper())
    code = state.alpha_3 if state is not None else "---"
    sent = counted_communications(requester).filter(
        addressee_code=code,
        state__in=SENT_STATES,
        sent_on__gte=period.start,
        sent_on__lte=period.end,
    )
    by_kind = dict(sent.order_by().values_list("kind").annotate(n=Count("id")))
    totals = sent.aggregate(
        sent=Count("id"),
        replied=Count("id", filter=Q(has_reply=True)),
        published=Count("id", filter=Q(state=State.PUBLISHED)),
    )
    published = [
        [
            row.reference,
            row.sent_on.isoformat() if row.sent_on else "",
            str(Kind(row.kind).label),
            _("Yes") if row.has_reply else _("No"),
        ]
        for row in sent.filter(state=State.PUBLISHED).order_by("sent_on", "id")
    ]
    return {
        "rows": [[str(label), by_kind.get(value, 0)] for value, label in Kind.choices]
        + [
            [_("Communications sent"), totals["sent"]],
            [_("Of which the State replied to"), totals["replied"]],
            [_("Of which made public"), totals["published"]],
        ],
        "published": published,
    }


def _recommendations(*, country: str, period: Period, today: date) -> dict[str, Any]:
    """Accepted recommendations to the country by status, at the period's end and now."""
    recommendations = follow_up.accepted(country=country)
    then, now = follow_up.status_change(recommendations, since=min(period.end, today))
    return {
        "rows": [
            [str(label), then.counts[value], now.counts[value]] for value, label in Status.choices
        ],
        "total": now.total,
    }
