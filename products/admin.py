"""Migrant CARE moderates the listings here: filters for what breaks the rules, hiding with a reason."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from core.admin_actions import apply_each, form_action, reason_form
from core.admin_widgets import SafeAutocompleteMixin
from core.audit import AuditHistoryMixin
from core.money import rupiah

from .exceptions import ProductModerationError
from .models import Category, Product, ProductImage, ProductVariant
from .permits import MEDICAL_CLAIM_RE
from .services import EDITABLE_FIELDS, HIDDEN_REASON_MAX_LENGTH, product_hide, product_unhide

EXPIRING_DAYS = 30


@admin.register(Category)
class CategoryAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "sort_order"]
    prepopulated_fields = {"slug": ["name"]}


class ProductImageInline(admin.TabularInline):
    # Photos are added through the image pipeline (re-encoded, EXIF removed), not raw here.
    model = ProductImage
    fields = ["preview", "alt_text", "position"]
    readonly_fields = ["preview"]
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="")
    def preview(self, obj):
        return (
            format_html('<img src="{}" width="80" height="80" alt="">', obj.thumb_320.url)
            if obj.thumb_320
            else ""
        )


class MissingPermitFilter(admin.SimpleListFilter):
    title = gettext_lazy("izin belum lengkap")
    parameter_name = "izin"

    def lookups(self, request, model_admin):
        return [
            ("jamu_tanpa_izin", _("Jamu tanpa P-IRT atau BPOM")),
            ("jamu_tanpa_halal", _("Jamu tanpa status halal")),
            ("jamu_tanpa_tanggal", _("Jamu tanpa tanggal produksi/kedaluwarsa")),
            ("klaim_medis", _("Masker/APD disebut medis tanpa izin Kemenkes")),
        ]

    def queryset(self, request, queryset):
        jamu = Q(category__kind=Category.Kind.JAMU)
        conditions = {
            "jamu_tanpa_izin": jamu & Q(pirt_number="", bpom_number=""),
            "jamu_tanpa_halal": jamu & Q(halal_status=""),
            "jamu_tanpa_tanggal": jamu & (Q(production_date__isnull=True) | Q(expiry_date__isnull=True)),
            "klaim_medis": Q(category__kind__in=[Category.Kind.MASKER, Category.Kind.APD], kemenkes_permit="")
            & (Q(name__iregex=MEDICAL_CLAIM_RE) | Q(description__iregex=MEDICAL_CLAIM_RE)),
        }
        condition = conditions.get(self.value())
        return queryset.filter(condition) if condition is not None else queryset


class ExpiryFilter(admin.SimpleListFilter):
    title = gettext_lazy("kedaluwarsa")
    parameter_name = "kedaluwarsa"

    def lookups(self, request, model_admin):
        return [
            ("bulan_ini", _("Bulan ini (tanggal kedaluwarsa atau P-IRT)")),
            ("segera", _("Dalam %(days)d hari") % {"days": EXPIRING_DAYS}),
            ("lewat", _("Sudah lewat")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "bulan_ini":
            return queryset.expiring_in_month(today.year, today.month)
        if self.value() == "segera":
            return queryset.filter(
                expiry_date__gte=today, expiry_date__lte=today + timedelta(days=EXPIRING_DAYS)
            )
        if self.value() == "lewat":
            return queryset.filter(expiry_date__lt=today)
        return queryset


class HiddenFilter(admin.SimpleListFilter):
    title = gettext_lazy("moderasi")
    parameter_name = "moderasi"

    def lookups(self, request, model_admin):
        return [("disembunyikan", _("Disembunyikan staf")), ("tampil", _("Tidak disembunyikan"))]

    def queryset(self, request, queryset):
        if self.value() == "disembunyikan":
            return queryset.filter(hidden_by_staff_at__isnull=False)
        if self.value() == "tampil":
            return queryset.filter(hidden_by_staff_at__isnull=True)
        return queryset


class ProductVariantInline(admin.TabularInline):
    # Read-only: a size's stock and price go through the services, which keep the product's
    # summaries (lowest price, total stock) and take the locks in the order placing takes them.
    model = ProductVariant
    fields = ["option1", "option2", "price", "stock", "position"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class ProductAdminForm(forms.ModelForm):
    class Meta:
        model = Product
        # What a member edits, plus the village and the status (read-only once listed).
        fields = ["shop", "status", *EDITABLE_FIELDS]

    def clean(self):
        cleaned = super().clean()
        shop = cleaned.get("shop") or (self.instance.shop if self.instance.shop_id else None)
        made_by = cleaned.get("made_by")
        if made_by is not None and shop is not None and made_by.shop_id != shop.pk:
            self.add_error(
                "made_by",
                ValidationError(_("Pembuat harus anggota desa produk ini."), code="maker_of_another_village"),
            )
        return cleaned


HideForm = reason_form(
    gettext_lazy("Alasan (dibaca anggota)"),
    max_length=HIDDEN_REASON_MAX_LENGTH,
    rows=4,
    help_text=gettext_lazy(
        "Tulis dengan bahasa sederhana apa yang melanggar aturan dan apa yang perlu diperbaiki, "
        "misalnya: “Jamu ini belum mencantumkan nomor P-IRT atau BPOM.”"
    ),
    required_message=gettext_lazy("Tulis alasan untuk anggota."),
)


@admin.register(Product)
class ProductAdmin(SafeAutocompleteMixin, AuditHistoryMixin, admin.ModelAdmin):
    form = ProductAdminForm
    list_display = [
        "name",
        "shop",
        "category",
        "made_by",
        "price_rupiah",
        "stock",
        "status",
        "is_hidden",
        "expiry_date",
        "pirt_valid_until",
    ]
    list_filter = ["shop", "category", "status", HiddenFilter, MissingPermitFilter, ExpiryFilter]
    list_select_related = ["shop", "category", "made_by"]
    search_fields = ["name", "slug", "made_by__display_name"]
    autocomplete_fields = ["made_by"]
    readonly_fields = [
        "slug",
        "created_at",
        "updated_at",
        "published_at",
        "hidden_by_staff_at",
        "hidden_reason",
        "hidden_by",
    ]
    inlines = [ProductImageInline, ProductVariantInline]
    actions = ["hide_products", "unhide_products"]

    def get_readonly_fields(self, request, obj=None):
        # Once listed, a product stays in its village; its status is the member's (publish,
        # unpublish) or staff's moderation (hide), never a raw edit.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "shop", "status"] if obj is not None else fields

    @admin.display(description=gettext_lazy("harga"), ordering="price")
    def price_rupiah(self, obj):
        return rupiah(obj.price)

    @admin.display(description=gettext_lazy("P-IRT berlaku sampai"))
    def pirt_valid_until(self, obj):
        return obj.pirt_valid_until or "—"

    @admin.display(description=gettext_lazy("disembunyikan"), boolean=True, ordering="hidden_by_staff_at")
    def is_hidden(self, obj):
        return obj.hidden_by_staff_at is not None

    @form_action(
        description=gettext_lazy("Sembunyikan dari katalog (dengan alasan)…"),
        form_class=HideForm,
        title=gettext_lazy("Sembunyikan produk dari katalog"),
        intro=gettext_lazy(
            "Produk berikut tidak akan tampil untuk pembeli sampai staf menampilkannya lagi. "
            "Anggota melihat alasan Anda di dasbornya."
        ),
        submit_label=gettext_lazy("Sembunyikan"),
    )
    def hide_products(self, request, queryset, cleaned):
        apply_each(
            self,
            request,
            queryset,
            lambda product: product_hide(product=product, reason=cleaned["reason"], by=request.user),
            errors=(ProductModerationError, PermissionDenied, ValidationError),
            done_message=ngettext_lazy(
                "%(n)d produk disembunyikan; anggota melihat alasannya di dasbornya.",
                "%(n)d produk disembunyikan; anggota melihat alasannya di dasbornya.",
                "n",
            ),
            refused_message=_("Tidak disembunyikan: %(list)s"),
        )

    @admin.action(description=gettext_lazy("Tampilkan lagi di katalog"), permissions=["change"])
    def unhide_products(self, request, queryset):
        apply_each(
            self,
            request,
            queryset,
            lambda product: product_unhide(product=product, by=request.user),
            errors=(ProductModerationError, PermissionDenied),
            done_message=ngettext_lazy(
                "%(n)d produk ditampilkan lagi.", "%(n)d produk ditampilkan lagi.", "n"
            ),
            refused_message=_("Tidak diubah: %(list)s"),
        )
