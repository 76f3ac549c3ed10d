import pytest
from django.urls import reverse

from samanvay.campaigns.models import DistrictTarget
from samanvay.core.models import AuditEntry


@pytest.fixture
def branch(world, client, login_as):
    login_as(world.branch)
    return client


def _row(code, **values):
    return {f"d{code}-{k}": v for k, v in values.items()}


def test_the_table_sets_targets_for_any_district(world, plans, branch):
    url = reverse("campaigns:plan_targets", args=[plans.draft.pk])
    data = {**_row(444, sessions="12", girls="500", women="40"), **_row(439, sessions="3")}

    response = branch.post(url, data)

    assert response.status_code == 302
    targets = {t.district.code: t for t in plans.draft.targets.select_related("district")}
    assert (targets[444].sessions, targets[444].girls, targets[444].women) == (12, 500, 40)
    assert (targets[439].sessions, targets[439].boys) == (3, 0)
    assert AuditEntry.objects.filter(object_id=str(plans.draft.pk), action="change").exists()


def test_clearing_a_row_removes_the_target(world, plans, branch):
    url = reverse("campaigns:plan_targets", args=[plans.published.pk])
    # Bhopal keeps its numbers; Indore's row comes back empty.
    data = _row(444, sessions="10", girls="400", boys="0", women="50", men="0")

    response = branch.post(url, data)

    assert response.status_code == 302
    assert list(plans.published.targets.values_list("district__code", flat=True)) == [444]


@pytest.mark.parametrize("value", ["-1", "100001", "2.5", "many"])
def test_a_number_out_of_bounds_is_refused_and_nothing_saved(world, plans, branch, value):
    url = reverse("campaigns:plan_targets", args=[plans.published.pk])
    data = {
        **_row(444, sessions="99", girls="400", women="50"),
        **_row(439, sessions="8", girls=value, women="20"),
    }

    response = branch.post(url, data)

    assert response.status_code == 200
    bad = next(row for row in response.context["rows"] if row.district.code == 439)
    assert "girls" in bad.errors
    assert DistrictTarget.objects.get(plan=plans.published, district=world.bhopal).sessions == 10


def test_one_district_is_edited_on_its_own_page(world, plans, branch):
    url = reverse("campaigns:plan_target_edit", args=[plans.published.pk, 444])

    response = branch.post(
        url, {"t-sessions": "15", "t-girls": "420", "t-boys": "", "t-women": "50", "t-men": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "campaigns:plan_district", args=[plans.published.pk, 444]
    )
    target = DistrictTarget.objects.get(plan=plans.published, district=world.bhopal)
    assert (target.sessions, target.girls, target.boys) == (15, 420, 0)
    # Indore untouched
    assert DistrictTarget.objects.get(plan=plans.published, district=world.indore).sessions == 8


def test_the_district_page_refuses_a_negative_number(world, plans, branch):
    url = reverse("campaigns:plan_target_edit", args=[plans.published.pk, 444])

    response = branch.post(url, {"t-sessions": "-3"})

    assert response.status_code == 200
    assert "sessions" in response.context["form"].errors


def test_an_unknown_district_answers_404(plans, branch):
    response = branch.get(reverse("campaigns:plan_target_edit", args=[plans.published.pk, 1]))

    assert response.status_code == 404
