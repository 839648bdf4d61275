"""Form fields every app uses: a WhatsApp number, a rupiah amount, a past day, a line of words."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .money import parse_rupiah, thousands
from .phone import normalise_phone
from .text import one_line


class PhoneField(forms.CharField):
    """A WhatsApp number as people type it (0812-3456-7890, +62 812…), cleaned to +62…."""

    widget = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("label", _("Nomor WhatsApp"))
        kwargs.setdefault("help_text", _("Contoh: 0812-3456-7890"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        # normalise_phone raises ValidationError(code="invalid_phone") with a plain message.
        return normalise_phone(value) if value else ""


class RupiahField(forms.CharField):
    """A whole-rupiah amount typed by a person; stored as an integer."""

    def __init__(self, *, min_value=1, max_value=100_000_000, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return thousands(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        amount = parse_rupiah(value)
        if amount < self.min_value:
            raise forms.ValidationError(_("Harga harus lebih dari Rp0."), code="price_too_low")
        if amount > self.max_value:
            raise forms.ValidationError(
                _("Harga terlalu besar. Periksa lagi angkanya."), code="price_too_high"
            )
        return amount


class OneLineField(forms.CharField):
    """Words kept on one line: line breaks and runs of spaces become one space (after the usual checks)."""

    def clean(self, value):
        return one_line(super().clean(value))


class PastDateField(forms.DateField):
    """A day that has come (today or before), picked in the browser's date picker."""

    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    default_error_messages = {
        "invalid": _("Tanggal tidak benar, misalnya 2026-12-01."),
        "future": _("Tanggal tidak boleh di masa depan."),
    }

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(self.error_messages["future"], code="future")


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names (the others above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
