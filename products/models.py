"""Categories, products and their photos."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.fields import actor_field
from core.models import RatingFigures, Timestamped

from . import permits


class Category(models.Model):
    """A kind of product; `kind` decides which permit fields matter."""

    class Kind(models.TextChoices):
        MASKER = "masker", _("Masker")
        APD = "apd", _("APD")
        JAMU = "jamu", _("Jamu")
        OTHER = "lainnya", _("Lainnya")

    name = models.CharField(_("nama"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind, default=Kind.OTHER)
    description = models.TextField(_("keterangan"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("products:category", kwargs={"slug": self.slug})


class ProductQuerySet(models.QuerySet):
    def published(self):
        """
        What a visitor may see: published, of an active village, by a member not suspended, not
        hidden, and not past its best-before date (whether or not the hourly task has withdrawn it yet).
        """
        return (
            self.filter(
                status=Product.Status.PUBLISHED, shop__is_active=True, hidden_by_staff_at__isnull=True
            )
            .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=timezone.localdate()))
            .exclude(made_by__status="suspended")
        )

    def expiring_in_month(self, year: int, month: int):
        """
        Products whose best-before date, or whose P-IRT registration, ends in that month. A P-IRT
        ends on 31 December of the year in its last two digits, so only December has those.
        """
        condition = Q(expiry_date__year=year, expiry_date__month=month)
        if month == 12:
            condition |= Q(pirt_number__regex=rf"^[0-9]{{13}}{year % 100:02d}$")
        return self.filter(condition)

    def for_shop(self, shop):
        return self.filter(shop=shop)

    def in_stock(self):
        return self.filter(stock__gt=0)

    def with_card_related(self):
        """
        Only what a product card shows (templates/products/partials/_product_card.html).

        A card needs a tenth of a product's, its village's and its maker's columns: loading and
        building them all was the largest cost of the catalog pages after the template.
        """
        return (
            self.select_related("shop")
            .only(
                "id", "slug", "name", "price", "price_varies", "stock", "shop_id", "shop__name", "shop__slug"
            )
            .prefetch_related(
                Prefetch(
                    "images",
                    # og_image: a listing's link preview shows its first product's picture.
                    queryset=ProductImage.objects.only(
                        "id", "product_id", "thumb_320", "thumb_640", "og_image", "alt_text", "position"
                    ).order_by("position", "pk"),
                )
            )
        )

    def with_listing_related(self):
        """Everything a product card or page shows, in two queries whatever the count."""
        # The stored search vector is for the database's eyes only: kilobytes per row, never shown.
        return (
            self.select_related("shop", "category", "made_by")
            .defer("search_vector")
            .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")))
        )


class Product(RatingFigures, Timestamped):
    """Something a member made, sold by her village."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")
        ARCHIVED = "archived", _("Diarsipkan")

    class Halal(models.TextChoices):
        NONE = "", _("Belum ada")
        SELF_DECLARE = "self_declare", _("Sertifikat halal, pernyataan mandiri (SEHATI)")
        CERTIFIED = "certified", _("Sertifikat halal reguler")

    shop = models.ForeignKey(
        "shops.Shop", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="products"
    )
    made_by = models.ForeignKey(
        "members.MemberProfile",
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("nama produk"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("keterangan"), blank=True, max_length=4000)
    price = models.PositiveIntegerField(_("harga (Rp)"), validators=[MinValueValidator(1)])
    stock = models.PositiveIntegerField(_("stok"), default=0)
    unit = models.CharField(_("satuan"), max_length=20, default="pcs")
    weight_grams = models.PositiveIntegerField(_("berat (gram)"), default=100)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)

    # Permits shown on the listing.
    # Stored in the canonical form of products.permits (digits only; "TR 193602671"; "AKD 20903022671";
    # "ID35110001325901022"); listings made before those rules may hold anything, which is why a
    # badge is shown only for a number that is valid now (see `badges`).
    pirt_number = models.CharField(
        _("nomor P-IRT"), max_length=15, blank=True, validators=[permits.validate_pirt]
    )
    bpom_number = models.CharField(
        _("nomor BPOM"), max_length=20, blank=True, validators=[permits.validate_bpom]
    )
    halal_status = models.CharField(
        _("status halal"), max_length=15, choices=Halal, default=Halal.NONE, blank=True
    )
    halal_number = models.CharField(
        _("nomor sertifikat halal"), max_length=40, blank=True, validators=[permits.validate_halal]
    )
    kemenkes_permit = models.CharField(
        _("izin edar Kemenkes"),
        max_length=40,
        blank=True,
        validators=[permits.validate_kemenkes],
        help_text=_(
            "Wajib untuk masker medis dan APD medis. Tanpa izin, masker dijual sebagai masker kain non-medis."
        ),
    )
    material = models.CharField(_("bahan"), max_length=80, blank=True)
    size = models.CharField(_("ukuran"), max_length=40, blank=True)
    # Options (issue #16): a product with option1_name ("Ukuran", "Isi") is sold as its variants
    # (ProductVariant); price and stock above are then summaries the services keep (lowest price,
    # total stock), so a catalog card needs no extra query. Without options it is sold as itself.
    option1_name = models.CharField(_("nama pilihan 1"), max_length=30, blank=True)
    option2_name = models.CharField(_("nama pilihan 2"), max_length=30, blank=True)
    price_varies = models.BooleanField(_("harga berbeda per pilihan"), default=False, editable=False)
    production_date = models.DateField(_("tanggal produksi"), null=True, blank=True)
    expiry_date = models.DateField(_("tanggal kedaluwarsa"), null=True, blank=True)

    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)

    # Moderation by Migrant CARE (products.services.product_hide): out of the catalog whatever its
    # status, with a reason its member sees on her dashboard, until staff show it again.
    hidden_by_staff_at = models.DateTimeField(_("disembunyikan staf"), null=True, blank=True)
    hidden_reason = models.TextField(_("alasan disembunyikan"), blank=True, max_length=500)
    hidden_by = actor_field(_("disembunyikan oleh"))

    # Name (A), category and village (B) and description (C) as one weighted tsvector, written by
    # a PostgreSQL trigger (migration products.0005) on every insert and on every update of those
    # columns, bulk update() included, and by triggers on category and village renames. NULL on
    # SQLite, where search falls back to icontains.
    search_vector = SearchVectorField(_("indeks pencarian"), null=True, editable=False)
    # "Terjual N": the quantity in orders counted as sales (OrderQuerySet.counted_as_sales), kept
    # by orders.services in the transaction that counts or uncounts an order.
    sold_count = models.PositiveIntegerField(_("terjual"), default=0, editable=False)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="product_stock_not_negative"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="product_status_published"),
            models.Index(fields=["shop", "status"], name="product_shop_status"),
            models.Index(fields=["category", "status"], name="product_category_status"),
            models.Index(fields=["price"], name="product_price"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("products:detail", kwargs={"slug": self.slug})

    @property
    def cover(self):
        """The first photo, from the prefetched images (no query when prefetched)."""
        images = list(self.images.all())
        return images[0] if images else None

    @property
    def share_image(self):
        """(absolute url, width, height) of the picture a link preview shows, or None without a photo."""
        cover = self.cover
        if cover is None:
            return None
        site = settings.SITE_URL.rstrip("/")
        if cover.og_image:
            return site + cover.og_image.url, 1200, 630
        # A photo uploaded before the 1200×630 picture existed: its 640 px thumbnail.
        return site + cover.thumb_640.url, None, None

    @property
    def is_public(self):
        """The same rule as ProductQuerySet.published(), for a product already loaded (with shop, made_by)."""
        return (
            self.status == Product.Status.PUBLISHED
            and self.shop.is_active
            and self.hidden_by_staff_at is None
            and not (self.made_by_id and self.made_by.status == "suspended")
            and not self.is_expired
        )

    @property
    def is_medical(self):
        """A mask or APD is medical only with a Kemenkes medical-device number (AKD/AKL, not PKD/PKL)."""
        return self.category.kind in (Category.Kind.MASKER, Category.Kind.APD) and permits.is_medical_device(
            self.kemenkes_permit
        )

    @property
    def is_expired(self):
        return self.expiry_date is not None and self.expiry_date < timezone.localdate()

    @property
    def pirt_valid_until(self):
        """The last day its P-IRT registration is valid (from the number's last two digits), or None."""
        return permits.pirt_valid_until(self.pirt_number) if self.pirt_number else None

    @property
    def badges(self) -> list[dict]:
        """
        The permit badges a buyer sees, each with the number to look up: only for a number that is
        valid now (a P-IRT not expired, a halal status with its BPJPH certificate number, "Medis"
        only with an AKD/AKL number), and the warnings a jamu or mask without them gets instead.
        """
        kind = self.category.kind
        found = []
        if kind in (Category.Kind.MASKER, Category.Kind.APD):
            if self.is_medical:
                found.append(
                    {
                        "level": "ok",
                        "label": _("Medis · Izin edar %(number)s")
                        % {"number": permits.kemenkes_display(self.kemenkes_permit)},
                    }
                )
            else:
                if permits.is_valid(permits.clean_kemenkes, self.kemenkes_permit):
                    found.append(
                        {
                            "level": "info",
                            "label": _("Perbekalan rumah tangga · Izin edar %(number)s")
                            % {"number": permits.kemenkes_display(self.kemenkes_permit)},
                        }
                    )
                found.append(
                    {
                        "level": "info",
                        "label": _("Masker kain non-medis (tanpa izin edar alat kesehatan)")
                        if kind == Category.Kind.MASKER
                        else _("APD non-medis (tanpa izin edar alat kesehatan)"),
                    }
                )
        pirt_valid = False
        if self.pirt_number:
            try:
                permits.clean_pirt(self.pirt_number)
                pirt_valid = True
            except ValidationError:
                pass
        if pirt_valid:
            found.append({"level": "ok", "label": permits.pirt_display(self.pirt_number)})
        bpom_valid = permits.is_valid(permits.clean_bpom, self.bpom_number)
        if bpom_valid:
            found.append({"level": "ok", "label": permits.bpom_display(self.bpom_number)})
        halal_valid = bool(self.halal_status) and permits.is_valid(permits.clean_halal, self.halal_number)
        if halal_valid:
            label = (
                _("Halal (pernyataan mandiri) · %(number)s")
                if self.halal_status == Product.Halal.SELF_DECLARE
                else _("Halal · %(number)s")
            )
            found.append(
                {"level": "ok", "label": label % {"number": permits.normalise_halal(self.halal_number)}}
            )
        elif kind == Category.Kind.JAMU:
            found.append({"level": "warn", "label": _("Belum bersertifikat halal")})
        if kind == Category.Kind.JAMU and not (pirt_valid or bpom_valid):
            found.append({"level": "warn", "label": _("Belum ada P-IRT/BPOM")})
        return found

    @property
    def maker_public_name(self):
        return self.made_by.public_name if self.made_by_id else None

    @property
    def has_variants(self):
        """Sold as its variants (sizes…) rather than as itself; known without a query."""
        return bool(self.option1_name)

    @property
    def option_names(self) -> list[str]:
        return [name for name in (self.option1_name, self.option2_name) if name]

    @cached_property
    def variant_list(self) -> list["ProductVariant"]:
        """Its variants in order: from products.selectors.product_get_public's array, or one query."""
        if not self.has_variants:
            return []
        rows = getattr(self, "variant_rows", None)
        if rows is not None:
            return [ProductVariant(product=self, **row) for row in rows]
        return list(self.variants.all())


class ProductVariant(models.Model):
    """
    One combination of a product's options (Ukuran L; Isi 1 L · Rasa jahe) with its own price,
    stock and optional photo. Stock is decremented only under its product's row lock
    (orders.services), so products are always locked first, in pk order, then their variants.
    """

    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.CASCADE, related_name="variants"
    )
    option1 = models.CharField(_("pilihan 1"), max_length=40)
    option2 = models.CharField(_("pilihan 2"), max_length=40, blank=True)
    price = models.PositiveIntegerField(_("harga (Rp)"), validators=[MinValueValidator(1)])
    stock = models.PositiveIntegerField(_("stok"), default=0)
    image = models.ForeignKey(
        "ProductImage",
        verbose_name=_("foto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("pilihan produk")
        verbose_name_plural = _("pilihan produk")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="variant_price_positive"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative"),
            models.UniqueConstraint(fields=["product", "option1", "option2"], name="variant_unique_options"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """ "L", or "1 L / Jahe" with two options: what an order line keeps."""
        return " / ".join(value for value in (self.option1, self.option2) if value)


class ProductImage(models.Model):
    """A product photo: re-encoded original without EXIF and WebP thumbnails, made by a service."""

    # NULL while staged: a photo is uploaded (and kept) before the form it belongs to is saved, so
    # a slow connection or a mistake elsewhere in the form never costs her the upload again.
    product = models.ForeignKey(
        Product,
        verbose_name=_("produk"),
        on_delete=models.CASCADE,
        related_name="images",
        null=True,
        blank=True,
    )
    shop = models.ForeignKey(
        "shops.Shop",
        verbose_name=_("desa"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    uploaded_by = models.ForeignKey(
        "members.MemberProfile",
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    image = models.ImageField(_("foto"), upload_to="produk/")
    width = models.PositiveIntegerField(_("lebar"), default=0, editable=False)
    height = models.PositiveIntegerField(_("tinggi"), default=0, editable=False)
    thumb_320 = models.ImageField(_("gambar kecil 320"), upload_to="produk/", blank=True, editable=False)
    thumb_640 = models.ImageField(_("gambar kecil 640"), upload_to="produk/", blank=True, editable=False)
    # 1200×630 for link previews (Open Graph: WhatsApp, Facebook), made with the thumbnails.
    og_image = models.ImageField(
        _("gambar pratinjau tautan"), upload_to="produk/", blank=True, editable=False
    )
    alt_text = models.CharField(_("keterangan foto"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("foto produk")
        verbose_name_plural = _("foto produk")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["shop", "created_at"], name="productimage_staged")]

    def __str__(self):
        return self.alt_text or self.image.name

    @property
    def srcset(self):
        parts = [f"{self.thumb_320.url} 320w", f"{self.thumb_640.url} 640w"] if self.thumb_320 else []
        return ", ".join(parts)


def _alert_token():
    return secrets.token_urlsafe(24)


class StockAlert(models.Model):
    """
    "Ingatkan saya": someone asked to be told once when a sold-out product is back in stock.

    An email typed by a visitor counts only once confirmed through the link sent to it (nobody can
    subscribe someone else); a logged-in buyer's own verified address is confirmed at once.
    """

    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.CASCADE, related_name="stock_alerts"
    )
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        "members.User",
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stock_alerts",
    )
    token = models.CharField(_("kode"), max_length=40, unique=True, default=_alert_token, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    notified_at = models.DateTimeField(_("sudah diberi tahu"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengingat stok")
        verbose_name_plural = _("pengingat stok")
        constraints = [
            # One waiting request per product and address: asking twice changes nothing.
            models.UniqueConstraint(
                fields=["product", "email"],
                condition=Q(notified_at__isnull=True),
                name="stockalert_one_waiting_per_email",
            ),
        ]
        indexes = [models.Index(fields=["product", "notified_at"], name="stockalert_waiting")]

    def __str__(self):
        return f"{self.email} → {self.product_id}"
