from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import MemberProfile, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Data pribadi"), {"fields": ["first_name", "last_name"]}),
        (_("Hak akses"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Tanggal penting"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "shop", "role", "status", "handles_orders", "consent_public_profile"]
    list_filter = ["shop", "status", "role"]
    list_select_related = ["shop", "user"]
    search_fields = ["display_name", "phone", "user__email"]
    autocomplete_fields = ["user"]
    readonly_fields = ["slug", "created_at", "updated_at"]
