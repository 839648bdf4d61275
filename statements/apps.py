from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = _("Mutasi rekening")

    def ready(self):
        from core import personal_data
        from orders import hooks

        from . import personal_data as statements_data

        personal_data.register("bank_lines", exporter=statements_data.export)
        hooks.register_erasure(statements_data.erase_for_orders)
