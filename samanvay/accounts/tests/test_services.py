import pytest
from django.core.exceptions import ValidationError

from samanvay.accounts.services import (
    check_second_factor,
    regenerate_recovery_codes,
    set_user_language,
)

pytestmark = pytest.mark.django_db


def test_set_user_language_saves_the_choice(world):
    set_user_language(user=world.member_a, language="en")
    world.member_a.refresh_from_db()
    assert world.member_a.language == "en"


def test_set_user_language_refuses_other_languages(world):
    with pytest.raises(ValidationError):
        set_user_language(user=world.member_a, language="fr")
    world.member_a.refresh_from_db()
    assert world.member_a.language == "hi"


def test_recovery_codes_belong_to_their_owner(world):
    codes = regenerate_recovery_codes(user=world.branch)
    assert check_second_factor(user=world.officer_bhopal, code=codes[0]).device is None
    assert check_second_factor(user=world.branch, code=codes[0]).device is not None
