"""
Staff follow every notification here: what happened, each delivery (pending, sent, failed with
its error, uncertain) and resend a failed or uncertain one after checking it did not arrive.
Everything is read-only: the records are what was sent.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_value
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin_widgets import ValueFilter

from . import registry
from .exceptions import NotResendable
from .models import Delivery, Event, Notification, OptOut
from .services import delivery_resend

# Readable names of the stored channel and audience values. The engine keeps them as plain words
# (a new channel or a domain app's audience needs no migration); a word missing here is shown as is.
CHANNEL_LABELS = {"in_app": gettext_lazy("Notifikasi di situs"), "email": gettext_lazy("Email")}
AUDIENCE_LABELS = {
    "buyer": gettext_lazy("pembeli"),
    "member": gettext_lazy("anggota"),
    "village": gettext_lazy("desa (ketua)"),
    "staff": gettext_lazy("staf Migrant CARE"),
    "subscriber": gettext_lazy("pelanggan kabar stok"),
}


def _label(labels, value):
    return labels.get(value, value) or display_for_value(value, "-")


class LabelledValueFilter(ValueFilter):
    """A filter on a plain text column, by the readable names of the values in it."""

    labels: dict = {}

    def lookups(self, request, model_admin):
        values = model_admin.get_queryset(request).order_by().values_list(self.parameter_name, flat=True)
        return [(value, _label(self.labels, value)) for value in sorted(set(values.distinct()))]


class ChannelFilter(LabelledValueFilter):
    title = gettext_lazy("saluran")
    parameter_name = "channel"
    labels = CHANNEL_LABELS


class AudienceFilter(LabelledValueFilter):
    title = gettext_lazy("sebagai")
    parameter_name = "audience"
    labels = AUDIENCE_LABELS


class LabelledChannelMixin:
    @admin.display(description=gettext_lazy("saluran"), ordering="channel")
    def channel_label(self, obj):
        return _label(CHANNEL_LABELS, obj.channel)

    @admin.display(description=gettext_lazy("sebagai"), ordering="audience")
    def audience_label(self, obj):
        return _label(AUDIENCE_LABELS, obj.audience)


class KindFilter(ValueFilter):
    """The kinds the installed apps registered, by their readable names."""

    title = gettext_lazy("jenis")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return registry.choices()


class EventKindFilter(KindFilter):
    field = "event__kind"


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A record of what was sent: nothing to save (resending is the list's action).
        extra_context = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False}
        return super().changeform_view(request, object_id, form_url, extra_context)


class DeliveryInline(LabelledChannelMixin, admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    show_change_link = True
    fields = [
        "recipient_key",
        "channel_label",
        "address",
        "status",
        "attempts",
        "sent_at",
        "message_id",
        "last_error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "about", "created_at", "dispatched_at"]
    list_filter = [KindFilter, ("dispatched_at", admin.EmptyFieldListFilter)]
    # The payload keeps the order number or the product name as they were.
    search_fields = ["payload__number", "payload__name"]
    list_select_related = ["subject_type"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("subject")

    @admin.display(description=gettext_lazy("tentang"))
    def about(self, obj):
        return obj.subject or "-"


@admin.register(Delivery)
class DeliveryAdmin(LabelledChannelMixin, ReadOnlyAdmin):
    list_display = ["pk", "kind", "about", "recipient", "channel_label", "status", "attempts", "updated_at"]
    list_display_links = ["pk", "kind"]
    list_filter = ["status", ChannelFilter, EventKindFilter, AudienceFilter]
    search_fields = [
        "address",
        "user__email",
        "recipient_key",
        "event__payload__number",
        "subject",
        "message_id",
    ]
    list_select_related = ["event", "user"]
    date_hierarchy = "created_at"
    actions = ["resend"]

    exclude = ["channel", "audience"]  # shown by their names below, never as an editable field

    def get_readonly_fields(self, request, obj=None):
        labelled = {"channel": "channel_label", "audience": "audience_label"}
        return [labelled.get(name, name) for name in super().get_readonly_fields(request, obj)]

    @admin.display(description=gettext_lazy("jenis"), ordering="event__kind")
    def kind(self, obj):
        return obj.event.kind_label

    @admin.display(description=gettext_lazy("tentang"))
    def about(self, obj):
        # The subject line names the order or product as it was; no query per row.
        return obj.subject

    @admin.display(description=gettext_lazy("penerima"), ordering="recipient_key")
    def recipient(self, obj):
        return obj.address or (obj.user.email if obj.user else obj.recipient_key)

    @admin.action(
        description=gettext_lazy("Kirim ulang (yang gagal atau tidak pasti)"), permissions=["change"]
    )
    def resend(self, request, queryset):
        sent, refused = 0, []
        for delivery in queryset.order_by("pk"):
            try:
                delivery_resend(delivery=delivery, by=request.user)
            except (NotResendable, PermissionDenied):
                refused.append(str(delivery.pk))
                continue
            sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d pengiriman dijadwalkan ulang.", "%(count)d pengiriman dijadwalkan ulang.", sent
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Tidak dikirim ulang (sudah terkirim, masih menunggu atau sedang dikirim): %(ids)s")
                % {"ids": ", ".join(refused)},
                messages.WARNING,
            )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "user", "kind_name", "created_at", "read_at"]
    list_filter = [KindFilter, ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "title"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("jenis"), ordering="kind")
    def kind_name(self, obj):
        return obj.kind_label


@admin.register(OptOut)
class OptOutAdmin(ReadOnlyAdmin):
    """What people turned off (their preference page or an email's link): theirs to change, not staff's."""

    list_display = ["recipient_key", "user", "topic", "channel", "created_at"]
    list_filter = ["topic", "channel"]
    search_fields = ["recipient_key", "user__email"]
    list_select_related = ["user"]
