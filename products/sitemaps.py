"""
/sitemap.xml: every public product, village, category and consenting member's page, with lastmod.

Only what a visitor can open: published products (ProductQuerySet.published), active villages,
members who agreed to be shown (MemberProfile.objects.public). Drafts, hidden or archived products,
suspended makers and members without consent are never listed. Addresses use DJANGO_SITE_URL.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from members.models import MemberProfile
from shops.models import Shop

from .models import Category, Product


class _SiteSitemap(Sitemap):
    limit = 5000

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class _PublicPagesSitemap(_SiteSitemap):
    """The pages of the objects `public()` returns, each addressed by its slug and dated by updated_at."""

    def public(self):
        raise NotImplementedError

    def items(self):
        return self.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class ProductSitemap(_PublicPagesSitemap):
    changefreq = "daily"
    priority = 0.8

    def public(self):
        return Product.objects.published()


class VillageSitemap(_PublicPagesSitemap):
    changefreq = "weekly"
    priority = 0.6

    def public(self):
        return Shop.objects.active()


class CategorySitemap(_SiteSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        # A category page changes when one of its public products does.
        latest = Product.objects.published().values("category").annotate(last=Max("updated_at"))
        last = {row["category"]: row["last"] for row in latest}
        categories = list(Category.objects.order_by("sort_order", "pk"))
        for category in categories:
            category.last_change = last.get(category.pk)
        return categories

    def lastmod(self, category):
        return category.last_change


class MemberSitemap(_PublicPagesSitemap):
    changefreq = "monthly"
    priority = 0.4

    def public(self):
        return MemberProfile.objects.public()


SITEMAPS = {
    "produk": ProductSitemap,
    "desa": VillageSitemap,
    "kategori": CategorySitemap,
    "anggota": MemberSitemap,
}
