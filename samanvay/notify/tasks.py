"""Background tasks. Thin: load by id, call a service. Tasks do not retry by themselves; the
delivery keeps its own attempts and `send_pending_notifications` picks up what is due."""

from django.tasks import task

from samanvay.notify import services
from samanvay.notify.models import Delivery


@task()
def send_email_delivery(delivery_id: int) -> bool:
    delivery = Delivery.objects.filter(pk=delivery_id, medium=Delivery.Medium.EMAIL).first()
    if delivery is None:
        return False
    return services.deliver_email(delivery)
