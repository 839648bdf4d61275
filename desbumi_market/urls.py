"""URL configuration: Indonesian paths, one include per app."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from products.sitemaps import SITEMAPS

from . import views

admin.site.site_header = _("Desbumi Market — Admin Migrant CARE")
admin.site.site_title = _("Admin Desbumi Market")
admin.site.index_title = _("Pengelolaan pasar")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
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
    path("", include("notifications.urls")),
]

if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", views.media))
