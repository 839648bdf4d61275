from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shops.models import Shop

from .selectors import ReportRange

MAX_DAYS = 5 * 366


class ReportFilterForm(forms.Form):
    """The report's date range (both days included) and, optionally, one village."""

    dari = forms.DateField(
        label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    desa = forms.ModelChoiceField(
        label=_("Desa"),
        queryset=Shop.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Semua desa"),
    )

    @classmethod
    def from_query(cls, query) -> "ReportFilterForm":
        """Bound to the query string, this year when it gives no dates."""
        data = query.copy()
        default = ReportRange.this_year(timezone.localdate())
        if not data.get("dari"):
            data["dari"] = default.start.isoformat()
        if not data.get("sampai"):
            data["sampai"] = default.end.isoformat()
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("dari"), cleaned.get("sampai")
        if isinstance(start, date) and isinstance(end, date):
            if start > end:
                raise ValidationError(_("Tanggal awal harus sebelum tanggal akhir."), code="reversed")
            if (end - start).days > MAX_DAYS:
                raise ValidationError(_("Rentang paling panjang 5 tahun."), code="too_long")
        return cleaned

    @property
    def report_range(self) -> ReportRange:
        return ReportRange(
            self.cleaned_data["dari"], self.cleaned_data["sampai"], self.cleaned_data.get("desa")
        )
