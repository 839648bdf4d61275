"""Migrant CARE follows every village's orders here; status steps go through the same rules."""

from functools import partial

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from core.admin_actions import apply_each, form_action, reason_form
from core.admin_widgets import money_display
from core.audit import AuditHistoryMixin
from core.http import get_or_404
from core.storage import private_file_response

from .exceptions import OrderError
from .models import Order, OrderItem, OrderStatusChange
from .selectors import POSTAL_ADDRESS_FIELDS
from .services import Actor, order_record_refund, order_resolve_complaint, order_transition

# Staff may correct how to reach the buyer and the parcel's courier/resi; everything else is a
# record of what was agreed (numbers, money) or is changed only by order_transition (status, dates).
BUYER_FIELDS = ["buyer_name", "buyer_phone", "buyer_email", *POSTAL_ADDRESS_FIELDS, "buyer_note"]
EDITABLE_FIELDS = [*BUYER_FIELDS, "courier_name", "tracking_number"]
STAFF_CANCEL_REASON = gettext_lazy("Dibatalkan oleh staf Migrant CARE")
FLOOD_CANCEL_REASON = gettext_lazy(
    "Dibatalkan oleh staf Migrant CARE: terlalu banyak pesanan belum bayar dari pembeli yang sama"
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = [
        "product_name",
        "variant_label",
        "product",
        "made_by",
        "unit_price_rupiah",
        "quantity",
        "line_total_rupiah",
    ]
    readonly_fields = fields

    unit_price_rupiah = money_display("unit_price", OrderItem._meta.get_field("unit_price").verbose_name)
    line_total_rupiah = money_display("line_total", OrderItem._meta.get_field("line_total").verbose_name)


class OrderStatusChangeInline(ReadOnlyInline):
    model = OrderStatusChange
    fields = ["created_at", "from_status", "to_status", "by_label", "note"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]


class OrderAdminForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = EDITABLE_FIELDS


CancelForm = reason_form(
    gettext_lazy("Alasan pembatalan (dibaca pembeli)"),
    max_length=300,
    required_message=gettext_lazy("Tulis alasan pembatalan untuk pembeli."),
)


class ShipForm(forms.Form):
    """A courier and a tracking number for each selected order (required for courier deliveries)."""

    def __init__(self, *args, orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = list(orders)
        for order in self.orders:
            self.fields[f"kurir_{order.pk}"] = forms.CharField(
                label=_("Kurir %(number)s") % {"number": order.number},
                max_length=60,
                required=False,
                initial=order.courier_name,
            )
            self.fields[f"resi_{order.pk}"] = forms.CharField(
                label=_("Nomor resi %(number)s") % {"number": order.number},
                max_length=60,
                required=False,
                initial=order.tracking_number,
            )


# What an admin action reports for the orders it moved, per target status.
STEP_DONE = {
    Order.Status.PAID: ngettext_lazy(
        "Pembayaran %(n)d pesanan dikonfirmasi.", "Pembayaran %(n)d pesanan dikonfirmasi.", "n"
    ),
    Order.Status.PACKED: ngettext_lazy(
        "%(n)d pesanan ditandai Dikemas.", "%(n)d pesanan ditandai Dikemas.", "n"
    ),
    Order.Status.SHIPPED: ngettext_lazy(
        "%(n)d pesanan ditandai Dikirim.", "%(n)d pesanan ditandai Dikirim.", "n"
    ),
    Order.Status.READY_FOR_PICKUP: ngettext_lazy(
        "%(n)d pesanan ditandai Siap Diambil.", "%(n)d pesanan ditandai Siap Diambil.", "n"
    ),
    Order.Status.COMPLETED: ngettext_lazy(
        "%(n)d pesanan ditandai Selesai.", "%(n)d pesanan ditandai Selesai.", "n"
    ),
    Order.Status.CANCELLED: ngettext_lazy(
        "%(n)d pesanan dibatalkan; stoknya dikembalikan.",
        "%(n)d pesanan dibatalkan; stoknya dikembalikan.",
        "n",
    ),
}


class AdminRefundForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Tanggal dana dikirim"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Tulis tanggal dana dikirim."),
            "invalid": gettext_lazy("Tanggal tidak benar."),
        },
    )
    method = forms.ChoiceField(
        label=gettext_lazy("Cara pengembalian"),
        choices=Order.RefundMethod.choices,
        error_messages={"required": gettext_lazy("Pilih cara pengembalian.")},
    )


