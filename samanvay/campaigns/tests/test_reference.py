import io

from django.core.management import call_command

from samanvay.activities.models import Outcome
from samanvay.campaigns.models import ActivityType, Campaign
from samanvay.campaigns.reference import load_campaign_reference_data


def test_it_seeds_the_four_campaigns_and_three_programmes(db):
    load_campaign_reference_data()

    campaigns = dict(Campaign.objects.values_list("code", "kind"))
    assert {c for c, k in campaigns.items() if k == "campaign"} == {
        "sambal",
        "srijan",
        "abhimanyu",
        "chetna",
    }
    assert {c for c, k in campaigns.items() if k == "programme"} == {
        "operation_muskaan",
        "community_policing",
        "shakti_samiti",
    }
    srijan = Campaign.objects.get(code="srijan")
    assert srijan.name_hi == "सृजन"
    assert "आत्मरक्षा" in srijan.themes_hi.splitlines()
    assert "Cyber safety" in srijan.themes_en.splitlines()
    assert Campaign.objects.get(code="operation_muskaan").name_hi == "ऑपरेशन मुस्कान"
    assert all(c.purpose_hi and c.target_group_en for c in Campaign.objects.all())


def test_activity_types_carry_their_outcome_counts(db):
    load_campaign_reference_data()

    outcomes = dict(ActivityType.objects.values_list("code", "outcomes"))
    assert outcomes["rescue_operation"] == [Outcome.PERSONS_RESCUED]
    assert outcomes["child_marriage_intervention"] == [Outcome.MARRIAGES_STOPPED]
    assert outcomes["missing_girl_traced"] == [Outcome.GIRLS_TRACED]
    assert outcomes["counselling"] == [Outcome.PERSONS_COUNSELLED]
    assert outcomes["shakti_samiti_meeting"] == [Outcome.COMPLAINTS_RECEIVED]
    assert outcomes["awareness_session"] == []
    legal_camps = [code for code in outcomes if code.startswith("legal_camp_")]
    assert len(legal_camps) == 6  # one per law
    assert ActivityType.objects.get(code="street_play").name_hi == "नुक्कड़ नाटक"


def test_loading_twice_changes_nothing_and_restores_edits(db):
    load_campaign_reference_data()
    Campaign.objects.filter(code="chetna").update(name_en="Changed")
    counts = (Campaign.objects.count(), ActivityType.objects.count())

    load_campaign_reference_data()

    assert (Campaign.objects.count(), ActivityType.objects.count()) == counts
    assert Campaign.objects.get(code="chetna").name_en == "Chetna"


def test_the_reference_data_command_loads_campaigns_too(db):
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)

    assert Campaign.objects.filter(code="abhimanyu").exists()
    assert ActivityType.objects.filter(code="trafficking_interception").exists()
    assert "4 campaigns, 3 programmes, 19 activity types" in out.getvalue()
