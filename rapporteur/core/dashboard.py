"""What the staff dashboard shows each role.

Each capability adds a panel here as it arrives: a title, a line of figures and a
link, chosen by the permissions the user holds. Panels never show content to roles
without content permissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import CONTENT_ROLES, Perm
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.models import CaseStatus
from rapporteur.cases.selectors import tasks_due, visible_cases
from rapporteur.communications.selectors import deadline_counts, reply_figures
from rapporteur.intake import diskspace
from rapporteur.intake.selectors import inbox_counts
from rapporteur.vault.models import DeskKey
from rapporteur.visits.selectors import dashboard_panel as visits_panel


@dataclass(frozen=True)
class Panel:
    title: str
    summary: str
    url: str
    link_text: str


TASKS_DUE_DAYS = 7


def _cases_panel(user: User) -> Panel:
    """Counts only, through the need-to-know selectors: open cases this user may see
    and their open tasks due within a week (overdue ones included). Two COUNT
    queries; nothing is decrypted, so the panel needs no unlocked desk key."""
    until = timezone.localdate() + timedelta(days=TASKS_DUE_DAYS)
    counts = {
        "open": visible_cases(user).filter(status=CaseStatus.OPEN).count(),
        "due": tasks_due(user, until=until).count(),
        "days": TASKS_DUE_DAYS,
    }
    return Panel(
        title=_("Cases"),
        summary=_("%(open)s open cases; %(due)s tasks due within %(days)s days or overdue.")
        % counts,
        url=reverse("cases:list"),
        link_text=_("Open the cases"),
    )


KEY_EVENTS_DAYS = 14
_KEY_EVENT_TAGS = [
    AuditTag.SECOND_FACTOR_RESET,
    AuditTag.PASSWORD_RESET,
    AuditTag.VAULT_GRANTS_DROPPED,
    AuditTag.VAULT_GRANT_REFUSED,
]


def _desk_key_panel() -> Panel:
    """For the rapporteur: who holds no grant of the current desk key (after a
    reset, or new), and what administrators did to accounts lately. A reset by an
    administrator revokes grants, so it must be visible to the one who grants."""
    current = DeskKey.objects.filter(retired_at__isnull=True).first()
    waiting = User.objects.filter(
        is_active=True, role__in=[role.value for role in CONTENT_ROLES]
    ).order_by("username")
    if current is not None:
        waiting = waiting.exclude(desk_key_grants__desk_key=current)
    names = ", ".join(u.username for u in waiting) or "—"
    since = timezone.now() - timedelta(days=KEY_EVENTS_DAYS)
    recent = AuditEntry.objects.filter(tag__in=_KEY_EVENT_TAGS, created_at__gte=since)
    latest = list(recent.order_by("-created_at")[:5])
    usernames = dict(
        User.objects.filter(
            pk__in=[e.target_id for e in latest if e.target_id.isdigit()]
        ).values_list("pk", "username")
    )
    events = "; ".join(
        f"{entry.created_at:%Y-%m-%d} {_key_event_label(entry.tag)}: "
        f"{usernames.get(int(entry.target_id), '—') if entry.target_id.isdigit() else '—'}"
        for entry in latest
    )
    return Panel(
        title=_("Desk key access"),
        summary=_(
            "Awaiting a grant of the desk key: %(names)s. Resets and revocations in the "
            "last %(days)s days: %(count)s. %(events)s"
        )
        % {"names": names, "days": KEY_EVENTS_DAYS, "count": recent.count(), "events": events},
        url=reverse("vault:access"),
        link_text=_("Grant or revoke access"),
    )


def _key_event_label(tag: str) -> str:
    labels = {
        AuditTag.SECOND_FACTOR_RESET: _("second factor reset"),
        AuditTag.PASSWORD_RESET: _("password reset"),
        AuditTag.VAULT_GRANTS_DROPPED: _("desk key grants revoked"),
        AuditTag.VAULT_GRANT_REFUSED: _("grant refused"),
    }
    return str(labels.get(AuditTag(tag), tag))


def warnings_for(user: User) -> list[str]:
    """Lines shown above the panels, for whoever can act on them: low storage (the
    public forms then refuse files) to the inbox's readers and to administrators."""
    warnings = []
    can_act = user.has_desk_permission(Perm.INTAKE_READ) or user.has_desk_permission(
        Perm.ACCOUNTS_MANAGE
    )
    if can_act and diskspace.is_low():
        warnings.append(
            _(
                "Storage is low: %(free)s MB free for the file store. Below %(limit)s MB the "
                "public forms refuse files, and below %(floor)s MB everything. Free space "
                "or enlarge the disk."
            )
            % {
                "free": diskspace.free_mb(),
                "limit": settings.INTAKE_MIN_FREE_BYTES // (1024 * 1024),
                "floor": settings.INTAKE_MIN_FREE_TEXT_BYTES // (1024 * 1024),
            }
        )
    return warnings


