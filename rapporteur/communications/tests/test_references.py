import pytest

from rapporteur.communications.references import (
    InvalidReference,
    Kind,
    Reference,
    addressee_choices,
    addressee_name,
    format_reference,
    is_addressee_code,
    kind_abbreviation,
    next_number,
    parse_reference,
)


def test_format_reference_public_form():
    assert format_reference(kind=Kind.URGENT_APPEAL, addressee_code="TJK", number=3, year=2022) == (
        "UA TJK 3/2022"
    )


def test_non_state_addressee_uses_oth():
    assert (
        format_reference(kind="OL", addressee_code="OTH", number=12, year=2023) == "OL OTH 12/2023"
    )


def test_parse_round_trip():
    reference = parse_reference("AL RUS 5/2021")
    assert reference == Reference(Kind.ALLEGATION_LETTER, "RUS", 5, 2021)
    assert str(reference) == "AL RUS 5/2021"


def test_parse_forgives_case_and_spacing():
    assert str(parse_reference("  ua   tjk 3 / 2022 ")) == "UA TJK 3/2022"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("UA TJK 3-2022", "is not a reference"),
        ("UA TJ 3/2022", "is not a reference"),
        ("XX TJK 3/2022", "Unknown kind"),
        ("UA XYZ 3/2022", "not an ISO 3166-1 alpha-3"),
        ("UA TJK 0/2022", "positive whole number"),
        ("UA TJK 3/1850", "year must be between"),
        ("", "is not a reference"),
    ],
)
def test_parse_errors_name_the_problem(text, message):
    with pytest.raises(InvalidReference, match=message):
        parse_reference(text)


def test_joint_prefix_is_refused_with_a_hint():
    with pytest.raises(InvalidReference, match="joint communication keeps its kind"):
        parse_reference("JUA TJK 3/2022")


def test_kind_abbreviation_labels_joint_letters():
    assert kind_abbreviation(kind=Kind.URGENT_APPEAL, joint=True) == "JUA"
    assert kind_abbreviation(kind="OL", joint=False) == "OL"


@pytest.mark.parametrize("number", [True, 1.0, -1])
def test_number_must_be_a_real_positive_int(number):
    with pytest.raises(InvalidReference):
        format_reference(kind="UA", addressee_code="TJK", number=number, year=2022)


def test_addressee_codes():
    assert is_addressee_code("TJK")
    assert is_addressee_code("OTH")
    assert not is_addressee_code("tjk")
    assert not is_addressee_code("TJ")


def test_addressee_names_in_three_languages():
    assert addressee_name(code="TJK") == "Tajikistan"
    assert addressee_name(code="TJK", language="ru") == "Таджикистан"
    assert addressee_name(code="TJK", language="tg") == "Тоҷикистон"
    assert addressee_name(code="OTH", language="ru").startswith("Прочие")


def test_unknown_language_falls_back_to_english():
    assert addressee_name(code="RUS", language="xx") == "Russian Federation"


def test_addressee_choices_are_complete_and_end_with_other():
    choices = addressee_choices(language="ru")
    assert len(choices) == 250  # 249 ISO 3166-1 entries and OTH
    assert choices[-1][0] == "OTH"
    assert ("TJK", "Таджикистан") in choices


def test_next_number_starts_at_one():
    assert next_number(used_numbers=[]) == 1


def test_next_number_never_reuses_a_gap():
    # Number 2 was withdrawn: it stays spent, the next letter gets 4.
    assert next_number(used_numbers=[1, 3]) == 4
