"""
Notification tasks: they take ids, re-read the rows and call one service each.

All are idempotent (a delivery is claimed before it is sent, an event is dispatched once), so
acks_late is safe: a task whose worker died is handed out again and finds the work done or claimed.
A database error is retried with backoff; the relay (beat, every minute) catches anything lost.
"""

from celery import shared_task
from django.db import DatabaseError

from . import services

RETRY = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(acks_late=True, ignore_result=True, time_limit=60, soft_time_limit=50, **RETRY)
def dispatch_event(event_id: int) -> int:
    """Create an event's deliveries (once) and enqueue their sends; returns how many were created."""
    return len(services.event_dispatch(event_id=event_id))


# The email's own timeout (SMTP: 20 s) ends a stuck send well within these limits; the sending
# timeout after which a dead send is marked uncertain (NOTIFICATION_SENDING_TIMEOUT) is longer.
@shared_task(acks_late=True, ignore_result=True, time_limit=60, soft_time_limit=45, **RETRY)
def send_delivery(delivery_id: int) -> str:
    """Send one delivery at most once; returns its status."""
    return services.delivery_send(delivery_id=delivery_id)


@shared_task(acks_late=True, ignore_result=True, time_limit=300, soft_time_limit=240)
def relay_outbox() -> dict:
    """Dispatch what the broker missed, re-enqueue lost sends, mark dead sends uncertain."""
    return services.outbox_relay()
