"""Run every few minutes (cron or the worker's schedule), like `send_meeting_reminders`: reminders
and escalations of referrals past their service levels. Safe to run as often as wanted."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from samanvay.referrals.escalation import check_service_levels


class Command(BaseCommand):
    help = "Remind assignees of referrals and escalate those past their service levels."

    def handle(self, *args, **options):
        counts = check_service_levels(timezone.now())
        self.stdout.write("referrals reminded: {reminded}, escalated: {escalated}".format(**counts))
