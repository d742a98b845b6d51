"""Every staff URL for every role: allowed, 403, 404, or the login page for the anonymous.

A view marked ``need_to_know`` (case URLs, and the URLs of what a case holds: its
submissions, their files, messages and meeting requests, its letters) answers 404,
not 403, to a role that holds the permission but may not know the object exists:
here a restricted case owned by "officer", made from the sample submission by
triage, so "other_officer" must get 404 and the owner and the rapporteur the page.
Lists, counts, calendars and statistics must not show the outsider those objects.

The expected answer is computed from ROLE_PERMISSIONS and the permission each view
declares, so a new URL is covered the day it is added, and one that declares nothing
fails ``test_every_view_is_public_or_declares_a_permission``.
"""

from __future__ import annotations

import pytest
from django.test import Client

from rapporteur.accounts.permissions import CONTENT_ROLES, ROLE_PERMISSIONS, Role
from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.urls import all_routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = list(all_routes())


def _need_to_know(route) -> tuple[str, ...]:
    return tuple(getattr(route.view, "need_to_know", ()))


def test_every_view_is_public_or_declares_a_permission():
    undeclared = [r.name for r in ROUTES if not r.is_public and r.permission is None]
    assert undeclared == [], f"views without @public or @requires: {undeclared}"


def test_no_view_is_both_public_and_protected():
    assert [r.name for r in ROUTES if r.is_public and r.permission is not None] == []


def _request(client: Client, url: str):
    """GET, or POST when the view takes only POST (a 405 on GET)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    if response.streaming:  # read it whole, so the view's open file is closed
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_public], ids=lambda r: r.name)
def test_anonymous_is_sent_to_sign_in(client, samples, route):
    response = _request(client, url_for(route, samples))
    assert response.status_code == 302
    assert response.url.startswith("/desk/login/")


def test_need_to_know_views_name_only_their_url_arguments():
    for route in ROUTES:
        assert set(_need_to_know(route)) <= set(route.converters), route.name


def test_case_urls_are_need_to_know():
    case_routes = [r for r in ROUTES if "case_id" in r.converters]
    assert case_routes
    assert [r.name for r in case_routes if "case_id" not in _need_to_know(r)] == []


# URL arguments that name an object a case may hold, per staff namespace.
CASE_HELD = {"intake_desk:": "pk", "communications_desk:": "communication_id"}


def test_urls_of_submissions_and_letters_are_need_to_know():
    """Every staff URL that names a submission or a letter follows the case's list."""
    held = [
        (r, argument)
        for prefix, argument in CASE_HELD.items()
        for r in ROUTES
        if r.name.startswith(prefix) and argument in r.converters
    ]
    assert len(held) >= 18
    assert [r.name for r, argument in held if argument not in _need_to_know(r)] == []


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_public], ids=lambda r: r.name)
def test_role_gets_exactly_what_its_permissions_allow(client_for, personas, samples, role, route):
    user = personas[role.value]
    hidden = bool(_need_to_know(route))
    # Case views decrypt: content roles come with their unlocked desk keys.
    client = sign_in_with_keys(user) if role in CONTENT_ROLES else client_for(user)
    # An object only its requester sees (a country report job): each role asks for its own.
    own = {a: samples["own_jobs"].get(role.value, 0) for a in _owned_by_requester(route)}
    response = _request(client, url_for(route, {**samples, **own}))
    if route.permission not in ROLE_PERMISSIONS[role]:
        assert response.status_code == 403, f"{role} must not reach {route.name}"
    elif hidden and role != Role.RAPPORTEUR and role.value != samples["case_owner"]:
        assert response.status_code == 404, f"{role} must not learn {route.name} exists"
    else:
        assert response.status_code in {200, 302}, f"{role} should reach {route.name}"
        if response.status_code == 302:  # a redirect, but never back to sign-in
            assert "?next=" not in response.url


