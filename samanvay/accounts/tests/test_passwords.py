import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

from samanvay.accounts.passwords import CharacterClassValidator
from samanvay.conftest import PASSWORD


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("only-letters-here", "password_no_digit"),
        ("lettersanddigits123", "password_no_symbol"),
        ("1234-5678-9012", "password_no_letter"),
    ],
)
def test_it_rejects_a_password_missing_a_kind_of_character(password, code):
    with pytest.raises(ValidationError) as caught:
        CharacterClassValidator().validate(password)
    assert [e.code for e in caught.value.error_list] == [code]


def test_it_accepts_letters_digits_and_a_symbol():
    CharacterClassValidator().validate(PASSWORD)


def test_its_message_says_what_is_missing():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        CharacterClassValidator().validate("lettersanddigits123")
    assert caught.value.messages == ["Your password must contain a symbol such as - @ # or !."]


def test_it_explains_the_rule_in_the_help_text():
    with translation.override("en"):
        assert "a letter, a digit and a symbol" in CharacterClassValidator().get_help_text()
        assert any("symbol" in text for text in password_validators_help_texts())


@pytest.mark.django_db
def test_the_settings_reject_a_short_password():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_password("Ab1-short")
    assert any("at least 12 characters" in m for m in caught.value.messages)
