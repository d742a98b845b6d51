"""CSV import of partner event lists: every valid row becomes a person, an event
and an act in one case, in ONE transaction. A file with any row error imports
nothing (staff fix the file and try again); so does a malformed file.

Between the upload and the mapping step the file waits encrypted in the case store
(``stash_upload``); it is read back only into the RAM directory (``plaintext_in_ram``).
Reading and planning are ``cases.importing.csv_files``; here a file that cannot be
read becomes ``ImportRefused`` with its reason in the desk's language.

Fast path on purpose (import ≥ 2,000 rows/s): records are sealed under one batch
key per import (``vault.sealing.RecordBatch``: one X25519 operation, not one per record)
and inserted in bulk, index tokens are computed from the plaintext in hand, and the
history gets one row and the audit log one entry for the whole import.

On PostgreSQL the sealed records go in through ``bulk_insert`` (one
``INSERT ... SELECT * FROM UNNEST(arrays)`` per chunk) rather than ``bulk_create``:
Django turns its own UNNEST form off for models with a ``BinaryField`` (the
envelope), and the multi-row ``VALUES`` form it falls back to costs the server a
parse and plan of thousands of placeholders per statement and psycopg a pass over
the whole SQL text, which made imports there half as fast as on SQLite.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import regions, sealing
from rapporteur.cases.dates import UncertainDate
from rapporteur.cases.importing import csv_files
from rapporteur.cases.importing.csv_files import ColumnMapping, CsvPreview, ImportPlan
from rapporteur.cases.importing.messages import file_error_text
from rapporteur.cases.models import Act, Case, Change, Event, Person, SearchToken, Term
from rapporteur.cases.services.records import date_columns, dates_as_written, open_case
from rapporteur.errors import Refused
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.errors import UnlockRequired
from rapporteur.vault.selectors import current_desk_key
from rapporteur.vault.storage import case_files

BATCH = 500
UNNEST_CHUNK = 5000  # rows per UNNEST statement (PostgreSQL): bounds one message's size

M = TypeVar("M", bound=models.Model)


class ImportRefused(Refused, ValueError):
    """The file cannot be read, the plan has row errors or names unknown codes:
    nothing was imported. The message is in the active language: the import page
    shows it as it is."""


@dataclass(frozen=True)
class ImportResult:
    rows_in: int
    persons: int
    events: int
    acts: int


def stash_upload(*, chunks: Iterable[bytes]) -> str:
    """Encrypt an uploaded file into the case store at once; its stored name."""
    return case_files.store(chunks=chunks, desk_key=current_desk_key()).name


def discard_upload(*, name: str) -> None:
    case_files.delete(name)


@contextlib.contextmanager
def plaintext_in_ram(*, name: str, desk_keys: dict[int, bytes]) -> Iterator[Path]:
    """Decrypt a stashed file into the RAM directory (tmpfs) for reading; the
    plaintext never reaches persistent disk and is removed on the way out."""
    desk_key = current_desk_key()
    handle, path = tempfile.mkstemp(dir=settings.INTAKE_RAM_DIR, prefix="case-import-")
    try:
        with os.fdopen(handle, "wb") as plain:
            for chunk in case_files.decrypted_chunks(
                name, version=desk_key.version, desk_keys=desk_keys
            ):
                plain.write(chunk)
        yield Path(path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def preview_file(path: Path) -> CsvPreview:
    """The file's header and first rows, for the mapping step."""
    try:
        return csv_files.sniff_csv(path)
    except csv_files.ImportFileError as error:
        raise ImportRefused(file_error_text(error)) from error


def plan_file(path: Path, mapping: ColumnMapping) -> ImportPlan:
    """Every row checked under ``mapping``; nothing written. Row errors are in the
    plan; a file that cannot be read whole is refused."""
    try:
        return csv_files.plan_import(path, mapping)
    except csv_files.ImportFileError as error:
        raise ImportRefused(file_error_text(error)) from error


