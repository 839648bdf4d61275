"""Celery application; configured from Django settings prefixed CELERY_."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desbumi_market.settings")

# DjangoTask gives every task .delay_on_commit(), so nothing is enqueued inside an open transaction.
app = Celery("desbumi_market", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
