from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.audit import AuditHistoryMixin
from core.images import process_upload

from .models import Shop
from .services import DELIVERY_FIELDS, PAYMENT_FIELDS, SETTINGS_FIELDS, shop_settings_errors


class ShopAdminForm(forms.ModelForm):
    """Staff are held to the same rules as the ketua's settings page (for an active village)."""

    class Meta:
        model = Shop
        fields = [
            "name",
            "slug",
            "kecamatan",
            "kabupaten",
            "photo",
            "is_active",
            "order_code",
            *SETTINGS_FIELDS,
            "qris_image",
        ]

    def clean_qris_image(self):
        image = self.cleaned_data.get("qris_image")
        if isinstance(image, UploadedFile):
            # Re-encoded like every upload (no EXIF, a name of ours), as on the ketua's page.
            return process_upload(image, thumb_sizes=()).original
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_active", True):
            values = {name: cleaned.get(name) for name in SETTINGS_FIELDS}
            values["qris_image"] = bool(cleaned.get("qris_image"))
            for field, errors in shop_settings_errors(values).items():
                if field in self.errors:
                    continue  # already told what is wrong with it
                for error in errors:
                    self.add_error(field if field in self.fields else None, error)
        return cleaned


@admin.register(Shop)
class ShopAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = ShopAdminForm
    list_display = ["name", "kecamatan", "whatsapp", "is_active"]
    list_filter = ["is_active", "kecamatan"]
    search_fields = ["name", "kecamatan"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["members", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "kecamatan",
                    "kabupaten",
                    "story",
                    "photo",
                    "whatsapp",
                    "is_active",
                    "order_code",
                ]
            },
        ),
        (_("Pengiriman"), {"fields": list(DELIVERY_FIELDS)}),
        (_("Pembayaran"), {"fields": [*PAYMENT_FIELDS, "qris_image"]}),
        (_("Anggota desa"), {"fields": ["members"]}),
        (_("Catatan"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a village being added has no members yet
            fieldsets = [fs for fs in fieldsets if "members" not in fs[1]["fields"]]
        return fieldsets

    @admin.display(description=_("anggota"))
    def members(self, obj):
        """The village's members as links to their pages (a list, not an inline: nothing to submit)."""
        if obj is None or obj.pk is None:
            return ""
        rows = obj.members.order_by("-role", "display_name")  # the reverse of MemberProfile.shop
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> — {} · {}</li>',
            (
                (
                    reverse("admin:members_memberprofile_change", args=[m.pk]),
                    m.display_name,
                    m.get_role_display(),
                    m.get_status_display(),
                )
                for m in rows
            ),
        )
        everyone = reverse("admin:members_memberprofile_changelist") + f"?shop__id__exact={obj.pk}"
        return format_html(
            '<ul class="village-members">{}</ul><p><a href="{}">{}</a></p>',
            items or format_html("<li>{}</li>", _("Belum ada anggota.")),
            everyone,
            _("Saring daftar anggota desa ini"),
        )

    def save_model(self, request, obj, form, change):
        if change:
            # Only what staff changed: a village's settings may change meanwhile (its ketua's page).
            obj.save(update_fields=[*form.changed_data, "updated_at"])
        else:
            super().save_model(request, obj, form, change)
