import base64
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samanvay.accounts.models import Role, User
from samanvay.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, current_demo_codes
from samanvay.directory.models import NGO, Membership, Person, PoliceUnit, ShaktiSamiti
from samanvay.lib.darpan import is_valid_darpan_id

pytestmark = pytest.mark.django_db


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo_data", "--force", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [User, NGO, Person, Membership, PoliceUnit, ShaktiSamiti, TOTPDevice, StaticDevice]
    return {model.__name__: model.objects.count() for model in models} | {
        "ngo_districts": NGO.districts.through.objects.count(),
        "recovery_codes": StaticToken.objects.count(),
    }


def test_it_loads_the_same_data_twice_without_duplicates():
    load()
    first = counts()
    load()
    assert counts() == first
    assert first["NGO"] >= 10


def test_it_refuses_to_load_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_data", stdout=StringIO())
    assert not NGO.objects.exists()


def test_it_loads_when_debug_is_on(settings):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=StringIO())
    assert NGO.objects.filter(is_demo=True).exists()


def test_every_role_has_a_demo_login_that_can_sign_in(client):
    output = load()
    roles = {Role.BRANCH, Role.DISTRICT_OFFICER, Role.NGO_COORDINATOR, Role.NGO_MEMBER}
    roles |= {Role.OBSERVER}
    demo_users = User.objects.filter(username__in=[spec.username for spec in DEMO_ACCOUNTS])
    assert {user.role for user in demo_users} == roles
    for user in demo_users:
        assert user.username in output
        assert user.email.endswith("@example.org")
        assert user.person.is_demo
        assert client.login(request=HttpRequest(), username=user.username, password=DEMO_PASSWORD)
        client.logout()
    assert DEMO_PASSWORD in output


def test_demo_people_with_a_login_belong_to_their_organisation():
    load()
    officer = User.objects.get(username="wps.bhopal.demo")
    assert officer.district.name_en == "Bhopal"
    assert officer.person.memberships.get().police_unit.kind == "women_police_station"
    coordinator = User.objects.get(username="ngo.coord.demo")
    member = User.objects.get(username="ngo.member.demo")
    assert coordinator.ngo == member.ngo
    assert coordinator.ngo.districts.filter(name_en="Bhopal").exists()
    assert member.person.memberships.get().ngo == member.ngo
    branch = User.objects.get(username="branch.demo")
    assert branch.person.memberships.get().police_unit.kind == "hq_branch"


def test_the_demo_password_passes_the_password_rules():
    load()
    validate_password(DEMO_PASSWORD, user=User.objects.get(username="branch.demo"))


def test_officers_have_a_confirmed_totp_device_with_the_printed_key():
    output = load()
    officers = User.objects.filter(role__in=[Role.BRANCH, Role.DISTRICT_OFFICER])
    assert officers.count() == 2
    for officer in officers:
        device = TOTPDevice.objects.get(user=officer, confirmed=True)
        assert base64.b32encode(device.bin_key).decode() in output


def test_the_current_demo_code_passes_two_factor_sign_in():
    load()
    rows = current_demo_codes()
    assert {username for username, _code, _left in rows} == {"branch.demo", "wps.bhopal.demo"}
    for username, code, seconds_left in rows:
        user = User.objects.get(username=username)
        assert 0 < seconds_left <= 30
        assert verify_token(user, TOTPDevice.objects.get(user=user).persistent_id, code)


def test_the_printed_recovery_code_works_once_and_is_replaced_on_the_next_load():
    output = load()
    user = User.objects.get(username="wps.bhopal.demo")
    device = StaticDevice.objects.get(user=user)
    printed = [t.token for t in device.token_set.all() if t.token in output]
    assert len(printed) == 1
    assert verify_token(user, device.persistent_id, printed[0])
    assert verify_token(user, device.persistent_id, printed[0]) is None
    load()
    assert not device.token_set.filter(token=printed[0]).exists()
    assert device.token_set.count() == 10


def test_demo_codes_prints_a_code_for_each_officer(settings):
    load()
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_codes", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == ["branch.demo", "wps.bhopal.demo"]
    assert all(line.split()[1].isdigit() and len(line.split()[1]) == 6 for line in lines)


def test_demo_ngos_are_marked_as_demo_and_have_valid_darpan_ids():
    load()
    ngos = NGO.objects.all()
    assert ngos.count() >= 10
    for ngo in ngos:
        assert ngo.is_demo
        assert ngo.name_hi.startswith("(डेमो)")
        assert ngo.name_en.startswith("Demo ")
        assert is_valid_darpan_id(ngo.darpan_id, this_year=2026)
        assert ngo.focus_areas.exists()
    statuses = set(ngos.values_list("verification", flat=True))
    assert statuses == {NGO.Verification.VERIFIED, NGO.Verification.PENDING}
    assert not Person.objects.filter(is_demo=False).exists()


def test_every_district_has_district_police_and_a_women_police_station():
    load()
    for kind in ["district_police", "women_police_station"]:
        assert PoliceUnit.objects.filter(kind=kind).values("district").distinct().count() == 55
    assert PoliceUnit.objects.filter(kind="hq_branch").count() == 1
    bhopal = PoliceUnit.objects.get(name_en="Women Police Station Bhopal")
    assert bhopal.name_hi == "महिला थाना भोपाल"
    assert PoliceUnit.objects.filter(kind="police_station", district__name_en="Indore").exists()
    assert ShaktiSamiti.objects.count() >= 3
