# ruff: noqa: RUF001 -- Cyrillic letters in the demo texts are meant, not look-alikes.
"""Demo communications: fictional letters to Tajikistan in every state of the
workflow, through the real services: one published with a late partial reply and a
press release, one overdue, one awaiting a reply, one with a reply, one approved,
one in review, one draft and a follow-up draft. Dates of the open letters follow
today, so the dashboard always has something due and something overdue.

Every person named is invented and says so. Called by ``rapporteur.core.demo.load``
with the rapporteur's unlocked desk keys.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from rapporteur.accounts.models import User
from rapporteur.communications.content import DraftContent
from rapporteur.communications.models import Communication, State
from rapporteur.communications.services import drafting, press, publication, workflow

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
    sent_on = {"overdue": today - timedelta(days=75), "awaiting": today - timedelta(days=55),
               "replied": today - timedelta(days=40)}  # fmt: skip
    made = {}
    for (
        kind,
        language,
        code,
        subject,
        facts,
        question,
        person,
        consent,
        goal,
    ) in COMMUNICATIONS:
        communication = drafting.create_draft(
            acting_user=officer, kind=kind, language=language, addressee_code=code,
            addressee_other="Demo: a social media company (fictional)" if code == "OTH" else "",
            legal_paragraphs=["declaration-hrd", "iccpr-19"] if kind == "OL" else
            ["declaration-hrd", "iccpr-9", "iccpr-19"],
            content=DraftContent(subject=subject, facts=[facts], questions=[question]),
        )  # fmt: skip
        if person:
            drafting.set_person(
                communication=communication, acting_user=officer, name=person[0],
                description=person[1], consent=consent,
            )  # fmt: skip
        made[goal] = communication
        if goal == "draft":
            continue
        workflow.move(communication=communication, acting_user=officer, to=State.REVIEW)
        if goal == "review":
            continue
        workflow.move(
            communication=communication, acting_user=chief, to=State.APPROVED,
            desk_keys=desk_keys,
        )  # fmt: skip
        if goal == "approved":
            continue
        day = date(2022, 3, 9) if goal == "published" else sent_on[goal]
        communication = workflow.send(
            communication=communication, acting_user=officer, desk_keys=desk_keys, sent_on=day
        )
        made[goal] = communication
        if goal == "replied":
            workflow.register_reply(
                communication=communication, acting_user=officer,
                received_on=today - timedelta(days=5), assessment="acknowledgement",
                text="Demo: the Permanent Mission acknowledges receipt and will reply.",
            )  # fmt: skip
        if goal == "published":
            workflow.register_reply(
                communication=communication, acting_user=officer,
                received_on=date(2022, 5, 20), assessment="partial",
                text="Demo: the Government states that the blogger was released on bail "
                "on 1 April 2022 and that the investigation continues.",
            )  # fmt: skip
            publication.publish(
                communication=communication, acting_user=chief, desk_keys=desk_keys,
                today=date(2022, 6, 1),
            )  # fmt: skip
    drafting.follow_up(communication=made["published"], acting_user=officer, desk_keys=desk_keys)
    release = press.save_release(
        acting_user=officer,
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
    press.approve_release(release=release, acting_user=chief)
    press.publish_release(
        release=release, acting_user=chief, desk_keys=desk_keys, today=date(2022, 6, 2)
    )
    return len(COMMUNICATIONS) + 1  # and the follow-up draft
