from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Pesanan")

    def ready(self):
        from core import personal_data

        from . import notifications
        from . import personal_data as orders_data

        notifications.register()
        # Her orders in her data export; when her account goes, her orders stay with the village as
        # its record of sales, anonymised; orders still on their way hold the deletion back.
        personal_data.register(
            "orders", exporter=orders_data.export, eraser=orders_data.erase, blocker=orders_data.blocker
        )
