"""Recompute the supervision tallies from the verified reports (after an import, a restore, or
generate_scale). Safe to run at any time; dashboards read the new figures once it commits."""

from django.core.management.base import BaseCommand

from samanvay.dashboard import tallies


class Command(BaseCommand):
    help = "Recompute the dashboard tallies from the verified activity reports."

    def handle(self, *args, **options):
        counts = tallies.rebuild_all()
        self.stdout.write(
            "monthly tallies: {monthly}, NGO monthly tallies: {ngo_monthly}, "
            "districts with activity: {districts}".format(**counts)
        )
