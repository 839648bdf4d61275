"""Input shapes of buying: adding to the cart, the checkout, the buyer's order actions."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import OneLineField, PhoneField

from .exceptions import OptionNotOffered
from .models import Order
from .options import PROVINCES, check_options, deliveries_offered, payments_offered

QUANTITY_ERRORS = {
    "required": _("Tulis jumlahnya."),
    "invalid": _("Jumlah harus berupa angka, misalnya 2."),
    "min_value": _("Jumlah paling sedikit 1."),
    "max_value": _("Jumlah terlalu banyak (paling banyak %(limit_value)s)."),
}


class CartAddForm(forms.Form):
    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    # The size picked on the product page (issue #16); required only for a product sold in sizes.
    variant = forms.IntegerField(min_value=1, required=False, widget=forms.RadioSelect)
    quantity = forms.IntegerField(
        label=_("Jumlah"),
        min_value=1,
        max_value=settings.CART_MAX_QUANTITY,
        initial=1,
        error_messages=QUANTITY_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class BuyerForm(forms.Form):
    name = forms.CharField(
        label=_("Nama lengkap"), max_length=100, error_messages={"required": _("Tulis nama Anda.")}
    )
    phone = PhoneField(
        help_text=_("Contoh: 0812-3456-7890. Desa akan menghubungi Anda lewat nomor ini."),
        error_messages={"required": _("Tulis nomor WhatsApp Anda.")},
    )
    email = forms.EmailField(
        label=_("Email (tidak wajib)"),
        required=False,
        help_text=_("Untuk bukti pesanan lewat email."),
        error_messages={"invalid": _("Alamat email tidak benar, misalnya nama@contoh.com.")},
    )
    address_line = forms.CharField(
        label=_("Alamat (jalan, RT/RW, nomor rumah)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    address_village = forms.CharField(label=_("Desa/Kelurahan"), max_length=100, required=False)
    address_district = forms.CharField(label=_("Kecamatan"), max_length=100, required=False)
    address_city = forms.CharField(
        label=_("Kabupaten/Kota"),
        max_length=100,
        error_messages={"required": _("Tulis kabupaten atau kota.")},
    )
    address_province = forms.ChoiceField(
        label=_("Provinsi"),
        choices=[("", _("Pilih provinsi"))] + [(p, p) for p in PROVINCES],
        error_messages={"required": _("Pilih provinsi."), "invalid_choice": _("Pilih provinsi dari daftar.")},
    )
    address_postcode = forms.RegexField(
        label=_("Kode pos"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("Kode pos terdiri dari 5 angka.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    note = forms.CharField(label=_("Catatan untuk desa (tidak wajib)"), max_length=300, required=False)


def _radio(label, choices, *, required, invalid) -> forms.ChoiceField:
    """One village's choice (delivery or payment) among what it offers."""
    return forms.ChoiceField(
        label=label,
        widget=forms.RadioSelect,
        choices=choices,
        error_messages={"required": required, "invalid_choice": invalid},
    )


class CheckoutForm(BuyerForm):
    """The buyer's details plus, per village in the cart, a delivery and a payment choice."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            shop = group.shop
            self.fields[f"delivery_{shop.pk}"] = _radio(
                _("Cara terima"),
                [(d, Order.Delivery(d).label) for d in deliveries_offered(shop)],
                required=_("Pilih cara terima pesanan."),
                invalid=_("Desa ini tidak menyediakan pilihan itu."),
            )
            self.fields[f"payment_{shop.pk}"] = _radio(
                _("Cara bayar"),
                [(p, Order.Payment(p).label) for p in payments_offered(shop)],
                required=_("Pilih cara bayar."),
                invalid=_("Desa ini tidak menerima pembayaran itu."),
            )

    def shop_fields(self):
        """(group, delivery field, payment field) for the template."""
        return [
            (group, self[f"delivery_{group.shop.pk}"], self[f"payment_{group.shop.pk}"])
            for group in self.groups
        ]

    def clean(self):
        data = super().clean()
        needs_address = False
        for group in self.groups:
            shop = group.shop
            delivery, payment = data.get(f"delivery_{shop.pk}"), data.get(f"payment_{shop.pk}")
            if delivery and payment:
                try:
                    check_options(shop, delivery=delivery, payment=payment)
                except OptionNotOffered as error:
                    self.add_error(
                        f"payment_{shop.pk}", ValidationError(str(error), code="option_not_offered")
                    )
            if delivery and delivery != Order.Delivery.PICKUP:
                needs_address = True
        if needs_address and not data.get("address_line"):
            self.add_error(
                "address_line",
                ValidationError(_("Tulis alamat lengkap untuk pengiriman."), code="address_required"),
            )
        return data

    def choices(self):
        from .services import ShopChoice

        return {
            group.shop.pk: ShopChoice(
                self.cleaned_data[f"delivery_{group.shop.pk}"], self.cleaned_data[f"payment_{group.shop.pk}"]
            )
            for group in self.groups
        }

    def buyer(self):
        from .services import BuyerDetails

        return BuyerDetails(
            **{name: self.cleaned_data[name] for name in BuyerForm.base_fields if name != "note"},
            note=self.cleaned_data["note"],
        )


class ReceiptForm(forms.Form):
    receipt = forms.FileField(
        label=_("Foto bukti transfer"),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={"required": _("Pilih foto bukti transfer.")},
    )


class ComplaintForm(forms.Form):
    text = forms.CharField(
        label=_("Apa masalahnya?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tulis apa masalahnya.")},
    )


class BuyerCancelForm(forms.Form):
    """The buyer confirms a cancellation; with money paid she says where it should go back."""

    reason = OneLineField(
        label=_("Alasan membatalkan (tidak wajib)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Alasan terlalu panjang (paling banyak %(limit_value)d huruf).")},
    )
    refund_account = OneLineField(
        label=_("Ke mana dana dikembalikan?"),
        max_length=200,
        help_text=_(
            "Nama bank atau dompet digital, nomor rekening, dan atas nama. Contoh: BRI 0123456789 a.n. Rina."
        ),
        error_messages={
            "required": _("Tulis rekening untuk pengembalian dana."),
            "max_length": _("Terlalu panjang (paling banyak %(limit_value)d huruf)."),
        },
    )

    def __init__(self, *args, needs_refund: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_refund:
            del self.fields["refund_account"]
