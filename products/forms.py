"""Input shapes of the public catalog."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
