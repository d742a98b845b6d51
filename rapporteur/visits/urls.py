"""The visits app's routes: ``public_patterns`` (the tracker, under /tracker/,
namespace ``tracker``) and ``staff_patterns`` (under /desk/visits/, namespace
``visits``), both included by ``rapporteur/urls.py``."""

from django.urls import path

from rapporteur.visits import converters as _converters  # noqa: F401 - registers them
from rapporteur.visits.views import documents, public, recommendations, themes, visits

public_patterns = [
    path("", public.tracker_view, name="tracker"),
    path("country/<country:country>/", public.country_view, name="country"),
    path(
        "country/<country:country>/uhri.<export_format:export_format>",
        public.uhri_view,
        name="uhri",
    ),
    path("visit/<int:visit_id>/", public.visit_view, name="visit"),
    path(
        "visit/<int:visit_id>/export.<export_format:export_format>",
        public.export_view,
        name="export",
    ),
    path(
        "recommendation/<int:recommendation_id>/",
        public.recommendation_view,
        name="recommendation",
    ),
    path("recommendation/<int:recommendation_id>/assess/", public.assess_view, name="assess"),
]

staff_patterns = [
    path("", visits.visit_list_view, name="visits"),
    path("new/", visits.visit_create_view, name="visit_create"),
    path("import/", documents.import_view, name="import"),
    path("themes/", themes.theme_list_view, name="themes"),
    path("themes/new/", themes.theme_add_view, name="theme_add"),
    path("<int:visit_id>/", visits.visit_view, name="visit"),
    path("<int:visit_id>/edit/", visits.visit_edit_view, name="visit_edit"),
    path("<int:visit_id>/meetings/", visits.meeting_add_view, name="meeting_add"),
    path("<int:visit_id>/ingest/", documents.ingest_view, name="ingest"),
    path("<int:visit_id>/accept-all/", visits.accept_all_view, name="accept_all"),
    path("<int:visit_id>/report.<report_format:report_format>", visits.report_view, name="report"),
    path(
        "recommendations/<int:recommendation_id>/",
        recommendations.recommendation_view,
        name="recommendation",
    ),
    path(
        "recommendations/<int:recommendation_id>/edit/",
        recommendations.recommendation_edit_view,
        name="recommendation_edit",
    ),
    path(
        "recommendations/<int:recommendation_id>/related/<int:related_id>/"
        "<related_decision:decision>/",
        recommendations.related_review_view,
        name="related_review",
    ),
    path(
        "recommendations/<int:recommendation_id>/accept/",
        recommendations.recommendation_accept_view,
        name="recommendation_accept",
    ),
    path(
        "recommendations/<int:recommendation_id>/reject/",
        recommendations.recommendation_reject_view,
        name="recommendation_reject",
    ),
    path(
        "recommendations/<int:recommendation_id>/status/",
        recommendations.status_view,
        name="status",
    ),
    path(
        "recommendations/<int:recommendation_id>/live-count/",
        recommendations.live_count_view,
        name="live_count",
    ),
    path(
        "recommendations/<int:recommendation_id>/assessments/<int:assessment_id>/attach/",
        recommendations.assessment_attach_view,
        name="assessment_attach",
    ),
    path(
        "recommendations/<int:recommendation_id>/evidence/",
        recommendations.evidence_view,
        name="evidence",
    ),
]
