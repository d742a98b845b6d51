"""Roles and the permissions they carry: the one place that says who may do what.

Every staff view declares the single permission it needs with ``@requires``; a view
that declares none is refused by ``StaffAccessMiddleware`` (deny by default), and the
role-matrix test fails for it. Public views are named one by one with ``@public``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag

if TYPE_CHECKING:
    from rapporteur.accounts.models import User


class Role(StrEnum):
    RAPPORTEUR = "rapporteur"
    OFFICER = "officer"
    ANALYST = "analyst"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.RAPPORTEUR: _("Rapporteur"),
    Role.OFFICER: _("Officer"),
    Role.ANALYST: _("Analyst"),
    Role.ADMINISTRATOR: _("Administrator"),
}


class Perm(StrEnum):
    """Named permissions. Content permissions never go to analysts or administrators."""

    DESK_VIEW = "desk:view"  # the staff dashboard and one's own account
    ACCOUNTS_MANAGE = "accounts:manage"  # create staff, change roles, unlock, deactivate
    AUDIT_READ = "audit:read"  # browse the audit log (actions, never content)
    INTAKE_READ = "intake:read"  # the inbox: decrypt and read submissions, download files
    INTAKE_ACT = "intake:act"  # reply to sources, notes, status, answer meetings
    VAULT_MANAGE = "vault:manage"  # grant and revoke access to the desk key
    VISITS_READ = "visits:read"  # visits, ingested documents, recommendations, follow-up
    VISITS_WRITE = "visits:write"  # ingest, accept suggestions, record status and evidence
    CASES_READ = "cases:read"  # cases the user may know of (need-to-know applies on top)
    CASES_WRITE = "cases:write"  # document cases, triage, import, extend vocabularies
    CASES_AGGREGATES = "cases:aggregates"  # counts over all cases, never a case itself
    COMMUNICATIONS_DRAFT = "communications:draft"  # draft, send, register replies, libraries
    COMMUNICATIONS_APPROVE = "communications:approve"  # approve and publish: the rapporteur's
    COMMUNICATIONS_STATS = "communications:stats"  # reply statistics (counts, no content)
    INSIGHTS_EXPORT = "insights:export"  # suppressed tables as CSV and JSON files
    INSIGHTS_PUBLISH = "insights:publish"  # the public statistics page: the rapporteur's


_CASE_WORK = {Perm.CASES_READ, Perm.CASES_WRITE, Perm.CASES_AGGREGATES}

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.RAPPORTEUR: frozenset(
        {
            Perm.DESK_VIEW,
            Perm.AUDIT_READ,
            Perm.INTAKE_READ,
            Perm.INTAKE_ACT,
            Perm.VAULT_MANAGE,
            Perm.VISITS_READ,
            Perm.VISITS_WRITE,
            Perm.COMMUNICATIONS_DRAFT,
            Perm.COMMUNICATIONS_APPROVE,
            Perm.COMMUNICATIONS_STATS,
            Perm.INSIGHTS_EXPORT,
            Perm.INSIGHTS_PUBLISH,
        }
        | _CASE_WORK
    ),
    Role.OFFICER: frozenset(
        {
            Perm.DESK_VIEW,
            Perm.INTAKE_READ,
            Perm.INTAKE_ACT,
            Perm.VISITS_READ,
            Perm.VISITS_WRITE,
            Perm.COMMUNICATIONS_DRAFT,
            Perm.COMMUNICATIONS_STATS,
        }
        | _CASE_WORK
    ),
    Role.ANALYST: frozenset(
        {Perm.DESK_VIEW, Perm.CASES_AGGREGATES, Perm.COMMUNICATIONS_STATS, Perm.INSIGHTS_EXPORT}
    ),
    Role.ADMINISTRATOR: frozenset({Perm.DESK_VIEW, Perm.ACCOUNTS_MANAGE, Perm.AUDIT_READ}),
}


# Only these roles ever hold the desk private key: the vault refuses any other.
CONTENT_ROLES = frozenset({Role.RAPPORTEUR, Role.OFFICER})


def role_has(role: str, perm: Perm) -> bool:
    try:
        return perm in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


View = Callable[..., HttpResponseBase]  # a page, or a streamed download


def requires(perm: Perm) -> Callable[[View], View]:
    """Declare the permission a staff view needs, and enforce it.

    The login itself is enforced earlier by the middleware; this check runs again
    here so that a view wrapped for another URLconf is never left open.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not (user.is_authenticated and second_factor_verified(user)):
                raise PermissionDenied
            if not user.has_desk_permission(perm):
                _record_denial(user, perm, request.resolver_match)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_permission = perm  # type: ignore[attr-defined]
        return wrapper

    return decorator


def staff(request: HttpRequest) -> User:
    """The signed-in member of staff of a request that passed ``@requires``.

    Typed as the project's User for callers; refuses anything else rather than
    letting an anonymous user through a view that forgot its declaration.
    """
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return cast("User", user)


def second_factor_verified(user: Any) -> bool:
    """True when django-otp's middleware marked this request's user as verified."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _record_denial(user: Any, perm: Perm, match: Any) -> None:
    record(
        tag=AuditTag.PERMISSION_DENIED,
        actor=user,
        extras={"permission": perm.value, "view": match.view_name if match else ""},
    )


def public(view: View) -> View:
    """Name a view public: reachable without login. Use sparingly, one by one."""
    view = login_not_required(view)
    view.is_public = True  # type: ignore[attr-defined]
    return view
