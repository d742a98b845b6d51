"""The seed library of standard legal paragraphs, in English and Russian.

These are short, faithful paraphrases of the instruments, written for this project;
they are the starting set of a staff-maintained library (the app stores edited and
new paragraphs in the database and may load these as a fixture). Quotations are
marked as such only where the wording follows the instrument closely.
"""

# Russian text is this module's content, not a look-alike of Latin letters.
# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

LANGUAGES = ("en", "ru")


@dataclass(frozen=True, slots=True)
class LegalParagraph:
    key: str
    title: Mapping[str, str]
    text: Mapping[str, str]

    def in_language(self, language: str) -> str:
        if language not in self.text:
            raise KeyError(f"Paragraph {self.key!r} has no {language!r} version.")
        return self.text[language]


class UnknownParagraph(KeyError):
    """A draft asks for a paragraph the library does not hold."""


_SEED = (
    LegalParagraph(
        key="declaration-hrd",
        title={
            "en": "UN Declaration on Human Rights Defenders",
            "ru": "Декларация ООН о правозащитниках",
        },
        text={
            "en": (
                "We would like to refer your Excellency's Government to the Declaration on "
                "the Right and Responsibility of Individuals, Groups and Organs of Society to "
                "Promote and Protect Universally Recognized Human Rights and Fundamental "
                "Freedoms, known as the UN Declaration on Human Rights Defenders. Its article 1 "
                "provides that everyone has the right, individually and in association with "
                "others, to promote and to strive for the protection and realization of human "
                "rights and fundamental freedoms at the national and international levels. "
                "Article 12, paragraphs 2 and 3, requires the State to take all necessary "
                "measures to ensure the protection of everyone against any violence, threats, "
                "retaliation, adverse discrimination, pressure or any other arbitrary action "
                "as a consequence of the legitimate exercise of these rights."
            ),
            "ru": (
                "Мы хотели бы обратить внимание Правительства Вашего Превосходительства на "
                "Декларацию о праве и обязанности отдельных лиц, групп и органов общества "
                "поощрять и защищать общепризнанные права человека и основные свободы, "
                "известную как Декларация ООН о правозащитниках. Статья 1 Декларации "
                "предусматривает, что каждый человек имеет право, индивидуально и совместно с "
                "другими, поощрять и стремиться защищать и осуществлять права человека и "
                "основные свободы на национальном и международном уровнях. Статья 12 (пункты "
                "2 и 3) обязывает государство принимать все необходимые меры для защиты "
                "каждого от любого насилия, угроз, мести, дискриминации, давления или любых "
                "других произвольных действий в связи с законным осуществлением этих прав."
            ),
        },
    ),
    LegalParagraph(
        key="declaration-hrd-international-bodies",
        title={
            "en": "UN Declaration on Human Rights Defenders, article 9 (4): access to UN bodies",
            "ru": "Декларация ООН о правозащитниках, статья 9 (4): доступ к органам ООН",
        },
        text={
            "en": (
                "Article 9, paragraph 4, of the Declaration on Human Rights Defenders "
                "provides that everyone has the right, individually and in association with "
                "others, to unhindered access to and communication with international bodies "
                "competent to receive and consider communications on matters of human rights. "
                "Any intimidation or reprisal against a person for cooperating with the "
                "United Nations is incompatible with this right."
            ),
            "ru": (
                "Пункт 4 статьи 9 Декларации о правозащитниках предусматривает, что каждый "
                "человек имеет право, индивидуально и совместно с другими, беспрепятственно "
                "обращаться к международным органам, компетентным получать и рассматривать "
                "сообщения по вопросам прав человека, и поддерживать с ними связь. Любое "
                "запугивание или преследование лица за сотрудничество с Организацией "
                "Объединённых Наций несовместимо с этим правом."
            ),
        },
    ),
    LegalParagraph(
        key="iccpr-9",
        title={
            "en": "ICCPR, article 9: liberty and security of person",
            "ru": "МПГПП, статья 9: свобода и личная неприкосновенность",
        },
        text={
            "en": (
                "Article 9 of the International Covenant on Civil and Political Rights (ICCPR) "
                "guarantees the right to liberty and security of person and prohibits "
                "arbitrary arrest or detention. Anyone arrested must be told at the time of "
                "arrest the reasons for it and promptly informed of any charges; anyone "
                "detained on a criminal charge must be brought promptly before a judge and "
                "tried within a reasonable time or released, and everyone deprived of liberty "
                "may challenge the lawfulness of their detention before a court. As the Human "
                "Rights Committee explains in its general comment No. 35, detention for the "
                "legitimate exercise of rights guaranteed by the Covenant, such as freedom of "
                "expression, is arbitrary."
            ),
            "ru": (
                "Статья 9 Международного пакта о гражданских и политических правах (МПГПП) "
                "гарантирует право на свободу и личную неприкосновенность и запрещает "
                "произвольный арест или содержание под стражей. Каждому арестованному "
                "сообщаются при аресте его причины и в срочном порядке любое предъявленное "
                "обвинение; каждый, задержанный по уголовному обвинению, в срочном порядке "
                "доставляется к судье и имеет право на судебное разбирательство в течение "
                "разумного срока или на освобождение, а каждый лишённый свободы вправе "
                "оспорить законность своего задержания в суде. Как разъясняет Комитет по "
                "правам человека в замечании общего порядка № 35, задержание за законное "
                "осуществление прав, гарантированных Пактом, например свободы выражения "
                "мнений, является произвольным."
            ),
        },
    ),
    LegalParagraph(
        key="iccpr-14",
        title={
            "en": "ICCPR, article 14: fair trial",
            "ru": "МПГПП, статья 14: справедливое судебное разбирательство",
        },
        text={
            "en": (
                "Article 14 of the ICCPR guarantees everyone a fair and public hearing by a "
                "competent, independent and impartial tribunal established by law, and the "
                "presumption of innocence. Anyone charged with a criminal offence must be "
                "informed promptly of the charge, have adequate time and facilities to prepare "
                "a defence and to communicate with counsel of their own choosing, be tried "
                "without undue delay, and not be compelled to testify against themselves or "
                "to confess guilt (general comment No. 32 of the Human Rights Committee)."
            ),
            "ru": (
                "Статья 14 МПГПП гарантирует каждому право на справедливое и публичное "
                "разбирательство дела компетентным, независимым и беспристрастным судом, "
                "созданным на основании закона, а также презумпцию невиновности. Каждый, "
                "кому предъявлено уголовное обвинение, имеет право быть в срочном порядке "
                "уведомлённым о нём, иметь достаточное время и возможности для подготовки "
                "защиты и сноситься с выбранным им самим защитником, быть судимым без "
                "неоправданной задержки и не быть принуждаемым к даче показаний против самого "
                "себя или к признанию себя виновным (замечание общего порядка № 32 Комитета "
                "по правам человека)."
            ),
        },
    ),
    LegalParagraph(
        key="iccpr-17",
        title={
            "en": "ICCPR, article 17: privacy",
            "ru": "МПГПП, статья 17: неприкосновенность частной жизни",
        },
        text={
            "en": (
                "Article 17 of the ICCPR protects everyone against arbitrary or unlawful "
                "interference with their privacy, family, home or correspondence, and against "
                "unlawful attacks on their honour and reputation, and gives everyone the right "
                "to the protection of the law against such interference or attacks. The "
                "seizure and searching of telephones and computers, and surveillance of "
                "communications, must therefore be provided by law, pursue a legitimate aim "
                "and be necessary and proportionate."
            ),
            "ru": (
                "Статья 17 МПГПП защищает каждого от произвольного или незаконного "
                "вмешательства в его личную и семейную жизнь, произвольных или незаконных "
                "посягательств на неприкосновенность его жилища или тайну его корреспонденции "
                "и незаконных посягательств на его честь и репутацию, и предоставляет каждому "
                "право на защиту закона от такого вмешательства или таких посягательств. "
                "Поэтому изъятие и досмотр телефонов и компьютеров и наблюдение за "
                "сообщениями должны быть предусмотрены законом, преследовать законную цель и "
                "быть необходимыми и соразмерными."
            ),
        },
    ),
    LegalParagraph(
        key="iccpr-19",
        title={
            "en": "ICCPR, article 19: freedom of opinion and expression",
            "ru": "МПГПП, статья 19: свобода мнений и их свободное выражение",
        },
        text={
            "en": (
                "Article 19 of the ICCPR guarantees the right to hold opinions without "
                "interference and the right to freedom of expression, including the freedom "
                "to seek, receive and impart information and ideas of all kinds, regardless of "
                "frontiers. Any restriction must be provided by law and necessary for respect "
                "of the rights or reputations of others, or for the protection of national "
                "security, public order, or public health or morals. In its general comment "
                "No. 34, the Human Rights Committee recalls that restrictions must meet strict "
                "tests of necessity and proportionality and may never be invoked to muzzle "
                "advocacy of democratic tenets and human rights."
            ),
            "ru": (
                "Статья 19 МПГПП гарантирует право беспрепятственно придерживаться своих "
                "мнений и право на свободное выражение мнения, включая свободу искать, "
                "получать и распространять всякого рода информацию и идеи независимо от "
                "государственных границ. Любое ограничение должно быть установлено законом и "
                "являться необходимым для уважения прав и репутации других лиц или для "
                "охраны государственной безопасности, общественного порядка, здоровья или "
                "нравственности населения. В замечании общего порядка № 34 Комитет по правам "
                "человека напоминает, что ограничения должны строго отвечать требованиям "
                "необходимости и соразмерности и никогда не могут служить оправданием для "
                "подавления выступлений в защиту демократических принципов и прав человека."
            ),
        },
    ),
    LegalParagraph(
        key="iccpr-21",
        title={
            "en": "ICCPR, article 21: peaceful assembly",
            "ru": "МПГПП, статья 21: право на мирные собрания",
        },
        text={
            "en": (
                "Article 21 of the ICCPR recognizes the right of peaceful assembly. No "
                "restriction may be placed on its exercise other than those imposed in "
                "conformity with the law and necessary in a democratic society in the "
                "interests of national security or public safety, public order, the protection "
                "of public health or morals, or the protection of the rights and freedoms of "
                "others (general comment No. 37 of the Human Rights Committee)."
            ),
            "ru": (
                "Статья 21 МПГПП признаёт право на мирные собрания. Пользование этим правом не "
                "подлежит никаким ограничениям, кроме тех, которые налагаются в соответствии "
                "с законом и необходимы в демократическом обществе в интересах "
                "государственной или общественной безопасности, общественного порядка, "
                "охраны здоровья и нравственности населения или защиты прав и свобод других "
                "лиц (замечание общего порядка № 37 Комитета по правам человека)."
            ),
        },
    ),
    LegalParagraph(
        key="iccpr-22",
        title={
            "en": "ICCPR, article 22: freedom of association",
            "ru": "МПГПП, статья 22: свобода ассоциации",
        },
        text={
            "en": (
                "Article 22 of the ICCPR guarantees everyone the right to freedom of "
                "association with others, including the right to form and join trade unions. "
                "Restrictions are allowed only where prescribed by law and necessary in a "
                "democratic society in the interests of national security or public safety, "
                "public order, the protection of public health or morals, or the protection of "
                "the rights and freedoms of others. Registration, reporting and funding rules "
                "for non-commercial organizations must meet the same test."
            ),
            "ru": (
                "Статья 22 МПГПП гарантирует каждому право на свободу ассоциации с другими, "
                "включая право создавать профсоюзы и вступать в них. Ограничения допускаются "
                "лишь тогда, когда они предусмотрены законом и необходимы в демократическом "
                "обществе в интересах государственной или общественной безопасности, "
                "общественного порядка, охраны здоровья и нравственности населения или защиты "
                "прав и свобод других лиц. Правила регистрации, отчётности и финансирования "
                "некоммерческих организаций должны отвечать тем же требованиям."
            ),
        },
    ),
    LegalParagraph(
        key="basic-principles-lawyers",
        title={
            "en": "Basic Principles on the Role of Lawyers",
            "ru": "Основные положения о роли адвокатов",
        },
        text={
            "en": (
                "We also refer to the Basic Principles on the Role of Lawyers (1990). Principle "
                "16 requires Governments to ensure that lawyers can perform all their "
                "professional functions without intimidation, hindrance, harassment or "
                "improper interference, can travel and consult with their clients freely, and "
                "do not suffer or be threatened with prosecution or administrative, economic "
                "or other sanctions for any action taken in accordance with their recognized "
                "professional duties. Principle 18 provides that lawyers shall not be "
                "identified with their clients or their clients' causes as a result of "
                "discharging their functions."
            ),
            "ru": (
                "Мы также ссылаемся на Основные положения о роли адвокатов (1990 год). "
                "Положение 16 обязывает правительства обеспечивать, чтобы адвокаты могли "
                "выполнять все свои профессиональные обязанности без запугивания, "
                "препятствий, преследований или неправомерного вмешательства, могли свободно "
                "передвигаться и консультировать своих клиентов и не подвергались и не "
                "находились под угрозой судебного преследования или административных, "
                "экономических и иных санкций за любые действия, совершённые в соответствии с "
                "признанными профессиональными обязанностями. Положение 18 предусматривает, "
                "что адвокаты не отождествляются со своими клиентами или делами своих "
                "клиентов в результате выполнения своих функций."
            ),
        },
    ),
)

LIBRARY: Mapping[str, LegalParagraph] = MappingProxyType({p.key: p for p in _SEED})


def paragraph_text(*, key: str, language: str) -> str:
    try:
        return LIBRARY[key].in_language(language)
    except KeyError as error:
        raise UnknownParagraph(
            f"No standard paragraph {key!r} in {language!r}; known: {', '.join(LIBRARY)}"
        ) from error
