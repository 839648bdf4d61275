from django.contrib import admin
from django.utils.html import format_html

from .models import Category, Product, ProductImage


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
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


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "shop", "category", "made_by", "price", "stock", "status"]
    list_filter = ["shop", "category", "status"]
    list_select_related = ["shop", "category", "made_by"]
    search_fields = ["name", "slug", "made_by__display_name"]
    autocomplete_fields = ["made_by"]
    readonly_fields = ["slug", "created_at", "updated_at", "published_at"]
    inlines = [ProductImageInline]
