"""The desk's side: who may open the inbox, reading (audited), downloads of
cleaned files, replies the source can read, notes, status, meetings, retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.intake.models import Attachment, Submission
from rapporteur.intake.notices import send_new_arrival_notice
from rapporteur.intake.services import purge_expired
from rapporteur.testing.files import jpeg_has_gps, jpeg_with_gps, pdf_author, pdf_with_author
from rapporteur.testing.intake import receipt_in, return_with, submit
from rapporteur.testing.vault import sign_in_unlocked

pytestmark = pytest.mark.django_db


def _one(**kwargs) -> tuple[Submission, str]:
    receipt = receipt_in(submit(Client(), **kwargs))
    return Submission.objects.order_by("-id").first(), receipt


def _desk_urls(pk: int) -> dict[str, tuple[str, str]]:
    return {
        "inbox": ("get", reverse("intake_desk:inbox")),
        "submission": ("get", reverse("intake_desk:submission", args=[pk])),
        "ics": ("get", reverse("intake_desk:meetings_ics")),
        "reply": ("post", reverse("intake_desk:reply", args=[pk])),
        "note": ("post", reverse("intake_desk:note", args=[pk])),
        "status": ("post", reverse("intake_desk:status", args=[pk])),
        "meeting": ("post", reverse("intake_desk:meeting_answer", args=[pk])),
    }


def test_analysts_and_administrators_never_reach_content(desk, client_for, analyst, administrator):
    submission, _ = _one()
    for user in (analyst, administrator):
        client = client_for(user)
        for name, (method, url) in _desk_urls(submission.pk).items():
            assert getattr(client, method)(url).status_code == 403, (user.role, name)


def test_anonymous_visitors_are_sent_to_sign_in(desk):
    submission, _ = _one()
    for method, url in _desk_urls(submission.pk).values():
        response = getattr(Client(), method)(url)
        assert response.status_code == 302 and "/desk/login/" in response.url


def test_reading_decrypts_and_is_audited(desk, officer):
    submission, _ = _one(narrative="the arrest at night")
    client = sign_in_unlocked(officer)
    response = client.get(reverse("intake_desk:submission", args=[submission.pk]))
    assert response.status_code == 200
    assert "the arrest at night" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == "read"
    entry = AuditEntry.objects.filter(tag=AuditTag.INTAKE_SUBMISSION_READ).get()
    assert entry.target_id == str(submission.pk) and entry.actor_id == officer.pk


def test_without_unlocked_key_staff_get_the_sign_in_again_page(desk, client_for, officer):
    submission, _ = _one()
    url = reverse("intake_desk:submission", args=[submission.pk])
    response = client_for(officer).get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("vault:unlock")
    assert "Unlock required: sign in again" in response.content.decode()
    assert not AuditEntry.objects.filter(tag=AuditTag.INTAKE_SUBMISSION_READ).exists()


def test_an_officer_without_a_grant_cannot_read(desk, other_officer):
    submission, _ = _one()
    client = sign_in_unlocked(other_officer)
    response = client.get(reverse("intake_desk:submission", args=[submission.pk]))
    assert response.status_code == 302 and response.url == reverse("vault:unlock")


def test_downloads_are_cleaned_streamed_and_audited(desk, rapporteur_user):
    files = [
        SimpleUploadedFile("photo.jpg", jpeg_with_gps()),
        SimpleUploadedFile("statement.pdf", pdf_with_author()),
    ]
    submission, _ = _one(files=files)
    client = sign_in_unlocked(rapporteur_user)
    page = client.get(reverse("intake_desk:submission", args=[submission.pk])).content.decode()
    assert "GPS position" in page and "PDF author" in page
    photo, pdf = Attachment.objects.order_by("id")
    got = client.get(reverse("intake_desk:download", args=[submission.pk, photo.pk]))
    assert got.streaming and "photo.jpg" in got["Content-Disposition"]
    assert not jpeg_has_gps(b"".join(got.streaming_content))
    got = client.get(reverse("intake_desk:download", args=[submission.pk, pdf.pk]))
    assert pdf_author(b"".join(got.streaming_content)) == ""
    assert AuditEntry.objects.filter(tag=AuditTag.INTAKE_ATTACHMENT_DOWNLOADED).count() == 2


def test_kept_original_keeps_metadata_and_is_flagged(desk, rapporteur_user):
    submission, _ = _one(
        files=[SimpleUploadedFile("photo.jpg", jpeg_with_gps())], keep_original="on"
    )
    client = sign_in_unlocked(rapporteur_user)
    page = client.get(reverse("intake_desk:submission", args=[submission.pk])).content.decode()
    assert "kept with its metadata" in page
    attachment = Attachment.objects.get()
    got = client.get(reverse("intake_desk:download", args=[submission.pk, attachment.pk]))
    assert jpeg_has_gps(b"".join(got.streaming_content))


def test_reply_reaches_only_the_receipt_holder(desk, officer):
    submission, receipt = _one()
    other, _ = _one()
    client = sign_in_unlocked(officer)
    client.post(reverse("intake_desk:reply", args=[submission.pk]), {"text": "We received it."})
    submission.refresh_from_db()
    assert submission.status == "replied"
    source = Client()
    return_with(source, receipt)
    assert "We received it." in source.get(reverse("intake:conversation")).content.decode()
    assert AuditEntry.objects.filter(tag=AuditTag.INTAKE_REPLY_SENT).count() == 1
    assert other.messages.count() == 0


def test_notes_and_status(desk, officer):
    submission, _ = _one()
    client = sign_in_unlocked(officer)
    client.post(reverse("intake_desk:note", args=[submission.pk]), {"text": "check the date"})
    client.post(reverse("intake_desk:status", args=[submission.pk]), {"status": "in_case"})
    page = client.get(reverse("intake_desk:submission", args=[submission.pk])).content.decode()
    assert "check the date" in page
    submission.refresh_from_db()
    assert submission.status == "in_case"
    assert b"check the date" not in bytes(submission.notes.get().envelope)
    tags = set(AuditEntry.objects.values_list("tag", flat=True))
    assert {AuditTag.INTAKE_NOTE_ADDED, AuditTag.INTAKE_STATUS_CHANGED} <= tags


def test_meeting_answer_is_read_by_requester_and_exported(desk, rapporteur_user):
    submission, receipt = _one(url_name="intake:meeting")
    client = sign_in_unlocked(rapporteur_user)
    response = client.post(
        reverse("intake_desk:meeting_answer", args=[submission.pk]),
        {
            "decision": "accepted",
            "start": "2026-12-03 10:00",
            "duration_minutes": "45",
            "place": "Geneva, Palais Wilson",
            "text": "See you there.",
        },
    )
    assert response.status_code == 302
    source = Client()
    return_with(source, receipt)
    page = source.get(reverse("intake:conversation")).content.decode()
    assert "Meeting accepted" in page and "Palais Wilson" in page
    ics = client.get(reverse("intake_desk:meetings_ics"))
    body = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert "DTSTART:20261203T100000Z" in body and "DTEND:20261203T104500Z" in body
    assert "Demo requester" not in body and body.endswith("END:VCALENDAR\r\n")
    assert AuditEntry.objects.filter(tag=AuditTag.INTAKE_MEETINGS_EXPORTED).exists()


def test_declining_needs_no_time_but_accepting_does(desk, rapporteur_user):
    submission, _ = _one(url_name="intake:meeting")
    client = sign_in_unlocked(rapporteur_user)
    client.post(
        reverse("intake_desk:meeting_answer", args=[submission.pk]),
        {"decision": "accepted", "duration_minutes": "60"},
    )
    submission.refresh_from_db()
    assert submission.meeting_state == ""
    client.post(
        reverse("intake_desk:meeting_answer", args=[submission.pk]),
        {"decision": "declined", "duration_minutes": "60"},
    )
    submission.refresh_from_db()
    assert submission.meeting_state == "declined"


def test_retention_warns_then_deletes_with_files_but_keeps_cases(desk, settings):
    old, _ = _one(files=[SimpleUploadedFile("a.txt", b"old file")])
    kept, _ = _one()
    recent, _ = _one()
    long_ago = timezone.now() - timedelta(days=settings.INTAKE_RETENTION_DAYS + 1)
    Submission.objects.filter(pk__in=[old.pk, kept.pk]).update(received_at=long_ago)
    Submission.objects.filter(pk=kept.pk).update(status="in_case")
    stored = settings.INTAKE_FILE_STORE / Attachment.objects.get().stored_name[:2]
    assert any(stored.iterdir())
    from rapporteur.intake.services import warn_before_deletion

    assert warn_before_deletion() == 1
    assert purge_expired() == 1
    assert set(Submission.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}
    assert not any(stored.iterdir())
    assert AuditEntry.objects.filter(tag=AuditTag.INTAKE_RETENTION_DELETED).exists()


def test_purge_command_runs(desk):
    from django.core.management import call_command

    call_command("intake", "purge")


def test_notification_says_nothing_but_that_something_arrived(desk, settings):
    settings.INTAKE_NOTIFY_EMAILS = ["desk@example.org"]
    _one(narrative="secret narrative")
    assert send_new_arrival_notice.call() == 1
    message = mail.outbox[0]
    assert "secret" not in message.subject + message.body
    assert message.to == ["desk@example.org"]


def test_inbox_lists_states_without_decrypting(desk, officer, client_for):
    _one()
    _one(url_name="intake:meeting")
    page = client_for(officer).get(reverse("intake_desk:inbox")).content.decode()
    assert "Meeting request" in page and "Demo person" not in page
    page = client_for(officer).get(reverse("intake_desk:inbox") + "?kind=meeting").content
    assert b"<td>Information on a defender at risk</td>" not in page


def test_dashboard_panel_counts_without_content(desk, officer, analyst, client_for):
    _one(narrative="panel secret")
    page = client_for(officer).get(reverse("core:dashboard")).content.decode()
    assert "1 new, 1 with a source waiting" in page and "panel secret" not in page
    assert (
        "Open the inbox" not in client_for(analyst).get(reverse("core:dashboard")).content.decode()
    )


def test_demo_data_opens_with_the_published_receipt(db, settings):
    from rapporteur.core import demo

    demo.load()
    demo.load()  # idempotent
    assert Submission.objects.count() == 4
    assert set(Submission.objects.values_list("kind", flat=True)) == {"report", "meeting"}
    source = Client()
    return_with(source, demo.DEMO_RECEIPT)
    page = source.get(reverse("intake:conversation")).content.decode()
    assert "Мы получили вашу информацию" in page


SEALED_ONLY = ("Secret Person Name", "the night they came", "signal +992 00 000")


def _inbox(client: Client, language: str = "en", **query: str) -> str:
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client.get(reverse("intake_desk:inbox"), query).content.decode()


def test_inbox_rows_say_what_each_submission_is_about_never_who(desk, officer):
    """With the session's desk keys, each row shows what happened, the person's role,
    where, how a meeting is wanted and the files, in the page's language; never a
    name, a narrative or a contact, which stay on the submission's own page."""
    _one(
        person_name=SEALED_ONLY[0], narrative=SEALED_ONLY[1], safe_contact=SEALED_ONLY[2],
        act_kind="arrest", person_role="journalist", person_place="Khujand, Sughd region",
        files=[SimpleUploadedFile("a.txt", b"a"), SimpleUploadedFile("b.txt", b"b")],
    )  # fmt: skip
    receipt_in(submit(Client(), url_name="intake:meeting", place_mode="remote"))
    client = sign_in_unlocked(officer)
    for language, words in (
        (
            "en",
            ["Arrest · Journalist · Khujand, Sughd region", "Remote (video or phone) · Next week"],
        ),
        ("ru", ["Арест · Журналист · Khujand, Sughd region"]),
        ("tg", ["Ҳабс · Рӯзноманигор · Khujand, Sughd region"]),
    ):
        page = _inbox(client, language)
        for text in words:
            assert text in page, (language, text)
        assert "<td>2</td>" in page  # the report's two files
        for secret in SEALED_ONLY:
            assert secret not in page


