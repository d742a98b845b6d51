"""Routes of communications: ``public_patterns`` (the report, press releases, feeds,
the secret calendar feed; every view ``@public``) and ``staff_patterns`` (under
/desk/communications/). ``rapporteur/urls.py`` includes them under the namespaces
``communications`` and ``communications_desk``."""

from django.urls import path

from rapporteur.communications.views import case_links, letters, library, press, public, replies

public_patterns = [
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

# One letter's pages: /desk/communications/<id>/...
LETTER = "<int:communication_id>/"
PRESS_RELEASE = "press/<int:press_release_id>/"

staff_patterns = [
    path("", letters.list_view, name="list"),
    path("new/", letters.new_view, name="new"),
    path(LETTER, letters.detail_view, name="detail"),
    path("from-case/<int:case_id>/", case_links.from_case_view, name="from_case"),
    path(LETTER + "cases/", case_links.links_view, name="links"),
    path(LETTER + "edit/", letters.edit_view, name="edit"),
    path(LETTER + "text/", letters.body_view, name="body"),
    path(LETTER + "persons/new/", letters.person_view, name="person_new"),
    path(LETTER + "persons/<int:position>/", letters.person_view, name="person"),
    path(LETTER + "move/", letters.move_view, name="move"),
    path(LETTER + "approve/", letters.approve_view, name="approve"),
    path(LETTER + "send/", letters.send_view, name="send"),
    path(LETTER + "reply/", letters.reply_view, name="reply"),
    path(LETTER + "publish/", letters.publish_view, name="publish"),
    path(LETTER + "follow-up/", letters.follow_up_view, name="follow_up"),
    path(LETTER + "letter.<str:fmt>", letters.letter_view, name="letter"),
    path(LETTER + "documents/<int:reply_document_id>/", letters.document_view, name="document"),
    path("statistics/", replies.stats_view, name="stats"),
    path("calendar/", replies.calendar_view, name="calendar"),
    path("library/", library.library_view, name="library"),
    path("library/mandates/new/", library.mandate_view, name="mandate_new"),
    path("library/mandates/<int:mandate_id>/", library.mandate_view, name="mandate"),
    path("library/paragraphs/new/", library.paragraph_view, name="paragraph_new"),
    path("library/paragraphs/<int:paragraph_id>/", library.paragraph_view, name="paragraph"),
    path("press/", press.press_list_view, name="press_list"),
    path("press/new/", press.press_edit_view, name="press_new"),
    path(PRESS_RELEASE, press.press_edit_view, name="press_edit"),
    path(PRESS_RELEASE + "approve/", press.press_approve_view, name="press_approve"),
    path(PRESS_RELEASE + "publish/", press.press_publish_view, name="press_publish"),
]
