"""Public routes: the communications report, press releases, feeds, the secret
calendar feed. Each view is marked ``@public``."""

from django.urls import path

from rapporteur.communications.views import public

app_name = "communications"

urlpatterns = [
    path("communications/", public.report_view, name="report"),
    path("communications/about/", public.about_view, name="about"),
    path("communications/export.csv", public.export_csv_view, name="export_csv"),
    path("communications/export.json", public.export_json_view, name="export_json"),
    path("communications/feed.atom", public.report_feed_view, name="feed"),
    path("communications/<int:communication_id>/", public.public_detail_view, name="detail"),
    path("communications/calendar/<str:token>.ics", public.calendar_feed_view, name="calendar"),
    path("press/", public.press_list_view, name="press_list"),
    path("press/feed.atom", public.press_feed_view, name="press_feed"),
    path("press/<int:press_release_id>/", public.press_detail_view, name="press_detail"),
]
