"""The statement upload and the column layout; input shape only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shops.models import Shop

from . import presets
from .reading import StatementError, kind_of, xlsx_rows

MAX_BYTES = 5 * 1024 * 1024


def _column(label, help_text=""):
    """The title of one of the statement's columns, as the file writes it (only for "Lain")."""
    return forms.CharField(label=label, max_length=60, required=False, help_text=help_text)


class MappingForm(forms.Form):
    preset = forms.ChoiceField(label=_("Bank dan bentuk berkas"), choices=presets.CHOICES)
    date_column = _column(
        _("Kolom tanggal"), help_text=_("Hanya untuk “Lain”: judul kolomnya, persis seperti di berkas.")
    )
    description_column = _column(_("Kolom keterangan"))
    amount_column = _column(
        _("Kolom jumlah"), help_text=_("Jumlah dengan tanda CR/DB atau minus untuk uang keluar.")
    )
    marker_column = _column(_("Kolom CR/DB (jika terpisah)"))
    credit_column = _column(_("Kolom kredit (jika uang masuk dan keluar di kolom terpisah)"))

    def clean(self):
        data = super().clean()
        if data.get("preset") == presets.CUSTOM:
            needed = {"date_column": _("kolom tanggal"), "description_column": _("kolom keterangan")}
            for name, label in needed.items():
                if not (data.get(name) or "").strip():
                    self.add_error(
                        name,
                        ValidationError(
                            _("Tulis judul %(label)s."), code="required", params={"label": label}
                        ),
                    )
            if (
                not (data.get("amount_column") or "").strip()
                and not (data.get("credit_column") or "").strip()
            ):
                self.add_error(
                    "amount_column",
                    ValidationError(_("Tulis judul kolom jumlah, atau kolom kredit."), code="no_amount"),
                )
        return data


class UploadForm(MappingForm):
    file = forms.FileField(
        label=_("Berkas mutasi (CSV atau Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        error_messages={
            "required": _("Pilih berkas mutasi rekening."),
            "empty": _("Berkas kosong. Unduh lagi mutasi rekening dari aplikasi bank."),
        },
    )
    field_order = ["shop", "file", "preset"]

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["shop"] = forms.ModelChoiceField(
                label=_("Desa"),
                queryset=Shop.objects.active().order_by("name"),
                to_field_name="slug",
                empty_label=None,
            )
            self.order_fields(self.field_order)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_BYTES:
            raise ValidationError(_("Berkas terlalu besar (paling besar 5 MB)."), code="too_big")
        content = uploaded.read()
        try:
            if kind_of(uploaded.name, content) == "xlsx":
                xlsx_rows(content)  # a broken workbook is refused here, not kept
        except StatementError as error:
            raise ValidationError(str(error), code=error.code) from None
        self.content = content
        return uploaded
