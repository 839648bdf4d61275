"""Villages: each Desbumi village is one shop of the marketplace."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from desbumi_market.phone import validate_normalised_phone


class ShopQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Shop(models.Model):
    """A Desbumi village selling what its members make."""

    name = models.CharField(_("nama desa"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kecamatan = models.CharField(_("kecamatan"), max_length=80)
    kabupaten = models.CharField(_("kabupaten"), max_length=80, default="Jember")
    story = models.TextField(_("cerita desa"), blank=True)
    photo = models.ImageField(_("foto"), upload_to="desa/", blank=True)
    whatsapp = models.CharField(
        _("nomor WhatsApp"), max_length=16, blank=True, validators=[validate_normalised_phone]
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = ShopQuerySet.as_manager()

    class Meta:
        verbose_name = _("desa")
        verbose_name_plural = _("desa")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("shops:detail", kwargs={"slug": self.slug})
