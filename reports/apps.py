from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Sales and income reports for Migrant CARE's donors, inside the admin."""

    name = "reports"
    verbose_name = _("Laporan")
