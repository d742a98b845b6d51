# ruff: noqa: RUF001 -- Cyrillic letters in the demo names are meant, not look-alikes.
"""Demo cases for the case desk: a dozen fictional cases drawn from the patterns the
2022 end-of-mission statement on Tajikistan describes (journalists and bloggers
detained, lawyers charged under article 307, an NGO inspected again and again, a
defender forcibly returned, a woman defender harassed online with fake intimate
content, a reprisal for cooperating with the UN).

Every name and narrative is invented and says so ("Demo: … (fictional)", "Демо: …
(вымышленное лицо)", "Намуна: … (шахси бофта)"). Names are written in Russian, Tajik
or Latin script so a search in the other script can be shown. Everything goes through
the case services, so it is sealed and indexed exactly as staff input would be.
Called by ``rapporteur.core.demo.load`` with the demo officers' unlocked desk keys;
each case is made by ``rapporteur.testing.cases.make_case``, as tests make theirs.
"""

from __future__ import annotations

from typing import Any

from rapporteur.accounts.models import User
from rapporteur.cases.models import Case
from rapporteur.testing.cases import make_case

# Markers of invention, one per script; every demo name and title carries one.
FICTIONAL_MARKERS = ("(fictional", "(вымышлен", "(шахси бофта")
MALE, FEMALE = "010000000000", "020000000000"
OWNERS = ("officer", "officer2")

