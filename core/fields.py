"""Model fields every app uses."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .phone import validate_normalised_phone


class PhoneNumberField(models.CharField):
    """
    An Indonesian WhatsApp number stored as +628…; every form for it (the admin's too) accepts
    what people type (0812-3456-7890, +62 812 …) through core.forms.PhoneField.

    Migrations see a plain CharField (deconstruct), so the field adds no migration of its own.
    """

    def __init__(self, verbose_name=None, **kwargs):
        verbose_name = verbose_name or _("nomor WhatsApp")
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("validators", [validate_normalised_phone])
        super().__init__(verbose_name, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs

    def formfield(self, **kwargs):
        from .forms import PhoneField

        defaults = {"form_class": PhoneField, "label": self.verbose_name}
        if self.blank:
            defaults["required"] = False
        return super().formfield(**{**defaults, **kwargs})


def actor_field(verbose_name=None) -> models.ForeignKey:
    """
    The account that did something to a row (decided, hid, replied, recorded, uploaded…).

    The row outlives the account (SET_NULL: a deleted account leaves the record, without its
    author) and the account gets no reverse accessor: nobody asks an account for what it did here.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
