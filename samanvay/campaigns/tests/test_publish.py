import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samanvay.campaigns.models import CampaignPlan, DistrictTarget, PartnerAssignment
from samanvay.campaigns.services import publish_plan
from samanvay.core.models import AuditEntry
from samanvay.notify.models import Notification


@pytest.fixture
def draft(world, plans):
    """The draft plan with a target for Indore and NGO A + women police station in Bhopal."""
    DistrictTarget.objects.create(plan=plans.draft, district=world.indore, sessions=5, girls=100)
    PartnerAssignment.objects.create(
        plan=plans.draft, district=world.bhopal, ngo=world.ngo_a, police_unit=world.wps_bhopal
    )
    return plans.draft


def test_publishing_freezes_version_one_as_json(world, draft, campaigns):
    version = publish_plan(actor=world.branch, plan=draft)

    draft.refresh_from_db()
    assert (version.number, draft.version, draft.status) == (1, 1, "published")
    assert draft.published_at is not None
    content = version.content
    assert content["title"] == "Srijan winter draft"
    assert content["campaign"] == "srijan"
    assert content["activity_types"] == ["awareness_session", "self_defence_training"]
    assert content["targets"] == [
        {
            "district": 439,
            "district_hi": world.indore.name_hi,
            "district_en": "Indore",
            "sessions": 5,
            "girls": 100,
            "boys": 0,
            "women": 0,
            "men": 0,
        }
    ]
    assert [(p["district"], p["ngo"], p["police_unit"]) for p in content["partners"]] == [
        (444, world.ngo_a.pk, world.wps_bhopal.pk)
    ]
    entry = AuditEntry.objects.filter(object_type="campaigns.campaignplan").latest("pk")
    assert entry.actor == world.branch
    assert entry.changes["version"] == [0, 1]


def test_it_notifies_partner_coordinators_and_district_officers(world, draft):
    publish_plan(actor=world.branch, plan=draft)

    notified = set(
        Notification.objects.filter(kind="plan_published").values_list(
            "recipient__username", flat=True
        )
    )
    # NGO A is a partner; Bhopal has partners, Indore a target. NGO B is not in the plan.
    assert notified == {"coord_a", "officer_bhopal", "officer_indore"}
    notification = Notification.objects.filter(kind="plan_published").first()
    assert notification.context == {
        "campaign_hi": "सृजन",
        "campaign_en": "Srijan",
        "plan": "Srijan winter draft",
        "version": 1,
    }
    assert notification.url == draft.get_absolute_url()


def test_the_next_publish_makes_the_next_version_with_a_note(world, plans):
    plan = plans.published
    DistrictTarget.objects.filter(plan=plan, district=world.indore).update(sessions=12)

    with pytest.raises(ValidationError) as error:
        publish_plan(actor=world.branch, plan=plan)
    assert "note" in error.value.message_dict

    version = publish_plan(actor=world.branch, plan=plan, note="More sessions in Indore")

    assert version.number == 2
    assert plan.versions.get(number=1).content["targets"][1]["sessions"] == 8
    assert version.content["targets"][1]["sessions"] == 12
    assert version.note == "More sessions in Indore"
    plan.refresh_from_db()
    assert plan.version == 2


def test_publishing_without_changes_is_refused(world, plans):
    with pytest.raises(ValidationError) as error:
        publish_plan(actor=world.branch, plan=plans.published, note="again")

    assert error.value.code == "unchanged"
    assert plans.published.versions.count() == 1
    assert not Notification.objects.filter(kind="plan_published").exists()


def test_a_plan_without_targets_cannot_be_published(world, plans):
    with pytest.raises(ValidationError) as error:
        publish_plan(actor=world.branch, plan=plans.draft)

    assert error.value.code == "no_targets"
    plans.draft.refresh_from_db()
    assert plans.draft.status == CampaignPlan.Status.DRAFT


def test_the_branch_publishes_from_the_page(world, draft, client, login_as):
    login_as(world.branch)

    response = client.post(reverse("campaigns:plan_publish", args=[draft.pk]), {"note": ""})

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert draft.versions.get().number == 1


def test_the_publish_page_shows_the_error_when_a_note_is_missing(world, plans, client, login_as):
    DistrictTarget.objects.filter(plan=plans.published, district=world.bhopal).update(girls=1)
    login_as(world.branch)

    response = client.post(reverse("campaigns:plan_publish", args=[plans.published.pk]), {})

    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    assert plans.published.versions.count() == 1