def _owned_by_requester(route) -> tuple[str, ...]:
    return tuple(getattr(route.view, "owned_by_requester", ()))


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if _owned_by_requester(r)], ids=lambda r: r.name
)
def test_another_users_object_is_404(client_for, personas, samples, route):
    """A country report job is its requester's alone: the rapporteur's job answers
    404 to every other role that may ask for reports, as an unknown id would."""
    assert set(_owned_by_requester(route)) <= set(route.converters)
    for name in ("officer", "analyst"):
        user = personas[name]
        client = sign_in_with_keys(user) if user.role in CONTENT_ROLES else client_for(user)
        response = _request(client, url_for(route, samples))
        assert response.status_code == 404, (name, route.name)


@pytest.mark.parametrize("route", [r for r in ROUTES if r.is_public], ids=lambda r: r.name)
def test_public_pages_answer_without_sign_in(client, samples, route):
    response = _request(client, url_for(route, samples))
    assert response.status_code in {200, 302, 400, 403}
    assert not (response.status_code == 302 and response.url.startswith("/desk/login/?next="))


@pytest.mark.parametrize(
    "route",
    # Approving and publishing are the rapporteur's: an officer gets 403 there first.
    [r for r in ROUTES if _need_to_know(r) and r.permission in ROLE_PERMISSIONS[Role.OFFICER]],
    ids=lambda r: r.name,
)
def test_officer_not_on_the_case_gets_404(personas, samples, route):
    """Holds the permission, holds the desk key, but may not know the case exists."""
    response = _request(sign_in_with_keys(personas["other_officer"]), url_for(route, samples))
    assert response.status_code == 404


# The other objects of the restricted case, each put in place of the URL argument
# that names its kind: (sample key, URL argument, other arguments the route may take).
OTHER_OBJECTS = [
    ("restricted_case_id", "case_id", set()),
    ("restricted_submission_id", "pk", {"file_id"}),
    ("restricted_meeting_id", "pk", set()),
    ("restricted_letter_id", "communication_id", {"fmt", "position"}),
    ("restricted_sent_letter_id", "communication_id", {"fmt"}),
]


def _reaching(key: str, argument: str, extra: set[str]):  # type: ignore[no-untyped-def]
    for route in ROUTES:
        if route.is_public:  # public pages show only what is published, to everyone
            continue
        if argument in route.converters and set(route.converters) <= {argument} | extra:
            yield pytest.param(route, key, argument, id=f"{key}-{route.name}")


@pytest.mark.parametrize(
    ("route", "key", "argument"),
    [p for key, argument, extra in OTHER_OBJECTS for p in _reaching(key, argument, extra)],
)
def test_every_object_of_a_restricted_case_is_hidden_from_an_outsider(
    personas, samples, route, key, argument
):
    """The case made from a submission, the submission and its file, the meeting
    request linked to the case, the letter drafted from it (awaiting approval) and
    its sent letter: the outsider officer gets 404 from every URL that names one;
    the owner and the rapporteur reach them as their role allows."""
    url = url_for(route, {**samples, argument: samples[key]})
    for name, expected in (
        ("other_officer", {404}),
        ("officer", {200, 302}),
        ("rapporteur", {200, 302}),
    ):
        role = Role(personas[name].role)
        response = _request(sign_in_with_keys(personas[name]), url)
        if route.permission not in ROLE_PERMISSIONS[role]:
            assert response.status_code == 403, (name, url)
        else:
            assert response.status_code in expected, (name, url, response.status_code)


