"""Periodic order housekeeping (Celery beat): idempotent, safe to run twice."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True, acks_late=True)
def expire_unpaid_orders() -> int:
    """Cancel unpaid transfer/QRIS orders past their deadline and return their stock (once)."""
    return services.order_expire_unpaid()


@shared_task(ignore_result=True, acks_late=True)
def autocomplete_shipped_orders() -> int:
    """Complete shipped prepaid orders after the waiting days, unless the buyer opened a complaint."""
    return services.order_autocomplete_shipped()


@shared_task(acks_late=True, ignore_result=True, time_limit=300, soft_time_limit=240)
def remind_expiring_orders() -> int:
    """Remind (once) the buyer, or the village holding her receipt, before an unpaid order expires."""
    return services.order_remind_expiring()


@shared_task(acks_late=True, ignore_result=True, time_limit=300, soft_time_limit=240)
def remind_unchecked_receipts() -> int:
    """Remind (once per receipt) the village after a day, then staff after three, of an unchecked receipt."""
    return services.order_remind_unchecked_receipts()
