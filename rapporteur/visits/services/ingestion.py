"""Documents in, suggested recommendations out; and CSV lists from other mechanisms.

Uploads are hostile, and may be confidential: a document is read from the upload
handler's RAM file into memory, up to ``VISITS_MAX_UPLOAD_MB``, and the extraction
core reads it there, so its plaintext never reaches a disk (the sender's file name
is kept only as a label). The file itself is not kept: only its paragraphs and the
recommendations found. Everything a document yields is stored in one transaction,
so a failure at any step stores nothing.

A file ingested once is refused the second time (also renamed, also into another
visit), by a keyed digest of its content that only a session with unlocked desk
keys can compute (``visits.sealing.document_digests``): a second copy would
duplicate every suggestion.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.errors import Refused
from rapporteur.vault.models import DeskKey
from rapporteur.visits import sealing
from rapporteur.visits.extraction import themes as theme_model
from rapporteur.visits.extraction.recommendations import Recommendation as FoundRecommendation
from rapporteur.visits.extraction.recommendations import extract
from rapporteur.visits.extraction.text import (
    CorruptDocumentError,
    DocumentError,
    EncryptedDocumentError,
    NoTextError,
    NoTextLayerError,
    UnsupportedDocumentError,
    read_document_data,
)
from rapporteur.visits.extraction.text import Paragraph as FoundParagraph
from rapporteur.visits.models import (
    Addressee,
    Document,
    Mechanism,
    Paragraph,
    Recommendation,
    RecommendationTheme,
    Review,
    Status,
    Theme,
    Visit,
)
from rapporteur.visits.services.related import suggest_related

EXTENSIONS = {".txt", ".pdf", ".docx", ".html", ".htm"}
EXTRACTOR = "visits-rules-1"  # names the rule set in each suggestion's provenance


class IngestError(Refused):
    """The document could not be ingested; the message is for the user. Nothing was stored."""


class DuplicateDocument(IngestError):
    """The same file was ingested before: the message names the first copy and
    links to its recommendations; ``original`` is that first copy."""

    def __init__(self, *, label: str, original: Document) -> None:
        super().__init__(_already_ingested(original, label))
        self.original = original


def _already_ingested(original: Document, label: str) -> str:
    """The refusal of a second copy, then a link to where the first copy's
    recommendations are (when it belongs to a visit)."""
    message = _(
        "%(name)s was already ingested on %(date)s as “%(first)s”; nothing new was stored."
    ) % {"name": label, "date": f"{original.uploaded_at:%Y-%m-%d}", "first": original.name}
    if original.visit_id is None:
        return message
    return format_html(
        '{} <a href="{}?document={}#document-{}">{}</a>',
        message,
        reverse("visits:visit", args=[original.visit_id]),
        original.pk,
        original.pk,
        _("Open the first copy."),
    )


@dataclass(frozen=True)
class Fingerprint:
    """A file's keyed digest under each desk key generation the session holds (to
    look for an earlier copy), and the generation a new document records it under."""

    digests: dict[int, str]
    desk_key: DeskKey

    @property
    def digest(self) -> str:
        return self.digests[self.desk_key.version]


def fingerprint(*, content_sha256: str, desk_keys: Mapping[int, bytes]) -> Fingerprint:
    """Raises IngestError when the session holds no desk key: without one, an
    earlier copy cannot be recognised, so nothing is ingested."""
    digests = sealing.document_digests(content_sha256=content_sha256, desk_keys=desk_keys)
    newest = DeskKey.objects.filter(version__in=list(digests)).order_by("-version").first()
    if newest is None:
        raise _keys_needed()
    return Fingerprint(digests=digests, desk_key=newest)


def _keys_needed() -> IngestError:
    return IngestError(
        _(
            "Sign in again to unlock your keys: they are needed to check that the file is "
            "new. Nothing was stored."
        )
    )


def first_copy(fp: Fingerprint) -> Document | None:
    """The document first ingested from the same file, under any generation held."""
    match = Q()
    for version, digest in fp.digests.items():
        match |= Q(digest_key__version=version, content_digest=digest)
    return Document.objects.filter(match).select_related("visit").order_by("pk").first()


def _document_problem(error: DocumentError, name: str) -> str:
    """What went wrong with the file, in the user's language. The extraction code
    works without Django, so its English messages are mapped here by kind."""
    if isinstance(error, EncryptedDocumentError):
        message = _("%(name)s is password-protected; remove the password first.")
    elif isinstance(error, CorruptDocumentError):
        message = _("%(name)s is not a readable PDF or DOCX file.")
    elif isinstance(error, UnsupportedDocumentError):
        message = _("%(name)s looks like binary data, not a text, PDF, DOCX or HTML document.")
    elif isinstance(error, NoTextLayerError):
        message = _("%(name)s has no text layer: run OCR first.")
    elif isinstance(error, NoTextError):
        message = _(
            "No text found in %(name)s: it is empty, or a scanned document that needs OCR first."
        )
    else:
        message = _("%(name)s cannot be opened.")
    return message % {"name": name}


@dataclass(frozen=True)
class IngestResult:
    document: Document
    found: int
    family: str = "generic"  # the document family it was read as (extraction.prose)

    @property
    def family_label(self) -> str:
        return str(FAMILY_LABELS.get(self.family, FAMILY_LABELS["generic"]))

    @property
    def generic(self) -> bool:
        return self.family == "generic"


# The document families the extraction recognises, in the user's language.
FAMILY_LABELS = {
    "upr_report": gettext_lazy("UPR Working Group report"),
    "compilation": gettext_lazy("UPR compilation or summary"),
    "treaty_body": gettext_lazy("treaty body concluding observations"),
    "special_procedures": gettext_lazy("special procedures country report"),
    "statement": gettext_lazy("end-of-mission statement"),
    "generic": gettext_lazy("a document of unknown kind"),
}


def clean_name(name: str) -> str:
    """A display label from a sender's file name: no path, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:200] or "document"


