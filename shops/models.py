"""Villages: each Desbumi village is one shop of the marketplace."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import PhoneNumberField
from core.models import RatingFigures, Timestamped


class ShopQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Shop(RatingFigures, Timestamped):
    """A Desbumi village selling what its members make."""

    name = models.CharField(_("nama desa"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kecamatan = models.CharField(_("kecamatan"), max_length=80)
    kabupaten = models.CharField(_("kabupaten"), max_length=80, default="Jember")
    story = models.TextField(_("cerita desa"), blank=True)
    photo = models.ImageField(_("foto"), upload_to="desa/", blank=True)
    whatsapp = PhoneNumberField(blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    # How orders reach the buyer (each village chooses what it offers).
    offers_pickup = models.BooleanField(_("ambil di desa (gratis)"), default=True)
    pickup_address = models.CharField(
        _("alamat pengambilan"), max_length=200, blank=True, help_text=_("Misalnya: Balai Desa, Jl. …")
    )
    offers_local_delivery = models.BooleanField(_("antar lokal"), default=False)
    local_delivery_fee = models.PositiveIntegerField(_("ongkos antar lokal (Rp)"), default=0)
    local_delivery_area = models.CharField(
        _("wilayah antar lokal"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: Kec. Ambulu dan sekitarnya"),
    )
    offers_courier = models.BooleanField(_("kirim lewat kurir"), default=False)
    courier_fee_jember = models.PositiveIntegerField(_("ongkir kurir: Kab. Jember (Rp)"), default=10000)
    courier_fee_jatim = models.PositiveIntegerField(_("ongkir kurir: Jawa Timur (Rp)"), default=18000)
    courier_fee_jawa = models.PositiveIntegerField(_("ongkir kurir: Pulau Jawa lainnya (Rp)"), default=25000)
    courier_fee_luar_jawa = models.PositiveIntegerField(_("ongkir kurir: luar Jawa (Rp)"), default=45000)

    # How buyers pay.
    accepts_transfer = models.BooleanField(_("transfer bank"), default=True)
    bank_name = models.CharField(_("nama bank"), max_length=60, blank=True)
    bank_account_number = models.CharField(_("nomor rekening"), max_length=30, blank=True)
    bank_account_name = models.CharField(_("atas nama"), max_length=80, blank=True)
    accepts_cod = models.BooleanField(_("bayar di tempat (COD)"), default=True)
    accepts_qris = models.BooleanField(_("QRIS"), default=False)
    qris_image = models.ImageField(_("gambar QRIS"), upload_to="qris/", blank=True)

    # Prefix of the village's human order numbers (SBR-00001…); the counter is orders.OrderCounter.
    order_code = models.CharField(_("kode pesanan"), max_length=4, blank=True)

    objects = ShopQuerySet.as_manager()

    class Meta:
        verbose_name = _("desa")
        verbose_name_plural = _("desa")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("products:village", kwargs={"slug": self.slug})
