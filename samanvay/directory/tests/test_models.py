import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from samanvay.directory.models import District, Membership, PoliceUnit
from samanvay.directory.reference import load_reference_data
from samanvay.lib.darpan import is_valid_darpan_id


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("MP/2017/0123456", True),
        ("mp / 2017 / 0123456", True),
        ("MP/2017/012345", False),
        ("MP-2017-0123456", False),
        ("M1/2017/0123456", False),
        ("MP/1999/0123456", False),
        ("MP/2027/0123456", False),
        ("MP/2017/0000000", False),
    ],
)
def test_darpan_ids_are_checked_for_format(value, valid):
    assert is_valid_darpan_id(value, this_year=2026) is valid


def test_reference_data_has_55_districts_in_10_divisions_and_loads_twice(db):
    load_reference_data()
    load_reference_data()
    assert District.objects.count() == 55
    assert District.objects.values("division").distinct().count() == 10
    bhopal = District.objects.get(code=444)
    assert (bhopal.name_hi, bhopal.division.name_en) == ("भोपाल", "Bhopal")
    assert District.objects.get(name_en="Pandhurna").division.name_en == "Jabalpur"


def test_a_membership_belongs_to_exactly_one_organisation(world):
    both = Membership(
        person=world.p_member_a, police_unit=world.wps_bhopal, ngo=world.ngo_a, role="member"
    )
    with pytest.raises(ValidationError):
        both.full_clean()
    with pytest.raises(IntegrityError):
        Membership.objects.create(person=world.p_member_a, role="member")


def test_a_police_unit_other_than_hq_needs_a_district(world):
    with pytest.raises(IntegrityError):
        PoliceUnit.objects.create(kind="police_station", name_en="x", name_hi="x")
