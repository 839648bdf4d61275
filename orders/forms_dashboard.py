"""Input shapes of the village's order desk; every error has a code."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import OneLineField, PastDateField

from .models import Order


class _Form(forms.Form):
    # Labels without Django's trailing colon: most of these fields are checkboxes and short phrases.
    label_suffix = ""


def _reason_for_buyer(label, *, required_message, help_text=""):
    """Why the village refuses or stops something: the buyer reads it, on one line, 300 letters at most."""
    return OneLineField(
        label=label,
        max_length=300,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": required_message,
            "max_length": _("Alasan terlalu panjang (paling banyak %(limit_value)d huruf)."),
        },
    )


# ------------------------------------------------------------------------------------------------
# Order steps that need a few words
# ------------------------------------------------------------------------------------------------
class ShipForm(_Form):
    """Kirim: who carries it and, for a courier, the tracking number (resi)."""

    courier_name = OneLineField(
        label=_("Nama kurir atau pengantar (tidak wajib)"),
        max_length=60,
        required=False,
        error_messages={"max_length": _("Nama kurir terlalu panjang (paling banyak %(limit_value)d huruf).")},
    )
    tracking_number = forms.CharField(
        label=_("Nomor resi (tidak wajib)"),
        max_length=60,
        required=False,
        error_messages={"max_length": _("Nomor resi terlalu panjang (paling banyak %(limit_value)d huruf).")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        if order.delivery_method == Order.Delivery.COURIER:
            courier, tracking = self.fields["courier_name"], self.fields["tracking_number"]
            courier.required = tracking.required = True
            courier.label = _("Nama kurir")
            courier.help_text = _("Misalnya JNE, J&T, SiCepat, Pos Indonesia.")
            courier.error_messages["required"] = _("Tulis nama kurirnya, misalnya JNE atau J&T.")
            tracking.label = _("Nomor resi")
            tracking.help_text = _("Ada di struk dari kurir. Pembeli memakainya untuk melacak paket.")
            tracking.error_messages["required"] = _("Tulis nomor resi dari kurir.")

    def clean_tracking_number(self):
        return "".join(self.cleaned_data["tracking_number"].split()).upper()


class CancelForm(_Form):
    """Batalkan: the reason goes to the buyer."""

    reason = _reason_for_buyer(
        _("Alasan pembatalan (dibaca pembeli)"),
        required_message=_("Tulis alasan pembatalan untuk pembeli."),
    )


class ResolveComplaintForm(_Form):
    """Komplain selesai: what was done, for the record."""

    note = OneLineField(
        label=_("Apa penyelesaiannya? (tidak wajib)"),
        max_length=250,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Catatan terlalu panjang (paling banyak %(limit_value)d huruf).")},
    )


class RejectReceiptForm(_Form):
    """Bukti tidak valid: the buyer reads why and what to do."""

    reason = _reason_for_buyer(
        _("Kenapa bukti ini tidak valid? (dibaca pembeli)"),
        required_message=_("Tulis alasan bukti tidak valid untuk pembeli."),
        help_text=_("Misalnya: foto buram, nominal tidak sama, atau transfer belum masuk ke rekening desa."),
    )


class RefundForm(_Form):
    """Dana sudah dikembalikan: when, how, to which account, and a photo of the proof if there is one."""

    date = PastDateField(
        label=_("Tanggal dana dikirim"),
        error_messages={
            "required": _("Tulis tanggal dana dikirim."),
            "future": _("Tanggal pengembalian tidak boleh di masa depan."),
        },
    )
    method = forms.ChoiceField(
        label=_("Cara pengembalian"),
        choices=Order.RefundMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih cara pengembalian."),
            "invalid_choice": _("Pilih cara pengembalian dari daftar."),
        },
    )
    account = OneLineField(
        label=_("Dikirim ke (bank/dompet digital, nomor, atas nama)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Terlalu panjang (paling banyak %(limit_value)d huruf).")},
    )
    proof = forms.FileField(
        label=_("Foto bukti pengembalian (tidak wajib)"),
        required=False,
        help_text=_("Hanya dilihat pembeli dan pengurus desa."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, order: Order, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "account": order.refund_account})
        super().__init__(*args, **kwargs)
        self.order = order

    def clean(self):
        data = super().clean()
        if data.get("method") in (Order.RefundMethod.TRANSFER, Order.RefundMethod.EWALLET) and not data.get(
            "account"
        ):
            self.add_error(
                "account",
                ValidationError(_("Tulis rekening atau nomor tujuan pengembalian."), code="account_required"),
            )
        return data
