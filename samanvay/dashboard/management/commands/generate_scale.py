"""Fill a database with synthetic data at a chosen scale (see dashboard/scale/generator.py).

manage.py generate_scale --profile mp-10y     # DESIGN.md's ten years of the whole state
manage.py generate_scale --profile small      # a quick run
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samanvay.activities.models import ActivityReport
from samanvay.dashboard.scale.generator import PROFILES, Generator


class Command(BaseCommand):
    help = "Fill the database with synthetic data (profiles: tiny, small, mp-10y)."

    def add_arguments(self, parser):
        parser.add_argument("--profile", choices=sorted(PROFILES), default="small")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even outside DEBUG or when the database already holds activity reports.",
        )

    def handle(self, *args, profile, seed, force, **options):
        if not force and not (settings.DEBUG or settings.TESTING):
            raise CommandError("Refusing to fill a database unless DEBUG is on (or --force).")
        if not force and ActivityReport.objects.exists():
            raise CommandError("The database already holds activity reports (use --force).")
        started = time.monotonic()

        def say(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:7.1f} s] {message}")

        Generator(PROFILES[profile], seed=seed, say=say).run()
        say(f"profile {profile} done")
