"""
Settings of the Celery worker in the worker-kill test: the project's settings, plus an email
backend that sleeps mid-send (so the test can kill the worker there) and a broker that hands an
unacknowledged task out again after 2 s, checked every second (instead of an hour).
"""

import os

from desbumi_market.settings import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "tests.notifications.slow_mail.SlowFileBackend",
        "OPTIONS": {"file_path": os.environ["DJANGO_EMAIL_FILE_PATH"]},
    }
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
}
