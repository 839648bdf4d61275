from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Pesanan")

    def ready(self):
        from core import personal_data

        from . import notifications, selectors

        notifications.register()
        # Her orders in her data export. Nothing to erase: when her account goes, her orders stay
        # with the village as its record of sales (Order.user is set to null by the database).
        personal_data.register("orders", exporter=selectors.personal_data_export)