def panels_for(user: User) -> list[Panel]:
    panels = [
        Panel(
            title=_("Your account"),
            summary=_("Role: %(role)s.") % {"role": user.get_role_display()},
            url=reverse("accounts:account"),
            link_text=_("Security settings"),
        )
    ]
    if user.has_desk_permission(Perm.ACCOUNTS_MANAGE):
        active = User.objects.filter(is_active=True).count()
        panels.append(
            Panel(
                title=_("Staff"),
                summary=_("%(count)s active accounts.") % {"count": active},
                url=reverse("accounts:staff_list"),
                link_text=_("Manage staff"),
            )
        )
    if user.has_desk_permission(Perm.INTAKE_READ):
        counts = inbox_counts(user=user)
        panels.append(
            Panel(
                title=_("Inbox"),
                summary=_(
                    "%(new)s new, %(waiting)s with a source waiting, %(due)s due for deletion soon."
                )
                % counts,
                url=reverse("intake_desk:inbox"),
                link_text=_("Open the inbox"),
            )
        )
    if user.has_desk_permission(Perm.COMMUNICATIONS_DRAFT):
        panels.append(_communications_panel(user))
    if user.has_desk_permission(Perm.COMMUNICATIONS_STATS):
        panels.append(_reply_statistics_panel(user))
    if user.has_desk_permission(Perm.AUDIT_READ):
        since = timezone.now() - timedelta(days=1)
        failures = AuditEntry.objects.filter(
            tag__in=[AuditTag.LOGIN_FAILED, AuditTag.OTP_FAILED, AuditTag.LOGIN_LOCKED],
            created_at__gte=since,
        ).count()
        panels.append(
            Panel(
                title=_("Audit log"),
                summary=_("%(count)s failed sign-in attempts in the last 24 hours.")
                % {"count": failures},
                url=reverse("audit:log"),
                link_text=_("Browse the log"),
            )
        )
    if user.has_desk_permission(Perm.VAULT_MANAGE):
        panels.append(_desk_key_panel())
    if user.has_desk_permission(Perm.CASES_READ):
        panels.append(_cases_panel(user))
    elif user.has_desk_permission(Perm.CASES_AGGREGATES):
        panels.append(
            Panel(
                title=_("Patterns"),
                summary=_("Counts of acts by type and year over all cases, never a case itself."),
                url=reverse("insights:dashboard"),
                link_text=_("See the patterns"),
            )
        )
    if user.has_desk_permission(Perm.VISITS_READ):
        title, summary, link_text = visits_panel()
        panels.append(Panel(title, summary, reverse("visits:visits"), link_text))
    return panels


def _communications_panel(user: User) -> Panel:
    """Deadlines of letters sent to States: counts only, for the drafting roles, over
    the letters this user may see."""
    counts = deadline_counts(user=user, today=timezone.localdate())
    return Panel(
        title=_("Letters to States"),
        summary=_(
            "%(due_this_week)s replies due this week, %(overdue)s overdue, "
            "%(unanswered)s sent and unanswered."
        )
        % vars(counts),
        url=reverse("communications_desk:list"),
        link_text=_("Open the communications"),
    )


def _reply_statistics_panel(user: User) -> Panel:
    """This year's letters, all addressees together: the statistics page's total
    line for this year, from the same selector (``reply_figures``), so the two never
    disagree. Shares over settled letters (replied, or whose window has closed)."""
    today = timezone.localdate()
    stats = reply_figures(user=user, year=today.year, as_of=today).total

    def percent(value: int | None) -> str:
        return "—" if value is None else f"{value} %"

    return Panel(
        title=_("Replies this year"),
        summary=_(
            "%(sent)s sent, %(replied)s replied; in time: %(in_time)s; "
            "substantive: %(substantive)s; median days to reply: %(median)s."
        )
        % {
            "sent": stats.sent,
            "replied": stats.replied,
            "in_time": percent(stats.percent_in_time),
            "substantive": percent(stats.percent_substantive),
            "median": stats.median_days_shown or "—",
        },
        url=reverse("communications_desk:stats"),
        link_text=_("Statistics by State"),
    )