# A case: owner, colleague (username, can write), risk, opened, title, summary,
# persons (``PersonRow``: name, other names (left empty: a search in the other script
# finds the name itself), profession key, sex, consent, narrative),
# events (``EventRow``: title, description, acts), acts (``ActRow``: act key, victim
# index, start, end, place, stated reason, region key, legal provision keys,
# perpetrator type keys), information (summary, confidential), interventions,
# tasks (text, due in days).
CASES: list[dict[str, Any]] = [
    {
        "owner": "officer",
        "member": ("officer2", False),
        "risk": "high",
        "opened": "2022-06-20",
        "title": "Демо: дело журналиста Далера Худоёрова (вымышленное лицо)",
        "summary": "Fictional demo text. An independent journalist who covered the events "
        "in GBAO was arrested and is held in pre-trial detention on extremism charges.",
        "persons": [
            ("Демо: Далер Худоёров (вымышленное лицо)", "", "journalist",
             MALE, "yes", "Вымышленный текст. Журналист независимого издания."),
        ],
        "events": [
            ("Arrest and detention", "Fictional demo text. Arrested at home, laptop taken.", [
                ("arrest", 0, "2022-06-15", "", "Душанбе", "публичные призывы",
                 "tj_dushanbe", ["tj_cc_307_1", "tj_law_extremism"],
                 ["state_security_committee"]),
                ("pre_trial_detention", 0, "June 2022", "", "Душанбе, СИЗО", "",
                 "tj_dushanbe", ["tj_cc_307_1"], ["court"]),
            ]),
            ("Closed trial", "Fictional demo text. The trial was held inside the detention "
             "centre; the press and family were kept out.", [
                ("closed_trial", 0, "autumn 2022", "", "Душанбе", "",
                 "tj_dushanbe", ["tj_cc_307_1"], ["court", "prosecutor"]),
            ]),
        ],
        "information": [("Fictional demo text. A colleague of the journalist described "
                         "the arrest by telephone.", False)],
        "interventions": ["Fictional demo text. Case considered for an urgent appeal."],
        "tasks": [("Ask the family whether the trial date is known", 3)],
    },
    {
        "owner": "officer",
        "member": ("officer2", True),
        "risk": "high",
        "opened": "2022-04-02",
        "title": "Demo: Case of the blogger Shahlo Rahimova (fictional)",
        "summary": "Fictional demo text. A blogger was detained after posts on social "
        "media; her phone and laptop were seized.",
        "persons": [
            ("Demo: Shahlo Rahimova (fictional)", "", "blogger", FEMALE,
             "no", "Fictional demo text. A blogger writing on local corruption."),
        ],
        "events": [
            ("Detention after posts", "Fictional demo text. Detained outside her home.", [
                ("arrest", 0, "March 2022", "", "Khujand", "posts on social media",
                 "tj_sughd", ["tj_cc_307"], ["police", "state_security_committee"]),
                ("device_seizure", 0, "March 2022", "", "Khujand", "",
                 "tj_sughd", [], ["police"]),
            ]),
        ],
        "information": [("Fictional demo text. A relative reported the detention and "
                         "asked not to be named.", True)],
        "interventions": [],
        "tasks": [("Confirm where she is held", 1)],
    },
    {
        "owner": "officer2",
        "member": ("officer", False),
        "risk": "imminent",
        "opened": "2021-12-01",
        "title": "Намуна: парвандаи блогнавис Мирзо Шоҳиммат (шахси бофта)",
        "summary": "Fictional demo text. A blogger covering the GBAO events was beaten "
        "and his camera confiscated.",
        "persons": [
            ("Намуна: Мирзо Шоҳиммат (шахси бофта)", "", "blogger", MALE,
             "unknown", "Матни бофтаи намунавӣ. Блогнавис аз Хоруғ."),
        ],
        "events": [
            ("Attack during the GBAO events", "Fictional demo text.", [
                ("physical_attack", 0, "~2021-11-25", "", "Хоруғ", "",
                 "tj_gbao", [], ["non_state_actor"]),
                ("device_seizure", 0, "~2021-11-25", "", "Хоруғ", "",
                 "tj_gbao", [], ["police"]),
            ]),
        ],
        "information": [("Fictional demo text. Video seen by the desk, source protected.",
                         True)],
        "interventions": [],
        "tasks": [("Check whether he has medical care", 5)],
    },
    {
        "owner": "officer",
        "member": None,
        "risk": "medium",
        "opened": "2021-05-10",
        "title": "Demo: Case of the lawyer Ilhom Sattorov (fictional)",
        "summary": "Fictional demo text. A lawyer who defended a journalist was charged "
        "under article 307 and lost his licence to practise.",
        "persons": [
            ("Demo: Ilhom Sattorov (fictional)", "", "lawyer", MALE, "yes",
             "Fictional demo text. Defended clients accused of extremism."),
        ],
        "events": [
            ("Charges", "Fictional demo text. Charged after taking up a journalist's case.", [
                ("criminal_charges", 0, "2021", "", "Bokhtar", "identified with his client",
                 "tj_khatlon", ["tj_cc_307", "tj_law_advocacy"], ["prosecutor"]),
                ("licence_loss", 0, "2022", "", "Bokhtar", "",
                 "tj_khatlon", ["tj_law_advocacy"], ["ministry_of_justice"]),
            ]),
        ],
        "information": [("Fictional demo text. The lawyer's own account.", False)],
        "interventions": ["Fictional demo text. Raised in a meeting with the ministry."],
        "tasks": [("Find out whether the charges were dropped", 6)],
    },
    {
        "owner": "officer2",
        "member": ("officer", True),
        "risk": "high",
        "opened": "2022-05-20",
        "title": "Демо: дело адвоката Зарины Назаровой (вымышленное лицо)",
        "summary": "Fictional demo text. A woman lawyer was summoned several times and "
        "then charged with taking part in an extremist organisation.",
        "persons": [
            ("Демо: Зарина Назарова (вымышленное лицо)", "", "lawyer",
             FEMALE, "yes", "Вымышленный текст. Адвокат по делам правозащитников."),
        ],
        "events": [
            ("Summons, then charges", "Вымышленный текст. Допросы без адвоката.", [
                ("summons_interrogation", 0, "весна 2022", "", "Душанбе", "",
                 "tj_dushanbe", [], ["state_security_committee"]),
                ("criminal_charges", 0, "май 2022", "", "Душанбе", "экстремизм",
                 "tj_dushanbe", ["tj_cc_307_3"], ["prosecutor"]),
            ]),
        ],
        "information": [],
        "interventions": [],
        "tasks": [("Ask her colleagues about the next hearing", 10)],
    },
    {
        "owner": "officer",
        "member": ("officer2", False),
        "risk": "medium",
        "opened": "2021-03-01",
        "title": "Demo: Inspections of the Bright Future Youth Centre (fictional NGO)",
        "summary": "Fictional demo text. A youth NGO working on the GBAO events was "
        "inspected by the tax authority, the Ministry of Justice and the State Security "
        "Committee within two years.",
        "persons": [
            ("Demo: Bright Future Youth Centre (fictional NGO)", "", "",
             "", "yes", "Fictional demo text. A small NGO in Kulob."),
            ("Demo: Gulnora Umarova (fictional)", "", "ngo_member", FEMALE,
             "yes", "Fictional demo text. Director of the centre."),
        ],
        "events": [
            ("Repeated inspections", "Fictional demo text. Inspectors asked about foreign "
             "grants and the centre's reports on the GBAO events.", [
                ("inspection", 0, "2021-02", "", "Kulob", "foreign funding notification",
                 "tj_khatlon", ["tj_law_public_associations"], ["tax_authority"]),
                ("inspection", 0, "2021-09", "", "Kulob", "",
                 "tj_khatlon", ["tj_law_public_associations"], ["ministry_of_justice"]),
                ("inspection", 0, "autumn 2022", "", "Kulob", "",
                 "tj_khatlon", ["tj_law_aml_cft"], ["state_security_committee"]),
                ("summons_interrogation", 1, "2022-10-03", "", "Kulob", "",
                 "tj_khatlon", [], ["state_security_committee"]),
            ]),
        ],
        "information": [("Fictional demo text. Copies of inspection orders.", False)],
        "interventions": [],
        "tasks": [("Compare the inspection dates with the legal intervals", 4)],
    },
    {
        "owner": "officer2",
        "member": None,
        "risk": "imminent",
        "opened": "2022-03-10",
        "title": "Намуна: бозгардонии маҷбурии Комрон Давлатов (шахси бофта)",
        "summary": "Fictional demo text. An activist who had left the country was "
        "forcibly returned and detained on arrival.",
        "persons": [
            ("Намуна: Комрон Давлатов (шахси бофта)", "", "activist", MALE,
             "unknown", "Матни бофтаи намунавӣ. Фаъоли ҷамъиятӣ."),
        ],
        "events": [
            ("Forced return", "Fictional demo text.", [
                ("forced_return", 0, "2022-03-05", "", "Dushanbe airport", "",
                 "tj_dushanbe", [], ["state_security_committee"]),
                ("pre_trial_detention", 0, "about March 2022", "", "", "",
                 "tj_dushanbe", ["tj_law_terrorism"], ["court"]),
            ]),
        ],
        "information": [("Fictional demo text. Reported by a friend abroad.", False)],
        "interventions": ["Fictional demo text. Contact with the Working Group on "
                          "Enforced or Involuntary Disappearances."],
        "tasks": [("Ask for his whereabouts", 2)],
    },
    {
        "owner": "officer2",
        "member": None,
        "risk": "high",
        "opened": "2022-08-15",
        "title": "Demo: Online harassment of Nilufar Saidova (fictional)",
        "summary": "Fictional demo text. A woman defender was targeted by fake intimate "
        "images and a smear campaign from anonymous accounts.",
        "persons": [
            ("Demo: Nilufar Saidova (fictional)", "", "activist", FEMALE,
             "no", "Fictional demo text. Works on domestic violence."),
        ],
        "events": [
            ("Online campaign", "Fictional demo text. Fake intimate images were shared.", [
                ("online_harassment", 0, "summer 2022", "autumn 2022", "", "",
                 "tj_sughd", [], ["online_accounts"]),
                ("smear_campaign", 0, "2022-07", "", "", "",
                 "tj_sughd", [], ["online_accounts", "non_state_actor"]),
                ("threats", 0, "2022-08-02", "", "Istaravshan", "",
                 "tj_sughd", [], ["non_state_actor"]),
            ]),
        ],
        "information": [("Fictional demo text. Identity of the person who forwarded the "
                         "screenshots.", True)],
        "interventions": [],
        "tasks": [("Offer contacts of a digital security helpline", 0)],
    },
    {
        "owner": "officer",
        "member": ("officer2", True),
        "risk": "high",
        "opened": "2022-12-20",
        "title": "Демо: репрессии против Фирузы Мирзоевой (вымышленное лицо)",
        "summary": "Fictional demo text. After meeting the Special Rapporteur, an NGO "
        "member was questioned and threatened.",
        "persons": [
            ("Демо: Фируза Мирзоева (вымышленное лицо)", "", "ngo_member",
             FEMALE, "yes", "Вымышленный текст. Член правозащитной НКО."),
        ],
        "events": [
            ("Reprisal after the visit", "Вымышленный текст. Вопросы о встрече с "
             "докладчиком ООН.", [
                ("un_reprisal", 0, "December 2022", "", "Душанбе", "встреча с ООН",
                 "tj_dushanbe", [], ["state_security_committee"]),
                ("threats", 0, "2022-12-14", "", "Душанбе", "",
                 "tj_dushanbe", [], ["state_security_committee"]),
            ]),
        ],
        "information": [],
        "interventions": ["Fictional demo text. Reported to the reprisals focal point."],
        "tasks": [("Prepare the entry for the reprisals report", 7)],
    },
    {
        "owner": "officer2",
        "member": None,
        "risk": "low",
        "opened": "2022-02-01",
        "title": "Demo: Accreditation of Parviz Kholov (fictional)",
        "summary": "Fictional demo text. A journalist's accreditation was not renewed.",
        "persons": [
            ("Demo: Parviz Kholov (fictional)", "", "journalist", MALE, "yes",
             "Fictional demo text. Correspondent of a foreign outlet."),
        ],
        "events": [
            ("Accreditation refused", "Fictional demo text.", [
                ("accreditation_denial", 0, "2022", "", "Dushanbe", "",
                 "tj_dushanbe", ["tj_law_media"], ["ministry_of_foreign_affairs"]),
            ]),
        ],
        "information": [("Fictional demo text. The refusal letter.", False)],
        "interventions": [],
        "tasks": [],
    },
    {
        "owner": "officer",
        "member": None,
        "risk": "medium",
        "opened": "2022-09-05",
        "title": "Демо: дело судьи Бахтиёра Каримова (вымышленное лицо)",
        "summary": "Fictional demo text. A judge faces criminal charges after an "
        "independent ruling.",
        "persons": [
            ("Демо: Бахтиёр Каримов (вымышленное лицо)", "", "judge", MALE,
             "unknown", "Вымышленный текст. Судья районного суда."),
        ],
        "events": [
            ("Charges against a judge", "Fictional demo text.", [
                ("criminal_charges", 0, "~2022-08-20 ±10", "", "Vahdat", "",
                 "tj_republican_subordination", ["tj_cc_340"], ["prosecutor"]),
            ]),
        ],
        "information": [],
        "interventions": [],
        "tasks": [("Ask the Union of Lawyers for the indictment", 20)],
    },
    {
        "owner": "officer2",
        "member": ("officer", False),
        "risk": "medium",
        "opened": "2022-07-01",
        "title": "Намуна: манъи сафари Сафина Ҳакимова (шахси бофта)",
        "summary": "Fictional demo text. The sister of a detained journalist was barred "
        "from travelling and her phone was hacked.",
        "persons": [
            ("Намуна: Сафина Ҳакимова (шахси бофта)", "", "relative",
             FEMALE, "no", "Матни бофтаи намунавӣ. Хоҳари рӯзноманигор."),
        ],
        "events": [
            ("Travel ban and surveillance", "Fictional demo text.", [
                ("travel_ban", 0, "2022-06-28", "", "Dushanbe airport", "",
                 "tj_dushanbe", [], ["state_security_committee"]),
                ("device_hacking", 0, "winter 2021", "", "", "",
                 "tj_dushanbe", [], ["communications_service"]),
            ]),
        ],
        "information": [],
        "interventions": [],
        "tasks": [("Ask whether the travel ban was lifted", 12)],
    },
]  # fmt: skip


def is_loaded() -> bool:
    """The demo cases are there when the demo officers own any case (a demo session's
    own cases then also count: loading twice must never add anything)."""
    return Case.objects.filter(owner__username__in=OWNERS).exists()


def load(*, users: dict[str, User], desk_keys: dict[str, dict[int, bytes]]) -> int:
    """Create the demo cases (caller's transaction); ``desk_keys`` by owner username.
    Returns how many cases were created (0 when already loaded)."""
    if is_loaded():
        return 0
    for spec in CASES:
        member = spec["member"]
        make_case(
            owner=users[spec["owner"]],
            desk_keys=desk_keys[spec["owner"]],
            title=spec["title"],
            summary=spec["summary"],
            risk=spec["risk"],
            opened=spec["opened"],
            members=[(users[member[0]], member[1])] if member else [],
            persons=spec["persons"],
            events=spec["events"],
            information=spec["information"],
            interventions=spec["interventions"],
            tasks=[(f"Demo: {text}", days) for text, days in spec["tasks"]],
        )
    return len(CASES)
