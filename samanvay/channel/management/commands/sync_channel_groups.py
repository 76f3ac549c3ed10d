from django.core.management.base import BaseCommand

from samanvay.channel.membership import sync_all_groups


class Command(BaseCommand):
    help = (
        "Create any missing coordination group and bring every group's members in line with the "
        "registry. Run it daily from cron (memberships that end or begin on a date leave or join "
        "then) and after bulk changes made outside Samanvay; it also runs after every change."
    )

    def handle(self, *args, **options):
        result = sync_all_groups()
        self.stdout.write(f"{result['joined']} joined, {result['left']} left.")
