"""Orders: one checkout makes one order per village, each fulfilled by its own village."""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import PhoneNumberField, actor_field
from core.models import Timestamped
from core.storage import get_private_storage


def _token():
    return secrets.token_urlsafe(18)


class Checkout(models.Model):
    """One buyer's checkout: the orders of several villages placed together, once."""

    # The form's one-time token: placing the same checkout twice finds this row, never a second.
    token = models.CharField(_("kode formulir"), max_length=64, unique=True)
    reference = models.CharField(_("nomor checkout"), max_length=20, unique=True)
    access_token = models.CharField(
        _("kode akses"), max_length=32, unique=True, default=_token, editable=False
    )
    user = models.ForeignKey(
        "members.User",
        verbose_name=_("akun pembeli"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkouts",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkout")

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("orders:confirmation", kwargs={"token": self.access_token})


class OrderCounter(models.Model):
    """The last order number of a village, in its own row so no save of the Shop can rewind it."""

    shop = models.OneToOneField(
        "shops.Shop", verbose_name=_("desa"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_number = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor pesanan")
        verbose_name_plural = _("penghitung nomor pesanan")

    def __str__(self):
        return f"{self.shop_id}: {self.last_number}"


class HeldAmount(models.Model):
    """
    An amount to pay that an expired or cancelled order freed: a transfer or QRIS payment of it may
    still arrive late, so no new order of the village asks for it until `held_until`.
    """

    shop = models.ForeignKey("shops.Shop", verbose_name=_("desa"), on_delete=models.CASCADE, related_name="+")
    amount = models.PositiveIntegerField(_("jumlah bayar"))
    held_until = models.DateTimeField(_("ditahan sampai"))
    order = models.ForeignKey(
        "Order", verbose_name=_("pesanan"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("jumlah bayar yang ditahan")
        verbose_name_plural = _("jumlah bayar yang ditahan")
        constraints = [models.UniqueConstraint(fields=["shop", "amount"], name="heldamount_once_per_shop")]

    def __str__(self):
        return f"{self.shop_id}: {self.amount} until {self.held_until:%Y-%m-%d}"


class OrderQuerySet(models.QuerySet):
    def for_shop(self, shop):
        return self.filter(shop=shop)

    def receipt_waiting(self):
        """Unpaid orders whose buyer sent a receipt the village has not checked yet."""
        return self.filter(status=Order.Status.AWAITING_PAYMENT, receipt_uploaded_at__isnull=False)

    def refund_owed(self):
        """Cancelled orders whose money has not gone back to the buyer yet."""
        return self.filter(status=Order.Status.CANCELLED, refund_due__gt=0, refunded_at__isnull=True)

    def counted_as_sales(self):
        """What counts as a sale: paid (transfer/QRIS confirmed) or completed (COD), never cancelled."""
        return self.filter(counted_at__isnull=False).exclude(status=Order.Status.CANCELLED)


class Order(Timestamped):
    """What one village sends to the buyer, with its own number, total and payment."""

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Belum Bayar")
        PAID = "paid", _("Dibayar")
        PROCESSING = "processing", _("Diproses")
        PACKED = "packed", _("Dikemas")
        SHIPPED = "shipped", _("Dikirim")
        READY_FOR_PICKUP = "ready_for_pickup", _("Siap Diambil")
        COMPLETED = "completed", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    class Delivery(models.TextChoices):
        PICKUP = "pickup", _("Ambil di desa")
        LOCAL = "local", _("Antar lokal")
        COURIER = "courier", _("Kurir")

    class Payment(models.TextChoices):
        TRANSFER = "transfer", _("Transfer bank")
        COD = "cod", _("Bayar di tempat")
        QRIS = "qris", _("QRIS")

    class RefundMethod(models.TextChoices):
        TRANSFER = "transfer", _("Transfer bank")
        EWALLET = "ewallet", _("Dompet digital")
        CASH = "cash", _("Tunai")

    class Zone(models.TextChoices):
        JEMBER = "jember", _("Kab. Jember")
        JATIM = "jatim", _("Jawa Timur")
        JAWA = "jawa", _("Pulau Jawa lainnya")
        LUAR_JAWA = "luar_jawa", _("Luar Jawa")

    checkout = models.ForeignKey(
        Checkout, verbose_name=_("checkout"), on_delete=models.PROTECT, related_name="orders"
    )
    shop = models.ForeignKey(
        "shops.Shop", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="orders"
    )
    number = models.CharField(_("nomor pesanan"), max_length=20, unique=True)
    access_token = models.CharField(
        _("kode akses"), max_length=32, unique=True, default=_token, editable=False
    )
    user = models.ForeignKey(
        "members.User",
        verbose_name=_("akun pembeli"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status)

    # The buyer, copied at checkout (she may be a guest).
    buyer_name = models.CharField(_("nama pembeli"), max_length=100)
    buyer_phone = PhoneNumberField()
    buyer_email = models.EmailField(_("email"), blank=True)
    address_line = models.CharField(_("alamat"), max_length=255, blank=True)
    address_village = models.CharField(_("desa/kelurahan"), max_length=100, blank=True)
    address_district = models.CharField(_("kecamatan"), max_length=100, blank=True)
    address_city = models.CharField(_("kabupaten/kota"), max_length=100, blank=True)
    address_province = models.CharField(_("provinsi"), max_length=60, blank=True)
    address_postcode = models.CharField(_("kode pos"), max_length=5, blank=True)
    buyer_note = models.CharField(_("catatan pembeli"), max_length=300, blank=True)

    delivery_method = models.CharField(_("pengiriman"), max_length=10, choices=Delivery)
    delivery_zone = models.CharField(_("zona kurir"), max_length=10, choices=Zone, blank=True)
    payment_method = models.CharField(_("pembayaran"), max_length=10, choices=Payment)

    # Whole rupiah. total = items_total + delivery_fee + unique_code. The kode unik is kept by the
    # village, recorded here apart from sales: reports count items_total and delivery_fee only.
    items_total = models.PositiveIntegerField(_("total barang"))
    delivery_fee = models.PositiveIntegerField(_("ongkos kirim"), default=0)
    unique_code = models.PositiveSmallIntegerField(_("kode unik"), default=0)
    total = models.PositiveIntegerField(_("total bayar"))

    expires_at = models.DateTimeField(_("batas bayar"), null=True, blank=True)
    # Bank names and account numbers: private storage, served only by views that check who asks.
    receipt = models.ImageField(
        _("bukti transfer"), upload_to="bukti/", storage=get_private_storage, blank=True
    )
    # Set while a receipt waits for the village's check (the deadline is paused meanwhile).
    receipt_uploaded_at = models.DateTimeField(_("bukti dikirim"), null=True, blank=True)
    receipt_rejected_at = models.DateTimeField(_("bukti ditolak"), null=True, blank=True)
    receipt_rejection_reason = models.CharField(_("alasan bukti tidak valid"), max_length=300, blank=True)
    tracking_number = models.CharField(_("nomor resi"), max_length=60, blank=True)
    courier_name = models.CharField(_("kurir"), max_length=60, blank=True)
    paid_at = models.DateTimeField(_("dibayar"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    cancel_reason = models.CharField(_("alasan batal"), max_length=300, blank=True)
    cash_received_at = models.DateTimeField(_("uang COD diterima"), null=True, blank=True)
    refund_due = models.PositiveIntegerField(_("dana yang harus dikembalikan"), default=0)
    refunded_at = models.DateTimeField(_("dana dikembalikan"), null=True, blank=True)
    # Where the money goes back: the buyer's account as she wrote it, then as the village sent it.
    refund_account = models.CharField(_("rekening pengembalian"), max_length=200, blank=True)
    refund_date = models.DateField(_("tanggal pengembalian"), null=True, blank=True)
    refund_method = models.CharField(_("cara pengembalian"), max_length=10, choices=RefundMethod, blank=True)
    # Like the receipt: account details, private storage, served only through checking views.
    refund_proof = models.ImageField(
        _("bukti pengembalian"), upload_to="pengembalian/", storage=get_private_storage, blank=True
    )
    complaint = models.TextField(_("komplain"), blank=True, max_length=1000)
    complaint_opened_at = models.DateTimeField(_("komplain dibuka"), null=True, blank=True)
    complaint_resolved_at = models.DateTimeField(_("komplain diselesaikan"), null=True, blank=True)
    # When the order became a sale (paid, or completed for COD): what the reports count.
    counted_at = models.DateTimeField(_("dihitung sebagai penjualan"), null=True, blank=True)
    stock_returned = models.BooleanField(_("stok dikembalikan"), default=False, editable=False)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    total=models.F("items_total") + models.F("delivery_fee") + models.F("unique_code")
                ),
                name="order_total_is_the_sum",
            ),
            # The amount tells two open transfer/QRIS orders of one village apart: a ketua matches
            # a payment to its order by the exact amount that arrived.
            models.UniqueConstraint(
                fields=["shop", "total"],
                condition=Q(status="awaiting_payment", payment_method__in=["transfer", "qris"]),
                name="order_amount_unique_per_shop_while_open",
            ),
        ]
        indexes = [
            models.Index(fields=["shop", "status", "-created_at"], name="order_shop_status"),
            models.Index(fields=["status", "expires_at"], name="order_status_expiry"),
            models.Index(fields=["counted_at"], name="order_counted"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("orders:detail", kwargs={"token": self.access_token})

    @property
    def has_open_complaint(self):
        return bool(self.complaint_opened_at) and not self.complaint_resolved_at

    @property
    def is_prepaid(self):
        return self.payment_method in (self.Payment.TRANSFER, self.Payment.QRIS)

    @property
    def receipt_is_waiting(self):
        return self.status == self.Status.AWAITING_PAYMENT and self.receipt_uploaded_at is not None

    @property
    def refund_is_owed(self):
        return self.status == self.Status.CANCELLED and self.refund_due > 0 and not self.refunded_at

    @property
    def is_paid(self):
        """Paid in full (transfer/QRIS confirmed, or COD cash received) and not cancelled."""
        return self.counted_at is not None and self.status != self.Status.CANCELLED

    @property
    def paid_on(self):
        return self.paid_at or self.cash_received_at


class OrderItem(models.Model):
    """A line of an order, with the product's name, price and maker as they were when bought."""

    order = models.ForeignKey(
        Order, verbose_name=_("pesanan"), on_delete=models.CASCADE, related_name="items"
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("produk di katalog"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="order_items",
    )
    made_by = models.ForeignKey(
        "members.MemberProfile",
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_items",
    )
    # The variant bought (issue #16), and its label as it was ("L"), kept like the name and price.
    variant = models.ForeignKey(
        "products.ProductVariant",
        verbose_name=_("ukuran/pilihan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_items",
    )
    product_name = models.CharField(_("produk"), max_length=120)
    variant_label = models.CharField(_("pilihan"), max_length=90, blank=True)
    unit_price = models.PositiveIntegerField(_("harga satuan"))
    quantity = models.PositiveIntegerField(_("jumlah"))
    line_total = models.PositiveIntegerField(_("subtotal"))

    class Meta:
        verbose_name = _("barang pesanan")
        verbose_name_plural = _("barang pesanan")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="orderitem_quantity_positive"),
            models.CheckConstraint(
                condition=Q(line_total=models.F("unit_price") * models.F("quantity")),
                name="orderitem_line_total",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.full_name}"

    @property
    def full_name(self) -> str:
        return f"{self.product_name} ({self.variant_label})" if self.variant_label else self.product_name


class OrderStatusChange(models.Model):
    """Every status change: who, when, from → to, and why."""

    order = models.ForeignKey(
        Order, verbose_name=_("pesanan"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(_("dari status"), max_length=20, choices=Order.Status, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=20, choices=Order.Status)
    by = actor_field(_("akun pengubah"))
    by_label = models.CharField(_("oleh"), max_length=100)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.order}: {self.from_status} → {self.to_status}"
