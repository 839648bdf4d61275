from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifikasi")

    def ready(self):
        from core import personal_data

        from . import selectors, services

        personal_data.register(
            "notifications",
            exporter=selectors.personal_data_export,
            eraser=services.personal_data_erase,
        )
