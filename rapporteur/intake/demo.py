# ruff: noqa: RUF001 -- Cyrillic letters in the demo texts are meant, not look-alikes.
"""Demo intake: fictional submissions in English, Russian and Tajik and a meeting
request, received through the intake services as a source's browser would send them.
The Russian one opens with the published ``RECEIPT`` and holds an officer's reply.

Every person named is invented and says so. Called by ``rapporteur.core.demo.load``
once the desk key exists; each submission is received by
``rapporteur.testing.intake.received``, as tests receive theirs.
"""

from __future__ import annotations

from rapporteur.accounts.models import User
from rapporteur.intake import sealing
from rapporteur.intake import services as intake
from rapporteur.intake.models import Kind, Submission
from rapporteur.testing.intake import received

# A published receipt that opens the Russian demo submission from the source's side.
# Real receipts are random and shown once; this one is fixed so that the demo can print it.
RECEIPT = "moisture testify overall careful spark pajamas album swimming"
REPLIER = "officer"

SUBMISSIONS = [
    (
        "en",
        {
            "person_name": "Demo: Rustam Misoli (fictional)",
            "person_role": "journalist",
            "person_organisation": "Demo: an independent weekly (fictional)",
            "person_gender": "man",
            "person_place": "Khujand",
            "act_kind": "summons",
            "event_dates": "Three times in February 2022",
            "event_places": "Regional office of the security service",
            "perpetrators": "State Security Committee",
            "law_invoked": "Criminal Code article 307 was mentioned, no charge yet",
            "remedies_tried": "no",
            "remedies_detail": "",
            "consent_to_name": "yes",
            "submitter_relation": "colleague",
            "safe_contact": "",
            "narrative": "Fictional demo text. He was questioned for hours about his sources "
            "after an article on the events in GBAO, and told to stop writing.",
        },
    ),
    (
        "ru",
        {
            "person_name": "Демо: Малика Примерова (вымышленное лицо)",
            "person_role": "blogger",
            "person_organisation": "",
            "person_gender": "woman",
            "person_place": "Душанбе",
            "act_kind": "arrest",
            "event_dates": "начало марта 2022",
            "event_places": "Душанбе, у дома",
            "perpetrators": "милиция, ГКНБ",
            "law_invoked": "статья 307 Уголовного кодекса",
            "remedies_tried": "yes",
            "remedies_detail": "Жалоба адвоката в суд осталась без ответа.",
            "consent_to_name": "no",
            "submitter_relation": "family",
            "safe_contact": "",
            "narrative": "Вымышленный демонстрационный текст. После публикаций в соцсетях её "
            "задержали, изъяли телефон и ноутбук; родственникам не сообщают, где она.",
        },
    ),
    (
        "tg",
        {
            "person_name": "Намуна: Фаридун Мисолов (шахси бофта)",
            "person_role": "lawyer",
            "person_organisation": "Намуна: дафтари адвокатӣ (бофта)",
            "person_gender": "man",
            "person_place": "Бохтар",
            "act_kind": "inspection",
            "event_dates": "апрели 2022",
            "event_places": "Дафтари адвокатӣ",
            "perpetrators": "Кумитаи андоз",
            "law_invoked": "",
            "remedies_tried": "unknown",
            "remedies_detail": "",
            "consent_to_name": "yes",
            "submitter_relation": "self",
            "safe_contact": "",
            "narrative": "Матни бофтаи намунавӣ. Пас аз он ки ман ҳимояи як рӯзноманигорро "
            "ба ӯҳда гирифтам, дафтари маро санҷиданд ва компютерҳоро бурданд.",
        },
    ),
]
MEETING = (
    "en",
    {
        "requester_name": "Demo: a coalition of NGOs (fictional)",
        "organisation": "Demo: Civil Society Coalition (fictional)",
        "topic": "The draft amendments to the Law on Public Associations and inspections "
        "of NGOs since 2021.",
        "preferred_dates": "Any weekday in the second half of the month",
        "place_mode": "remote",
        "place": "",
        "safe_contact": "",
    },
)


def is_loaded() -> bool:
    """The demo submissions are there when the published receipt opens one."""
    return Submission.objects.filter(receipt_hash=sealing.receipt_hash(RECEIPT)).exists()


def load(*, users: dict[str, User]) -> int:
    """Receive the demo submissions and meeting request (caller's transaction; the
    desk key must exist). Returns how many were received (0 when already loaded)."""
    if is_loaded():
        return 0
    for language, answers in SUBMISSIONS:
        if language != "ru":
            received(answers=answers, language=language)
            continue
        # The demo's only departure from a random, unrecorded codename: the published
        # receipt, then an officer's reply sealed to it.
        intake.reply(
            submission=received(answers=answers, language=language, receipt=RECEIPT),
            acting_user=users[REPLIER],
            text="Демо: Мы получили вашу информацию и изучаем её. Вы можете добавить "
            "сведения здесь в любое время.",
        )
    language, answers = MEETING
    received(kind=Kind.MEETING, answers=answers, language=language)
    return len(SUBMISSIONS) + 1
