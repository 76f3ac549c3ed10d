import uuid

import pytest

from samanvay.referrals import services
from samanvay.referrals.models import ServiceContact

SECRET_NAME = "Zubaida Qureshiyani"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts tips in a cache namespace of its own: a shared Redis (tests on several
    workers, runs within the hour) must not carry counts from one test to another."""
    settings.CACHES = {
        name: config | {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@pytest.fixture
def raise_one(world):
    """Raise a referral in Bhopal (NGO A chosen) by NGO A's coordinator, about SECRET_NAME."""

    def _raise(**overrides):
        values = {
            "actor": world.coord_a,
            "kind": "imminent_child_marriage",
            "urgency": "critical",
            "district": world.bhopal,
            "place": "Berasia block, village Nazirabad",
            "summary": "A marriage of a minor girl is fixed for Sunday.",
            "ngo": world.ngo_a,
            "protected": {
                "name": SECRET_NAME,
                "age": "15",
                "guardian": "Rafiq Qureshiyani",
                "address": "House 12, Nazirabad",
                "school": "Government Girls School Nazirabad",
                "phone": "+919812345678",
                "description": "wears spectacles",
            },
        }
        values.update(overrides)
        return services.raise_referral(**values)

    return _raise


@pytest.fixture
def cwc_bhopal(world):
    return ServiceContact.objects.create(
        district=world.bhopal, kind="cwc", name="Child Welfare Committee Bhopal", phone="0755000000"
    )
