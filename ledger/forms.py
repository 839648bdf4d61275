"""Input shapes of the payout desk and the kas setting; every error has a code."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PastDateField, RupiahField

from .models import Payout


class PayoutForm(forms.Form):
    """Uang diserahkan ke anggota: to whom, how much, how, when, and the signed slip if there is one."""

    label_suffix = ""

    member = forms.TypedChoiceField(
        label=_("Anggota"),
        coerce=int,
        error_messages={
            "required": _("Pilih anggota yang menerima uang."),
            "invalid_choice": _("Pilih anggota dari daftar."),
        },
    )
    amount = RupiahField(label=_("Jumlah (Rp)"), error_messages={"required": _("Tulis jumlah uangnya.")})
    method = forms.ChoiceField(
        label=_("Cara"),
        choices=Payout.Method.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih cara: tunai atau transfer."),
            "invalid_choice": _("Pilih cara dari daftar."),
        },
    )
    paid_on = PastDateField(
        label=_("Tanggal diserahkan"), error_messages={"required": _("Tulis tanggal uang diserahkan.")}
    )
    slip = forms.FileField(
        label=_("Foto slip yang ditandatangani (tidak wajib)"),
        required=False,
        help_text=_("Hanya dilihat anggota itu dan ketua."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, members, **kwargs):
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("— pilih anggota —"))] + [
            (m.pk, m.display_name) for m in members
        ]


class KasForm(forms.Form):
    """The village's kas percentage, for sales counted from now on."""

    label_suffix = ""

    percent = forms.IntegerField(
        label=_("Persen kas desa dari setiap penjualan"),
        min_value=0,
        max_value=100,
        help_text=_("Berlaku untuk penjualan yang dihitung setelah diubah. 0 berarti tanpa kas."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Tulis persen kas, 0 sampai 100."),
            "invalid": _("Tulis angka bulat, 0 sampai 100."),
            "min_value": _("Paling kecil 0."),
            "max_value": _("Paling besar 100."),
        },
    )
