"""The reports' pages, mounted inside the admin by the admin site (staff/admin_site.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

# (url name, path, title, view) in the order of the admin menu
REPORTS = [
    ("reports_villages", "laporan/", _("Penjualan per desa per bulan"), views.village_sales),
    ("reports_members", "laporan/anggota/", _("Pendapatan per anggota"), views.member_income),
    ("reports_products", "laporan/produk/", _("Produk terlaris"), views.top_products),
    ("reports_active", "laporan/anggota-aktif/", _("Anggota aktif"), views.active_members),
    ("reports_kas", "laporan/kas-desa/", _("Kas desa dan saldo anggota"), views.village_kas),
    ("reports_balances", "laporan/saldo-anggota/", _("Saldo per anggota"), views.member_balances),
]


def admin_urlpatterns(admin_view) -> list:
    """The report URLs, each view wrapped by the admin site's `admin_view` (login, permissions)."""
    urls = [path(route, admin_view(view), name=name) for name, route, _title, view in REPORTS]
    urls.append(path("laporan/unduh/<slug:table>.csv", admin_view(views.report_csv), name="reports_csv"))
    return urls