def _read_in(chunks: Iterable[bytes]) -> bytes:
    """The upload in memory, refused as soon as it passes the size limit."""
    limit = settings.VISITS_MAX_UPLOAD_MB * 1024 * 1024
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > limit:
            raise IngestError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.VISITS_MAX_UPLOAD_MB}
            )
    return bytes(data)


def ingest_document(
    *,
    acting_user: User | None,
    visit: Visit,
    name: str,
    chunks: Iterable[bytes],
    desk_keys: Mapping[int, bytes],
    kind: str = Document.Kind.STATEMENT,
) -> IngestResult:
    """Read a statement or report, store its paragraphs and the recommendations found
    in it as suggestions (with suggested themes). Raises IngestError with a message fit
    for the user when the file cannot be read or holds no recommendation, and
    DuplicateDocument when the same file was ingested before. ``desk_keys`` are the
    session's unlocked ones (for the content digest; none is refused with "sign in
    again")."""
    if not desk_keys:
        raise _keys_needed()  # before reading the file: no use reading what cannot be stored
    label = clean_name(name)
    suffix = Path(label).suffix.lower()
    suffix = suffix if suffix in EXTENSIONS else ".bin"
    data = _read_in(chunks)
    size = len(data)
    fp = fingerprint(content_sha256=hashlib.sha256(data).hexdigest(), desk_keys=desk_keys)
    original = first_copy(fp)
    if original is not None:
        raise DuplicateDocument(label=label, original=original)
    try:
        paragraphs = read_document_data(data, name=f"upload{suffix}")  # never the sender's
    except DocumentError as error:
        raise IngestError(_document_problem(error, label)) from None
    model = theme_model.load_model(settings.VISITS_THEMES_MODEL)
    found = extract(paragraphs, classify=model.predict if model else None)
    recs = found.recommendations
    if not recs:
        raise IngestError(
            _("No recommendations were found in %(name)s; nothing was stored.") % {"name": label}
        )
    fmt = {".bin": "txt", ".htm": "html"}.get(suffix, suffix.lstrip("."))
    try:
        return _store_document(
            acting_user=acting_user,
            visit=visit,
            document=Document(
                visit=visit,
                name=label,
                kind=kind,
                file_format=fmt,
                content_digest=fp.digest,
                digest_key=fp.desk_key,
                size=size,
                pages=max(p.page for p in paragraphs),
                uploaded_by=acting_user,
            ),
            paragraphs=paragraphs,
            recs=recs,
            family=found.family,
        )
    except IntegrityError:
        # the same file, ingested at the same moment by someone else: theirs won
        original = first_copy(fp)
        if original is None:
            raise
        raise DuplicateDocument(label=label, original=original) from None


