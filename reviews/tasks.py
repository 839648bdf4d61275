from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True, time_limit=300, soft_time_limit=240)
def remind_reviews() -> int:
    """Periodic (Celery beat): the one review reminder of orders completed a few days ago."""
    return services.review_remind()