def _page(client: Client, name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    response = client.get(reverse(name, kwargs=kwargs or None))
    assert response.status_code == 200, name
    return response.content.decode()


def test_lists_counts_calendars_and_statistics_leave_the_restricted_case_out(personas, samples):
    """What the outsider's lists and figures show, against the owner's: the inbox
    (rows, due count), the dashboard's figures, the meetings calendar file, the
    communications list and deadlines, reply statistics, the press release form's
    letters and the personal calendar feed."""
    from rapporteur.communications.models import Communication
    from rapporteur.communications.services.calendar import new_token
    from rapporteur.intake.models import Submission
    from rapporteur.intake.selectors import inbox_counts, visible_submissions

    owner = sign_in_with_keys(personas["officer"])
    outsider = sign_in_with_keys(personas["other_officer"])
    submission = f'href="/desk/inbox/{samples["restricted_submission_id"]}/"'
    meeting = f'href="/desk/inbox/{samples["restricted_meeting_id"]}/"'
    for link in (submission, meeting):
        assert link in _page(owner, "intake_desk:inbox")
        assert link not in _page(outsider, "intake_desk:inbox")
        assert link not in _page(outsider, "intake_desk:inbox") + _page(outsider, "cases:triage")
    # The source of the restricted submission wrote again: only the owner's figure
    # of sources waiting counts it (on the dashboard too).
    Submission.objects.filter(pk=samples["restricted_submission_id"]).update(source_waiting=True)
    mine, theirs = (inbox_counts(user=personas[n]) for n in ("officer", "other_officer"))
    assert theirs["waiting"] == mine["waiting"] - 1
    assert visible_submissions(personas["other_officer"]).count() == (
        visible_submissions(personas["officer"]).count() - 2
    )
    waiting = f"{mine['waiting']} with a source waiting"
    assert waiting in _page(owner, "core:dashboard")
    assert waiting not in _page(outsider, "core:dashboard")
    meeting_event = f"Meeting request {samples['restricted_meeting_id']}"
    assert meeting_event in owner.get("/desk/inbox/meetings.ics").content.decode()
    assert meeting_event not in outsider.get("/desk/inbox/meetings.ics").content.decode()

    sent = Communication.objects.get(pk=samples["restricted_sent_letter_id"])
    letters = [
        f'href="/desk/communications/{samples[k]}/"'
        for k in ("communication_id", "restricted_letter_id", "restricted_sent_letter_id")
    ]
    for link in letters:
        assert link in _page(owner, "communications_desk:list")
        assert link not in _page(outsider, "communications_desk:list")
    for page in ("communications_desk:list", "communications_desk:press_new"):
        assert sent.reference in _page(owner, page)
        assert sent.reference not in _page(outsider, page)
    # The dashboard's overdue count and the statistics count the sent letter for
    # the owner only (the outsider's figures are over what they may see).
    assert "0 overdue" not in _page(owner, "core:dashboard")
    assert "0 overdue" in _page(outsider, "core:dashboard")
    stats = f"/desk/communications/statistics/?year={sent.sent_on.year}"  # type: ignore[union-attr]
    assert "(TJK)" in owner.get(stats).content.decode()
    assert "(TJK)" not in outsider.get(stats).content.decode()

    for name, client in (("officer", owner), ("other_officer", outsider)):
        token = new_token(acting_user=personas[name])
        feed = client.get(f"/communications/calendar/{token}.ics").content.decode()
        assert (sent.reference in feed) is (name == "officer"), name


def test_a_letter_also_linked_to_a_restricted_case_stays_off_a_shared_case(personas, samples):
    """The outsider's own case lists only the letters they may open."""
    from rapporteur.communications.models import Communication
    from rapporteur.testing.cases import documented_case

    own_case, _ = documented_case(personas["other_officer"], document=None)
    letter = Communication.objects.get(pk=samples["restricted_sent_letter_id"])
    letter.cases.add(own_case)
    page = _page(sign_in_with_keys(personas["other_officer"]), "cases:detail", case_id=own_case.pk)
    assert letter.reference not in page
    assert f"/desk/communications/{letter.pk}/" not in page
    chief = _page(sign_in_with_keys(personas["rapporteur"]), "cases:detail", case_id=own_case.pk)
    assert letter.reference in chief