def _store_document(
    *,
    acting_user: User | None,
    visit: Visit,
    document: Document,
    paragraphs: list[FoundParagraph],
    recs: list[FoundRecommendation],
    family: str = "generic",
) -> IngestResult:
    kind = document.kind
    with transaction.atomic():
        document.save()
        Paragraph.objects.bulk_create(
            (
                Paragraph(
                    document=document,
                    number=p.number,
                    ident=p.ident[:20],
                    page=p.page,
                    kind=p.kind,
                    text=p.text,
                )
                for p in paragraphs
            ),
            batch_size=2000,
        )
        mechanism = Mechanism.UPR if kind == Document.Kind.UPR else Mechanism.SPECIAL_PROCEDURE
        if kind == Document.Kind.TREATY_BODY:
            mechanism = Mechanism.TREATY_BODY
        rows = Recommendation.objects.bulk_create(
            (
                Recommendation(
                    visit=visit,
                    document=document,
                    country_code=visit.country_code,
                    mechanism=mechanism,
                    position=i,
                    text=r.text,
                    paragraph=r.paragraph[:20],
                    page=r.page,
                    addressee=r.addressee,
                    recommending_states=r.recommending_states,
                    body=r.body[:200],
                    subitem=r.subitem[:10],
                    lead_in=r.context,
                    strength=r.strength,
                    priority=r.priority,
                    instruments=r.instruments,
                    places=r.places,
                    extracted_by=EXTRACTOR,
                )
                for i, r in enumerate(recs, start=1)
            ),
            batch_size=1000,
        )
        _store_suggested_themes(rows, [r.themes for r in recs])
        related = suggest_related(rows)
        record(
            tag=AuditTag.VISIT_DOCUMENT_INGESTED,
            actor=acting_user,
            target=document,
            extras={
                "visit": visit.pk,
                "paragraphs": len(paragraphs),
                "found": len(rows),
                "related": related,
                "family": family,
            },
        )
    return IngestResult(document=document, found=len(rows), family=family)


def _themes_by_label(labels: Iterable[str]) -> dict[str, Theme]:
    wanted = set(labels)
    found = {t.label: t for t in Theme.objects.filter(label__in=wanted)}
    for label in wanted - set(found):  # a model label staff removed comes back as UPR Info
        found[label] = Theme.objects.create(label=label, upr_info=True)
    return found


def _store_suggested_themes(rows: list[Recommendation], suggestions: list[list[dict]]) -> None:
    by_label = _themes_by_label(t["label"] for ts in suggestions for t in ts)
    RecommendationTheme.objects.bulk_create(
        (
            RecommendationTheme(
                recommendation=row,
                theme=by_label[t["label"]],
                confidence=t["confidence"],
                source=t["source"][:60],
                accepted=row.review == Review.ACCEPTED,
            )
            for row, ts in zip(rows, suggestions, strict=True)
            for t in ts
        ),
        batch_size=2000,
    )


# ---------------------------------------------------------------------------- CSV import

CSV_COLUMNS = ("country", "mechanism", "text")
CSV_OPTIONAL = ("paragraph", "recommending_states", "addressee", "themes", "status")


class ImportRejected(Refused):
    """The CSV file was refused as a whole; ``errors`` says why, row by row."""

    def __init__(self, errors: list[str], original: Document | None = None):
        super().__init__("; ".join(errors))
        self.errors = errors
        self.original = original


