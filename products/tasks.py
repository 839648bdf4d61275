"""Periodic product housekeeping (Celery beat)."""

from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(ignore_result=True)
def cleanup_staged_photos() -> int:
    """Delete photos uploaded for a product form that was never saved (older than two days)."""
    return services.staged_photos_cleanup()


@shared_task(
    ignore_result=True,
    acks_late=True,
    time_limit=300,
    soft_time_limit=240,
    autoretry_for=(DatabaseError,),
    max_retries=3,
    retry_backoff=60,
)
def check_expiry() -> dict:
    """
    Withdraw what has expired (best-before date, or the P-IRT a jamu relies on) and remind makers
    30 and 7 days ahead. Idempotent: a redelivered or repeated run withdraws and reminds nothing twice.
    """
    return services.products_check_expiry()
