"""Input shapes: the public catalog filters and the seller's product form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.concurrency import SeenField
from core.forms import RupiahField

from . import permits
from .models import Category, Product
from .selectors import MAX_QUERY_LENGTH, CatalogFilters, Sort

SORT_CHOICES = [
    (Sort.NEWEST, _("Terbaru")),
    (Sort.CHEAPEST, _("Termurah")),
    (Sort.DEAREST, _("Termahal")),
]


class CatalogFilterForm(forms.Form):
    """
    Search and filter parameters from the query string.

    A visitor's nonsense (`harga_min=abc`, an unknown village, a huge query) must never break the
    page: each invalid field is simply left out of the filters, the rest still applies.
    """

    q = forms.CharField(label=_("Cari produk"), required=False)
    kategori = forms.ChoiceField(label=_("Kategori"), required=False)
    desa = forms.ChoiceField(label=_("Desa"), required=False)
    harga_min = forms.IntegerField(
        label=_("Harga terendah (Rp)"), required=False, min_value=0, max_value=10**9
    )
    harga_max = forms.IntegerField(
        label=_("Harga tertinggi (Rp)"), required=False, min_value=0, max_value=10**9
    )
    tersedia = forms.BooleanField(label=_("Hanya yang ada stok"), required=False)
    urut = forms.ChoiceField(label=_("Urutkan"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, categories, shops, fixed_category=None, fixed_shop=None):
        super().__init__(data)
        self.categories = {c.slug: c for c in categories}
        self.shops = {s.slug: s for s in shops}
        self.fixed_category = fixed_category
        self.fixed_shop = fixed_shop
        self.fields["kategori"].choices = [("", _("Semua kategori"))] + [(c.slug, c.name) for c in categories]
        self.fields["desa"].choices = [("", _("Semua desa"))] + [(s.slug, s.name) for s in shops]
        if data.get("q"):
            self.fields["urut"].choices = [(Sort.RELEVANT, _("Paling cocok")), *SORT_CHOICES]
        if fixed_category is not None:
            del self.fields["kategori"]
        if fixed_shop is not None:
            del self.fields["desa"]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_LENGTH]

    def filters(self) -> CatalogFilters:
        """The valid part of what was asked, as CatalogFilters."""
        self.is_valid()
        data = self.cleaned_data
        q = data.get("q", "")
        default_sort = Sort.RELEVANT if q else Sort.NEWEST
        price_min, price_max = data.get("harga_min"), data.get("harga_max")
        if price_min is not None and price_max is not None and price_min > price_max:
            price_min, price_max = price_max, price_min
        return CatalogFilters(
            q=q,
            category=self.fixed_category or self.categories.get(data.get("kategori") or ""),
            shop=self.fixed_shop or self.shops.get(data.get("desa") or ""),
            price_min=price_min,
            price_max=price_max,
            in_stock=bool(data.get("tersedia")),
            sort=data.get("urut") or default_sort,
        )


# ----------------------------------------------------------------------------------------------
# Seller dashboard
# ----------------------------------------------------------------------------------------------


def stock_field(**kwargs):
    """How many are in stock, 0 to 100.000, with a plain message for each mistake."""
    return forms.IntegerField(
        label=_("Stok"),
        min_value=0,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Tulis jumlah stok."),
            "invalid": _("Tulis stok sebagai angka, misalnya 10."),
            "min_value": _("Stok tidak boleh kurang dari 0."),
            "max_value": _("Stok terlalu besar. Periksa lagi angkanya."),
        },
        **kwargs,
    )


def permit_field(label, help_text, *, example, max_length=60, numeric=False):
    """A permit or certificate number as printed on the label; `help_text` names the `example`."""
    attrs = {"inputmode": "numeric", "autocomplete": "off"} if numeric else {"autocomplete": "off"}
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
        help_text=format_lazy(help_text, example=example),
    )


# What only a jamu, or only a masker/APD, has: cleared when the product is of another kind.
JAMU_FIELDS = (
    "pirt_number",
    "bpom_number",
    "halal_status",
    "halal_number",
    "production_date",
    "expiry_date",
)
APD_FIELDS = ("kemenkes_permit", "material", "size")


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class ProductForm(forms.ModelForm):
    """The one short product form; jamu and masker/APD fields sit in their own fieldsets."""

    price = RupiahField(label=_("Harga (Rp)"), help_text=_("Contoh: 25.000"))
    stock = stock_field()
    weight_grams = forms.IntegerField(
        label=_("Berat (gram)"),
        min_value=1,
        max_value=100_000,
        initial=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    # Wider than the model: people type separators and the printed prefix, which the clean methods
    # remove (products.permits); what cannot be a number is refused and stays in the field as typed.
    pirt_number = permit_field(
        _("Nomor P-IRT"),
        _("15 angka seperti di label, misalnya {example}."),
        example=permits.PIRT_EXAMPLE,
        max_length=40,
        numeric=True,
    )
    bpom_number = permit_field(
        _("Nomor BPOM"),
        _("Seperti di label, misalnya {example}."),
        example=permits.BPOM_EXAMPLE,
        max_length=40,
    )
    halal_number = permit_field(
        _("Nomor sertifikat halal"),
        _("Dari sertifikat BPJPH (SIHALAL), diawali ID, misalnya {example}."),
        example=permits.HALAL_EXAMPLE,
    )
    kemenkes_permit = permit_field(
        _("Izin edar Kemenkes"),
        _(
            "AKD/AKL = alat kesehatan (masker medis, APD medis), misalnya {example}. PKD/PKL = "
            "perbekalan rumah tangga, bukan medis. Tanpa izin, kosongkan: dijual sebagai non-medis."
        ),
        example=permits.KEMENKES_EXAMPLE,
    )
    # The files themselves are staged by the view through the image pipeline (content-checked,
    # re-encoded); this field only renders the input and carries the messages.
    photos = forms.Field(
        label=_("Foto produk"),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Ambil foto langsung dari kamera. Boleh lebih dari satu."),
    )

    # The product as the form showed it (services.product_snapshot), so saving writes only what
    # she changed and never puts back stock that sold meanwhile.
    seen = SeenField()

    class Meta:
        model = Product
        fields = [
            "name",
            "category",
            "made_by",
            "price",
            "stock",
            "unit",
            "weight_grams",
            "description",
            *JAMU_FIELDS,
            *APD_FIELDS,
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "production_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expiry_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, member, categories, makers=None, sized=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        # Sold in sizes: price and stock are typed per size (VariantFormSet), not here.
        self.sized = sized
        if sized:
            self.fields["price"].required = self.fields["stock"].required = False
        self.fields["category"].queryset = Category.objects.all()
        self.fields["category"].choices = [("", _("Pilih kategori"))] + [(c.pk, c.name) for c in categories]
        self.fields["category"].error_messages["invalid_choice"] = _("Pilih kategori dari daftar.")
        self.category_kinds = {str(c.pk): c.kind for c in categories}
        if member.is_ketua and makers is not None:
            self.fields["made_by"].queryset = type(member).objects.filter(pk__in=[m.pk for m in makers])
            self.fields["made_by"].choices = [(m.pk, m.display_name) for m in makers]
            self.fields["made_by"].required = True
            self.fields["made_by"].label = _("Dibuat oleh")
            self.fields["made_by"].error_messages["invalid_choice"] = _(
                "Pilih anggota desa Anda yang membuat produk ini."
            )
            if not self.instance.pk and not self.is_bound:
                self.initial.setdefault("made_by", member.pk)
        else:
            del self.fields["made_by"]
        self.fields["name"].error_messages["required"] = _("Tulis nama produk.")
        self.fields["price"].error_messages["required"] = _("Tulis harga produk.")
        self.fields["category"].error_messages["required"] = _("Pilih kategori.")

    def clean_pirt_number(self):
        return permits.clean_pirt(self.cleaned_data.get("pirt_number"))

    def clean_bpom_number(self):
        return permits.clean_bpom(self.cleaned_data.get("bpom_number"))

    def clean_halal_number(self):
        return permits.clean_halal(self.cleaned_data.get("halal_number"))

    def clean_kemenkes_permit(self):
        return permits.clean_kemenkes(self.cleaned_data.get("kemenkes_permit"))

    def clean(self):
        data = super().clean()
        category = data.get("category")
        kind = category.kind if category else None
        # Fields of another kind are cleared, so a jamu never carries a Kemenkes permit by mistake;
        # a number refused there (typed before she changed the category) no longer stands in her way.
        if kind != Category.Kind.JAMU:
            for name in JAMU_FIELDS:
                data[name] = None if name.endswith("_date") else ""
                self._errors.pop(name, None)
        if kind not in (Category.Kind.MASKER, Category.Kind.APD):
            for name in APD_FIELDS:
                data[name] = ""
                self._errors.pop(name, None)
        if data.get("halal_number") and not data.get("halal_status"):
            self.add_error(
                "halal_status",
                forms.ValidationError(
                    _("Pilih jenis sertifikat halalnya: reguler atau pernyataan mandiri."),
                    code="halal_status_required",
                ),
            )
        production, expiry = data.get("production_date"), data.get("expiry_date")
        if production and expiry and expiry < production:
            self.add_error(
                "expiry_date",
                forms.ValidationError(
                    _("Tanggal kedaluwarsa harus sesudah tanggal produksi."), code="expiry_before_production"
                ),
            )
        if production and production > timezone.localdate():
            self.add_error(
                "production_date",
                forms.ValidationError(
                    _("Tanggal produksi tidak boleh di masa depan."), code="production_in_future"
                ),
            )
        return data


# ------------------------------------------------------------------------------------------------
# Sizes (issue #16): one step on the same form, "Tambah ukuran" adds a row without JavaScript
# ------------------------------------------------------------------------------------------------
class VariantOptionsForm(forms.Form):
    """The names of the product's options ("Ukuran"; a second one such as "Rasa" if needed)."""

    option1_name = forms.CharField(
        label=_("Nama pilihan"),
        required=False,
        max_length=30,
        help_text=_("Misalnya Ukuran atau Isi. Kosongkan jika produk ini hanya satu macam."),
    )
    option2_name = forms.CharField(
        label=_("Pilihan kedua (boleh kosong)"),
        required=False,
        max_length=30,
        help_text=_("Misalnya Rasa. Hanya jika ada dua pilihan sekaligus."),
    )


