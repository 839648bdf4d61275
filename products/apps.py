from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("Produk")

    def ready(self):
        from core import personal_data

        from . import notifications, signals  # noqa: F401
        from . import personal_data as products_data

        notifications.register()
        # Her products in her data export; archived when her account is deleted.
        personal_data.register("products", exporter=products_data.export, eraser=products_data.erase)
