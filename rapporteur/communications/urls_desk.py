"""Staff routes of communications (under /desk/communications/)."""

from django.urls import path

from rapporteur.communications.views import cases, desk, office

app_name = "communications_desk"

C = "<int:communication_id>/"
urlpatterns = [
    path("", desk.list_view, name="list"),
    path("new/", desk.new_view, name="new"),
    path(C, desk.detail_view, name="detail"),
    path("from-case/<int:case_id>/", cases.from_case_view, name="from_case"),
    path(C + "cases/", cases.links_view, name="links"),
    path(C + "edit/", desk.edit_view, name="edit"),
    path(C + "text/", desk.body_view, name="body"),
    path(C + "persons/new/", desk.person_view, name="person_new"),
    path(C + "persons/<int:position>/", desk.person_view, name="person"),
    path(C + "move/", desk.move_view, name="move"),
    path(C + "approve/", desk.approve_view, name="approve"),
    path(C + "send/", desk.send_view, name="send"),
    path(C + "reply/", desk.reply_view, name="reply"),
    path(C + "publish/", desk.publish_view, name="publish"),
    path(C + "follow-up/", desk.follow_up_view, name="follow_up"),
    path(C + "letter.<str:fmt>", desk.letter_view, name="letter"),
    path(C + "documents/<int:reply_document_id>/", desk.document_view, name="document"),
    path("statistics/", office.stats_view, name="stats"),
    path("calendar/", office.calendar_view, name="calendar"),
    path("library/", office.library_view, name="library"),
    path("library/mandates/new/", office.mandate_view, name="mandate_new"),
    path("library/mandates/<int:mandate_id>/", office.mandate_view, name="mandate"),
    path("library/paragraphs/new/", office.paragraph_view, name="paragraph_new"),
    path("library/paragraphs/<int:paragraph_id>/", office.paragraph_view, name="paragraph"),
    path("press/", office.press_list_view, name="press_list"),
    path("press/new/", office.press_edit_view, name="press_new"),
    path("press/<int:press_release_id>/", office.press_edit_view, name="press_edit"),
    path("press/<int:press_release_id>/approve/", office.press_approve_view, name="press_approve"),
    path("press/<int:press_release_id>/publish/", office.press_publish_view, name="press_publish"),
]
