from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samanvay.core.demo import DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the demo data set (fictional NGOs, people and one login per role; idempotent) "
        "and print the demo logins. Refuses unless DEBUG is on, or --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off. Never do this on a production database.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data while DEBUG is off: this looks like production. "
                "Use --force if you really mean it."
            )
        result = load_demo_data()
        counts = result.counts
        write = self.stdout.write
        write(
            "Demo data: {districts} districts, {police_units} police units, {ngos} demo NGOs, "
            "{people} demo people, {samitis} demo Shakti Samitis, "
            "{activity_reports} demo activity reports.".format(**counts)
        )
        write("")
        write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        width = max(len(login.username) for login in result.logins)
        for login in result.logins:
            write(f"  {login.username.ljust(width)}  {login.description}")
        write("  The public pages need no login.")
        write("")
        write("Officers also need a second factor at sign-in. Either add the key to an")
        write("authenticator app (time-based, 6 digits), or run `make demo-codes` for the current")
        write("code, or use the recovery code (each works once; new ones on every load):")
        for login in result.logins:
            if login.totp_base32:
                write(
                    f"  {login.username.ljust(width)}  key {login.totp_base32}"
                    f"  recovery code {login.recovery_code}"
                )
