from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app may use: money, phone numbers, images, caching, admin helpers, audit."""

    name = "core"
    verbose_name = "Desbumi Market"

    def ready(self):
        from django.db.models import fields
        from django.utils.translation import gettext_lazy

        from . import checks  # noqa: F401 - registers the project's system checks

        # Django 6.1's new empty choice ("- Select an option -") has no Indonesian translation yet;
        # Django asks projects to set their own label here.
        fields.BLANK_CHOICE_LABEL = gettext_lazy("- Pilih salah satu -")
