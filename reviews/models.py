"""Reviews: the buyer of a completed order rates each of its lines, once; the village answers once."""

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.fields import actor_field
from core.models import Timestamped


class ReviewQuerySet(models.QuerySet):
    def visible(self):
        """What a visitor may read: not hidden by staff."""
        return self.filter(hidden_at__isnull=True)

    def for_shop(self, shop):
        return self.filter(shop=shop)


class Review(Timestamped):
    """One buyer's stars and words about one line of one completed order."""

    order_item = models.OneToOneField(
        "orders.OrderItem", verbose_name=_("barang pesanan"), on_delete=models.CASCADE, related_name="review"
    )
    order = models.ForeignKey(
        "orders.Order", verbose_name=_("pesanan"), on_delete=models.CASCADE, related_name="reviews"
    )
    # Kept when the product goes: the village's rating still counts it.
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("produk"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="reviews",
    )
    shop = models.ForeignKey(
        "shops.Shop", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="reviews"
    )
    user = models.ForeignKey(
        "members.User",
        verbose_name=_("akun pengulas"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    # Only the first word of the buyer's name is shown (she did not choose to publish her full name).
    author_name = models.CharField(_("nama pengulas"), max_length=40)
    rating = models.PositiveSmallIntegerField(_("bintang"))
    text = models.TextField(_("ulasan"), blank=True, max_length=1000)

    reply = models.TextField(_("balasan desa"), blank=True, max_length=1000)
    replied_at = models.DateTimeField(_("dibalas"), null=True, blank=True)
    replied_by = actor_field(_("dibalas oleh"))

    # Moderation by Migrant CARE: out of the pages and the figures, with a reason (audited).
    hidden_at = models.DateTimeField(_("disembunyikan"), null=True, blank=True)
    hidden_reason = models.CharField(_("alasan disembunyikan"), max_length=300, blank=True)
    hidden_by = actor_field(_("disembunyikan oleh"))

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("ulasan")
        verbose_name_plural = _("ulasan")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
        ]
        indexes = [
            models.Index(fields=["product", "-created_at"], name="review_product_newest"),
            models.Index(fields=["shop", "-created_at"], name="review_shop_newest"),
        ]

    def __str__(self):
        return f"{self.rating}★ {self.author_name}"

    @cached_property
    def shown_photos(self) -> list["ReviewPhoto"]:
        """Its photos in order (prefetched by the selectors; set directly by the snippet selector)."""
        return list(self.photos.all())


class ReviewPhoto(models.Model):
    """A photo of a review, through the same pipeline as product photos (no EXIF, WebP thumbnails)."""

    review = models.ForeignKey(
        Review, verbose_name=_("ulasan"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("foto"), upload_to="ulasan/")
    width = models.PositiveIntegerField(_("lebar"), default=0, editable=False)
    height = models.PositiveIntegerField(_("tinggi"), default=0, editable=False)
    thumb_320 = models.ImageField(_("gambar kecil 320"), upload_to="ulasan/", blank=True, editable=False)
    thumb_640 = models.ImageField(_("gambar kecil 640"), upload_to="ulasan/", blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("foto ulasan")
        verbose_name_plural = _("foto ulasan")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.image.name