class MoneyFilter(admin.SimpleListFilter):
    """What staff follow up: refunds still owed, receipts nobody checked."""

    title = gettext_lazy("perlu perhatian")
    parameter_name = "uang"

    def lookups(self, request, model_admin):
        return [
            ("refund", gettext_lazy("Dana belum dikembalikan")),
            ("receipt", gettext_lazy("Bukti transfer belum dicek")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "refund":
            return queryset.refund_owed()
        if self.value() == "receipt":
            return queryset.receipt_waiting()
        return queryset


@admin.register(Order)
class OrderAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = OrderAdminForm
    list_display = [
        "number",
        "shop",
        "buyer_name",
        "status",
        "payment_method",
        "delivery_method",
        "total_rupiah",
        "created_at",
    ]
    list_filter = [
        MoneyFilter,
        "shop",
        "status",
        "payment_method",
        "delivery_method",
        "created_at",
        ("counted_at", admin.DateFieldListFilter),
    ]
    search_fields = ["number", "buyer_name", "buyer_phone", "buyer_email"]
    list_select_related = ["shop"]
    date_hierarchy = "created_at"
    inlines = [OrderItemInline, OrderStatusChangeInline]
    actions = [
        "confirm_payment",
        "mark_packed",
        "ship_orders",
        "mark_ready_for_pickup",
        "mark_completed",
        "cancel_orders",
        "cancel_with_reason",
        "cancel_unpaid_of_same_buyers",
        "mark_refunded",
        "resolve_complaints",
    ]
    readonly_fields = [
        "number",
        "checkout",
        "shop",
        "user",
        "status",
        "delivery_method",
        "delivery_zone",
        "payment_method",
        "items_total_rupiah",
        "delivery_fee_rupiah",
        "unique_code",
        "total_rupiah",
        "refund_due_rupiah",
        "expires_at",
        "receipt_link",
        "receipt_uploaded_at",
        "paid_at",
        "shipped_at",
        "completed_at",
        "cancelled_at",
        "cancel_reason",
        "cash_received_at",
        "refunded_at",
        "refund_date",
        "refund_method",
        "refund_account",
        "refund_proof_link",
        "receipt_rejected_at",
        "receipt_rejection_reason",
        "complaint",
        "complaint_opened_at",
        "complaint_resolved_at",
        "counted_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["number", "shop", "checkout", "user", "status", "created_at", "updated_at"]}),
        (gettext_lazy("Pembeli"), {"fields": BUYER_FIELDS}),
        (
            gettext_lazy("Pengiriman"),
            {"fields": ["delivery_method", "delivery_zone", "courier_name", "tracking_number", "shipped_at"]},
        ),
        (
            gettext_lazy("Pembayaran"),
            {
                "fields": [
                    "payment_method",
                    "items_total_rupiah",
                    "delivery_fee_rupiah",
                    "unique_code",
                    "total_rupiah",
                    "expires_at",
                    "receipt_link",
                    "receipt_uploaded_at",
                    "receipt_rejected_at",
                    "receipt_rejection_reason",
                    "paid_at",
                    "cash_received_at",
                    "counted_at",
                ]
            },
        ),
        (
            gettext_lazy("Selesai, batal, komplain"),
            {
                "fields": [
                    "completed_at",
                    "cancelled_at",
                    "cancel_reason",
                    "refund_due_rupiah",
                    "refunded_at",
                    "refund_date",
                    "refund_method",
                    "refund_account",
                    "refund_proof_link",
                    "complaint",
                    "complaint_opened_at",
                    "complaint_resolved_at",
                ]
            },
        ),
    ]

    def get_urls(self):
        files = [
            path(
                f"<int:pk>/{route}/",
                self.admin_site.admin_view(partial(self.private_file_view, field=field)),
                name=f"orders_order_{field}",
            )
            for route, field in (("bukti", "receipt"), ("bukti-pengembalian", "refund_proof"))
        ]
        return [*files, *super().get_urls()]

    def private_file_view(self, request, pk, *, field):
        """A receipt or refund proof, for staff who may see this order; never the storage's own URL."""
        order = get_or_404(self.get_queryset(request).get, pk=pk)
        if not self.has_view_or_change_permission(request, order):
            raise PermissionDenied
        return private_file_response(request, getattr(order, field))

    def _private_file_link(self, obj, field, label):
        if not getattr(obj, field):
            return "-"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse(f"admin:orders_order_{field}", args=[obj.pk], current_app=self.admin_site.name),
            label,
        )

    @admin.display(description=gettext_lazy("bukti transfer"))
    def receipt_link(self, obj):
        return self._private_file_link(obj, "receipt", _("Lihat bukti transfer"))

    @admin.display(description=gettext_lazy("bukti pengembalian"))
    def refund_proof_link(self, obj):
        return self._private_file_link(obj, "refund_proof", _("Lihat bukti pengembalian"))

    # Whole rupiah shown as "Rp170.000" (total_rupiah is also the list's column).
    items_total_rupiah = money_display("items_total", Order._meta.get_field("items_total").verbose_name)
    delivery_fee_rupiah = money_display("delivery_fee", Order._meta.get_field("delivery_fee").verbose_name)
    total_rupiah = money_display("total", Order._meta.get_field("total").verbose_name)
    refund_due_rupiah = money_display("refund_due", Order._meta.get_field("refund_due").verbose_name)

    def has_add_permission(self, request):
        # Orders are placed by buyers at checkout, never typed in.
        return False

    def has_delete_permission(self, request, obj=None):
        # Orders are the villages' sales records: cancel them, never delete them.
        return False

    def save_model(self, request, obj, form, change):
        # Only the fields staff changed: a full save would write back a status or payment date
        # that the village changed while this form was open.
        if change:
            obj.save(
                update_fields=[*form.changed_data, "updated_at"] if form.changed_data else ["updated_at"]
            )
        else:  # pragma: no cover - adding is not allowed
            super().save_model(request, obj, form, change)

    # -- actions: each order through order_transition, refused ones reported ----------------------
    @staticmethod
    def _actor(request):
        return Actor("staff", f"Migrant CARE: {request.user.email}"[:100], request.user)

    def _each(self, request, queryset, perform, done_message):
        """`perform(order, actor)` for each order in pk order; one message for done, one for refused."""
        actor = self._actor(request)
        apply_each(
            self,
            request,
            queryset,
            lambda order: perform(order, actor),
            errors=OrderError,
            done_message=done_message,
            refused_message=_("Ditolak, tidak diubah: %(list)s"),
        )

    def _step(self, request, queryset, to, *, note="", data_for=None):
        def perform(order, actor):
            data = data_for(order) if data_for else {}
            order_transition(order=order, to=to, actor=actor, note=str(note), **data)

        self._each(request, queryset, perform, STEP_DONE[to])

    @admin.action(description=gettext_lazy("Konfirmasi pembayaran"), permissions=["change"])
    def confirm_payment(self, request, queryset):
        self._step(request, queryset, Order.Status.PAID)

    @admin.action(description=gettext_lazy("Tandai sudah dikemas"), permissions=["change"])
    def mark_packed(self, request, queryset):
        self._step(request, queryset, Order.Status.PACKED)

    @admin.action(
        description=gettext_lazy("Batalkan (Dibatalkan oleh staf Migrant CARE)"), permissions=["change"]
    )
    def cancel_orders(self, request, queryset):
        self._step(request, queryset, Order.Status.CANCELLED, note=STAFF_CANCEL_REASON)

    @form_action(
        description=gettext_lazy("Kirim (isi kurir dan nomor resi)…"),
        form_class=ShipForm,
        form_kwargs=lambda queryset: {"orders": queryset.order_by("pk")},
        title=gettext_lazy("Kirim pesanan"),
        intro=gettext_lazy(
            "Nomor resi wajib untuk pengiriman lewat kurir; pesanan ambil di desa tidak dikirim."
        ),
        submit_label=gettext_lazy("Tandai Dikirim"),
    )
    def ship_orders(self, request, queryset, cleaned):
        self._step(
            request,
            queryset,
            Order.Status.SHIPPED,
            data_for=lambda order: {
                "courier_name": cleaned.get(f"kurir_{order.pk}", ""),
                "tracking_number": cleaned.get(f"resi_{order.pk}", ""),
            },
        )

    @admin.action(description=gettext_lazy("Tandai Siap Diambil"), permissions=["change"])
    def mark_ready_for_pickup(self, request, queryset):
        self._step(request, queryset, Order.Status.READY_FOR_PICKUP)

    @admin.action(description=gettext_lazy("Tandai Selesai"), permissions=["change"])
    def mark_completed(self, request, queryset):
        self._step(request, queryset, Order.Status.COMPLETED)

    @form_action(
        description=gettext_lazy("Batalkan dengan alasan…"),
        form_class=CancelForm,
        title=gettext_lazy("Batalkan pesanan"),
        intro=gettext_lazy(
            "Stok dikembalikan. Untuk pesanan yang sudah dibayar, dana yang harus dikembalikan dicatat."
        ),
        submit_label=gettext_lazy("Batalkan pesanan"),
    )
    def cancel_with_reason(self, request, queryset, cleaned):
        self._step(request, queryset, Order.Status.CANCELLED, note=cleaned["reason"])

    @admin.action(
        description=gettext_lazy("Batalkan semua pesanan Belum Bayar dari pembeli yang sama (HP/email)"),
        permissions=["change"],
    )
    def cancel_unpaid_of_same_buyers(self, request, queryset):
        """
        A flood of unpaid orders: every order awaiting payment, in any village, placed with a phone
        or email of the selected orders is cancelled through order_transition (stock returned).
        """
        phones = {p for p in queryset.values_list("buyer_phone", flat=True) if p}
        emails = {e.lower() for e in queryset.values_list("buyer_email", flat=True) if e}
        same_buyer = Q(buyer_phone__in=phones)
        for email in emails:
            same_buyer |= Q(buyer_email__iexact=email)
        flood = Order.objects.filter(same_buyer, status=Order.Status.AWAITING_PAYMENT)
        self._step(request, flood, Order.Status.CANCELLED, note=FLOOD_CANCEL_REASON)

    @form_action(
        description=gettext_lazy("Catat dana sudah dikembalikan…"),
        form_class=AdminRefundForm,
        title=gettext_lazy("Catat pengembalian dana"),
        intro=gettext_lazy("Hanya untuk pesanan batal yang dananya sudah dikirim kembali ke pembeli."),
        submit_label=gettext_lazy("Catat pengembalian"),
    )
    def mark_refunded(self, request, queryset, cleaned):
        self._each(
            request,
            queryset,
            lambda order, actor: order_record_refund(
                order=order,
                actor=actor,
                date=cleaned["date"],
                method=cleaned["method"],
                account=order.refund_account,
            ),
            ngettext_lazy(
                "Pengembalian dana %(n)d pesanan dicatat.",
                "Pengembalian dana %(n)d pesanan dicatat.",
                "n",
            ),
        )

    @admin.action(description=gettext_lazy("Selesaikan komplain"), permissions=["change"])
    def resolve_complaints(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda order, actor: order_resolve_complaint(order=order, actor=actor),
            ngettext_lazy("Komplain %(n)d pesanan selesai.", "Komplain %(n)d pesanan selesai.", "n"),
        )
