"""The ledger in the admin: to read and search, never to change (corrections are new entries)."""

from django.contrib import admin

from core.admin_widgets import money_display

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
        "amount_rupiah",
        "kas_rupiah",
        "order",
    ]
    amount_rupiah = money_display("amount", Entry._meta.get_field("amount").verbose_name)
    kas_rupiah = money_display("kas", Entry._meta.get_field("kas").verbose_name)
    line_total_rupiah = money_display("line_total", Entry._meta.get_field("line_total").verbose_name)
    delivery_fee_rupiah = money_display("delivery_fee", Entry._meta.get_field("delivery_fee").verbose_name)
    unique_code_rupiah = money_display("unique_code", Entry._meta.get_field("unique_code").verbose_name)
    # Each money field is shown only as its whole-rupiah display above ("Rp170.000").
    exclude = ["line_total", "amount", "kas", "delivery_fee", "unique_code"]
    readonly_fields = [f"{name}_rupiah" for name in exclude]
    list_filter = ["kind", "shop", "month"]
    list_select_related = ["shop", "member", "order"]
    search_fields = ["member__display_name", "product_name", "order__number"]
    date_hierarchy = "booked_at"


@admin.register(Payout)
class PayoutAdmin(_ReadOnly):
    list_display = [
        "paid_on",
        "shop",
        "member",
        "amount_rupiah",
        "method",
        "confirmed_at",
        "recorded_by_label",
    ]
    amount_rupiah = money_display("amount", Payout._meta.get_field("amount").verbose_name)
    readonly_fields = ["amount_rupiah"]
    list_filter = ["shop", "method"]
    list_select_related = ["shop", "member"]
    search_fields = ["member__display_name"]
    exclude = ["slip", "amount"]


@admin.register(KasRate)
class KasRateAdmin(_ReadOnly):
    list_display = ["set_at", "shop", "percent", "set_by_label"]
    list_filter = ["shop"]
    list_select_related = ["shop"]
