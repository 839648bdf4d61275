"""Input shapes of reviews: the buyer's stars, words and photos; the village's reply."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .services import MAX_PHOTOS, MAX_TEXT

STARS = [(n, _("%(n)d bintang") % {"n": n}) for n in (5, 4, 3, 2, 1)]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one file input (the phone's gallery lets her pick a few at once)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("Paling banyak %(n)d foto."), code="too_many_photos", params={"n": MAX_PHOTOS}
            )
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Nilai"),
        choices=STARS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih berapa bintang untuk produk ini."),
            "invalid_choice": _("Pilih 1 sampai 5 bintang."),
        },
    )
    text = forms.CharField(
        label=_("Ulasan (tidak wajib)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Ulasan paling panjang %(limit_value)d huruf.")},
    )
    photos = MultiplePhotoField(
        label=_("Foto (tidak wajib, paling banyak 3)"),
        required=False,
        error_messages={"invalid": _("File ini bukan foto."), "empty": _("File foto kosong.")},
    )

    def __init__(self, *args, item_id: int, **kwargs):
        # One form per order line on the page: the prefix keeps their ids apart.
        super().__init__(*args, prefix=f"item{item_id}", **kwargs)


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Balasan desa"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Tulis balasan untuk pembeli."),
            "max_length": _("Balasan paling panjang %(limit_value)d huruf."),
        },
    )
