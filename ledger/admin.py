"""The ledger in the admin: to read and search, never to change (corrections are new entries)."""

from django.contrib import admin

from .models import Entry, KasRate, Payout


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(_ReadOnly):
    list_display = [
        "booked_at",
        "kind",
        "shop",
        "member",
        "product_name",
        "quantity",
        "amount",
        "kas",
        "order",
    ]
    list_filter = ["kind", "shop", "month"]
    list_select_related = ["shop", "member", "order"]
    search_fields = ["member__display_name", "product_name", "order__number"]
    date_hierarchy = "booked_at"


@admin.register(Payout)
class PayoutAdmin(_ReadOnly):
    list_display = ["paid_on", "shop", "member", "amount", "method", "confirmed_at", "recorded_by_label"]
    list_filter = ["shop", "method"]
    list_select_related = ["shop", "member"]
    search_fields = ["member__display_name"]
    exclude = ["slip"]


@admin.register(KasRate)
class KasRateAdmin(_ReadOnly):
    list_display = ["set_at", "shop", "percent", "set_by_label"]
    list_filter = ["shop"]
    list_select_related = ["shop"]
