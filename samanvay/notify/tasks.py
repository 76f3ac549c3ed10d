"""Background tasks. Thin: load by id, call a service. Tasks do not retry by themselves; the
delivery keeps its own attempts and the outbox loop (`send_pending_notifications`) picks up what
is due, and any stored webhook event not yet processed."""

from django.tasks import task

from samanvay.notify import inbound, outbox, services
from samanvay.notify.models import Delivery, InboundEvent


@task()
def send_email_delivery(delivery_id: int) -> bool:
    delivery = Delivery.objects.filter(pk=delivery_id, medium=Delivery.Medium.EMAIL).first()
    if delivery is None:
        return False
    return services.deliver_email(delivery)


@task()
def send_delivery(delivery_id: int) -> bool:
    delivery = Delivery.objects.filter(pk=delivery_id).exclude(medium="inbox").first()
    if delivery is None:
        return False
    return outbox.deliver(delivery)


@task()
def process_inbound_event(event_id: int) -> bool:
    event = InboundEvent.objects.filter(pk=event_id, processed_at__isnull=True).first()
    if event is None:
        return False
    return inbound.process_event(event)