class VariantForm(forms.Form):
    """One size: its value, price and stock; an empty row is ignored."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    option1 = forms.CharField(label=_("Ukuran"), required=False, max_length=40)
    option2 = forms.CharField(label=_("Pilihan kedua"), required=False, max_length=40)
    price = RupiahField(label=_("Harga (Rp)"), required=False)
    stock = stock_field(required=False)
    # The stock as the form showed it: saving writes the stock only when she changed it, so a size
    # sold meanwhile is never put back (as the product's own stock field does through `seen`).
    seen_stock = forms.IntegerField(required=False, widget=forms.HiddenInput)
    image = forms.TypedChoiceField(
        label=_("Foto ukuran ini (boleh kosong)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One of the product's photos, by its place on the form ("Foto 2"): shown when she picks it.
        self.fields["image"].choices = [("", _("Foto produk"))] + [
            (photo.pk, _("Foto %(n)d") % {"n": n}) for n, photo in enumerate(photos, start=1)
        ]

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return (
            not (data.get("option1") or "").strip()
            and data.get("price") is None
            and data.get("stock") is None
        )

    def clean(self):
        data = super().clean()
        if self.is_blank() or data.get("DELETE"):
            return data
        if not (data.get("option1") or "").strip():
            self.add_error("option1", ValidationError(_("Tulis ukurannya, misalnya L."), code="required"))
        if data.get("price") is None and "price" not in self.errors:
            self.add_error("price", ValidationError(_("Tulis harga ukuran ini."), code="required"))
        if data.get("stock") is None and "stock" not in self.errors:
            self.add_error("stock", ValidationError(_("Tulis stok ukuran ini."), code="required"))
        return data


class BaseVariantFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if form.is_blank() or form.cleaned_data.get("DELETE"):
                continue
            key = (
                form.cleaned_data["option1"].strip().lower(),
                (form.cleaned_data["option2"] or "").strip().lower(),
            )
            if key in seen:
                form.add_error(
                    "option1", ValidationError(_("Ukuran ini sudah ada di baris lain."), code="duplicate")
                )
            seen.add(key)

    def filled(self) -> list:
        """The rows to save (not blank, not marked Hapus), in the order shown."""
        return [f for f in self.forms if not f.is_blank() and not f.cleaned_data.get("DELETE")]


MAX_VARIANTS = 30
VariantFormSet = forms.formset_factory(
    VariantForm,
    formset=BaseVariantFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_VARIANTS,
    absolute_max=MAX_VARIANTS,
    validate_max=True,
)


class StockForm(forms.Form):
    stock = stock_field()


class StockAlertForm(forms.Form):
    """ "Ingatkan saya": an email (a logged-in buyer may leave it empty: her own is used)."""

    email = forms.EmailField(
        label=_("Email Anda"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Alamat email tidak benar, misalnya nama@contoh.com.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"]
        if not email and not (self.user is not None and self.user.is_authenticated):
            raise ValidationError(_("Tulis alamat email Anda."), code="required")
        return email
