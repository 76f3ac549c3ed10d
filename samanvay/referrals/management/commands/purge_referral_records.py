"""Run daily: delete the protected records of referrals closed longer than
REFERRALS_RETENTION_DAYS; the non-identifying referral and its timeline stay."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from samanvay.referrals.services import purge_closed


class Command(BaseCommand):
    help = "Purge the protected records of referrals closed longer than the retention period."

    def handle(self, *args, **options):
        self.stdout.write(f"protected records purged: {purge_closed(timezone.now())}")
