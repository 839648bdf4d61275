"""The admin site Migrant CARE staff work in: allauth's login in front, the reports in the menu."""

from functools import update_wrapper

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from core.access import is_staff_with
from core.http import safe_next
from notifications.models import Delivery
from reports import urls as reports_urls
from reports.access import may_see_reports
from statements.access import STAFF_PERMISSION as STATEMENTS_PERMISSION


class DesbumiAdminSite(admin.AdminSite):
    """Django's admin, in Bahasa Indonesia, with our login and the donors' reports."""

    def get_urls(self):
        return reports_urls.admin_urlpatterns(self.admin_view) + super().get_urls()

    # -- login: through allauth, whose rate limits and two-factor step then apply ----------------
    def _next_url(self, request) -> str:
        return safe_next(request, request.GET.get(REDIRECT_FIELD_NAME)) or reverse(
            "admin:index", current_app=self.name
        )

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """
        Send /admin/login/ to allauth's login (/akun/login/?next=…), never to Django's bare form.

        Django's own admin login has no rate limit and no two-factor step; allauth's has both.
        allauth's secure_admin_login does the sending (and answers 403 to someone signed in
        without admin access); staff already signed in go on to the page they wanted, so the
        form is never shown nor checked, even to them.
        """
        if request.user.is_authenticated and self.has_permission(request):
            return HttpResponseRedirect(self._next_url(request))
        return secure_admin_login(super().login)(request, extra_context)

    def password_change(self, request, extra_context=None):
        """allauth's page (it notifies the owner and keeps the session), not Django's admin form."""
        return HttpResponseRedirect(reverse("account_change_password"))

    def password_change_done(self, request, extra_context=None):
        return HttpResponseRedirect(reverse("admin:index", current_app=self.name))

    # -- the menu: the reports first --------------------------------------------------------------
    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is None and may_see_reports(request.user):
            app_list.insert(0, self._reports_app())
        if app_label is None and is_staff_with(request.user, STATEMENTS_PERMISSION):
            app_list.insert(0, self._statements_app())
        return app_list

    def _statements_app(self) -> dict:
        """The villages' bank statement matching (/dasbor/mutasi/): staff pick the village there."""
        url = reverse("statements:list")
        return {
            "name": _("Pembayaran desa"),
            "app_label": "mutasi",
            "app_url": url,
            "has_module_perms": True,
            "models": [
                {
                    "model": None,
                    "name": _("Mutasi rekening (cocokkan transfer)"),
                    "object_name": "mutasi",
                    "perms": {"add": False, "change": False, "delete": False, "view": True},
                    "admin_url": url,
                    "add_url": None,
                    "view_only": True,
                }
            ],
        }

    def _reports_app(self) -> dict:
        models = [
            {
                "model": None,
                "name": title,
                "object_name": name,
                "perms": {"add": False, "change": False, "delete": False, "view": True},
                "admin_url": reverse(f"admin:{name}", current_app=self.name),
                "add_url": None,
                "view_only": True,
            }
            for name, _route, title, _view in reports_urls.REPORTS
        ]
        return {
            "name": _("Laporan untuk donor"),
            "app_label": "laporan",
            "app_url": models[0]["admin_url"],
            "has_module_perms": True,
            "models": models,
        }

    # -- two-factor sign-in: required before any admin page (ADMIN_REQUIRE_MFA) ------------------
    def admin_view(self, view, cacheable=False):
        """
        Django's admin_view, and then: staff without an authenticator app are sent to turn it on.

        Required whenever ADMIN_REQUIRE_MFA is on (always in production); the development demo
        skips it and the admin's home says so.
        """
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if (
                settings.ADMIN_REQUIRE_MFA
                and request.user.is_active
                and request.user.is_staff
                and not _has_totp(request.user)
            ):
                messages.warning(
                    request,
                    _(
                        "Sebelum bekerja di admin, aktifkan verifikasi dua langkah: pindai kode QR dengan "
                        "aplikasi autentikator di ponsel Anda, lalu ketik kodenya."
                    ),
                )
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)

    def index(self, request, extra_context=None):
        """The admin's home, with a reminder to turn on two-factor sign-in where it is not required."""
        context = {
            "mfa_missing": not _has_totp(request.user),
            "mfa_required": settings.ADMIN_REQUIRE_MFA,
            "troubled_deliveries": _troubled_deliveries(request.user),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _troubled_deliveries(user) -> list[dict]:
    """Failed and uncertain notification deliveries, counted, for staff who may see them."""
    if not user.has_perm("notifications.view_delivery"):
        return []
    troubled = [Delivery.Status.FAILED, Delivery.Status.UNCERTAIN]
    counts = dict(
        Delivery.objects.filter(status__in=troubled).values_list("status").annotate(n=Count("pk")).order_by()
    )
    changelist = reverse("admin:notifications_delivery_changelist")
    return [
        {
            "label": Delivery.Status(status).label,
            "count": counts.get(status, 0),
            "url": f"{changelist}?status__exact={status}",
        }
        for status in troubled
    ]
