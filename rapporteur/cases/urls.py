"""Routes of the case desk: ``staff_patterns`` only (under /desk/cases/, namespace
``cases``); the desk has no public page. Every route with a ``case_id`` is
need-to-know: 404 for anyone who may not know the case exists."""

from django.urls import path

from rapporteur.cases.views import cases, corrections, records, triage, vocabulary

staff_patterns = [
    path("", cases.case_list_view, name="list"),
    path("new/", cases.case_open_view, name="open"),
    path("search/", cases.search_view, name="search"),
    path("triage/", triage.triage_view, name="triage"),
    path("import/", triage.import_view, name="import"),
    path("import/mapping/", triage.import_mapping_view, name="import_mapping"),
    path("vocabularies/", vocabulary.vocabulary_view, name="vocabulary"),
    path("<int:case_id>/", cases.case_detail_view, name="detail"),
    path("<int:case_id>/edit/", cases.case_edit_view, name="edit"),
    path("<int:case_id>/members/", cases.case_members_view, name="members"),
    path("<int:case_id>/history/", cases.case_history_view, name="history"),
    path("<int:case_id>/export.json", cases.case_export_json_view, name="export_json"),
    path("<int:case_id>/export.csv", cases.case_export_csv_view, name="export_csv"),
    path("<int:case_id>/tasks/done/", cases.task_done_view, name="task_done"),
    path("<int:case_id>/persons/add/", records.person_add_view, name="person_add"),
    path("<int:case_id>/persons/consent/", cases.person_consent_view, name="person_consent"),
    path(
        "<int:case_id>/persons/publication/",
        cases.person_publication_view,
        name="person_publication",
    ),
    path("<int:case_id>/persons/merge/", records.merge_view, name="merge"),
    path("<int:case_id>/documents/add/", records.document_add_view, name="document_add"),
    path(
        "<int:case_id>/documents/<int:document_id>/",
        records.document_download_view,
        name="document",
    ),
    path("<int:case_id>/events/add/", records.record_add_view, {"kind": "event"}, name="event_add"),
    path("<int:case_id>/acts/add/", records.record_add_view, {"kind": "act"}, name="act_add"),
    path(
        "<int:case_id>/information/add/",
        records.record_add_view,
        {"kind": "information"},
        name="information_add",
    ),
    path(
        "<int:case_id>/interventions/add/",
        records.record_add_view,
        {"kind": "intervention"},
        name="intervention_add",
    ),
    path("<int:case_id>/tasks/add/", records.record_add_view, {"kind": "task"}, name="task_add"),
    path(
        "<int:case_id>/acts/<int:act_id>/perpetrators/add/",
        corrections.involvement_add_view,
        name="involvement_add",
    ),
]

# Edit and delete, one pair of routes per kind of record: /<kind>s/<id>/edit/ and
# /<kind>s/<id>/delete/ (a confirmation page on GET, the delete on POST).
for kind, segment in (
    ("event", "events"),
    ("act", "acts"),
    ("person", "persons"),
    ("involvement", "perpetrators"),
    ("information", "information"),
    ("intervention", "interventions"),
    ("task", "tasks"),
):
    staff_patterns += [
        path(
            f"<int:case_id>/{segment}/<int:{kind}_id>/edit/",
            corrections.record_edit_view,
            {"kind": kind},
            name=f"{kind}_edit",
        ),
        path(
            f"<int:case_id>/{segment}/<int:{kind}_id>/delete/",
            corrections.record_delete_view,
            {"kind": kind},
            name=f"{kind}_delete",
        ),
    ]
