"""Input shapes of the ketua's village settings; every error has a code."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.concurrency import parse_seen
from core.forms import PhoneField, RupiahField

from .services import FEE_FIELDS, MAX_FEE, SETTINGS_FIELDS, shop_seen


class _Form(forms.Form):
    # Labels without Django's trailing colon: most of these fields are checkboxes and short phrases.
    label_suffix = ""


def _fee_field(label):
    return RupiahField(
        label=label,
        min_value=0,
        max_value=MAX_FEE,
        required=False,
        help_text=_("Dalam rupiah, misalnya 10.000. Tulis 0 jika gratis."),
    )


def _text(label, max_length, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        error_messages={"max_length": _("Terlalu panjang (paling banyak %(limit_value)d huruf).")},
        **kwargs,
    )


class ShopSettingsForm(_Form):
    """How orders reach buyers and how buyers pay; the village's WhatsApp number and story."""

    offers_pickup = forms.BooleanField(label=_("Pembeli boleh mengambil di desa (gratis)"), required=False)
    pickup_address = _text(
        _("Alamat pengambilan"), 200, help_text=_("Misalnya: Balai Desa Sabrang, Jl. Raya Ambulu 12.")
    )
    offers_local_delivery = forms.BooleanField(
        label=_("Desa mengantar sendiri ke sekitar desa"), required=False
    )
    local_delivery_fee = _fee_field(_("Ongkos antar lokal (Rp)"))
    local_delivery_area = _text(
        _("Wilayah antar lokal"), 200, help_text=_("Misalnya: Kec. Ambulu dan sekitarnya.")
    )
    offers_courier = forms.BooleanField(label=_("Desa mengirim lewat kurir (JNE, J&T, dll.)"), required=False)
    courier_fee_jember = _fee_field(_("Ongkir ke Kab. Jember (Rp)"))
    courier_fee_jatim = _fee_field(_("Ongkir ke Jawa Timur lainnya (Rp)"))
    courier_fee_jawa = _fee_field(_("Ongkir ke Pulau Jawa lainnya (Rp)"))
    courier_fee_luar_jawa = _fee_field(_("Ongkir ke luar Jawa (Rp)"))

    accepts_transfer = forms.BooleanField(label=_("Terima transfer bank"), required=False)
    bank_name = _text(_("Nama bank"), 60, help_text=_("Misalnya BRI, BNI, Bank Jatim."))
    bank_account_number = _text(
        _("Nomor rekening"), 30, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    )
    bank_account_name = _text(_("Atas nama"), 80)
    accepts_cod = forms.BooleanField(
        label=_("Terima bayar di tempat (COD), untuk ambil di desa dan antar lokal"), required=False
    )
    accepts_qris = forms.BooleanField(label=_("Terima QRIS"), required=False)
    qris_image = forms.FileField(
        label=_("Gambar QRIS desa"),
        required=False,
        help_text=_("Foto atau tangkapan layar kode QRIS statis desa (JPEG, PNG atau WebP)."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    whatsapp = PhoneField(
        required=False,
        label=_("Nomor WhatsApp desa"),
        help_text=_("Pembeli menghubungi desa lewat nomor ini. Contoh: 0812-3456-7890."),
    )
    story = forms.CharField(
        label=_("Cerita desa"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tampil di halaman desa untuk pembeli."),
        error_messages={"max_length": _("Cerita terlalu panjang (paling banyak %(limit_value)d huruf).")},
    )

    # The settings as the form showed them: saving writes only what she changed (core.concurrency).
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    FEES_OF = {
        "offers_local_delivery": ("local_delivery_fee",),
        "offers_courier": (
            "courier_fee_jember",
            "courier_fee_jatim",
            "courier_fee_jawa",
            "courier_fee_luar_jawa",
        ),
    }

    @classmethod
    def initial_for(cls, shop) -> dict:
        return {**{name: getattr(shop, name) for name in SETTINGS_FIELDS}, "seen": shop_seen(shop)}

    def clean_seen(self):
        return parse_seen(self.cleaned_data["seen"])

    def clean(self):
        cleaned = super().clean()
        for switch, fees in self.FEES_OF.items():
            for name in fees:
                if name in cleaned and cleaned[name] is None and cleaned.get(switch):
                    self.add_error(
                        name, ValidationError(_("Tulis ongkosnya (0 jika gratis)."), code="fee_required")
                    )
        return cleaned

    def settings(self) -> dict:
        """The values for shops.services.shop_update_settings; an empty fee of an option left off is kept."""
        values = {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}
        for name in FEE_FIELDS:
            if values[name] is None:
                del values[name]
        if self.cleaned_data.get("qris_image"):
            values["qris_image"] = self.cleaned_data["qris_image"]
        return values
