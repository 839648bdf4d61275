from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .exceptions import MemberError
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


def _run(modeladmin, request, queryset, service, done_message):
    """Call `service` for each selected member; report how many succeeded and each refusal."""
    done = 0
    for member in queryset.select_related("shop"):
        try:
            service(member=member, by=request.user)
        except MemberError as exc:
            modeladmin.message_user(request, f"{member}: {exc}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "shop",
        "role",
        "status",
        "requested_at",
        "handles_orders",
        "consent_public_profile",
    ]
    list_filter = ["shop", "status", "role"]
    list_select_related = ["shop", "user"]
    search_fields = ["display_name", "phone", "user__email"]
    autocomplete_fields = ["user"]
    # Status changes go through the actions (the services), never through a raw edit.
    readonly_fields = [
        "slug",
        "status",
        "requested_at",
        "decided_at",
        "decided_by",
        "rejection_reason",
        "created_at",
        "updated_at",
    ]
    actions = ["approve", "reject", "suspend"]

    @admin.action(description=_("Setujui anggota yang dipilih"), permissions=["change"])
    def approve(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            services.member_approve,
            lambda n: ngettext("%(n)d anggota disetujui.", "%(n)d anggota disetujui.", n) % {"n": n},
        )

    @admin.action(description=_("Tolak permintaan yang dipilih"), permissions=["change"])
    def reject(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            services.member_reject,
            lambda n: ngettext("%(n)d permintaan ditolak.", "%(n)d permintaan ditolak.", n) % {"n": n},
        )

    @admin.action(description=_("Bekukan anggota yang dipilih"), permissions=["change"])
    def suspend(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            services.member_suspend,
            lambda n: ngettext("%(n)d anggota dibekukan.", "%(n)d anggota dibekukan.", n) % {"n": n},
        )
