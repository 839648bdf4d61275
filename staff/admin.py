"""
The libraries' own admin pages in Bahasa Indonesia: the audit log (django-auditlog has no
Indonesian translation) and the two-factor authenticators (allauth's model fields have English
names). Registered again here, with the same rules as the libraries' pages.
"""

from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_widgets import ValueFilter, titled
from core.audit import ACTION_LABELS, audit_entry

AUTHENTICATOR_TYPES = {
    Authenticator.Type.RECOVERY_CODES: _("Kode pemulihan"),
    Authenticator.Type.TOTP: _("Aplikasi autentikator (TOTP)"),
    Authenticator.Type.WEBAUTHN: _("Kunci keamanan (WebAuthn)"),
}


def _when(value):
    return timezone.localtime(value) if value else "-"


class LabelledFilter(ValueFilter):
    """A list filter offering the values in `labels` by their names."""

    labels: dict = {}

    def lookups(self, request, model_admin):
        return list(self.labels.items())


class ActionFilter(LabelledFilter):
    title = _("tindakan")
    parameter_name = "action"
    labels = ACTION_LABELS


class ResourceFilter(ValueFilter):
    """What was changed, by the Indonesian name of its kind (a village, an order…)."""

    title = _("jenis data")
    parameter_name = "resource_type"
    field = "content_type_id"

    def lookups(self, request, model_admin):
        ids = (
            model_admin.get_queryset(request).order_by().values_list("content_type_id", flat=True).distinct()
        )
        kinds = ContentType.objects.filter(pk__in=ids)
        named = [
            (kind.pk, kind.model_class()._meta.verbose_name if kind.model_class() else kind.model)
            for kind in kinds
        ]
        return sorted(named, key=lambda item: str(item[1]))


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    """Who changed what and when; read-only (the rules on deleting are auditlog's)."""

    date_hierarchy = None  # its heading would be the field's English name; the filter has the dates
    list_display = ["when", "about", "action_label", "fields_changed", "who"]
    list_filter = [ActionFilter, ResourceFilter, ("timestamp", titled(admin.DateFieldListFilter, _("waktu")))]
    search_fields = ["object_repr", "actor__email", "actor_email"]
    readonly_fields = ["when", "who", "about", "action_label", "changes_made", "remote_addr_shown"]
    fieldsets = [(None, {"fields": readonly_fields})]

    @admin.display(description=_("waktu"), ordering="timestamp")
    def when(self, obj):
        return _when(obj.timestamp)

    @admin.display(description=_("oleh"))
    def who(self, obj):
        return obj.actor_email or (str(obj.actor) if obj.actor_id else _("Sistem"))

    @admin.display(description=_("data"))
    def about(self, obj):
        return self.resource_url(obj)

    @admin.display(description=_("tindakan"), ordering="action")
    def action_label(self, obj):
        return ACTION_LABELS.get(obj.action, obj.action)

    @admin.display(description=_("yang diubah"))
    def fields_changed(self, obj):
        # The fields' names only: their values (the change page's) may each need a query.
        model = obj.content_type.model_class()
        names = []
        for name in obj.changes if isinstance(obj.changes, dict) else {}:
            try:
                names.append(str(model._meta.get_field(name).verbose_name))
            except (AttributeError, FieldDoesNotExist):
                names.append(name)
        return ", ".join(names) or "-"

    @admin.display(description=_("perubahan (sebelum → sesudah)"))
    def changes_made(self, obj):
        changes = audit_entry(obj)["changes"]
        if not changes:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {} → {}</li>",
                ((c["field"], c["before"], c["after"]) for c in changes),
            ),
        )

    @admin.display(description=_("alamat IP"))
    def remote_addr_shown(self, obj):
        return obj.remote_addr or "-"


class AuthenticatorTypeFilter(LabelledFilter):
    title = _("jenis")
    parameter_name = "type"
    labels = AUTHENTICATOR_TYPES


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    """
    Each account's two-factor methods: seen, or removed when a phone is lost (the owner then sets
    up a new one). Never typed in by hand, and the secrets are not shown.
    """

    list_display = ["account", "kind", "created", "last_used"]
    list_filter = [
        AuthenticatorTypeFilter,
        ("created_at", titled(admin.DateFieldListFilter, _("dibuat"))),
        ("last_used_at", titled(admin.DateFieldListFilter, _("terakhir dipakai"))),
    ]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = readonly_fields = ["account", "kind", "created", "last_used"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("akun"), ordering="user__email")
    def account(self, obj):
        return obj.user.email

    @admin.display(description=_("jenis"), ordering="type")
    def kind(self, obj):
        return AUTHENTICATOR_TYPES.get(obj.type, obj.type)

    @admin.display(description=_("dibuat"), ordering="created_at")
    def created(self, obj):
        return _when(obj.created_at)

    @admin.display(description=_("terakhir dipakai"), ordering="last_used_at")
    def last_used(self, obj):
        return _when(obj.last_used_at)
