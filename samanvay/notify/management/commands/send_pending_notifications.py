import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from samanvay.notify import outbox
from samanvay.notify.models import Delivery
from samanvay.notify.tasks import send_delivery


class Command(BaseCommand):
    help = (
        "The outbox loop: send the email, WhatsApp and SMS deliveries that are due (retries after "
        "a failure, fallbacks, and new ones whose task was lost), release the claims of workers "
        "that died, and process stored WhatsApp webhook events. Safe beside any number of "
        "workers. Once per run (from cron every minute), or with --loop as a long-running worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the due deliveries to the task workers instead of sending them here.",
        )
        parser.add_argument("--limit", type=int, default=500, help="At most this many per round.")
        parser.add_argument(
            "--loop", action="store_true", help="Keep running; rest between empty rounds."
        )
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds to rest after an empty round."
        )

    def handle(self, *args, enqueue=False, limit=500, loop=False, interval=5.0, **options):
        if enqueue:
            released = outbox.release_stale_claims()
            due = list(
                outbox.due(Delivery.objects.exclude(medium=Delivery.Medium.INBOX), timezone.now())
                .order_by("next_attempt_at", "pk")
                .values_list("pk", flat=True)[:limit]
            )
            for delivery_id in due:
                send_delivery.enqueue(delivery_id)
            self.stdout.write(f"released {released}, enqueued {len(due)}")
            return
        while True:
            counts = outbox.run_once(limit=limit)
            if not loop or any(counts.values()):
                self.stdout.write(
                    "released {released}, events {events}, due {claimed}, sent {sent}".format(
                        **counts
                    )
                )
            if not loop:
                return
            if counts["claimed"] < limit:
                time.sleep(interval)
