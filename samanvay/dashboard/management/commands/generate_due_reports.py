"""Run daily (cron or the worker, like send_meeting_reminders): when the branch has scheduled
the monthly report, make last month's once its day has come. Safe to run as often as wanted."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from samanvay.dashboard import reports


class Command(BaseCommand):
    help = "Make last month's statewide report when the schedule says it is due."

    def handle(self, *args, **options):
        report = reports.make_due_reports(timezone.localdate())
        if report is None:
            self.stdout.write("no report due")
        else:
            self.stdout.write(f"monthly report {report.month:%Y-%m} queued")
