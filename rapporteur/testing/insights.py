"""Coded acts for statistics tests, many at a time.

Statistics read only the clear, coded columns of acts, persons and cases, so these
rows skip the case services: one case and one event carry them all, every sealed
field holds one envelope sealed once (as ``bench/cases.py`` does at scale). Dates are
written as people write them ("2022", "March 2022", "5-20 May 2022") and stored
through the same columns the services fill.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm
from rapporteur.cases.dates import parse_uncertain_date
from rapporteur.cases.models import Act, Case, Event, Person, Term
from rapporteur.cases.services.records import date_columns
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.selectors import current_desk_key


@dataclass(frozen=True)
class CodedAct:
    when: str  # as written; "" for no date
    act_type: str = "arrest"  # a term key of types_of_acts
    region: str = ""  # ISO 3166-2
    profession: str = ""  # a term key of occupation, "" for none
    sex: str = ""  # a term code of the sex list
    victim: int | None = None  # acts with the same number share their victim
    country: str = "TJ"


def coded_acts(rows: Sequence[CodedAct], *, owner_id: int, title: str = "coded") -> Case:
    """One case holding an act per row (and a person per distinct victim number)."""
    desk_key = current_desk_key()
    envelope = vault_sealing.seal_record(data={"title": title}, desk_key=desk_key)
    sealed = {"desk_key": desk_key, "envelope": envelope}
    terms = {(t.list_name, t.key): t for t in Term.objects.exclude(key="")}
    case = Case.objects.create(
        country=rows[0].country if rows else "TJ",
        owner_id=owner_id,
        opened_on="2020-01-01",
        **sealed,
    )
    event = Event.objects.create(case=case, **sealed)
    victims: dict[int | None, Person] = {}
    acts = []
    for number, row in enumerate(rows):
        key = row.victim if row.victim is not None else -1 - number
        if key not in victims:
            victims[key] = Person.objects.create(
                profession=terms[("occupation", row.profession)] if row.profession else None,
                sex=row.sex,
                country=row.country,
                **sealed,
            )
        when = parse_uncertain_date(row.when)
        acts.append(
            Act(
                case=case,
                event=event,
                victim=victims[key],
                act_type=terms[("types_of_acts", row.act_type)],
                country=row.country,
                region_code=row.region,
                **date_columns("start", when),
                **date_columns("end", parse_uncertain_date("")),
                **sealed,
            )
        )
    Act.objects.bulk_create(acts)
    case.persons.add(*victims.values())
    return case


def insights_samples(personas: dict[str, Any]) -> dict[str, Any]:
    """URL arguments of the insights: a table on the public statistics page (published
    by the rapporteur, as the service does it) and its address."""
    from django.utils import timezone

    from rapporteur.insights.services import publish_table

    year = timezone.localdate().year - 1
    table = publish_table(acting_user=personas["rapporteur"], slug="acts-sex", year=year)
    return {"slug": table.slug, "year": table.year, "table_id": table.pk}


def report_job(user: User, *, country: str = "TJ", year: int = 2022, language: str = "en") -> int:
    """A country report asked for by ``user`` and built, as the worker would."""
    from rapporteur.insights import services
    from rapporteur.insights.periods import Period

    job = services.request_report(
        acting_user=user,
        country=country,
        period=Period(date(year, 1, 1), date(year, 12, 31)),
        language=language,
    )
    services.build_report(job_id=job.pk)
    return job.pk


def report_samples(personas: dict[str, User]) -> dict[str, Any]:
    """URL samples of the report pages: each persona's own job, done (``own_jobs``,
    for views marked ``owned_by_requester``), and the rapporteur's as ``job_id``.
    One is built; the others copy its row (these samples test who may reach a page,
    and building one per persona would slow every test that walks the URLs)."""
    from rapporteur.insights.models import ReportJob

    built = ReportJob.objects.get(pk=report_job(personas["rapporteur"]))
    own = {"rapporteur": built.pk}
    for name, user in personas.items():
        if name != "rapporteur" and user.has_desk_permission(Perm.CASES_AGGREGATES):
            copy = ReportJob.objects.get(pk=built.pk)
            copy.pk, copy.requester = None, user  # saved as a new row, every column kept
            copy.save()
            own[name] = copy.pk
    return {"job_id": built.pk, "own_jobs": own}
