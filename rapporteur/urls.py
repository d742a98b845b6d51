"""URL map. Public pages are marked with ``@public`` in their views; everything else
requires a signed-in, verified member of staff with the view's declared permission."""

from django.urls import include, path

from rapporteur.core import views as core_views
from rapporteur.visits import urls as visits_urls

urlpatterns = [
    path("", include("rapporteur.core.urls")),
    path("i18n/setlang/", core_views.set_language_view, name="set_language"),
    path("desk/", include("rapporteur.accounts.urls")),
    path("desk/audit/", include("rapporteur.audit.urls")),
    path("desk/vault/", include("rapporteur.vault.urls")),
    path("desk/inbox/", include("rapporteur.intake.urls_desk")),
    path("desk/cases/", include("rapporteur.cases.urls")),
    path("", include("rapporteur.intake.urls")),
    path("tracker/", include((visits_urls.public_patterns, "tracker"))),
    path("desk/visits/", include((visits_urls.staff_patterns, "visits"))),
    path("desk/communications/", include("rapporteur.communications.urls_desk")),
    path("", include("rapporteur.communications.urls")),
]
