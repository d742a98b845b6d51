"""Fictional demonstration data, set in the context of the 2022 visit to Tajikistan.

Every person here is invented and marked so in their name. Demo accounts get a fixed
authenticator key so that ``rapporteur democode NAME`` can print the current code.
Loading is idempotent: running the demo twice does not duplicate anything.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapporteur.accounts import services as accounts
from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Role
from rapporteur.visits import demo as visits_demo

DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 - published demo credential


@dataclass(frozen=True)
class DemoStaff:
    username: str
    full_name: str
    role: Role
    totp_key_hex: str


DEMO_STAFF = [
    DemoStaff(
        "rapporteur",
        "Demo: Mary Example (fictional rapporteur)",
        Role.RAPPORTEUR,
        "3132333435363738393031323334353637383930",
    ),
    DemoStaff(
        "officer",
        "Demo: Farrukh Namunaev (fictional officer)",
        Role.OFFICER,
        "4142434445464748494a4b4c4d4e4f5051525354",
    ),
    DemoStaff(
        "officer2",
        "Demo: Nigina Sokhta (fictional officer)",
        Role.OFFICER,
        "6162636465666768696a6b6c6d6e6f7071727374",
    ),
    DemoStaff(
        "analyst",
        "Demo: Oleg Primerov (fictional analyst)",
        Role.ANALYST,
        "3031323334353637383961626364656630313233",
    ),
    DemoStaff(
        "admin",
        "Demo: Dilnoza Misolova (fictional administrator)",
        Role.ADMINISTRATOR,
        "3938373635343332313066656463626139383736",
    ),
]


# A published receipt that opens the Russian demo submission from the source's side.
# Real receipts are random and shown once; this one is fixed so that the demo can print it.
DEMO_RECEIPT = "moisture testify overall careful spark pajamas album swimming"
DEMO_KEYHOLDERS = ("rapporteur", "officer", "officer2")

DEMO_SUBMISSIONS = [
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
DEMO_MEETING = (
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


def _load_intake(users: dict[str, User]) -> None:
    """The desk key for the demo keyholders (their demo password is the passphrase),
    and fictional submissions in English, Russian and Tajik, plus a meeting request.
    The Russian one opens with DEMO_RECEIPT and has a reply from an officer."""
    from rapporteur.intake import sealing
    from rapporteur.intake import services as intake
    from rapporteur.intake.models import Kind, Submission
    from rapporteur.vault import crypto
    from rapporteur.vault import services as vault
    from rapporteur.vault.selectors import is_initialised

    if not is_initialised():
        vault.initialise_desk(
            keyholders=[(users[name], DEMO_PASSWORD) for name in DEMO_KEYHOLDERS],
            threshold=2,
            shares=3,
        )
    if Submission.objects.filter(receipt_hash=sealing.receipt_hash(DEMO_RECEIPT)).exists():
        return
    for language, answers in DEMO_SUBMISSIONS:
        receipt = intake.receive(kind=Kind.REPORT, answers=answers, language=language)
        if language == "ru":
            # Give this one the published receipt (the demo's only departure from a
            # random, unrecorded codename), then an officer's reply sealed to it.
            salt = crypto.new_salt()
            submission = receipt.submission
            submission.receipt_hash = sealing.receipt_hash(DEMO_RECEIPT)
            submission.reply_key_salt = salt
            submission.reply_public_key = crypto.derive_source_keypair(
                codename=DEMO_RECEIPT, salt=salt, params=sealing.SOURCE_KEY_PARAMS
            ).public_key
            submission.save(update_fields=["receipt_hash", "reply_key_salt", "reply_public_key"])
            intake.reply(
                submission=submission,
                acting_user=users["officer"],
                text="Демо: Мы получили вашу информацию и изучаем её. Вы можете добавить "
                "сведения здесь в любое время.",
            )
    language, answers = DEMO_MEETING
    intake.receive(kind=Kind.MEETING, answers=answers, language=language)


def _load_communications(users: dict[str, User]) -> None:
    """Fictional communications in every state of the workflow and a press release
    (``communications.demo``), under the rapporteur's unlocked desk keys; the
    Argon2id unlock is skipped when they are already there."""
    from rapporteur.communications import demo as communications_demo
    from rapporteur.vault.services import unlock_desk_keys

    if communications_demo.is_loaded():
        return
    keys = unlock_desk_keys(user=users[communications_demo.APPROVER], passphrase=DEMO_PASSWORD)
    communications_demo.load(users=users, desk_keys=keys)


def _load_cases(users: dict[str, User]) -> None:
    """A dozen fictional cases (``cases.demo``) owned by the demo officers, sealed
    and indexed by the case services under each officer's own unlocked desk keys,
    as if they had typed them. Unlocking costs one Argon2id per officer, so it is
    skipped when the cases are already there."""
    from rapporteur.cases import demo as cases_demo
    from rapporteur.vault.services import unlock_desk_keys

    if cases_demo.is_loaded():
        return
    keys = {
        name: unlock_desk_keys(user=users[name], passphrase=DEMO_PASSWORD)
        for name in cases_demo.OWNERS
    }
    cases_demo.load(users=users, desk_keys=keys)


def load() -> list[DemoStaff]:
    """Create the demo staff with confirmed authenticators, the desk key, fictional
    intake, cases and communications; returns the staff for printing."""
    with transaction.atomic():
        for person in DEMO_STAFF:
            if User.objects.filter(username=person.username).exists():
                continue
            user = accounts.create_staff(
                acting_user=None,
                username=person.username,
                role=person.role,
                password=DEMO_PASSWORD,
                full_name=person.full_name,
            )
            TOTPDevice.objects.create(
                user=user, name="demo authenticator", confirmed=True, key=person.totp_key_hex
            )
        users = {u.username: u for u in User.objects.all()}
        _load_intake(users)
        _load_cases(users)
        _load_communications(users)
    sys.stdout.write(visits_demo.load(acting_user=User.objects.get(username="rapporteur")) + "\n")
    return DEMO_STAFF


def current_code(username: str) -> str:
    """The TOTP code a demo account's authenticator would show now."""
    from django_otp.oath import TOTP

    device = TOTPDevice.objects.get(user__username=username, name="demo authenticator")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    return f"{totp.token():0{device.digits}d}"
