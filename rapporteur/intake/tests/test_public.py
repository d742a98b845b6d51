"""The source's side: forms in three languages without JavaScript, receipts,
returning, replay and forgery of forms, and hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapporteur.intake.models import Attachment, Message, Submission
from rapporteur.testing.html import foreign_references
from rapporteur.testing.intake import (
    client_in,
    database_bytes,
    form_token,
    receipt_in,
    return_with,
    submit,
)

pytestmark = pytest.mark.django_db
PUBLIC_PAGES = ["intake:submit", "intake:meeting", "intake:return", "core:home"]


@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_public_pages_load_nothing_foreign_and_need_no_script(desk, language):
    client = client_in(language)
    for name in PUBLIC_PAGES:
        response = client.get(reverse(name))
        html = response.content.decode()
        assert response.status_code == 200
        assert f'lang="{language}"' in html
        assert "<script" not in html
        assert foreign_references(html) == []


def test_pages_are_translated():
    assert "Отправить" in client_in("ru").get(reverse("intake:submit")).content.decode()
    assert "Фиристодан" in client_in("tg").get(reverse("intake:submit")).content.decode()


def test_submission_accepted_while_no_staff_ever_signed_in(desk):
    client = Client()
    response = submit(client, narrative="first report")
    receipt = receipt_in(response)
    assert len(receipt.split()) == 8
    submission = Submission.objects.get()
    assert submission.received_at.minute == 0 and submission.received_at.second == 0
    assert receipt not in str(Submission.objects.values().get())
    assert b"first report" not in bytes(submission.envelope)


def test_desk_without_key_ceremony_refuses_politely(db):
    response = submit(Client())
    assert response.status_code == 503
    assert Submission.objects.count() == 0


def test_source_returns_reads_status_and_follows_up(desk):
    client = Client()
    receipt = receipt_in(submit(client))
    source = Client()
    response = return_with(source, receipt.upper().replace(" ", "   "))
    assert response.status_code == 302
    page = source.get(reverse("intake:conversation")).content.decode()
    assert "No reply yet" in page
    response = source.post(reverse("intake:conversation"), {"text": "more information"})
    assert "Your message was sent." in response.content.decode()
    message = Message.objects.get()
    assert message.from_source and b"more information" not in bytes(message.envelope)
    source.post(reverse("intake:leave"))
    assert source.get(reverse("intake:conversation")).status_code == 302


def test_replayed_form_is_refused_and_stores_nothing_new(desk):
    client = Client()
    url = reverse("intake:submit")
    from rapporteur.testing.intake import VALID_ANSWERS

    data = {**VALID_ANSWERS, "form_token": form_token(client, url)}
    receipt_in(client.post(url, data))
    response = client.post(url, data)
    assert "This form was already sent" in response.content.decode()
    assert Submission.objects.count() == 1


def test_forged_csrf_token_gets_the_expired_page_in_tajik(desk):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "tg"
    client.get(reverse("intake:submit"))
    from rapporteur.testing.intake import VALID_ANSWERS

    response = client.post(
        reverse("intake:submit"), {**VALID_ANSWERS, "csrfmiddlewaretoken": "forged" * 8}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="tg"' in html and "Traceback" not in html
    assert "This form has expired" not in html  # translated
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "required"),
    [("en", "This field is required."), ("ru", "Обязательное поле."), ("tg", "Майдони ҳатмӣ.")],
)
def test_validation_errors_in_the_sources_language(desk, language, required):
    response = submit(client_in(language), narrative="", person_name="")
    assert required in response.content.decode()
    assert Submission.objects.count() == 0


def test_invalid_utf8_is_refused_clearly(desk):
    client = client_in("ru")
    token = form_token(client, reverse("intake:submit"))
    from rapporteur.testing.intake import VALID_ANSWERS

    body = "&".join(f"{k}={v}" for k, v in {**VALID_ANSWERS, "form_token": token}.items())
    body = body.replace("narrative=What", "narrative=%FF%FEWhat")
    response = client.post(
        reverse("intake:submit"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "не удалось прочитать" in response.content.decode()
    assert Submission.objects.count() == 0


def test_unknown_language_gets_a_clear_message(desk):
    client = Client()
    response = client.post(
        reverse("set_language"), {"language": "xx", "next": reverse("intake:submit")}, follow=True
    )
    assert "This language is not available" in response.content.decode()


def _ram_leftovers(settings) -> list:
    return [p for p in settings.INTAKE_RAM_DIR.iterdir()]


def test_oversized_upload_is_refused_in_the_sources_language(desk, settings):
    settings.INTAKE_MAX_UPLOAD_BYTES = 100_000
    big = SimpleUploadedFile("big.bin", b"x" * 200_000)
    response = submit(client_in("ru"), files=[big])
    html = response.content.decode()
    assert response.status_code == 200 and "слишком велики" in html
    assert Submission.objects.count() == 0 and Attachment.objects.count() == 0
    assert _ram_leftovers(settings) == []
    assert not any(settings.INTAKE_FILE_STORE.rglob("*.*"))


def test_too_many_files_are_refused(desk, settings):
    settings.INTAKE_MAX_FILES = 2
    files = [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(3)]
    response = submit(client_in("tg"), files=files)
    assert "Traceback" not in response.content.decode()
    assert "Too many files" not in response.content.decode()  # translated
    assert Submission.objects.count() == 0
    assert _ram_leftovers(settings) == []


def test_malformed_multipart_gets_a_400_page_and_stores_nothing(desk):
    client = client_in("ru")
    body = b'--XYZ\r\nContent-Disposition: form-data; name="narrative"\r\n\r\nabc'
    response = client.post(
        reverse("intake:submit"), body, content_type="multipart/form-data; boundary=XYZ"
    )
    # Django reads what it can; the form then lacks its token and fields.
    assert response.status_code in {200, 400}
    assert "Traceback" not in response.content.decode()
    assert Submission.objects.count() == 0


def test_path_traversal_names_never_become_paths(desk, settings):
    files = [
        SimpleUploadedFile("../../../../etc/cron.d/evil", b"one"),
        SimpleUploadedFile("..\\..\\windows\\evil.txt", b"two"),
    ]
    receipt_in(submit(Client(), files=files))
    names = list(Attachment.objects.values_list("stored_name", flat=True))
    assert len(names) == 2
    stored = sorted(p.name for p in settings.INTAKE_FILE_STORE.rglob("*") if p.is_file())
    assert stored == sorted(names)
    assert all(len(n) == 32 for n in names)


def test_files_are_cleaned_and_the_source_is_told(desk):
    from rapporteur.testing.files import jpeg_with_gps, pdf_with_author

    files = [
        SimpleUploadedFile("photo.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        SimpleUploadedFile("statement.pdf", pdf_with_author(), content_type="application/pdf"),
        SimpleUploadedFile("notes.xyz", b"unknown kind"),
    ]
    response = submit(client_in("ru"), files=files)
    html = response.content.decode()
    receipt_in(response)
    assert "GPS" in html and "photo.jpg" in html
    assert Attachment.objects.count() == 3


def test_meeting_request_gives_a_receipt(desk):
    response = submit(Client(), url_name="intake:meeting")
    receipt_in(response)
    assert Submission.objects.get().kind == "meeting"


@pytest.mark.django_db(transaction=True)
def test_no_address_or_browser_reaches_database_or_logs(desk, caplog):
    client = Client(HTTP_USER_AGENT="CanaryAgent/9.9", HTTP_REFERER="https://canary.example/")
    client.defaults["REMOTE_ADDR"] = "203.0.113.77"
    receipt_in(submit(client))
    dump = database_bytes()
    for canary in ("203.0.113.77", "CanaryAgent", "canary.example"):
        assert canary.encode() not in dump
        assert canary not in caplog.text


def test_oversized_fields_are_refused_in_the_sources_language(desk):
    response = submit(client_in("tg"), narrative="x" * 20001, person_name="y" * 301)
    html = response.content.decode()
    assert response.status_code == 200 and "Traceback" not in html
    assert "20000" in html and "300" in html  # Django's own "at most N characters", in Tajik
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("url_name", ["intake:submit", "intake:meeting"])
@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_answers_at_the_forms_own_limits_fit_the_smallest_allowed_memory_limit(
    desk, settings, url_name, encoding
):
    """Every field at its max_length, in the widest characters (4 bytes of UTF-8, 12
    URL-encoded), under the lowest DATA_UPLOAD_MAX_MEMORY_SIZE the start-up check allows."""
    from urllib.parse import urlencode

    from rapporteur.intake.checks import upload_limit_fits_public_forms, worst_case_post_bytes
    from rapporteur.intake.forms import MeetingRequestForm, SubmissionForm
    from rapporteur.testing.intake import MEETING_ANSWERS, VALID_ANSWERS

    form_class = SubmissionForm if url_name == "intake:submit" else MeetingRequestForm
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = max(
        worst_case_post_bytes(form) for form in (SubmissionForm, MeetingRequestForm)
    )
    assert upload_limit_fits_public_forms(None) == []
    wide = "\U0001d538"  # MATHEMATICAL DOUBLE-STRUCK CAPITAL A: 4 bytes of UTF-8
    answers = dict(VALID_ANSWERS if url_name == "intake:submit" else MEETING_ANSWERS)
    for name, field in form_class.base_fields.items():
        if getattr(field, "max_length", None) and name != "form_token":
            answers[name] = wide * field.max_length
    client = Client()
    url = reverse(url_name)
    answers["form_token"] = form_token(client, url)
    if encoding == "urlencoded":
        response = client.post(
            url, urlencode(answers), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.post(url, answers)
    receipt_in(response)
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("url_name", ["intake:submit", "intake:meeting", "intake:return"])
def test_a_post_beyond_the_memory_limit_gets_the_form_back_in_russian(desk, settings, url_name):
    """Not a bare 400 page: the form, a message in the source's language, nothing stored."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    client = client_in("ru")
    url = reverse(url_name)
    token = form_token(client, url) if url_name != "intake:return" else ""
    from rapporteur.testing.intake import MEETING_ANSWERS, VALID_ANSWERS

    answers = MEETING_ANSWERS if url_name == "intake:meeting" else VALID_ANSWERS
    data = {**answers, "form_token": token, "narrative": "з" * 70_000, "topic": "з" * 70_000}
    if url_name == "intake:submit":
        data["attachments"] = [SimpleUploadedFile("before.txt", b"x" * 1000)]
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 413
    assert 'lang="ru"' in html and "<form" in html and "Traceback" not in html
    assert "Отправленный текст длиннее" in html
    assert Submission.objects.count() == 0
    assert _ram_leftovers(settings) == []


