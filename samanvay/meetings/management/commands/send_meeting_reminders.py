"""Run every hour (cron or the worker): meeting reminders, action item reminders before their due
date, and escalation of overdue items to the meeting's convenor. Safe to run as often as wanted:
each reminder and escalation is claimed once."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from samanvay.meetings import action_items


class Command(BaseCommand):
    help = "Send meeting and action item reminders; escalate overdue action items."

    def handle(self, *args, **options):
        counts = action_items.run_reminders(timezone.now())
        self.stdout.write(
            "meetings reminded: {meetings}, action items reminded: {reminded}, "
            "escalated: {escalated}".format(**counts)
        )
