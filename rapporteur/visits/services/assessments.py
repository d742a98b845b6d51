"""Civil-society assessments of a recommendation: received through intake (sealed,
receipt, nothing about the sender kept), then attached by staff as evidence in their
own words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.errors import Refused
from rapporteur.intake import services as intake_services
from rapporteur.intake.models import Kind
from rapporteur.intake.services import Receipt
from rapporteur.visits.models import Assessment, Evidence, EvidenceSource, Recommendation
from rapporteur.visits.services.recommendations import add_evidence


def receive_assessment(
    *,
    recommendation: Recommendation,
    answers: dict[str, Any],
    language: str,
    form_token: str,
    files: Sequence[intake_services.FileIn] = (),
    keep_original: bool = False,
) -> Receipt:
    """A civil-society assessment through intake: sealed to the desk key, receipt,
    hour-rounded time, no audit entry (as for every source action). Its files
    (received in RAM) are cleaned and encrypted by intake exactly as a
    submission's. The link to the recommendation is written in intake's
    transaction."""
    if not recommendation.is_public:
        raise ValidationError(_("This recommendation is not on the tracker."))
    return intake_services.receive(
        kind=Kind.ASSESSMENT,
        answers={**answers, "recommendation": recommendation.pk},
        language=language,
        form_token_digest=form_token,
        files=list(files),
        keep_original=keep_original,
        link=lambda submission: Assessment.objects.create(
            submission=submission, recommendation=recommendation
        ),
    )


def attach_assessment(
    *, acting_user: User, assessment: Assessment, day: date, text: str, public: bool
) -> Evidence:
    """Evidence from a civil-society assessment: source kind civil society, the
    text staff write (never the sender's details), linked to the assessment. An
    assessment is attached once."""
    if assessment.evidence_id:
        raise Refused(_("This assessment is already attached as evidence."))
    with transaction.atomic():
        evidence = add_evidence(
            acting_user=acting_user,
            recommendation=assessment.recommendation,
            day=day,
            source_kind=EvidenceSource.CIVIL_SOCIETY,
            text=text,
            public=public,
        )
        assessment.evidence = evidence
        assessment.save(update_fields=["evidence"])
        record(
            tag=AuditTag.VISIT_ASSESSMENT_ATTACHED,
            actor=acting_user,
            target=assessment.recommendation,
            extras={"assessment": assessment.pk, "evidence": evidence.pk, "public": public},
        )
    return evidence
