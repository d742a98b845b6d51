# Russian and Tajik names are the test data here, not look-alikes of Latin letters.
import pytest

from rapporteur.cases.names import skeleton
from rapporteur.communications.redaction import ConfidentialName, leaks, redact


@pytest.mark.parametrize(
    "spellings",
    [
        ("Ҷамшед", "Jamshed", "Dzhamshed", "Djamshed", "JAMSHED"),
        ("Хуршед", "Khurshed", "Hurshed"),
        ("Дмитрий", "Dmitry", "Dmitriy", "Dmitrii"),
        ("Евгений", "Yevgeny", "Evgenii"),
        ("Ғуломов", "Ghulomov", "Gulomov"),
        ("Қодирӣ", "Qodiri", "Kodiri"),
        ("Юлия", "Yuliya", "Iuliia", "Yulia"),
    ],
)
def test_spellings_of_one_name_fold_alike(spellings):
    assert len({skeleton(spelling) for spelling in spellings}) == 1


def test_full_name_becomes_its_description():
    text = "Ms. Anna Ivanova was arrested."
    names = [ConfidentialName("Anna Ivanova", "a woman human rights defender")]
    assert redact(text=text, confidential_names=names) == (
        "Ms. a woman human rights defender was arrested."
    )


def test_without_description_the_name_is_withheld():
    result = redact(text="Anna Ivanova", confidential_names=[ConfidentialName("Anna Ivanova")])
    assert result == "[name withheld]"
    ru = redact(
        text="Анна Иванова", confidential_names=[ConfidentialName("Anna Ivanova")], language="ru"
    )
    assert ru == "[имя не раскрывается]"


def test_cyrillic_text_latin_name_and_inflection():
    text = "Задержание Анны Ивановой; позднее Иванову допросили."
    result = redact(text=text, confidential_names=[ConfidentialName("Anna Ivanova", "адвокат")])
    assert result == "Задержание адвокат; позднее [name withheld] допросили."


def test_surname_alone_and_other_case():
    text = "Mr. PETROV's lawyer said that petrov was beaten."
    result = redact(text=text, confidential_names=[ConfidentialName("Ivan Petrov", "a blogger")])
    assert "petrov" not in result.lower()


def test_tajik_spelling_in_latin_text():
    text = "Dzhamshed Ghulomov, a journalist, was summoned."
    names = [ConfidentialName("Ҷамшед Ғуломов", "a journalist from Khujand")]
    assert redact(text=text, confidential_names=names).startswith("a journalist from Khujand,")


def test_other_words_are_untouched():
    text = "The Government of Tajikistan replied on 3 May."
    assert redact(text=text, confidential_names=[ConfidentialName("Anna Ivanova")]) == text


def test_leaks_reports_each_name_found():
    text = "Yesterday Ivanova and Sidorov were released."
    names = [ConfidentialName(n) for n in ("Анна Иванова", "Oleg Sidorov", "Olga Belova")]
    found = leaks(public_text=text, confidential_names=names)
    assert [(m.person.name, m.words) for m in found] == [
        ("Анна Иванова", "Ivanova"),
        ("Oleg Sidorov", "Sidorov"),
    ]


def test_leaks_after_redaction_is_empty():
    names = [ConfidentialName(n) for n in ("Анна Иванова", "Ҷамшед Ғуломов")]
    text = "Анна Иванова and Jamshed Gulomov; later Ivanova, Гуломова."
    public = redact(text=text, confidential_names=names)
    assert leaks(public_text=public, confidential_names=names) == []
