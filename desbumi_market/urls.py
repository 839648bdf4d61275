"""URL configuration: Indonesian paths, one include per app."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from core.csrf import same_origin_post
from products.sitemaps import SITEMAPS

from . import views

admin.site.site_header = _("Desbumi Market — Admin Migrant CARE")
admin.site.site_title = _("Admin Desbumi Market")
admin.site.index_title = _("Pengelolaan pasar")

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language form has no token (pages stay cacheable): Sec-Fetch-Site/Origin instead.
    path("i18n/setlang/", same_origin_post(set_language), name="set_language"),
    # django-allauth: sign-up, email confirmation, login, logout, password reset and change.
    path("akun/", include("allauth.urls")),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on every page without a <link rel=icon> (the admin's).
    path("favicon.ico", views.favicon),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("products.urls")),
    path("", include("shops.urls")),
    path("", include("members.urls")),
    # Before orders: /pesanan/<token>/ulasan/ would otherwise match an order action.
    path("", include("reviews.urls")),
    path("", include("orders.urls")),
    path("", include("ledger.urls")),
    path("", include("statements.urls")),
    path("", include("notifications.urls")),
]

if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", views.media))
