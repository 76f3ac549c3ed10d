"""Fixed personas for every role, in two districts (Bhopal, Indore) and two NGOs.

`world` is the whole cast; tests take the persona they need: `world.branch`, `world.officer_bhopal`,
`world.coord_a` (NGO A works in Bhopal), `world.member_b` (NGO B works in Indore), ...
Officers are created already past two-factor sign-in when logged in with `login_as`.
"""

from types import SimpleNamespace

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from samanvay.accounts.models import Role, User
from samanvay.directory.models import (
    NGO,
    District,
    FocusArea,
    Membership,
    Person,
    PoliceUnit,
    ShaktiSamiti,
)
from samanvay.directory.reference import load_reference_data

PASSWORD = "Sahi-Password-2026"


def make_user(username, role, *, district=None, ngo=None, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        district=district,
        ngo=ngo,
        first_name=extra.pop("first_name", username.replace("_", " ").title()),
        email=extra.pop("email", f"{username}@example.org"),
        **extra,
    )
    return user


@pytest.fixture
def reference_data(db):
    load_reference_data()


@pytest.fixture
def world(reference_data):
    w = SimpleNamespace()
    w.bhopal = District.objects.get(code=444)
    w.indore = District.objects.get(code=439)
    w.hq = PoliceUnit.objects.create(
        kind="hq_branch", name_en="Women Safety Branch, PHQ", name_hi="महिला सुरक्षा शाखा, पुमु"
    )
    w.wps_bhopal = PoliceUnit.objects.create(
        kind="women_police_station",
        district=w.bhopal,
        name_en="Women Police Station Bhopal",
        name_hi="महिला थाना भोपाल",
    )
    w.ps_bhopal = PoliceUnit.objects.create(
        kind="police_station",
        district=w.bhopal,
        name_en="Police Station Kolar",
        name_hi="थाना कोलार",
    )
    w.wps_indore = PoliceUnit.objects.create(
        kind="women_police_station",
        district=w.indore,
        name_en="Women Police Station Indore",
        name_hi="महिला थाना इंदौर",
    )
    w.ngo_a = NGO.objects.create(
        name_en="Asha Sewa Sansthan", name_hi="आशा सेवा संस्थान", darpan_id="MP/2017/0100001"
    )
    w.ngo_a.districts.set([w.bhopal])
    w.ngo_a.focus_areas.set(FocusArea.objects.filter(code__in=["child_marriage", "pocso"]))
    w.ngo_b = NGO.objects.create(
        name_en="Bal Raksha Manch", name_hi="बाल रक्षा मंच", darpan_id="MP/2019/0200002"
    )
    w.ngo_b.districts.set([w.indore])
    w.ngo_b.focus_areas.set(FocusArea.objects.filter(code__in=["trafficking"]))

    w.branch = make_user("branch", Role.BRANCH)
    w.officer_bhopal = make_user("officer_bhopal", Role.DISTRICT_OFFICER, district=w.bhopal)
    w.officer_indore = make_user("officer_indore", Role.DISTRICT_OFFICER, district=w.indore)
    w.coord_a = make_user("coord_a", Role.NGO_COORDINATOR, ngo=w.ngo_a)
    w.member_a = make_user("member_a", Role.NGO_MEMBER, ngo=w.ngo_a)
    w.coord_b = make_user("coord_b", Role.NGO_COORDINATOR, ngo=w.ngo_b)
    w.member_b = make_user("member_b", Role.NGO_MEMBER, ngo=w.ngo_b, language="en")
    w.observer = make_user("observer", Role.OBSERVER)

    def person(user, org, role, phone):
        p = Person.objects.create(
            name=user.get_full_name(), email=user.email, phone=phone, user=user
        )
        Membership.objects.create(
            person=p,
            role=role,
            police_unit=org if isinstance(org, PoliceUnit) else None,
            ngo=org if isinstance(org, NGO) else None,
        )
        return p

    w.p_branch = person(w.branch, w.hq, "officer", "+919800000001")
    w.p_officer_bhopal = person(w.officer_bhopal, w.wps_bhopal, "in_charge", "+919800000002")
    w.p_officer_indore = person(w.officer_indore, w.wps_indore, "in_charge", "+919800000003")
    w.p_coord_a = person(w.coord_a, w.ngo_a, "coordinator", "+919800000004")
    w.p_member_a = person(w.member_a, w.ngo_a, "member", "+919800000005")
    w.p_coord_b = person(w.coord_b, w.ngo_b, "coordinator", "+919800000006")
    w.p_member_b = person(w.member_b, w.ngo_b, "member", "+919800000007")

    # People without a sign-in account, one in each NGO.
    w.p_volunteer_a = Person.objects.create(name="Volunteer A", email="volunteer.a@example.org")
    Membership.objects.create(person=w.p_volunteer_a, ngo=w.ngo_a, role="volunteer")
    w.p_volunteer_b = Person.objects.create(name="Volunteer B", email="volunteer.b@example.org")
    Membership.objects.create(person=w.p_volunteer_b, ngo=w.ngo_b, role="volunteer")

    w.samiti_bhopal = ShaktiSamiti.objects.create(
        name="Shakti Samiti Kolar",
        kind="ward",
        district=w.bhopal,
        place="Kolar Road",
        police_unit=w.ps_bhopal,
        member_count=12,
    )
    w.samiti_indore = ShaktiSamiti.objects.create(
        name="Shakti Samiti Rau",
        kind="village",
        district=w.indore,
        place="Rau",
        police_unit=w.wps_indore,
        member_count=9,
    )
    return w


@pytest.fixture
def english(client, settings):
    """Pages in English (the language cookie), for assertions on their text."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def login_as(client):
    """Sign a persona in; officers also pass two-factor sign-in (a confirmed TOTP device)."""

    def _login(user):
        client.force_login(user)
        if user.needs_two_factor:
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="test phone", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _login


@pytest.fixture
def campaigns(db):
    """The seeded campaigns, programmes and activity types (samanvay/campaigns/reference.py):
    `campaigns.srijan`, `campaigns.types["awareness_session"]`, ..."""
    from samanvay.campaigns.models import ActivityType, Campaign
    from samanvay.campaigns.reference import load_campaign_reference_data

    load_campaign_reference_data()
    c = SimpleNamespace(**{c.code: c for c in Campaign.objects.all()})
    c.types = {t.code: t for t in ActivityType.objects.all()}
    return c
