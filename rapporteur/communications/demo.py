# ruff: noqa: RUF001 -- Cyrillic letters in the demo texts are meant, not look-alikes.
"""Demo communications: fictional letters to Tajikistan in every state of the
workflow, through the real services: one published with a late partial reply and a
press release, one overdue, one awaiting a reply, one with a reply, one approved,
one in review, one draft and a follow-up draft. Dates of the open letters follow
today, so the dashboard always has something due and something overdue.

Every person named is invented and says so. Called by ``rapporteur.core.demo.load``
with the rapporteur's unlocked desk keys; each letter is drafted and carried along
the workflow by ``rapporteur.testing.communications``, as tests make theirs.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from rapporteur.accounts.models import User
from rapporteur.communications.models import Communication
from rapporteur.communications.services import drafting
from rapporteur.testing.communications import advance, draft_letter, published_release

# The demo usernames that draft (and send) and that approve (and publish).
DRAFTER, APPROVER = "officer", "rapporteur"

# (kind, language, addressee, subject, facts, question, person, consent, goal state).
# The persons' names say "fictional"; public texts must then never use that word, since
# publication refuses any text holding a part of a confidential name.
COMMUNICATIONS = [
    (
        "UA", "en", "TJK", "the arrest of [[person:1]] and the seizure of her phone and laptop",
        "On 3 March 2022, [[person:1]] was arrested at her home by officers of the State "
        "Security Committee, without a warrant. Her phone and laptop were seized.",
        "Please provide the legal basis for the arrest of [[person:1]].",
        ("Malika Primerova (fictional)", "a woman blogger from Dushanbe"), True,
        "published",
    ),
    (
        "AL", "ru", "TJK", "вызовы [[person:1]] на допрос",
        "В феврале 2022 года [[person:1]] трижды вызывали на допрос о его источниках.",
        "Просим сообщить, на каком основании проводились допросы.",
        ("Рустам Мисоли (вымышленное лицо)", "журналист из Худжанда"), False,
        "overdue",
    ),
    (
        "UA", "en", "TJK", "the inspection of the office of [[person:1]]",
        "In April 2022, the tax committee inspected the office of [[person:1]] and took "
        "its computers, after he agreed to defend a journalist.",
        "Please indicate the grounds for the inspection.",
        ("Faridun Misolov (fictional)", "a lawyer from Bokhtar"), True,
        "awaiting",
    ),
    (
        "AL", "en", "TJK", "the travel ban imposed on [[person:1]]",
        "In May 2022, [[person:1]] was stopped at the airport and told she may not leave "
        "the country, after she met the Special Rapporteur.",
        "Please explain whether the travel ban is a reprisal for cooperation with the UN.",
        ("Zarina Namunova (fictional)", "a woman human rights defender"), True,
        "replied",
    ),
    (
        "OL", "en", "TJK", "the draft Law on Non-Commercial Organizations",
        "The draft Law on Non-Commercial Organizations would require prior approval of "
        "all foreign funding and allow inspections without notice.",
        "Please indicate how the draft law complies with article 22 of the ICCPR.",
        None, False, "approved",
    ),
    (
        "UA", "en", "TJK", "the online harassment of [[person:1]]",
        "Since June 2022, fake intimate images of [[person:1]] have been spread online.",
        "Please indicate the measures taken to investigate the campaign.",
        ("Sitora Misolzoda (fictional)", "a woman journalist"), False,
        "review",
    ),
    (
        "AL", "en", "OTH", "the removal of the accounts of [[person:1]]",
        "A platform removed the accounts of [[person:1]] at the request of the authorities.",
        "Please explain your policy on such requests.",
        ("Davron Namunaev (fictional)", "a blogger"), False,
        "draft",
    ),
]  # fmt: skip


# The workflow step each goal above stops at (``testing.communications.STEPS``).
STEP = {"overdue": "sent", "awaiting": "sent", "replied": "sent"}


def is_loaded() -> bool:
    """The demo communications are there when the demo officer created any (a demo
    session's own letters then also count: loading twice must never add anything)."""
    return Communication.objects.filter(created_by__username=DRAFTER).exists()


def load(*, users: dict[str, User], desk_keys: dict[int, bytes]) -> int:
    """Create the demo communications and press release (caller's transaction);
    ``desk_keys`` are the approver's, unlocked by the caller. Returns how many
    communications were created, the follow-up included (0 when already loaded)."""
    if is_loaded():
        return 0
    officer, chief = users[DRAFTER], users[APPROVER]
    today = timezone.localdate()
    sent_on = {
        "published": date(2022, 3, 9),
        "overdue": today - timedelta(days=75),
        "awaiting": today - timedelta(days=55),
        "replied": today - timedelta(days=40),
    }
    replies = {
        "replied": (today - timedelta(days=5), "acknowledgement",
                    "Demo: the Permanent Mission acknowledges receipt and will reply."),
        "published": (date(2022, 5, 20), "partial",
                      "Demo: the Government states that the blogger was released on bail "
                      "on 1 April 2022 and that the investigation continues."),
    }  # fmt: skip
    made = {}
    for kind, language, code, subject, facts, question, person, consent, goal in COMMUNICATIONS:
        communication = draft_letter(
            drafter=officer, kind=kind, language=language, addressee_code=code,
            addressee_other="Demo: a social media company (fictional)" if code == "OTH" else "",
            legal_paragraphs=["declaration-hrd", "iccpr-19"] if kind == "OL" else
            ["declaration-hrd", "iccpr-9", "iccpr-19"],
            subject=subject, facts=[facts], questions=[question], person=person, consent=consent,
        )  # fmt: skip
        made[goal] = advance(
            communication, to=STEP.get(goal, goal),
            drafter=officer, approver=chief, desk_keys=desk_keys,
            sent_on=sent_on.get(goal, today), reply=replies.get(goal),
            published_on=date(2022, 6, 1),
        )  # fmt: skip
    drafting.follow_up(communication=made["published"], acting_user=officer, desk_keys=desk_keys)
    published_release(
        drafter=officer, approver=chief, desk_keys=desk_keys, published_on=date(2022, 6, 2),
        versions={
            "en": ("Demo: Tajikistan must end reprisals against bloggers",
                   "Demo text, invented. The Special Rapporteur is concerned by the arrest "
                   "of a woman blogger and has written to the Government."),
            "ru": ("Демо: Таджикистан должен прекратить преследование блогеров",
                   "Демонстрационный текст. Специальный докладчик обеспокоена "
                   "задержанием блогера и направила письмо правительству."),
            "tg": ("Намуна: Тоҷикистон бояд таъқиби блогеронро қатъ кунад (бофта)",
                   "Матни бофтаи намунавӣ. Маърӯзачии махсус аз боздошти як блогер нигарон "
                   "аст ва ба Ҳукумат нома фиристод."),
        },
        communications=[made["published"]],
    )  # fmt: skip
    return len(COMMUNICATIONS) + 1  # and the follow-up draft
