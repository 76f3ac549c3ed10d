from django.core.management.base import BaseCommand

from samanvay.directory.reference import load_reference_data


class Command(BaseCommand):
    help = "Load divisions, the 55 districts of Madhya Pradesh and NGO focus areas (idempotent)."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            "Reference data: {divisions} divisions, {districts} districts, "
            "{focus_areas} focus areas.".format(**counts)
        )