def import_into_new_case(
    *,
    plan: ImportPlan,
    title: str,
    country: str,
    acting_user: User,
    desk_keys: dict[int, bytes],
) -> tuple[Case, ImportResult]:
    """Open a case and import the plan into it; a refused import takes the new
    case back with it (one transaction)."""
    with transaction.atomic():
        case = open_case(acting_user=acting_user, desk_keys=desk_keys, title=title, country=country)
        return case, run_import(case=case, plan=plan, acting_user=acting_user, desk_keys=desk_keys)


def bulk_insert(model: type[M], objs: Sequence[M]) -> None:
    """Insert new records of ``model`` and set their primary keys, like
    ``model.objects.bulk_create(objs, batch_size=BATCH)`` (no signals, no save()).

    On PostgreSQL: one ``INSERT ... SELECT * FROM UNNEST(%s::type[], ...) RETURNING id``
    per ``UNNEST_CHUNK`` rows, one array parameter per column; ids come back in row
    order, as Django's own UNNEST form assumes. Values are prepared by each field as
    ``bulk_create`` prepares them (``pre_save(add=True)`` fills ``auto_now_add``,
    ``get_db_prep_save`` adapts). Elsewhere, and for anything the simple form does not
    cover (inherited tables, database defaults), plain ``bulk_create``.
    """
    opts = model._meta
    fields = [f for f in opts.local_concrete_fields if not f.primary_key]
    connection = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the proxy
    if (
        connection.vendor != "postgresql"
        or opts.parents
        or any(f.db_default is not models.NOT_PROVIDED for f in fields)
        or not objs
    ):
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return
    quote = connection.ops.quote_name
    # No length in the array type (varchar[] not varchar(12)[]), as Django does.
    array_types = [str(f.db_type(connection)).split("(")[0] for f in fields]
    # Only the model's own table, column and type names go into the text (quoted);
    # every value travels as a parameter.
    sql = "INSERT INTO {} ({}) SELECT * FROM UNNEST({}) RETURNING {}".format(  # noqa: S608
        quote(opts.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(f"(%s)::{array_type}[]" for array_type in array_types),
        quote(opts.pk.column),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), UNNEST_CHUNK):
            chunk = objs[start : start + UNNEST_CHUNK]
            for obj in chunk:
                if obj.pk is not None:
                    raise ValueError("bulk_insert inserts new records only")
                # As bulk_create: refuses unsaved related records, copies their ids.
                obj._prepare_related_fields_for_save(operation_name="bulk_insert")  # type: ignore[attr-defined]
            columns = [
                [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in chunk]
                for f in fields
            ]
            cursor.execute(sql, columns)
            ids = [row[0] for row in cursor.fetchall()]
            for obj, pk in zip(chunk, ids, strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias


def run_import(
    *, case: Case, plan: ImportPlan, acting_user: User, desk_keys: dict[int, bytes]
) -> ImportResult:
    if plan.errors:
        count = plan.rows_with_errors
        raise ImportRefused(
            ngettext(
                "%(count)s row has errors; nothing was imported",
                "%(count)s rows have errors; nothing was imported",
                count,
            )
            % {"count": count}
        )
    desk_key = current_desk_key()
    if desk_key.version not in desk_keys:
        raise UnlockRequired("this session does not hold the current desk key")
    index_key = sealing.index_keys({desk_key.version: desk_keys[desk_key.version]})[
        desk_key.version
    ]
    act_types = {t.code: t for t in Term.objects.filter(list_name="types_of_acts")}
    unknown = {str(r.act["act_type"]) for r in plan.rows} - act_types.keys()
    if unknown:
        raise ImportRefused(
            _("unknown act type codes: %(codes)s") % {"codes": str(sorted(unknown))}
        )

    seal = vault_sealing.RecordBatch(desk_key).seal

    terms: list[str] = []
    # Names, places and regions repeat across rows: their index terms are computed
    # once per distinct text. The memo lives in this call only (skeletons are
    # plaintext-derived and are never kept beyond the import).
    name_terms_of: dict[str, list[str]] = {}

    def name_terms(text: str) -> list[str]:
        found = name_terms_of.get(text)
        if found is None:
            found = name_terms_of[text] = sealing.name_terms(text)
        return found

    region_codes: dict[str, str] = {}

    def region_code(text: str) -> str:
        if text not in region_codes:
            region_codes[text] = regions.code_of_text(case.country, text)
        return region_codes[text]

    with transaction.atomic():
        persons, events = [], []
        for row in plan.rows:
            person_data = {
                "name": row.person["name"],
                "other_names": "",
                "contacts": "",
                "narrative": "",
                "protection_needs": "",
                "profession_as_written": row.person.get("profession", ""),
                "gender_as_written": row.person.get("gender_as_written", ""),
            }
            persons.append(
                Person(
                    kind="individual",
                    sex=str(row.person.get("sex") or ""),
                    country=case.country,
                    created_by=acting_user,
                    desk_key=desk_key,
                    envelope=seal(person_data),
                )
            )
            ev = row.event
            event_data = {
                "title": str(ev.get("narrative", ""))[:120],
                "description": ev.get("narrative", ""),
                "date_as_written": ev.get("date_as_written", ""),
                "sources": row.sources,
                "extra": row.extra,
                "latitude": ev.get("latitude"),
                "longitude": ev.get("longitude"),
                "record": row.record,
            }
            events.append(Event(case=case, desk_key=desk_key, envelope=seal(event_data)))
            terms += name_terms(str(row.person["name"]))
            terms += name_terms(str(ev.get("place", "")))
            terms += name_terms(str(ev.get("region", "")))
            terms += sealing.narrative_terms(str(ev.get("narrative", "")))
        bulk_insert(Person, persons)
        bulk_insert(Event, events)
        if not all(p.pk for p in persons):  # backends without RETURNING ids
            raise RuntimeError("bulk insert did not return ids")
        case.persons.add(*persons)
        acts = []
        for row, person, event in zip(plan.rows, persons, events, strict=True):
            when = row.act.get("date") or UncertainDate.unknown()
            place = ", ".join(
                str(p) for p in (row.event.get("place"), row.event.get("region")) if p
            )
            acts.append(
                Act(
                    case=case,
                    event=event,
                    victim=person,
                    country=case.country,
                    region_code=region_code(str(row.event.get("region") or "")),
                    act_type=act_types[str(row.act["act_type"])],
                    desk_key=desk_key,
                    envelope=seal(
                        {
                            "place": place,
                            "stated_reason": "",
                            "perpetrator_as_written": row.act.get("perpetrator", ""),
                            **dates_as_written(start=when),  # type: ignore[arg-type]
                        }
                    ),
                    **date_columns("start", when),  # type: ignore[arg-type]
                    **date_columns("end", UncertainDate.unknown()),
                )
            )
        bulk_insert(Act, acts)
        existing = set(
            SearchToken.objects.filter(case=case, key_version=desk_key.version).values_list(
                "token", flat=True
            )
        )
        SearchToken.objects.bulk_create(
            [
                SearchToken(case=case, token=t, key_version=desk_key.version)
                for t in sealing.tokens(terms=terms, index_key=index_key)
                if t not in existing
            ],
            batch_size=2000,
        )
        counts = {
            "rows": plan.total_rows,
            "persons": len(persons),
            "events": len(events),
            "acts": len(acts),
        }
        Change.objects.create(
            case=case,
            record_type="case",
            record_id=case.pk,
            action="import",
            actor=acting_user,
            desk_key=desk_key,
            envelope=seal({"changes": counts}),
        )
        record(tag=AuditTag.CASE_IMPORTED, actor=acting_user, target=case, extras=counts)
    return ImportResult(plan.total_rows, len(persons), len(events), len(acts))
