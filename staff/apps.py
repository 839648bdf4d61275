from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Migrant CARE staff: their group, the admin's login through allauth, and the audit log."""

    default = True
    name = "staff"
    verbose_name = _("Staf Migrant CARE")

    def ready(self):
        from allauth.mfa.models import Authenticator
        from django.apps import apps

        from core import audit

        audit.register_models()
        # Names the admin shows for two libraries that have no Indonesian ones. Only what pages show
        # changes: an app's or a model's name is not part of the libraries' migrations.
        apps.get_app_config("auditlog").verbose_name = _("Catatan perubahan")
        Authenticator._meta.verbose_name = _("metode verifikasi dua langkah")
        Authenticator._meta.verbose_name_plural = _("metode verifikasi dua langkah")


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our AdminSite (login through allauth, the reports in the menu)."""

    default = False
    default_site = "staff.admin_site.DesbumiAdminSite"
