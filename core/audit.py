"""
The audit log (django-auditlog): what staff changed, field by field, before and after.

What is recorded: every save or delete of the models below made in a request by a staff user,
with the user, the time and the address (staff.middleware sets who). Nothing else: members' and
buyers' requests are not audited (their own data stays where it is), nor are scheduled tasks and
commands (an order's own history records what the system did to it). Many-to-many changes
(a user's groups and permissions, a group's permissions) bypass auditlog's pre_log hook and are
recorded wherever they happen outside members' and buyers' requests.
The admin shows the entries of an object on its "Riwayat" page (AuditHistoryMixin).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from copy import copy

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# model label → auditlog.register() options. Secrets and noise are left out: password hashes,
# the guest's order link token, the automatic "changed" timestamps.
AUDITED_MODELS = {
    "members.User": {
        "exclude_fields": ["password", "last_login"],
        "m2m_fields": {"groups", "user_permissions"},
    },
    "auth.Group": {"m2m_fields": {"permissions"}},
    "members.MemberProfile": {"exclude_fields": ["updated_at"]},
    "shops.Shop": {"exclude_fields": ["updated_at"]},
    "products.Category": {},
    "products.Product": {"exclude_fields": ["updated_at"]},
    "products.ProductImage": {},
    "orders.Order": {"exclude_fields": ["updated_at", "access_token"]},
    # Staff hiding a review (or showing it again), with the reason.
    "reviews.Review": {"include_fields": ["hidden_at", "hidden_reason", "hidden_by"]},
    # A staff resend of a notification (the message itself is not copied into the log).
    "notifications.Delivery": {
        "include_fields": ["status", "attempts", "next_attempt_at", "resent_by", "resent_at"]
    },
}

# What a member may have asked to be forgotten (UU PDP): blanked in the log when her account goes.
PERSONAL_FIELDS = {
    "members.MemberProfile": {"display_name", "slug", "phone", "photo", "story", "rejection_reason"},
    "members.User": {"email", "first_name", "last_name"},
}
REDACTED = "[dihapus]"

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("Dibuat"),
    LogEntry.Action.UPDATE: _("Diubah"),
    LogEntry.Action.DELETE: _("Dihapus"),
    LogEntry.Action.ACCESS: _("Dibuka"),
}


# The staff user whose request is running (staff.middleware), None everywhere else.
_staff_actor: ContextVar = ContextVar("staff_audit_actor", default=None)


@contextmanager
def staff_changes(user):
    """Record the changes made inside the block as `user`'s (a staff user's request)."""
    token = _staff_actor.set(user)
    try:
        yield
    finally:
        _staff_actor.reset(token)


def _only_staff_changes(sender, instance, action, **kwargs):
    # auditlog skips the entry when a pre_log receiver answers False.
    return _staff_actor.get() is not None


def register_models() -> None:
    """Register the audited models with auditlog and keep deleted members' data out of the log."""
    pre_log.connect(_only_staff_changes, dispatch_uid="core.audit.only_staff")
    for label, options in AUDITED_MODELS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # an optional app (notifications) not installed here
        if not auditlog.contains(model):
            auditlog.register(
                model, **{k: (set(v) if k == "m2m_fields" else list(v)) for k, v in options.items()}
            )
    # Cleaning the log follows every path that anonymises a profile or deletes an account (the
    # members app's services, the admin), so it hangs on the rows' signals, not on one service.
    MemberProfile = apps.get_model("members.MemberProfile")
    post_save.connect(_forget_deleted_member, sender=MemberProfile, dispatch_uid="core.audit.member")
    post_delete.connect(
        _forget_deleted_user, sender=apps.get_model("members.User"), dispatch_uid="core.audit.user"
    )


def audit_redact(*, instance, fields=None) -> int:
    """Blank the personal values recorded for `instance` (all of PERSONAL_FIELDS by default)."""
    label = instance._meta.label
    fields = set(fields or PERSONAL_FIELDS.get(label, ()))
    changed = 0
    for entry in LogEntry.objects.get_for_object(instance):
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in fields & set(changes):
            value = changes[name]
            if isinstance(value, list):
                changes[name] = [REDACTED if v not in (None, "None", "") else v for v in value]
        entry.changes = changes
        entry.changes_text = ""
        entry.serialized_data = None
        entry.object_repr = REDACTED
        entry.save(update_fields=["changes", "changes_text", "serialized_data", "object_repr"])
        changed += 1
    return changed


def _forget_deleted_member(sender, instance, **kwargs):
    if instance.status == "deleted":
        audit_redact(instance=instance)


def _forget_deleted_user(sender, instance, **kwargs):
    audit_redact(instance=instance)


# ------------------------------------------------------------------------------------------------
# Reading the log
# ------------------------------------------------------------------------------------------------
def _display(value) -> str:
    if value in (None, "None", ""):
        return "—"
    return str(value)


def _changes(entry: LogEntry) -> list[dict]:
    """Each field's change of one entry, with the field's name and values as the admin shows them."""
    recorded = entry.changes if isinstance(entry.changes, dict) else {}
    model = entry.content_type.model_class()
    changes = []
    for name, values in recorded.items():
        if isinstance(values, dict):  # many-to-many: {"operation": "add", "objects": [...]}
            operation = _("ditambah") if values.get("operation") == "add" else _("dilepas")
            objects = ", ".join(str(o) for o in values.get("objects", []))
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except (AttributeError, FieldDoesNotExist):
                label = name
            changes.append({"field": label, "before": "", "after": f"{operation}: {objects}"})
    # auditlog's own display: verbose names, choice labels, local times, related objects' names.
    plain = copy(entry)
    plain.changes = {k: v for k, v in recorded.items() if not isinstance(v, dict)}
    for field, values in plain.changes_display_dict.items():
        before, after = [*list(values), "", ""][:2]
        changes.append({"field": str(field), "before": _display(before), "after": _display(after)})
    return changes


def audit_entries_for(instance) -> list[dict]:
    """The log of one object, newest first, ready to show: when, who, what, and each field's change."""
    entries = LogEntry.objects.get_for_object(instance).select_related("actor").order_by("-timestamp", "-pk")
    return [audit_entry(entry) for entry in entries]


def audit_entry(entry: LogEntry) -> dict:
    """One entry of the log, ready to show: when, who, what, and each field's change."""
    return {
        "when": timezone.localtime(entry.timestamp),
        "who": entry.actor_email or (str(entry.actor) if entry.actor_id else _("Sistem")),
        "action": ACTION_LABELS.get(entry.action, entry.action),
        "changes": _changes(entry),
        "remote_addr": entry.remote_addr or "",
    }


class AuditHistoryMixin:
    """A ModelAdmin whose "Riwayat" page lists the audit log of the object (who, when, before → after)."""

    object_history_template = "admin/staff/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        from django.contrib.admin.utils import unquote

        obj = self.get_object(request, unquote(object_id))
        entries = (
            audit_entries_for(obj)
            if obj is not None and self.has_view_or_change_permission(request, obj)
            else []
        )
        context = {"audit_entries": entries, **(extra_context or {})}
        if obj is not None:
            context.setdefault("title", _("Riwayat perubahan: %(name)s") % {"name": obj})
        return super().history_view(request, object_id, extra_context=context)
