from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samanvay.core.demo import current_demo_codes


class Command(BaseCommand):
    help = "Print the current two-factor code of each demo officer (demo data only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo codes are for local demos only (DEBUG is off).")
        rows = current_demo_codes()
        if not rows:
            raise CommandError("No demo officers yet: run `make demo` (or `make run`) first.")
        for username, code, seconds_left in rows:
            self.stdout.write(f"{username:<20} {code}   (valid for {seconds_left} more seconds)")
