"""Driving the public intake forms in tests, as a browser without JavaScript would."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

VALID_ANSWERS = {
    "person_name": "Demo person",
    "person_role": "journalist",
    "person_organisation": "",
    "person_gender": "",
    "person_place": "Dushanbe",
    "act_kind": "arrest",
    "event_dates": "March 2022",
    "event_places": "",
    "perpetrators": "",
    "law_invoked": "",
    "remedies_tried": "no",
    "remedies_detail": "",
    "consent_to_name": "no",
    "submitter_relation": "colleague",
    "safe_contact": "",
    "narrative": "What happened.",
}
MEETING_ANSWERS = {
    "requester_name": "Demo requester",
    "organisation": "",
    "topic": "The law on public associations",
    "preferred_dates": "Next week",
    "place_mode": "remote",
    "place": "",
    "safe_contact": "",
}
_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
_RECEIPT = re.compile(r'<strong id="receipt">([^<]+)</strong>')


def form_token(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return _TOKEN.search(html).group(1)  # type: ignore[union-attr]


def submit(client: Client, *, files=None, url_name="intake:submit", **answers):  # type: ignore[no-untyped-def]
    """GET the form (for its one-time token), then POST it; returns the response."""
    url = reverse(url_name)
    base = MEETING_ANSWERS if url_name == "intake:meeting" else VALID_ANSWERS
    data = {**base, **answers, "form_token": form_token(client, url)}
    if files:
        data["attachments"] = files
    return client.post(url, data)


def receipt_in(response) -> str:  # type: ignore[no-untyped-def]
    match = _RECEIPT.search(response.content.decode())
    if match is None:
        raise AssertionError(response.content.decode()[:3000])
    return match.group(1)


def return_with(client: Client, receipt: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("intake:return"), {"receipt": receipt})
