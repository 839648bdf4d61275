from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app may use: money, phone numbers, images, caching, admin helpers, audit."""

    name = "core"
    verbose_name = "Desbumi Market"

    def ready(self):
        from . import checks  # noqa: F401 - registers the project's system checks
