from django.urls import path

from . import views, views_dashboard

app_name = "products"
urlpatterns = [
    path("", views.home, name="home"),
    path("cari/", views.search, name="search"),
    path("kategori/<slug:slug>/", views.category_detail, name="category"),
    path("produk/<slug:slug>/", views.product_detail, name="detail"),
    path("produk/<slug:slug>/ingatkan/", views.stock_alert, name="stock_alert"),
    path("ingatkan/<str:token>/", views.stock_alert_confirm, name="stock_alert_confirm"),
    path("desa/<slug:slug>/", views.shop_detail, name="village"),
    path("anggota/<slug:slug>/", views.member_public, name="member"),
    # Seller dashboard
    path("dasbor/produk/", views_dashboard.dashboard, name="dashboard"),
    path("dasbor/produk/baru/", views_dashboard.product_new, name="dashboard_new"),
    path("dasbor/produk/foto/", views_dashboard.photo_upload, name="dashboard_photo"),
    path("dasbor/produk/<int:pk>/", views_dashboard.product_edit, name="dashboard_edit"),
    path("dasbor/produk/<int:pk>/stok/", views_dashboard.product_stock, name="dashboard_stock"),
    path("dasbor/produk/<int:pk>/<slug:action>/", views_dashboard.product_action, name="dashboard_action"),
]
