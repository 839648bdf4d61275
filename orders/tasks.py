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
