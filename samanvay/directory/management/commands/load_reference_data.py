from django.core.management.base import BaseCommand

from samanvay.campaigns.reference import load_campaign_reference_data
from samanvay.directory.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Load divisions, the 55 districts of Madhya Pradesh, NGO focus areas, campaigns, "
        "programmes and activity types (idempotent)."
    )

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            "Reference data: {divisions} divisions, {districts} districts, "
            "{focus_areas} focus areas.".format(**counts)
        )
        counts = load_campaign_reference_data()
        self.stdout.write(
            "Campaigns: {campaigns} campaigns, {programmes} programmes, "
            "{activity_types} activity types.".format(**counts)
        )
