"""The intake's routes: ``public_patterns`` (the submission form, the meeting request
and the source's return pages, at the site root, namespace ``intake``) and
``staff_patterns`` (the inbox, under /desk/inbox/, namespace ``intake_desk``), both
included by ``rapporteur/urls.py``."""

from django.urls import path

from rapporteur.intake.views import inbox, public

public_patterns = [
    path("submit/", public.submit_view, name="submit"),
    path("meeting/", public.meeting_view, name="meeting"),
    path("return/", public.return_view, name="return"),
    path("return/messages/", public.conversation_view, name="conversation"),
    path("return/leave/", public.source_leave_view, name="leave"),
]

staff_patterns = [
    path("", inbox.inbox_view, name="inbox"),
    path("meetings.ics", inbox.meetings_ics_view, name="meetings_ics"),
    path("<int:pk>/", inbox.submission_view, name="submission"),
    path("<int:pk>/files/<int:file_id>/", inbox.download_view, name="download"),
    path("<int:pk>/reply/", inbox.reply_view, name="reply"),
    path("<int:pk>/note/", inbox.note_view, name="note"),
    path("<int:pk>/status/", inbox.status_view, name="status"),
    path("<int:pk>/meeting/", inbox.meeting_answer_view, name="meeting_answer"),
]