def test_a_long_free_text_answer_is_cut_in_the_list(desk, officer):
    _one(person_place="Somewhere " * 20)
    page = _inbox(sign_in_unlocked(officer))
    assert "Somewhere " * 3 in page and "Somewhere " * 6 not in page


def test_without_unlocked_keys_the_inbox_still_lists_by_number(desk, client_for, officer):
    submission, _ = _one(act_kind="arrest")
    page = _inbox(client_for(officer))  # signed in, but no desk keys in the session
    assert f'href="{reverse("intake_desk:submission", args=[submission.pk])}"' in page
    assert "sign in again to see what each submission is about" in page
    assert "Arrest" not in page


def test_the_inbox_shows_and_opens_one_page_of_fifty(desk, officer, settings):
    """Only the page shown is decrypted: 50 rows, the rest on the next page, the
    filters kept in the pager's links. (52 in one hour are not a flood here.)"""
    settings.INTAKE_FLOOD_ALERT_PER_HOUR = 100
    for _ in range(52):
        _one()
    client = sign_in_unlocked(officer)
    first = _inbox(client, kind="report")
    assert first.count("Arrest · Journalist") == 50
    assert "1 / 2" in first and "?status=&amp;kind=report&amp;page=2" in first
    second = _inbox(client, kind="report", page="2")
    assert second.count("Arrest · Journalist") == 2


def test_triage_lists_say_what_each_report_is_about(desk, officer):
    _one(act_kind="arrest", person_role="journalist", person_place="Khujand",
         person_name=SEALED_ONLY[0], files=[SimpleUploadedFile("a.txt", b"a")])  # fmt: skip
    page = sign_in_unlocked(officer).get(reverse("cases:triage")).content.decode()
    assert "Arrest · Journalist · Khujand · 1 file" in page
    assert SEALED_ONLY[0] not in page
