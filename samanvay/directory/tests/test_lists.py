"""Registry list pages: search, filters, pagination, scope, and a query count that stays flat."""

import pytest
from django.urls import reverse

from samanvay.directory.models import NGO, Membership, Person, PoliceUnit, ShaktiSamiti


@pytest.fixture
def english(client):
    client.cookies["samanvay_language"] = "en"
    return client


def test_it_lists_police_units_of_the_officers_district_only(world, login_as):
    client = login_as(world.officer_bhopal)
    response = client.get(reverse("directory:police_unit_list"))
    names = [u.name_en for u in response.context["page"]]
    assert "Women Police Station Bhopal" in names
    assert "Women Police Station Indore" not in names


def test_it_searches_police_units_in_hindi_and_english(world, login_as):
    client = login_as(world.branch)
    by_hindi = client.get(reverse("directory:police_unit_list"), {"q": "इंदौर"})
    assert [u.pk for u in by_hindi.context["page"]] == [world.wps_indore.pk]
    by_english = client.get(reverse("directory:police_unit_list"), {"q": "kolar"})
    assert [u.pk for u in by_english.context["page"]] == [world.ps_bhopal.pk]


def test_it_filters_police_units_by_district_and_kind(world, login_as):
    client = login_as(world.branch)
    response = client.get(
        reverse("directory:police_unit_list"), {"district": "444", "kind": "police_station"}
    )
    assert [u.pk for u in response.context["page"]] == [world.ps_bhopal.pk]


def test_a_nonsense_filter_value_shows_everything_instead_of_an_error(world, login_as):
    client = login_as(world.branch)
    response = client.get(reverse("directory:police_unit_list"), {"district": "abc", "page": "x"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4


def test_it_filters_ngos_by_focus_area_and_district(world, login_as):
    client = login_as(world.branch)
    response = client.get(reverse("directory:ngo_list"), {"focus_area": "trafficking"})
    assert [n.pk for n in response.context["page"]] == [world.ngo_b.pk]
    response = client.get(reverse("directory:ngo_list"), {"district": "444"})
    assert [n.pk for n in response.context["page"]] == [world.ngo_a.pk]


def test_an_ngo_member_sees_only_their_own_ngo(world, login_as):
    client = login_as(world.member_a)
    response = client.get(reverse("directory:ngo_list"))
    assert [n.pk for n in response.context["page"]] == [world.ngo_a.pk]


def test_an_ngo_member_sees_only_themselves_among_people(world, login_as):
    client = login_as(world.member_a)
    response = client.get(reverse("directory:person_list"))
    assert [p.pk for p in response.context["page"]] == [world.p_member_a.pk]


def test_an_ngo_coordinator_sees_their_ngos_people(world, login_as):
    client = login_as(world.coord_a)
    response = client.get(reverse("directory:person_list"))
    assert {p.pk for p in response.context["page"]} == {
        world.p_coord_a.pk,
        world.p_member_a.pk,
        world.p_volunteer_a.pk,
    }


def test_a_district_officer_sees_people_of_their_district(world, login_as):
    client = login_as(world.officer_bhopal)
    response = client.get(reverse("directory:person_list"))
    assert {p.pk for p in response.context["page"]} == {
        world.p_officer_bhopal.pk,
        world.p_coord_a.pk,
        world.p_member_a.pk,
        world.p_volunteer_a.pk,
    }


def test_the_people_list_does_not_repeat_a_person_with_several_memberships(world, login_as):
    Membership.objects.create(person=world.p_member_a, ngo=world.ngo_b, role="volunteer")
    client = login_as(world.branch)
    response = client.get(reverse("directory:person_list"), {"q": world.p_member_a.name})
    assert [p.pk for p in response.context["page"]] == [world.p_member_a.pk]


def test_it_paginates_long_lists(world, login_as, settings):
    settings.REGISTRY_PAGE_SIZE = 2
    client = login_as(world.branch)
    first = client.get(reverse("directory:police_unit_list"))
    last = client.get(reverse("directory:police_unit_list"), {"page": 2})
    assert first.context["page"].paginator.num_pages == 2
    seen = [u.pk for u in first.context["page"]] + [u.pk for u in last.context["page"]]
    assert sorted(seen) == sorted(PoliceUnit.objects.values_list("pk", flat=True))
    assert b'rel="next"' in first.content


def _grow(world, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        unit = PoliceUnit.objects.create(
            kind="police_station", district=world.bhopal, name_en=f"PS {i}", name_hi=f"थाना {i}"
        )
        ngo = NGO.objects.create(name_en=f"NGO {i}", name_hi=f"संस्था {i}")
        ngo.districts.set([world.bhopal, world.indore])
        person = Person.objects.create(name=f"Person {i}")
        Membership.objects.create(person=person, ngo=ngo, role="member")
        Membership.objects.create(person=person, police_unit=unit, role="officer")
        ShaktiSamiti.objects.create(
            name=f"Samiti {i}", kind="village", district=world.bhopal, place="x", police_unit=unit
        )


@pytest.mark.parametrize(
    "url_name",
    [
        "directory:police_unit_list",
        "directory:ngo_list",
        "directory:person_list",
        "directory:samiti_list",
        "directory:district_list",
    ],
)
def test_list_pages_use_a_fixed_number_of_queries(
    world, login_as, django_assert_max_num_queries, url_name
):
    client = login_as(world.branch)
    _grow(world, 3)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse(url_name))
    _grow(world, 20, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_list_pages_render_in_hindi_by_default(world, login_as):
    client = login_as(world.branch)
    response = client.get(reverse("directory:ngo_list"))
    assert response["Content-Language"] == "hi"
    assert "आशा सेवा संस्थान" in response.content.decode()


def test_list_pages_render_in_english_when_chosen(world, login_as):
    world.branch.language = "en"
    world.branch.save()
    client = login_as(world.branch)
    session = client.session
    session["user_language"] = "en"
    session.save()
    response = client.get(reverse("directory:ngo_list"))
    assert response["Content-Language"] == "en"
    assert "Asha Sewa Sansthan" in response.content.decode()
