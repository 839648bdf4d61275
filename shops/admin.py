from django.contrib import admin

from .models import Shop


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    list_display = ["name", "kecamatan", "whatsapp", "is_active"]
    list_filter = ["is_active", "kecamatan"]
    search_fields = ["name", "kecamatan"]
    prepopulated_fields = {"slug": ["name"]}
