"""The real-worker fixtures of the notification tests, for the expiry task's own worker test."""

from tests.notifications.conftest import broker, workers  # noqa: F401 (fixtures)


def pytest_configure(config):
    config.addinivalue_line("markers", "processes: starts real processes (a Celery worker, redis-server)")