def import_csv(
    *,
    acting_user: User,
    name: str,
    data: bytes,
    desk_keys: Mapping[int, bytes],
    visit: Visit | None = None,
) -> list[Recommendation]:
    """Import recommendations of other mechanisms (UPR, treaty bodies) to track them.

    Columns: country (ISO 3166 alpha-2), mechanism (upr, treaty-body, special-procedure,
    other), text; optional paragraph, recommending_states and themes (separated by ";"),
    addressee, status. They are imported as accepted (the list is an official one); themes
    named in the file are accepted, themes the model adds are suggestions. Any bad row
    refuses the whole file, so a file is imported entirely or not at all; so is a
    file imported before (``original`` on the exception names the first copy)."""
    try:
        fp = fingerprint(content_sha256=hashlib.sha256(data).hexdigest(), desk_keys=desk_keys)
    except IngestError as error:
        raise ImportRejected([str(error)]) from None
    original = first_copy(fp)
    if original is not None:
        raise ImportRejected([_already_ingested(original, clean_name(name))], original=original)
    rows = _parse_csv(data)
    themes = {t.label.lower(): t for t in Theme.objects.all()}
    errors: list[str] = []
    parsed = [_check_row(n, row, themes, visit, errors) for n, row in rows]
    if errors:
        raise ImportRejected(errors)
    if not parsed:
        raise ImportRejected([_("The file holds no recommendations.")])
    model = theme_model.load_model(settings.VISITS_THEMES_MODEL)
    suggested = model.predict([p["text"] for p in parsed]) if model else [[] for _ in parsed]
    with transaction.atomic():
        document = Document.objects.create(
            visit=visit,
            name=clean_name(name),
            kind=Document.Kind.IMPORT,
            file_format="csv",
            content_digest=fp.digest,
            digest_key=fp.desk_key,
            size=len(data),
            uploaded_by=acting_user,
        )
        recs = Recommendation.objects.bulk_create(
            Recommendation(
                visit=visit,
                document=document,
                position=i,
                review=Review.ACCEPTED,
                reviewed_by=acting_user,
                extracted_by="csv-import",
                **{k: v for k, v in p.items() if k != "themes"},
            )
            for i, p in enumerate(parsed, start=1)
        )
        links = []
        for rec, p, model_themes in zip(recs, parsed, suggested, strict=True):
            chosen = {t.pk for t in p["themes"]}
            links += [
                RecommendationTheme(recommendation=rec, theme=t, source="csv", accepted=True)
                for t in p["themes"]
            ]
            links += [
                RecommendationTheme(
                    recommendation=rec,
                    theme=theme,
                    confidence=s["confidence"],
                    source=s["source"][:60],
                )
                for s in model_themes
                if (theme := themes.get(s["label"].lower())) is not None and theme.pk not in chosen
            ]
        RecommendationTheme.objects.bulk_create(links)
        related = suggest_related(recs)
        record(
            tag=AuditTag.VISIT_RECOMMENDATIONS_IMPORTED,
            actor=acting_user,
            target=document,
            extras={"rows": len(recs), "visit": visit.pk if visit else None, "related": related},
        )
    return recs


def _parse_csv(data: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([_("The file is not UTF-8 text; save it as CSV UTF-8.")]) from None
    if "\x00" in text:
        raise ImportRejected([_("The file is not a CSV file.")])
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in CSV_COLUMNS if c not in header]
        if missing:
            raise ImportRejected([_("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}])
        reader.fieldnames = header
        return [(n, row) for n, row in enumerate(reader, start=2)]
    except csv.Error as error:
        raise ImportRejected([_("The file is not valid CSV: %(e)s.") % {"e": error}]) from None


def _check_row(
    n: int, row: dict[str, Any], themes: dict[str, Theme], visit: Visit | None, errors: list[str]
) -> dict[str, Any]:
    def err(message: str) -> None:
        errors.append(_("Row %(n)s: %(message)s") % {"n": n, "message": message})

    if None in row:
        err(_("more cells than columns."))
    value = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS + CSV_OPTIONAL}
    country = value["country"].upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        err(_("country must be a two-letter ISO 3166 code, not “%(v)s”.") % {"v": value["country"]})
    elif visit is not None and country != visit.country_code:
        err(_("country %(c)s is not the visit's country.") % {"c": country})
    if value["mechanism"] not in Mechanism.values:
        err(_("mechanism must be one of %(v)s.") % {"v": ", ".join(Mechanism.values)})
    if len(value["text"]) < 10:
        err(_("the recommendation text is missing or too short."))
    addressee = value["addressee"] or Addressee.GOVERNMENT
    if addressee not in Addressee.values:
        err(_("unknown addressee “%(v)s”.") % {"v": addressee})
    status = value["status"] or Status.NOT_STARTED
    if status not in Status.values:
        err(_("status must be one of %(v)s.") % {"v": ", ".join(Status.values)})
    chosen = []
    for label in filter(None, (x.strip() for x in value["themes"].split(";"))):
        if label.lower() in themes:
            chosen.append(themes[label.lower()])
        else:
            err(_("unknown theme “%(v)s”.") % {"v": label})
    return {
        "country_code": country,
        "mechanism": value["mechanism"],
        "text": value["text"],
        "paragraph": value["paragraph"][:20],
        "recommending_states": [
            s.strip() for s in value["recommending_states"].split(";") if s.strip()
        ],
        "addressee": addressee,
        "status": status,
        "themes": chosen,
    }
