from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Penghasilan dan kas")

    def ready(self):
        from orders import hooks

        from . import services

        # Entries are written inside order_transition's transaction, with the order's row locked.
        hooks.register(
            on_counted=services.ledger_record_counted, on_uncounted=services.ledger_record_uncounted
        )
