"""Input shapes of the member pages: few fields, plain Bahasa Indonesia, every error with a code."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import SeenField
from core.forms import PhoneField
from shops.models import Shop

from .models import MemberProfile
from .services import member_profile_seen


def _display_name_field(**kwargs):
    return forms.CharField(
        max_length=80,
        min_length=2,
        error_messages={
            "required": _("Tulis nama Anda."),
            "min_length": _("Nama terlalu pendek."),
            "max_length": _("Nama terlalu panjang (paling banyak %(limit_value)d huruf)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        **kwargs,
    )


class JoinForm(forms.Form):
    """Ask to join a village."""

    shop = forms.ModelChoiceField(
        label=_("Desa Anda"),
        queryset=Shop.objects.none(),
        empty_label=_("— Pilih desa —"),
        error_messages={
            "required": _("Pilih desa Anda."),
            "invalid_choice": _("Pilih salah satu desa dari daftar."),
        },
    )
    display_name = _display_name_field(
        label=_("Nama Anda"), help_text=_("Nama yang dikenal orang di desa, misalnya Bu Siti.")
    )
    phone = PhoneField(error_messages={"required": _("Tulis nomor WhatsApp Anda.")})
    story = forms.CharField(
        label=_("Dulu bekerja di mana? (boleh dikosongkan)"),
        help_text=_("Satu kalimat saja, misalnya: 6 tahun di Hong Kong."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Terlalu panjang (paling banyak %(limit_value)d huruf).")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shop"].queryset = Shop.objects.active().order_by("name")
        # Two villages share Kecamatan Ambulu, and one is called Ambulu: name the kecamatan.
        self.fields["shop"].label_from_instance = lambda shop: (
            _("%(village)s (Kec. %(kecamatan)s)")
            % {
                "village": shop.name,
                "kecamatan": shop.kecamatan,
            }
        )


class ProfileForm(forms.Form):
    """Her profile and her consent to show each part of it."""

    display_name = _display_name_field(label=_("Nama tampilan"))
    photo = forms.FileField(
        label=_("Foto (boleh dikosongkan)"),
        help_text=_("Ambil dengan kamera atau pilih dari galeri. Lokasi di dalam foto dihapus."),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Hapus foto saya"), required=False)
    story = forms.CharField(
        label=_("Cerita Anda (boleh dikosongkan)"),
        help_text=_("Misalnya: berapa tahun dan di negara mana dulu bekerja, apa yang Anda buat sekarang."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Cerita terlalu panjang (paling banyak %(limit_value)d huruf).")},
    )
    phone = PhoneField(required=False)
    consent_public_profile = forms.BooleanField(
        label=_("Tampilkan nama saya dan halaman profil saya untuk umum"), required=False
    )
    consent_show_photo = forms.BooleanField(label=_("Tampilkan foto saya"), required=False)
    consent_show_story = forms.BooleanField(label=_("Tampilkan cerita saya"), required=False)
    consent_show_phone = forms.BooleanField(
        label=_("Tampilkan nomor WhatsApp saya agar pembeli bisa menghubungi"), required=False
    )

    # Her profile as the form showed it: saving writes only what she changed (core.concurrency).
    seen = SeenField()

    CONSENT_FIELDS = (
        "consent_public_profile",
        "consent_show_photo",
        "consent_show_story",
        "consent_show_phone",
    )

    @classmethod
    def initial_for(cls, member: MemberProfile) -> dict:
        return {
            "display_name": member.display_name,
            "story": member.story,
            "phone": member.phone,
            **{name: getattr(member, name) for name in cls.CONSENT_FIELDS},
            "seen": member_profile_seen(member),
        }

    def consent_fields(self):
        return [self[name] for name in self.CONSENT_FIELDS]


class RejectForm(forms.Form):
    """Why the ketua refuses a request (optional; the woman sees it)."""

    reason = forms.CharField(
        label=_("Alasan (boleh dikosongkan, akan dibaca oleh yang mendaftar)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Alasan terlalu panjang (paling banyak %(limit_value)d huruf).")},
    )


class KetuaMemberAddForm(forms.Form):
    """A member without email or smartphone, registered by her ketua."""

    display_name = _display_name_field(label=_("Nama anggota"))
    phone = PhoneField(
        label=_("Nomor WhatsApp atau HP (boleh dikosongkan)"),
        required=False,
    )


class HandlesOrdersForm(forms.Form):
    """Whether a member handles the village's orders (a yes/no button)."""

    value = forms.TypedChoiceField(
        choices=[("1", _("Ya")), ("0", _("Tidak"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("Pilih ya atau tidak."), "invalid_choice": _("Pilih ya atau tidak.")},
    )


class DeleteAccountForm(forms.Form):
    """Deleting is final: she ticks that she understands."""

    confirm = forms.BooleanField(
        label=_("Saya mengerti: akun saya dihapus dan tidak bisa dikembalikan."),
        error_messages={"required": _("Centang kotak ini jika Anda yakin ingin menghapus akun.")},
    )


def _say_kata_sandi(form, name):
    """
    allauth's "Password" label is also Django's, whose Indonesian ("Sandi") comes first among the
    installed apps: the field says "Kata sandi", as allauth's own words and ours do.
    """
    field = form.fields.get(name)
    if field is not None:
        field.label = _("Kata sandi")
        field.widget.attrs["placeholder"] = _("Kata sandi")


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _say_kata_sandi(self, "password")


class SetPasswordForm(AllauthSetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _say_kata_sandi(self, "password1")


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, with the password rules in one plain sentence instead of a list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _say_kata_sandi(self, "password1")
        if "password1" in self.fields:
            self.fields["password1"].help_text = _(
                "Paling sedikit 8 huruf atau angka, tidak hanya angka, dan tidak mudah ditebak "
                "(bukan 12345678 atau alamat email Anda)."
            )
