"""Reviews in the admin: read, and hide (with a reason) or show again; every change is audited."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from core.admin_actions import apply_each, form_action, reason_form
from core.audit import AuditHistoryMixin

from .exceptions import ReviewError
from .models import Review, ReviewPhoto
from .services import review_hide, review_unhide

HideForm = reason_form(
    gettext_lazy("Alasan (dicatat di riwayat)"),
    max_length=300,
    rows=3,
    help_text=gettext_lazy("Misalnya: “Berisi nomor telepon pribadi” atau “Kata-kata kasar”."),
    required_message=gettext_lazy("Tulis alasan ulasan disembunyikan."),
)


class ReviewPhotoInline(admin.TabularInline):
    model = ReviewPhoto
    extra = 0
    can_delete = False
    fields = ["image", "position"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["__str__", "product", "shop", "created_at", "is_hidden", "has_reply"]
    list_filter = ["shop", "rating", ("hidden_at", admin.EmptyFieldListFilter)]
    list_select_related = ["product", "shop"]
    search_fields = ["text", "author_name", "order__number"]
    readonly_fields = [
        "order_item",
        "order",
        "product",
        "shop",
        "user",
        "author_name",
        "rating",
        "text",
        "reply",
        "replied_at",
        "replied_by",
        "hidden_at",
        "hidden_reason",
        "hidden_by",
        "created_at",
        "updated_at",
    ]
    inlines = [ReviewPhotoInline]
    actions = ["hide_reviews", "unhide_reviews"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("disembunyikan"), boolean=True, ordering="hidden_at")
    def is_hidden(self, obj):
        return obj.hidden_at is not None

    @admin.display(description=gettext_lazy("dibalas"), boolean=True, ordering="replied_at")
    def has_reply(self, obj):
        return obj.replied_at is not None

    @form_action(
        description=gettext_lazy("Sembunyikan ulasan (dengan alasan)…"),
        form_class=HideForm,
        title=gettext_lazy("Sembunyikan ulasan"),
        intro=gettext_lazy(
            "Ulasan berikut tidak akan tampil dan tidak dihitung dalam nilai produk dan desa."
        ),
        submit_label=gettext_lazy("Sembunyikan"),
    )
    def hide_reviews(self, request, queryset, cleaned):
        apply_each(
            self,
            request,
            queryset,
            lambda review: review_hide(review=review, reason=cleaned["reason"], by=request.user),
            errors=(ReviewError, ValidationError),
            done_message=ngettext_lazy("%(n)d ulasan disembunyikan.", "%(n)d ulasan disembunyikan.", "n"),
            refused_message=_("Tidak disembunyikan: %(list)s"),
        )

    @admin.action(description=gettext_lazy("Tampilkan ulasan lagi"), permissions=["change"])
    def unhide_reviews(self, request, queryset):
        apply_each(
            self,
            request,
            queryset,
            lambda review: review_unhide(review=review, by=request.user),
            errors=(ReviewError,),
            done_message=ngettext_lazy(
                "%(n)d ulasan ditampilkan lagi.", "%(n)d ulasan ditampilkan lagi.", "n"
            ),
            refused_message=_("Tidak diubah: %(list)s"),
        )
