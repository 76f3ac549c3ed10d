"""The privacy guard (samanvay/lib/privacy_guard.py) on what people really type."""

import pytest
from stdnum import verhoeff

from samanvay.lib import privacy_guard
from samanvay.lib.privacy_guard import check, kinds

# The guard also asks the referrals app for protected names, which reads the database.
pytestmark = pytest.mark.django_db

# A valid Aadhaar number: 11 digits and their Verhoeff check digit.
AADHAAR = "23456789012" + verhoeff.calc_check_digit("23456789012")


def names_of_protected_people(text: str) -> list[str]:
    """Stands in for samanvay.referrals.guard.protected_names_in: one protected name."""
    return ["Kavita Rathore"] if "kavita rathore" in text.casefold() else []


@pytest.mark.parametrize(
    "text",
    [
        "call her on 9876543210",
        "+91 98765 43210",
        "+91-98765-43210",
        "098765 43210",
        "0 98765 43210",
        "919876543210",
        "98-7654-3210",
        "98765.43210",
        "मोबाइल ९८७६५४३२१० पर",
        "numbers: 7012345678, 6012345678",
        "(+91) 98765-43210",
        "+९१ ९८७६५-४३२१०",
        "98765\u00a043210",  # a no-break space, as pasted from a contact card
        "98765\u202f43210",  # a narrow no-break space
        "98765\u201343210",  # an en dash, as a phone keyboard autocorrects "-"
        "+91\u2011987\u2011654\u20113210",  # non-breaking hyphens
        "９８７６５４３２１０",  # full-width digits
        "૯૮૭૬૫૪૩૨૧૦",  # Gujarati digits
    ],
)
def test_it_finds_mobile_numbers_however_written(text):
    assert kinds(check(text)) == ["phone"]


def test_where_it_found_a_number_in_another_script_is_where_it_is_in_the_text():
    text = "फोन ९८७६५\u00a0४३२१० पर"
    (finding,) = check(text)
    assert text[finding.start : finding.end] == "९८७६५\u00a0४३२१०"


def test_it_finds_each_of_two_numbers_in_one_run():
    findings = check("98765 43210 98765 43211")
    assert [f.kind for f in findings] == ["phone", "phone"]


DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


@pytest.mark.parametrize(
    "text",
    [
        AADHAAR,
        f"{AADHAAR[:4]} {AADHAAR[4:8]} {AADHAAR[8:]}",
        f"{AADHAAR[:4]}-{AADHAAR[4:8]}-{AADHAAR[8:]}",
        f"{AADHAAR[:4]}\u00a0{AADHAAR[4:8]}\u00a0{AADHAAR[8:]}",
        AADHAAR.translate(DEVANAGARI),
    ],
)
def test_it_finds_an_aadhaar_number_that_passes_verhoeff(text):
    assert kinds(check(f"Aadhaar: {text}")) == ["aadhaar"]


def test_twelve_digits_failing_verhoeff_are_not_an_aadhaar_number():
    wrong = AADHAAR[:11] + str((int(AADHAAR[11]) + 1) % 10)
    assert check(f"receipt {wrong}") == []
    assert check("order 123456789012") == []  # first digit 1: never an Aadhaar number


@pytest.mark.parametrize(
    "text",
    [
        "write to asha.verma@example.org",
        "ASHA_V+1@mail.co.in",
        "asha (at) example.com",
        "asha＠example.com",  # a full-width at sign
    ],
)
def test_it_finds_email_addresses(text):
    assert kinds(check(text)) == ["email"]


@pytest.mark.parametrize(
    "text",
    [
        "Please see MP-BPL-2026-000123 and MP-IND-2026-987654",
        "Camp on 12-05-2026 at 10:30, 45 girls, 3 sessions",
        "Helplines 112, 181, 1098 and 1930",
        "Budget 5876543210",  # ten digits, but no mobile number starts with 5
        "सृजन अभियान की बैठक 15/12/2026 को",
    ],
)
def test_codes_dates_and_ordinary_numbers_pass(text):
    assert check(text) == []


def test_it_does_not_say_what_it_found_only_where():
    (finding,) = check("call 9876543210 now")
    assert (finding.kind, finding.start, finding.end) == ("phone", 5, 15)
    assert "9876543210" not in repr(finding)


def test_further_checks_find_protected_names(monkeypatch):
    path = f"{__name__}.names_of_protected_people"
    monkeypatch.setattr(privacy_guard, "FURTHER_CHECKS", (path,))

    assert kinds(check("Met KAVITA RATHORE's mother today")) == ["name"]
    assert check("Met the girl's mother today") == []


def test_further_checks_can_be_passed_directly():
    path = f"{__name__}.names_of_protected_people"
    assert kinds(check("kavita rathore, 9876543210", further_checks=[path])) == ["phone", "name"]
