from django.urls import path

from rapporteur.visits import converters as _converters  # noqa: F401 - registers them
from rapporteur.visits import recommendation_views as rec_views
from rapporteur.visits import views

app_name = "visits"

urlpatterns = [
    path("", views.visit_list_view, name="visits"),
    path("new/", views.visit_create_view, name="visit_create"),
    path("import/", views.import_view, name="import"),
    path("themes/", views.theme_list_view, name="themes"),
    path("themes/new/", views.theme_add_view, name="theme_add"),
    path("<int:visit_id>/", views.visit_view, name="visit"),
    path("<int:visit_id>/edit/", views.visit_edit_view, name="visit_edit"),
    path("<int:visit_id>/meetings/", views.meeting_add_view, name="meeting_add"),
    path("<int:visit_id>/ingest/", views.ingest_view, name="ingest"),
    path("<int:visit_id>/accept-all/", views.accept_all_view, name="accept_all"),
    path("<int:visit_id>/report.<report_format:report_format>", views.report_view, name="report"),
    path(
        "recommendations/<int:recommendation_id>/",
        rec_views.recommendation_view,
        name="recommendation",
    ),
    path(
        "recommendations/<int:recommendation_id>/edit/",
        rec_views.recommendation_edit_view,
        name="recommendation_edit",
    ),
    path(
        "recommendations/<int:recommendation_id>/accept/",
        rec_views.recommendation_accept_view,
        name="recommendation_accept",
    ),
    path(
        "recommendations/<int:recommendation_id>/reject/",
        rec_views.recommendation_reject_view,
        name="recommendation_reject",
    ),
    path("recommendations/<int:recommendation_id>/status/", rec_views.status_view, name="status"),
    path(
        "recommendations/<int:recommendation_id>/live-count/",
        rec_views.live_count_view,
        name="live_count",
    ),
    path(
        "recommendations/<int:recommendation_id>/assessments/<int:assessment_id>/attach/",
        rec_views.assessment_attach_view,
        name="assessment_attach",
    ),
    path(
        "recommendations/<int:recommendation_id>/evidence/",
        rec_views.evidence_view,
        name="evidence",
    ),
]
