"""Public routes of the intake: each view is marked ``@public``."""

from django.urls import path

from rapporteur.intake.views import public

app_name = "intake"

urlpatterns = [
    path("submit/", public.submit_view, name="submit"),
    path("meeting/", public.meeting_view, name="meeting"),
    path("return/", public.return_view, name="return"),
    path("return/messages/", public.conversation_view, name="conversation"),
    path("return/leave/", public.source_leave_view, name="leave"),
]
