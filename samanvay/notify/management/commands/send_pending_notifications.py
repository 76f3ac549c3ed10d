from django.core.management.base import BaseCommand
from django.utils import timezone

from samanvay.notify import selectors, services
from samanvay.notify.models import Delivery
from samanvay.notify.tasks import send_email_delivery


class Command(BaseCommand):
    help = (
        "Send the email deliveries that are due: retries after a failure, and new ones whose task "
        "was lost. Safe to run from cron every minute, beside any number of workers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the due deliveries to the task workers instead of sending them here.",
        )
        parser.add_argument("--limit", type=int, default=500, help="At most this many per run.")

    def handle(self, *args, enqueue: bool = False, limit: int = 500, **options):
        released = services.release_stale_claims()
        due = list(
            selectors.due_deliveries(
                medium=Delivery.Medium.EMAIL, now=timezone.now(), limit=limit
            ).values_list("pk", flat=True)
        )
        sent = 0
        for delivery_id in due:
            if enqueue:
                send_email_delivery.enqueue(delivery_id)
            else:
                sent += services.deliver_email(Delivery.objects.get(pk=delivery_id))
        if enqueue:
            self.stdout.write(f"released {released}, enqueued {len(due)}")
        else:
            self.stdout.write(f"released {released}, due {len(due)}, sent {sent}")
