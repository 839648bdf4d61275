from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, ReadOnlyPasswordHashWidget, UserChangeForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from core.admin_actions import apply_each, form_action, reason_form
from core.admin_widgets import SafeAutocompleteMixin
from core.audit import AuditHistoryMixin

from . import services
from .exceptions import MemberError
from .models import MemberProfile, User

# Django stores the names of its own permissions in English ("Can add order"): they are shown from
# the model's Indonesian name instead.
PERMISSION_ACTIONS = {
    "add": gettext_lazy("boleh menambah"),
    "change": gettext_lazy("boleh mengubah"),
    "delete": gettext_lazy("boleh menghapus"),
    "view": gettext_lazy("boleh melihat"),
}


def permission_label(permission) -> str:
    """ "Pesanan | pesanan | boleh mengubah" for Django's change_order; a custom permission's own name."""
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is None:
        return str(permission)
    name = permission.name
    if action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        name = PERMISSION_ACTIONS[action]
    return f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | {name}"


class PermissionLabelsMixin:
    """Permissions listed by their Indonesian names on a user's or a group's page."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
        return formfield


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabelsMixin, AuditHistoryMixin, DjangoGroupAdmin):
    pass


# Django's account forms say a bare "sandi" in Indonesian; everywhere else it is "kata sandi".
class PasswordHashWidget(ReadOnlyPasswordHashWidget):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        usable = bool(value) and not value.startswith(UNUSABLE_PASSWORD_PREFIX)
        context["button_label"] = _("Atur ulang kata sandi") if usable else _("Buat kata sandi")
        return context


class AccountChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            password.label = _("Kata sandi")
            password.widget = PasswordHashWidget()
            password.help_text = (
                _("Kata sandi tidak disimpan apa adanya, jadi tidak bisa dilihat siapa pun.")
                if self.instance.has_usable_password()
                else _("Pengguna ini belum bisa masuk dengan kata sandi: buatkan kata sandinya.")
            )


class AccountCreationForm(AdminUserCreationForm):
    error_messages = {
        **AdminUserCreationForm.error_messages,
        "password_mismatch": gettext_lazy("Kedua kata sandi tidak sama."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password1" in self.fields:
            self.fields["password1"].label = _("Kata sandi")
        if "password2" in self.fields:
            self.fields["password2"].label = _("Konfirmasi kata sandi")
            self.fields["password2"].help_text = _("Ketik kata sandi itu sekali lagi, untuk memastikan.")


@admin.register(User)
class UserAdmin(PermissionLabelsMixin, AuditHistoryMixin, DjangoUserAdmin):
    """
    Accounts, for superusers only: passwords, groups, permissions and superuser status.

    Migrant CARE staff work on member profiles, never on accounts, so nothing here can raise
    anybody's rights, whatever permissions a staff account was given by mistake.
    """

    form = AccountChangeForm
    add_form = AccountCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (gettext_lazy("Data pribadi"), {"fields": ["first_name", "last_name"]}),
        (
            gettext_lazy("Hak akses"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (gettext_lazy("Tanggal penting"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


# What an admin action reports for the members it changed, per service.
DONE = {
    services.member_approve: ngettext_lazy("%(n)d anggota disetujui.", "%(n)d anggota disetujui.", "n"),
    services.member_reject: ngettext_lazy("%(n)d permintaan ditolak.", "%(n)d permintaan ditolak.", "n"),
    services.member_suspend: ngettext_lazy("%(n)d anggota dibekukan.", "%(n)d anggota dibekukan.", "n"),
}


def _run(modeladmin, request, queryset, service, **kwargs):
    """Call `service` for each selected member; report how many succeeded and each refusal."""
    apply_each(
        modeladmin,
        request,
        queryset.select_related("shop"),
        lambda member: service(member=member, by=request.user, **kwargs),
        errors=MemberError,
        done_message=DONE[service],
        refused_message=_("Ditolak, tidak diubah: %(list)s"),
    )


class MemberProfileAdminForm(forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = ["user", "shop", "role", "handles_orders", "display_name", "phone", "story"]


RejectForm = reason_form(gettext_lazy("Alasan (dibaca calon anggota)"), max_length=500, required=False)


@admin.register(MemberProfile)
class MemberProfileAdmin(SafeAutocompleteMixin, AuditHistoryMixin, admin.ModelAdmin):
    form = MemberProfileAdminForm
    list_display = [
        "display_name",
        "shop",
        "role",
        "status",
        "requested_at",
        "handles_orders",
        "consent_public_profile",
    ]
    list_filter = ["shop", "status", "role", "handles_orders"]
    list_select_related = ["shop", "user"]
    search_fields = ["display_name", "phone", "user__email"]
    autocomplete_fields = ["user"]
    # Status changes go through the actions (the services), never through a raw edit. Her photo
    # and her consents are hers: she changes them on her profile page (the photo through the
    # image pipeline, which removes its location).
    readonly_fields = [
        "slug",
        "status",
        "photo",
        "consent_public_profile",
        "consent_show_photo",
        "consent_show_story",
        "consent_show_phone",
        "requested_at",
        "decided_at",
        "decided_by",
        "rejection_reason",
        "created_at",
        "updated_at",
    ]
    actions = ["approve", "reject", "reject_with_reason", "suspend"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("shop")  # her products and orders belong to her village
        if not request.user.is_superuser:
            fields.append("user")  # which login is hers: an account matter, for superusers
        return fields

    @admin.action(description=gettext_lazy("Setujui anggota yang dipilih"), permissions=["change"])
    def approve(self, request, queryset):
        _run(self, request, queryset, services.member_approve)

    @admin.action(description=gettext_lazy("Tolak permintaan yang dipilih"), permissions=["change"])
    def reject(self, request, queryset):
        _run(self, request, queryset, services.member_reject)

    @form_action(
        description=gettext_lazy("Tolak permintaan dengan alasan…"),
        form_class=RejectForm,
        title=gettext_lazy("Tolak permintaan bergabung"),
        intro=gettext_lazy("Alasan ini dibaca calon anggota; ia boleh mengirim permintaan lagi."),
        submit_label=gettext_lazy("Tolak"),
    )
    def reject_with_reason(self, request, queryset, cleaned):
        _run(self, request, queryset, services.member_reject, reason=cleaned["reason"])

    @admin.action(description=gettext_lazy("Bekukan anggota yang dipilih"), permissions=["change"])
    def suspend(self, request, queryset):
        _run(self, request, queryset, services.member_suspend)
