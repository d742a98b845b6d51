"""Staff routes of the intake (under /desk/inbox/)."""

from django.urls import path

from rapporteur.intake.views import desk

app_name = "intake_desk"

urlpatterns = [
    path("", desk.inbox_view, name="inbox"),
    path("meetings.ics", desk.meetings_ics_view, name="meetings_ics"),
    path("<int:pk>/", desk.submission_view, name="submission"),
    path("<int:pk>/files/<int:file_id>/", desk.download_view, name="download"),
    path("<int:pk>/reply/", desk.reply_view, name="reply"),
    path("<int:pk>/note/", desk.note_view, name="note"),
    path("<int:pk>/status/", desk.status_view, name="status"),
    path("<int:pk>/meeting/", desk.meeting_answer_view, name="meeting_answer"),
]
