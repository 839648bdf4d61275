from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Migrant CARE staff: their group, the admin's login through allauth, and the audit log."""

    default = True
    name = "staff"
    verbose_name = _("Staf Migrant CARE")

    def ready(self):
        from core import audit

        audit.register_models()


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our AdminSite (login through allauth, the reports in the menu)."""

    default = False
    default_site = "staff.admin_site.DesbumiAdminSite"
