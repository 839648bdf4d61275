"""
The ledger: what each counted sale earned each maker and the village's kas, and what was paid out.

Append-only: an entry is never changed or deleted; a correction is a new entry (a reversal mirrors
the entry it reverses, dated when it is made). Balances and reports are sums of the entries.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import actor_field
from core.storage import get_private_storage


class KasRate(models.Model):
    """The village's kas percentage from `set_at` on: the rows are its history (who set what, when)."""

    shop = models.ForeignKey("shops.Shop", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField(_("persen kas"))
    set_by = actor_field()
    set_by_label = models.CharField(_("oleh"), max_length=100)
    set_at = models.DateTimeField(_("berlaku sejak"))

    class Meta:
        verbose_name = _("persen kas desa")
        verbose_name_plural = _("persen kas desa")
        ordering = ["-set_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="kasrate_percent_max_100")]
        indexes = [models.Index(fields=["shop", "-set_at"], name="kasrate_shop_set_at")]

    def __str__(self):
        return f"{self.shop_id}: {self.percent}% sejak {self.set_at:%Y-%m-%d}"


class Payout(models.Model):
    """Money the village handed to a member from her balance: when, how, and her confirmation."""

    class Method(models.TextChoices):
        CASH = "cash", _("Tunai")
        TRANSFER = "transfer", _("Transfer bank")

    shop = models.ForeignKey("shops.Shop", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.MemberProfile", verbose_name=_("anggota"), on_delete=models.PROTECT, related_name="payouts"
    )
    amount = models.PositiveIntegerField(_("jumlah"))
    method = models.CharField(_("cara"), max_length=10, choices=Method)
    paid_on = models.DateField(_("tanggal"))
    # A photo of the slip she signed: names and signatures, so private storage behind checking views.
    slip = models.ImageField(
        _("foto slip"), upload_to="slip-anggota/", storage=get_private_storage, blank=True
    )
    recorded_by = actor_field()
    recorded_by_label = models.CharField(_("dicatat oleh"), max_length=100)
    confirmed_at = models.DateTimeField(_("dikonfirmasi anggota"), null=True, blank=True)
    # A payout recorded by mistake is cancelled, never deleted: a reversing entry puts the money
    # back on her balance, and the payout stays on both pages marked "dibatalkan" with the reason.
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    cancel_reason = models.CharField(_("alasan pembatalan"), max_length=200, blank=True)
    cancelled_by_label = models.CharField(_("dibatalkan oleh"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pembayaran anggota")
        verbose_name_plural = _("pembayaran anggota")
        ordering = ["-paid_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive")]

    def __str__(self):
        return f"{self.member_id}: {self.amount} ({self.paid_on})"


class Entry(models.Model):
    """
    One line of the ledger. `amount` is the maker's money (her share of a sale, minus for a payout
    or a reversal), `kas` the village's kas share; an order entry carries the delivery fee and kode
    unik, which are the village's and never a member's income.
    """

    class Kind(models.TextChoices):
        SALE = "sale", _("Penjualan")
        ORDER = "order", _("Ongkos kirim dan kode unik")
        PAYOUT = "payout", _("Pembayaran ke anggota")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind)
    shop = models.ForeignKey("shops.Shop", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+")
    # The maker who is owed `amount`; None for the village's own lines (kas, order entries).
    member = models.ForeignKey(
        "members.MemberProfile",
        verbose_name=_("anggota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("pesanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order_item = models.ForeignKey(
        "orders.OrderItem",
        verbose_name=_("baris pesanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("produk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    product_name = models.CharField(_("produk"), max_length=120, blank=True)
    payout = models.ForeignKey(
        Payout,
        verbose_name=_("pembayaran anggota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("membalik catatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    quantity = models.IntegerField(_("jumlah barang"), default=0)
    line_total = models.IntegerField(_("subtotal"), default=0)
    amount = models.IntegerField(_("untuk anggota"), default=0)
    kas = models.IntegerField(_("kas desa"), default=0)
    delivery_fee = models.IntegerField(_("ongkos kirim"), default=0)
    unique_code = models.IntegerField(_("kode unik"), default=0)
    percent = models.PositiveSmallIntegerField(_("persen kas"), default=0)
    booked_at = models.DateTimeField(_("dicatat pada"))
    # The first day of booked_at's month in WIB: what reports and the income page group by.
    month = models.DateField(_("bulan"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catatan buku kas")
        verbose_name_plural = _("buku kas")
        ordering = ["booked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="sale") | Q(line_total=models.F("amount") + models.F("kas")),
                name="entry_sale_parts_add_up",
            ),
            models.CheckConstraint(
                condition=~Q(kind="payout") | (Q(member__isnull=False) & Q(payout__isnull=False)),
                name="entry_payout_has_member",
            ),
            # An order line is credited once (and reversed at most once, by `reverses`).
            models.UniqueConstraint(
                fields=["order_item"], condition=Q(reverses__isnull=True), name="entry_line_once"
            ),
            models.UniqueConstraint(
                fields=["order"], condition=Q(kind="order", reverses__isnull=True), name="entry_order_once"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "month"], name="entry_member_month"),
            models.Index(fields=["shop", "month"], name="entry_shop_month"),
            models.Index(fields=["month"], name="entry_month"),
        ]

    def __str__(self):
        return f"{self.kind} {self.shop_id}/{self.member_id}: {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Catatan buku kas tidak boleh diubah; buat catatan koreksi."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Catatan buku kas tidak boleh dihapus; buat catatan koreksi."))
