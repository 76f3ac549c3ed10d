from django.urls import reverse

from samanvay.campaigns.models import DistrictTarget, PartnerAssignment, PlanPhase
from samanvay.campaigns.services import publish_plan
from samanvay.campaigns.versions import compare


def _second_version(world, plans):
    plan = plans.published
    plan.title = "Srijan 2026, revised"
    plan.save()
    DistrictTarget.objects.filter(plan=plan, district=world.indore).update(sessions=12)
    DistrictTarget.objects.filter(plan=plan, district=world.bhopal).delete()
    PartnerAssignment.objects.create(
        plan=plan, district=world.indore, ngo=world.ngo_b, police_unit=world.wps_indore
    )
    PlanPhase.objects.create(
        plan=plan, name="Colleges", starts_on=plan.starts_on, ends_on=plan.ends_on
    )
    return publish_plan(actor=world.branch, plan=plan, note="Indore doubles up")


def test_compare_finds_what_differs(world, plans):
    _second_version(world, plans)
    old, new = (plans.published.versions.get(number=n).content for n in (1, 2))

    comparison = compare(old, new)

    changed = {f.name for f in comparison.fields if f.changed}
    assert changed == {"title"}
    assert comparison.phases_changed
    assert [p["name"] for p in comparison.phases_new if p["changed"]] == ["Colleges"]
    targets = {t.district_en: t for t in comparison.targets}
    assert targets["Bhopal"].new is None
    assert targets["Indore"].old["sessions"] == 8
    assert targets["Indore"].new["sessions"] == 12
    assert [p["ngo_en"] for p in comparison.partners_added] == ["Bal Raksha Manch"]
    assert comparison.partners_removed == []


def test_the_same_version_compares_as_unchanged(plans):
    content = plans.published.versions.get().content

    assert not compare(content, content).has_changes


def test_a_reader_compares_two_versions_side_by_side(world, plans, client, login_as, english):
    _second_version(world, plans)
    login_as(world.member_b)

    response = client.get(
        reverse("campaigns:plan_compare", args=[plans.published.pk]), {"a": 2, "b": 1}
    )

    assert response.status_code == 200
    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    html = response.content.decode()
    assert "<mark>Srijan 2026, revised</mark>" in html
    assert "<mark>12</mark>" in html
    assert "Bal Raksha Manch" in html
    assert 'style="' not in html


def test_an_unknown_version_answers_404(world, plans, client, login_as):
    login_as(world.coord_a)

    response = client.get(reverse("campaigns:plan_compare", args=[plans.published.pk]), {"a": 9})

    assert response.status_code == 404


def test_the_versions_page_lists_versions_with_their_notes(world, plans, client, login_as):
    _second_version(world, plans)
    login_as(world.observer)

    response = client.get(reverse("campaigns:plan_versions", args=[plans.published.pk]))

    assert [v.number for v in response.context["versions"]] == [2, 1]
    assert "Indore doubles up" in response.content.decode()
