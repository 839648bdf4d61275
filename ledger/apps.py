from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Penghasilan dan kas")

    def ready(self):
        from core import personal_data
        from orders import hooks

        from . import notifications, services
        from . import personal_data as ledger_data

        # Entries are written inside order_transition's transaction, with the order's row locked.
        hooks.register(
            on_counted=services.ledger_record_counted, on_uncounted=services.ledger_record_uncounted
        )
        # Her income and payouts in her data export; nothing erased (the village still owes her).
        personal_data.register("income", exporter=ledger_data.export)
        notifications.register()
