"""Periodic product housekeeping (Celery beat)."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def cleanup_staged_photos() -> int:
    """Delete photos uploaded for a product form that was never saved (older than two days)."""
    return services.staged_photos_cleanup()
