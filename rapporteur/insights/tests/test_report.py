"""The country report: asked for, built in the background, downloaded as DOCX and PDF;
its figures are the selectors' figures; only consented case summaries are printed."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django_tasks import TaskResultStatus
from docx import Document
from pypdf import PdfReader

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.models import Change, Person
from rapporteur.cases.services import records
from rapporteur.insights import selectors
from rapporteur.insights.dimensions import Dimension
from rapporteur.insights.models import JobState, ReportJob
from rapporteur.insights.periods import Interval, Period
from rapporteur.insights.tasks import build_country_report
from rapporteur.testing.cases import make_case, sign_in_with_keys
from rapporteur.testing.insights import CodedAct, coded_acts, report_job
from rapporteur.testing.vault import desk_keys_of

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def acts(desk, officer):
    """Seven journalists arrested in Sughd in May 2022, two persons in Khatlon sometime
    in 2022, one act with no date; and one act in Kyrgyzstan, never in a TJ report."""
    coded_acts(
        [CodedAct("May 2022", region="TJ-SU", profession="journalist")] * 7
        + [CodedAct("2022", region="TJ-KT")] * 2
        + [CodedAct("")],
        owner_id=officer.pk,
    )
    coded_acts([CodedAct("June 2022", country="KG")], owner_id=officer.pk)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return flat("\n".join(parts))


def download(client, job_id: int, fmt: str) -> bytes:
    response = client.get(reverse("insights:report_download", args=[job_id, fmt]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def ask(client, **fields) -> object:
    data = {"country": "TJ", "year": "2022", "start": "", "end": "", "language": "en"} | fields
    return client.post(reverse("insights:reports"), data)


# ------------------------------------------------------------------ lifecycle


def test_a_report_is_queued_built_by_the_worker_and_downloaded(client_for, analyst, acts):
    client = client_for(analyst)
    response = ask(client)
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("insights:report_job", args=[job.pk])
    # The database queue holds it; the page says so and reloads itself.
    assert job.state == JobState.QUEUED and job.progress == 0
    page = client.get(response.url)
    assert page["Refresh"] == "2"
    assert "Waiting for the background worker" in page.content.decode()
    assert "report.pdf" not in page.content.decode()
    # Not ready: the download sends back to the job's page.
    early = client.get(reverse("insights:report_download", args=[job.pk, "pdf"]))
    assert early.status_code == 302 and early.url == response.url
    # The worker runs it.
    build_country_report.call(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.progress == 100 and job.finished_at
    page = client.get(response.url)
    assert "Refresh" not in page
    html = page.content.decode()
    assert "Ready" in html and "report.pdf" in html and "report.docx" in html
    assert "Situation of human rights defenders in Tajikistan, 2022" in pdf_text(
        download(client, job.pk, "pdf")
    )
    tags = list(AuditEntry.objects.filter(actor=analyst).values_list("tag", flat=True))
    assert AuditTag.INSIGHTS_REPORT_REQUESTED in tags
    assert AuditTag.INSIGHTS_REPORT_DOWNLOADED in tags


def test_the_immediate_backend_builds_it_within_the_request(settings, client_for, analyst, acts):
    settings.TASKS = IMMEDIATE
    client = client_for(analyst)
    response = ask(client)
    job = ReportJob.objects.get()
    assert job.state == JobState.DONE
    result = build_country_report.enqueue(job.pk)  # queued twice: left alone
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "done"
    assert "Download as PDF" in client.get(response.url).content.decode()


def test_a_failed_build_says_so(client_for, analyst, acts):
    job = ReportJob.objects.create(
        requester=analyst,
        country="TJ",
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        language="en",
        state=JobState.FAILED,
    )
    page = client_for(analyst).get(reverse("insights:report_job", args=[job.pk]))
    assert "could not be prepared" in page.content.decode()
    assert "Refresh" not in page


# ------------------------------------------------------------------ figures


def test_figures_in_docx_and_pdf_are_the_selectors_figures(rapporteur_user, acts):
    job_id = report_job(rapporteur_user)
    tj = selectors.Scope(country="TJ").acts()
    summary = selectors.summary(tj, YEAR_2022)
    assert (summary.acts.lower, summary.acts.upper, summary.undated) == (9, 9, 1)
    regions = {
        row.label: row.bounds for row in selectors.breakdown(tj, YEAR_2022, Dimension.REGION)
    }
    may = selectors.series(tj, YEAR_2022, Interval.MONTH)[4].bounds
    client = sign_in_with_keys(rapporteur_user)  # a content role downloads with its keys
    for text in (
        pdf_text(download(client, job_id, "pdf")),
        docx_text(download(client, job_id, "docx")),
    ):
        assert f"Acts in the period {summary.acts.upper}" in text.replace("|", "").replace(
            "  ", " "
        )
        assert "Acts with no known date 1" in text.replace("|", "").replace("  ", " ")
        persons = summary.victims.upper
        assert f"In 2022, {persons} persons were subjected to any recorded act" in text
        sughd = regions["Sughd Region"]
        assert f"Sughd Region {sughd.lower} {sughd.upper}" in text.replace("|", "").replace(
            "  ", " "
        )
        assert f"May 2022 {may.lower} {may.upper}" in text.replace("|", "").replace("  ", " ")
        assert "Kyrgyz" not in text


def test_an_analyst_report_hides_small_figures(client_for, analyst, acts):
    job_id = report_job(analyst)
    text = pdf_text(download(client_for(analyst), job_id, "pdf"))
    assert "Figures from 1 to 4 are not shown." in text
    assert "Acts with no known date fewer than 5" in text
    assert "Khatlon Region suppressed suppressed" in text


def test_a_period_without_acts_says_so(client_for, analyst, acts):
    job_id = report_job(analyst, year=1995)
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(download(client_for(analyst), job_id, fmt))
        assert "No act against a human rights defender is recorded for this period." in text
        assert "Charts" not in text
        assert "persons were subjected" not in text


@pytest.mark.parametrize(
    ("language", "title", "sentence"),
    [
        (
            "ru",
            "Положение правозащитников: Таджикистан, 2022",
            "9 человек подверглись",
        ),
        (
            "tg",
            "Вазъи ҳимоятгарони ҳуқуқи инсон дар Тоҷикистон, соли 2022",
            "9 нафар",
        ),
    ],
)
def test_reports_in_russian_and_tajik(rapporteur_user, acts, language, title, sentence):
    job_id = report_job(rapporteur_user, language=language)
    client = sign_in_with_keys(rapporteur_user)  # a content role downloads with its keys
    for text in (
        pdf_text(download(client, job_id, "pdf")),
        docx_text(download(client, job_id, "docx")),
    ):
        assert title in text
        assert sentence in text
        assert "Acts in the period" not in text and "Charts" not in text


# ------------------------------------------------------------------ consent


@pytest.fixture
def two_cases(desk, officer):
    """Two Tajik cases of 2022 owned by the officer: Rustam agreed to publication,
    Shahlo did not."""
    keys = desk_keys_of(officer)
    agreed = make_case(
        owner=officer,
        desk_keys=keys,
        title="Arrest of a journalist in Khujand",
        summary="Rustam Nazarov, a journalist, was detained for a week.",
        persons=[("Rustam Nazarov", "", "journalist")],
        events=[("Detention", "", [("arrest", 0, "May 2022")])],
    )
    withheld = make_case(
        owner=officer,
        desk_keys=keys,
        title="Threats against a lawyer",
        summary="Shahlo Karimova received threats after a hearing.",
        persons=[("Shahlo Karimova", "", "lawyer")],
        events=[("Threats", "", [("arrest", 0, "June 2022")])],
    )
    person = agreed.persons.get()
    records.set_publication_consent(case=agreed, acting_user=officer, person=person, consents=True)
    return agreed, withheld


def test_only_consented_summaries_are_printed(officer, two_cases):
    client = sign_in_with_keys(officer)
    job_id = report_job(officer)
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(download(client, job_id, fmt))
        assert "Rustam Nazarov, a journalist, was detained for a week." in text
        assert "Arrest of a journalist in Khujand" in text
        assert "Shahlo" not in text and "Karimova" not in text
        assert "Threats against a lawyer" not in text
    entry = AuditEntry.objects.filter(tag=AuditTag.INSIGHTS_REPORT_DOWNLOADED).order_by("pk").last()
    assert entry.extras == {"format": "docx", "summaries": 1}


def test_withdrawn_consent_takes_the_summary_out(officer, two_cases):
    agreed, _withheld = two_cases
    records.set_publication_consent(
        case=agreed, acting_user=officer, person=agreed.persons.get(), consents=False
    )
    text = pdf_text(download(sign_in_with_keys(officer), report_job(officer), "pdf"))
    assert "Rustam" not in text
    assert "No case summary may be published." in text


def test_need_to_know_applies_to_summaries(client_for, other_officer, analyst, two_cases):
    """Another officer, not on the case, and an analyst, who reads no case: figures only."""
    for client, user in (
        (sign_in_with_keys(other_officer), other_officer),
        (client_for(analyst), analyst),
    ):
        text = pdf_text(download(client, report_job(user), "pdf"))
        assert "Rustam" not in text and "Shahlo" not in text
        assert "No case summary may be published." in text


def test_an_officer_records_consent_to_publication_on_the_case_page(officer, two_cases):
    _agreed, withheld = two_cases
    client = sign_in_with_keys(officer)
    person = withheld.persons.get()
    page = client.get(reverse("cases:detail", args=[withheld.pk])).content.decode()
    assert "Record consent to publication" in page
    url = reverse("cases:person_publication", args=[withheld.pk])
    response = client.post(url, {"person": person.pk, "consents": "yes"})
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).consents_to_publication
    assert Change.objects.filter(case=withheld, record_id=person.pk, action="consent").exists()
    assert "Withdraw consent to publication" in client.get(response.url).content.decode()
    # Bad input changes nothing.
    client.post(url, {"person": person.pk, "consents": "maybe"})
    assert Person.objects.get(pk=person.pk).consents_to_publication


def test_consent_to_publication_in_russian_and_tajik(officer, two_cases):
    _agreed, withheld = two_cases
    client = sign_in_with_keys(officer)
    for language, words in (("ru", "согласие на публикацию"), ("tg", "розигӣ ба нашр")):
        client.cookies["django_language"] = language
        page = client.get(reverse("cases:detail", args=[withheld.pk])).content.decode()
        assert words in page.lower()


# ------------------------------------------------------------------ access and bad input


def test_another_users_job_is_404(client_for, analyst, rapporteur_user, acts):
    job_id = report_job(rapporteur_user)
    client = client_for(analyst)
    for url in (
        reverse("insights:report_job", args=[job_id]),
        reverse("insights:report_download", args=[job_id, "pdf"]),
        reverse("insights:report_job", args=[job_id + 1000]),
    ):
        assert client.get(url).status_code == 404
    assert f"/reports/{job_id}/" not in client.get(reverse("insights:reports")).content.decode()


def test_an_unknown_format_is_404(client_for, analyst, acts):
    job_id = report_job(analyst)
    response = client_for(analyst).get(reverse("insights:report_download", args=[job_id, "odt"]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"country": "ZZ"}, "Select a valid choice"),
        ({"country": ""}, "This field is required"),
        ({"year": "twenty"}, "Enter a whole number"),
        ({"year": "", "start": "2022-13-01", "end": "2022-12-31"}, "Enter a valid date"),
        ({"year": "", "start": "2022-06-01", "end": "2022-05-01"}, "ends before it starts"),
        ({"year": "", "start": "2022-06-01"}, "Give a year, or both dates."),
        ({"start": "2022-06-01", "end": "2022-07-01"}, "not both"),
        ({"language": "fr"}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_and_queues_nothing(client_for, analyst, acts, fields, message):
    response = ask(client_for(analyst), **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportJob.objects.exists()


def test_dates_instead_of_a_year(settings, client_for, analyst, acts):
    settings.TASKS = IMMEDIATE
    ask(client_for(analyst), year="", start="2022-05-01", end="2022-05-31", language="ru")
    job = ReportJob.objects.get()
    assert (job.period_start, job.period_end, job.language) == (
        date(2022, 5, 1),
        date(2022, 5, 31),
        "ru",
    )
    assert job.state == JobState.DONE


@pytest.mark.parametrize(
    ("language", "persons", "clause"),
    [
        ("ru", 1, "1 человек подвергся нарушениям"),
        ("ru", 2, "2 человека подверглись нарушениям"),
        ("ru", 5, "5 человек подверглись нарушениям"),
        ("tg", 1, "1 нафар ба поймолкуниҳо (ҳама навъҳо) дучор шуд,"),
        ("tg", 2, "2 нафар ба поймолкуниҳо (ҳама навъҳо) дучор шуданд"),
    ],
)
def test_the_sentence_agrees_with_its_number(
    desk, officer, rapporteur_user, language, persons, clause
):
    coded_acts([CodedAct("March 2023")] * persons, owner_id=officer.pk)
    job_id = report_job(rapporteur_user, year=2023, language=language)
    text = pdf_text(download(sign_in_with_keys(rapporteur_user), job_id, "pdf"))
    assert clause in text


def test_a_named_perpetrator_need_not_consent_but_a_source_must(officer, two_cases):
    """Perpetrators are never asked (as for consent to be named to the State): a
    major named as perpetrator does not hold the summary back. A source who did not
    agree does."""
    from rapporteur.testing.cases import add_act, case_writer, term

    agreed, _withheld = two_cases
    keys = desk_keys_of(officer)
    writer = case_writer(agreed, officer, keys)
    major = records.add_person(**writer, data={"name": "Major Qodirov"})
    add_act(
        writer,
        event=agreed.events.get(),
        kind="arrest",
        victim=agreed.persons.get(consents_to_publication=True),
        start="May 2022",
        perpetrators=[
            {"perpetrator": major, "perpetrator_type": term("types_of_perpetrators", "police")}
        ],
    )
    client = sign_in_with_keys(officer)
    text = pdf_text(download(client, report_job(officer), "pdf"))
    assert "Rustam Nazarov, a journalist, was detained for a week." in text
    source = records.add_person(**writer, data={"name": "A neighbour"})
    records.add_information(**writer, summary="Told us", source=source, confidential=False)
    text = pdf_text(download(client, report_job(officer), "pdf"))
    assert "Rustam" not in text


def test_old_report_jobs_are_deleted_and_running_ones_kept(desk, rapporteur_user, settings):
    from datetime import timedelta

    from django.utils import timezone

    from rapporteur.audit.models import AuditEntry
    from rapporteur.insights.models import JobState, ReportJob
    from rapporteur.insights.services import purge_old_reports
    from rapporteur.testing.insights import report_job

    settings.INSIGHTS_REPORT_RETENTION_DAYS = 30
    old, recent = report_job(rapporteur_user), report_job(rapporteur_user)
    running = report_job(rapporteur_user)
    long_ago = timezone.now() - timedelta(days=31)
    ReportJob.objects.filter(pk=old).update(finished_at=long_ago)
    ReportJob.objects.filter(pk=running).update(state=JobState.RUNNING, finished_at=long_ago)
    assert purge_old_reports() == 1
    assert set(ReportJob.objects.values_list("pk", flat=True)) == {recent, running}
    assert AuditEntry.objects.get(tag="insights:report:expire").extras == {"jobs": 1}
    assert purge_old_reports() == 0