def test_the_ram_directory_must_be_in_memory(settings, tmp_path):
    from rapporteur.intake.checks import filesystem_of, ram_dir_is_in_memory

    shm = Path("/dev/shm")  # noqa: S108 - the RAM file system itself is under test
    assert filesystem_of(shm) == "tmpfs"
    settings.INTAKE_RAM_DIR = shm
    assert ram_dir_is_in_memory(None) == []
    settings.INTAKE_RAM_DIR = tmp_path
    expected = [] if filesystem_of(tmp_path) in {"tmpfs", "ramfs"} else ["intake.E002"]
    assert [issue.id for issue in ram_dir_is_in_memory(None)] == expected
    settings.INTAKE_RAM_DIR = tmp_path / "missing"
    assert [issue.id for issue in ram_dir_is_in_memory(None)] == ["intake.E001"]


def test_far_too_many_files_still_get_the_form_with_the_error(desk, settings):
    # The handler stops reading at the limit, before Django's own cap would answer 400.
    count = settings.INTAKE_MAX_FILES * 3
    files = [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(count)]
    response = submit(client_in("tg"), files=files)
    assert response.status_code == 200
    assert "Файлҳо хеле зиёданд" in response.content.decode()
    assert Submission.objects.count() == 0
    assert _ram_leftovers(settings) == []
