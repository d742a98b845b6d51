"""URL map. Public pages are marked with ``@public`` in their views; everything else
requires a signed-in, verified member of staff with the view's declared permission."""

from django.urls import include, path

from rapporteur.cases import urls as cases_urls
from rapporteur.communications import urls as communications_urls
from rapporteur.core import views as core_views
from rapporteur.insights import urls as insights_urls
from rapporteur.intake import urls as intake_urls
from rapporteur.visits import urls as visits_urls

urlpatterns = [
    path("", include("rapporteur.core.urls")),
    path("i18n/setlang/", core_views.set_language_view, name="set_language"),
    path("desk/", include("rapporteur.accounts.urls")),
    path("desk/audit/", include("rapporteur.audit.urls")),
    path("desk/vault/", include("rapporteur.vault.urls")),
    path("desk/inbox/", include((intake_urls.staff_patterns, "intake_desk"))),
    path("desk/cases/", include((cases_urls.staff_patterns, "cases"))),
    path("desk/insights/", include((insights_urls.staff_patterns, "insights"))),
    path("", include((intake_urls.public_patterns, "intake"))),
    path("tracker/", include((visits_urls.public_patterns, "tracker"))),
    path("desk/visits/", include((visits_urls.staff_patterns, "visits"))),
    path(
        "desk/communications/", include((communications_urls.staff_patterns, "communications_desk"))
    ),
    path("", include((communications_urls.public_patterns, "communications"))),
    path("statistics/", include((insights_urls.public_patterns, "statistics"))),
]
