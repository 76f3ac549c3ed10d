import pytest
from django.urls import reverse

from samanvay.campaigns.models import PartnerAssignment


@pytest.fixture
def branch(world, client, login_as):
    login_as(world.branch)
    return client


def test_the_branch_adds_an_ngo_with_a_police_unit_of_its_district(world, plans, branch):
    url = reverse("campaigns:plan_partners", args=[plans.draft.pk])

    response = branch.post(
        url, {"district": 439, "ngo": world.ngo_b.pk, "police_unit": world.wps_indore.pk}
    )

    assert response.status_code == 302
    partner = plans.draft.partners.get()
    assert (partner.district, partner.ngo, partner.police_unit) == (
        world.indore,
        world.ngo_b,
        world.wps_indore,
    )


def test_an_ngo_not_working_in_the_district_is_refused(world, plans, branch):
    url = reverse("campaigns:plan_partners", args=[plans.draft.pk])

    response = branch.post(
        url, {"district": 439, "ngo": world.ngo_a.pk, "police_unit": world.wps_indore.pk}
    )

    assert response.status_code == 200
    assert "ngo" in response.context["form"].errors
    assert not plans.draft.partners.exists()


def test_a_police_unit_of_another_district_is_refused(world, plans, branch):
    url = reverse("campaigns:plan_partners", args=[plans.draft.pk])

    response = branch.post(
        url, {"district": 444, "ngo": world.ngo_a.pk, "police_unit": world.wps_indore.pk}
    )

    assert response.status_code == 200
    assert "police_unit" in response.context["form"].errors
    assert not plans.draft.partners.exists()


def test_the_same_partners_twice_are_refused(world, plans, branch):
    url = reverse("campaigns:plan_partners", args=[plans.published.pk])

    response = branch.post(
        url, {"district": 444, "ngo": world.ngo_a.pk, "police_unit": world.wps_bhopal.pk}
    )

    assert response.status_code == 200
    assert plans.published.partners.count() == 1


def test_choosing_a_district_offers_only_its_ngos_and_units(world, plans, branch):
    url = reverse("campaigns:plan_partners", args=[plans.draft.pk])

    response = branch.get(url, {"district": 444})

    form = response.context["form"]
    assert list(form.fields["ngo"].queryset) == [world.ngo_a]
    assert set(form.fields["police_unit"].queryset) == {world.wps_bhopal, world.ps_bhopal}


def test_partners_are_removed(world, plans, branch):
    url = reverse("campaigns:plan_partner_remove", args=[plans.published.pk, plans.partner_a.pk])

    response = branch.post(url)

    assert response.status_code == 302
    assert not PartnerAssignment.objects.filter(pk=plans.partner_a.pk).exists()


def test_a_partner_of_another_plan_answers_404(world, plans, branch):
    url = reverse("campaigns:plan_partner_remove", args=[plans.draft.pk, plans.partner_a.pk])

    assert branch.post(url).status_code == 404
    assert PartnerAssignment.objects.filter(pk=plans.partner_a.pk).exists()
